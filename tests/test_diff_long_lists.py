"""A change list for one changed item of a long list shows that item, not the whole list (renaming
one course of 200 gave the whole list twice: 384 KB for 5,000 courses)."""

from __future__ import annotations

import json
from pathlib import Path

from agreements.cli import main

BASE = Path(__file__).resolve().parent / "hostile" / "_base" / "nanshan.yaml"


def _with_courses(path: Path, names: list[str]) -> Path:
    """The base spec with its courses replaced by `names`."""
    lines = BASE.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("    courses:\n") + 1
    end = start
    while lines[end].startswith("      "):
        end += 1
    courses = [f"      - zh-Hans: 课程{name}\n        en: Course {name}\n" for name in names]
    path.write_text("".join(lines[:start] + courses + lines[end:]), encoding="utf-8")
    return path


def test_one_renamed_course_of_200_is_one_change(tmp_path: Path, capsys):
    names = [f"{i:03d}" for i in range(200)]
    old = _with_courses(tmp_path / "old.yaml", names)
    new = _with_courses(tmp_path / "new.yaml", [*names[:150], "150-renamed", *names[151:]])
    assert main(["check", str(old), str(new)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    output = capsys.readouterr().out
    changes = json.loads(output)["changes"]
    assert len(changes) == 1, changes
    shown = json.dumps(changes[0], ensure_ascii=False)
    assert "Course 150" in shown and "Course 150-renamed" in shown
    assert "Course 149" not in shown and "Course 151" not in shown
    assert len(output) < 10_000  # the change and the redlined article; the whole list was ~30 KB
