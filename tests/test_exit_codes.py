"""Exit codes that mean one thing: 0 ok, 1 differences/problems found, 2 invalid input or environment,
70 an unexpected error (a bug) with a short bug report.

A bug cannot be triggered through valid input once it is fixed, so these tests inject one: the real
CLI runs in a subprocess whose `build_agreement` (or `compare`) raises for one spec, as a bug there
would. Everything else (the pack, the manifest, the outputs) is the real thing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "specs" / "nanshan-xinchuang-battery.yaml"

INJECT = """
import sys
from pathlib import Path
import agreements.build as build
real = build.build_agreement
def failing(spec, *args, **kwargs):
    if Path(spec).name == "broken.yaml":
        raise RuntimeError("injected fault")
    return real(spec, *args, **kwargs)
build.build_agreement = failing
import agreements.compare as compare
def failing_diff(*args, **kwargs):
    raise RuntimeError("injected fault")
compare.compare = failing_diff
from agreements.cli import run
sys.argv = ["agreements", *sys.argv[1:]]
run()
"""


def _run(work: Path, *args: str, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    if ci:
        env["CI"] = "1"
    env["TMPDIR"] = str(work / "tmp")
    (work / "tmp").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-c", INJECT, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )


def _workspace(tmp_path: Path) -> Path:
    work = tmp_path / "ws"
    (work / "specs").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "specs" / "good.yaml")
    text = SAMPLE.read_text(encoding="utf-8").replace("id: nanshan-xinchuang-battery", "id: broken-one", 1)
    (work / "specs" / "broken.yaml").write_text(text, encoding="utf-8")
    return work


def test_a_bug_in_one_spec_exits_70_with_a_report_and_the_manifest_keeps_what_built(tmp_path: Path):
    work = _workspace(tmp_path)
    run = _run(work, "build", "specs", "--out", "out", "--jobs", "1", ci=False)
    assert run.returncode == 70, run.stderr
    assert "Traceback" not in run.stderr  # the traceback is in the file the report names
    found = re.search(r"The details are in (\S+\.txt)\.", run.stderr)
    assert found, run.stderr
    assert "Please report it to the maintainers" in run.stderr
    assert "RuntimeError: injected fault" in run.stderr
    saved = Path(found.group(1)).read_text(encoding="utf-8")
    assert "Traceback" in saved and "RuntimeError: injected fault" in saved
    assert oct(Path(found.group(1)).stat().st_mode & 0o777) == "0o600"
    manifest = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in manifest["agreements"]] == ["nanshan-xinchuang-battery"]
    for output in manifest["agreements"][0]["outputs"]:
        assert (work / "out" / output["path"]).is_file()


def test_on_ci_the_traceback_is_printed_too(tmp_path: Path):
    work = _workspace(tmp_path)
    (work / "specs" / "good.yaml").unlink()
    run = _run(work, "build", "specs", "--out", "out", ci=True)
    assert run.returncode == 70, run.stderr
    assert "Traceback (most recent call last)" in run.stderr and "injected fault" in run.stderr


def test_a_bug_in_diff_is_70_never_1_which_means_differences(tmp_path: Path):
    work = _workspace(tmp_path)
    run = _run(work, "diff", "specs/good.yaml", "specs/broken.yaml", ci=False)
    assert run.returncode == 70, run.stdout + run.stderr
    assert "unexpected error" in run.stderr


def test_invalid_input_is_2(tmp_path: Path):
    work = _workspace(tmp_path)
    (work / "specs" / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    run = _run(work, "check", "specs/bad.yaml", ci=False)
    assert run.returncode == 2, run.stderr
    assert re.search(r"^specs/bad.yaml:\d+:\d+: error: ", run.stderr, re.M), run.stderr
