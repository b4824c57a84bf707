"""What `build` prints is for people (issue 16, item 7): one line per spec with the files it
wrote, at most a few errors of a broken spec with the way to see them all, and no more workers
than cores."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_hears_every_stage_of_every_spec_in_order(tmp_path, monkeypatch, jobs):
    from agreements.build import STAGES
    from agreements.cli_output import BuildProgress
    from agreements.pack import build_pack
    from agreements.templates import Templates

    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    for name in ("one", "two"):
        (tmp_path / "specs" / f"{name}.yaml").write_text(
            MINIMAL.replace("minimal-ue", name), encoding="utf-8"
        )
    heard: list[tuple[str, str]] = []
    specs = [Path("specs/one.yaml"), Path("specs/two.yaml")]
    report = build_pack(
        specs,
        Path("out"),
        Templates.for_workspace(tmp_path),
        jobs=jobs,
        formats=("txt",),
        on_stage=lambda spec, stage: heard.append((spec, stage)),
    )
    assert report.ok
    for spec in ("specs/one.yaml", "specs/two.yaml"):
        assert [stage for name, stage in heard if name == spec] == list(STAGES)
    assert BuildProgress.STEPS == len(STAGES)


def test_on_a_terminal_the_bar_moves_stage_by_stage(tmp_path):
    import pty
    import subprocess
    import sys

    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "one.yaml").write_text(MINIMAL, encoding="utf-8")
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "GITHUB_ACTIONS")}
    process = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", "--to", "txt", "--jobs", "1"],
        cwd=tmp_path,
        stdout=follower,  # the bar is drawn where the summary goes
        stderr=follower,
        env={**env, "COLUMNS": "120"},
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=120) == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    stages = set(re.findall(r"(load|compose|check|lay out|write) specs/one\.yaml", text))
    # the bar is redrawn ten times a second: the quick stages of a text build may fall between
    assert "compose" in stages, text[-2000:]  # composing takes about a second
    percents = {int(p) for p in re.findall(r"(\d+)%", text)}
    assert any(0 < p < 100 for p in percents) and 100 in percents, sorted(percents)
