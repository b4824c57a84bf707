"""What `build` prints is for people (issue 16, item 7): one line per spec with the files it
wrote, at most a few errors of a broken spec with the way to see them all, and no more workers
than cores."""

from __future__ import annotations

import os
import re

from tests.conftest import MINIMAL, edit
from tests.outputs import run_cli


def broken(count: int) -> str:
    """MINIMAL with `count` unknown keys (each one error)."""
    return edit(MINIMAL, "  years: 3\n", "  years: 3\n" + "".join(f"  extra_{n}: 1\n" for n in range(count)))


def test_one_line_per_spec_the_files_written_and_at_most_three_errors(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "specs" / "bad.yaml").write_text(
        broken(14).replace("minimal-ue", "bad-one"), encoding="utf-8"
    )
    result = run_cli("build", "--to", "txt", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 2, lines
    good = next(line for line in progress if "good.yaml" in line)
    assert good.startswith("[") and " built specs/good.yaml " in good
    assert good.endswith(": " + os.path.join("output", "minimal-ue", "minimal-ue.txt"))
    assert (tmp_path / "output" / "minimal-ue" / "minimal-ue.txt").is_file()
    bad = next(line for line in progress if "bad.yaml" in line)
    assert bad.endswith(": 14 errors")
    heads = [line for line in lines if re.match(r"specs/bad\.yaml:\d+:\d+: error:", line)]
    assert len(heads) == 3
    assert "  ... and 11 more; run `agreements check specs/bad.yaml`" in lines
    assert len(result.stderr.splitlines()) < 20
    assert "files in output/<id>/; manifest: output/manifest.json" in result.stdout


def test_more_jobs_than_cores_are_capped_with_a_note(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    cores = os.cpu_count() or 1
    result = run_cli("build", "--to", "txt", "--jobs", str(cores + 3), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"note: --jobs {cores + 3} is more than the {cores} cores here; using {cores}" in result.stderr
    quiet = run_cli("build", "--to", "txt", "--jobs", str(cores), "--force", cwd=tmp_path)
    assert "note: --jobs" not in quiet.stderr
