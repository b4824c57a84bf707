"""Pack builds: reproducible, incremental, sharded, locked, and safe when killed."""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from agreements.kinds import KINDS
from tests.outputs import REPO, SAMPLES, run_cli


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A college's folder: its own specs/, no templates/ (the built-in ones are used)."""
    (tmp_path / "specs").mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, tmp_path / "specs" / sample.name)
    return tmp_path


def build(workspace: Path, *args: str, env: dict | None = None) -> dict:
    result = run_cli("build", "specs", "--out", "out", "--format", "json", *args, cwd=workspace, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    report["exit"] = result.returncode
    return report


def statuses(report: dict) -> dict[str, str]:
    return {Path(s["spec"]).name: s["status"] for s in report["specs"]}


def output_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_builds_are_byte_identical_across_processes_and_folders(workspace: Path, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(workspace / "specs", other / "specs")
    first = build(workspace, "--pack", "pack.zip", "--jobs", "2")
    second = build(other, "--pack", "pack.zip", "--jobs", "1")
    assert first["exit"] == 0 and second["exit"] == 0, (first, second)
    assert first["built"] == len(SAMPLES)
    files = output_files(workspace / "out")
    assert files == output_files(other / "out")
    assert len([name for name in files if name.endswith((".docx", ".pdf"))]) == 2 * len(SAMPLES)
    assert (workspace / "pack.zip").read_bytes() == (other / "pack.zip").read_bytes()
    with zipfile.ZipFile(workspace / "pack.zip") as pack:
        names = pack.namelist()
        assert names[0] == "manifest.json"
        assert sorted(names[1:]) == sorted(n for n in files if n != "manifest.json")
        assert {info.date_time for info in pack.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    manifest = json.loads(files["manifest.json"])
    entry = manifest["agreements"][0]
    assert set(entry) >= {"id", "kind", "revision", "status", "languages", "inputs_sha256", "outputs"}
    for entry in manifest["agreements"]:    # page counts as poppler counts them
        pdf = next(o for o in entry["outputs"] if o["path"].endswith(".pdf"))
        info = subprocess.run(["pdfinfo", str(workspace / "out" / pdf["path"])], check=True,
                              capture_output=True, text=True).stdout
        assert pdf["pages"] == int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) > 10
        assert pdf["size"] == len(files[pdf["path"]])


def test_source_date_epoch_sets_the_dates_reproducibly(workspace: Path):
    assert build(workspace)["exit"] == 0
    from_spec = output_files(workspace / "out")
    assert build(workspace, "--force", env={"SOURCE_DATE_EPOCH": "1800000000"})["exit"] == 0
    from_epoch = output_files(workspace / "out")
    changed = {name for name in from_spec if from_spec[name] != from_epoch[name]}
    assert {name for name in from_spec if name.endswith(".docx")} <= changed
    assert build(workspace, "--force", env={"SOURCE_DATE_EPOCH": "1800000000"})["exit"] == 0
    assert output_files(workspace / "out") == from_epoch


def test_second_build_skips_without_loading_the_pdf_stack(workspace: Path):
    assert build(workspace)["exit"] == 0
    code = ("import sys, json; from agreements.cli import main; "
            "code = main(['build', 'specs', '--out', 'out', '--format', 'json']); "
            "print(json.dumps({'code': code, 'heavy': sorted(m for m in ('weasyprint', 'docxtpl', "
            "'pydantic', 'docx') if m in sys.modules)}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    report, probe = json.loads("\n".join(lines[:-1])), json.loads(lines[-1])
    assert probe == {"code": 0, "heavy": []}, result.stderr
    assert report["skipped"] == len(SAMPLES) and report["built"] == 0


def test_spec_change_rebuilds_only_that_spec(workspace: Path):
    assert build(workspace)["exit"] == 0
    target = workspace / "specs" / SAMPLES[0].name
    target.write_text(target.read_text(encoding="utf-8").replace("revision: ", "revision: 1", 1),
                      encoding="utf-8")
    report = build(workspace)
    assert statuses(report) == {s.name: ("built" if s.name == target.name else "skipped")
                                for s in SAMPLES}


def test_template_change_rebuilds_exactly_the_agreements_that_use_it(workspace: Path):
    assert build(workspace)["exit"] == 0
    outlines = {kind.name: (REPO / "templates" / kind.outline).read_text() for kind in KINDS.values()}
    kinds = {s.name: next(line.split(":", 1)[1].strip() for line in s.read_text().splitlines()
                          if line.startswith("kind:")) for s in SAMPLES}
    clause = next(c for c in sorted((REPO / "templates" / "clauses").glob("*.yaml"))
                  if sum(f"- {c.stem}\n" in text for text in outlines.values()) == 1)
    using = {name for name, kind in kinds.items() if f"- {clause.stem}\n" in outlines[kind]}
    assert using and using != set(kinds)
    override = workspace / "templates" / "clauses" / clause.name
    override.parent.mkdir(parents=True)
    override.write_text(clause.read_text(encoding="utf-8") + "\n# a college's local edit\n",
                        encoding="utf-8")
    report = build(workspace)
    assert statuses(report) == {name: ("built" if name in using else "skipped") for name in kinds}


def test_corrupt_output_is_rebuilt(workspace: Path):
    assert build(workspace)["exit"] == 0
    pdf = next((workspace / "out").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:100])
    report = build(workspace)
    assert report["built"] == 1 and report["skipped"] == len(SAMPLES) - 1
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")


def test_two_shards_and_a_merge_equal_one_full_build(workspace: Path):
    full = build(workspace, "--out", "full")
    first = build(workspace, "--out", "s1", "--shard", "1/2")
    second = build(workspace, "--out", "s2", "--shard", "2/2")
    assert full["exit"] == first["exit"] == second["exit"] == 0
    assert first["built"] + second["built"] == len(SAMPLES)
    merged = run_cli("merge-manifests", "s1/manifest.json", "s2/manifest.json", "-o", "merged.json",
                     cwd=workspace)
    assert merged.returncode == 0, merged.stderr
    assert (workspace / "merged.json").read_bytes() == (workspace / "full" / "manifest.json").read_bytes()


def test_a_locked_output_folder_is_refused(workspace: Path):
    out = workspace / "out"
    out.mkdir()
    with open(out / ".agreements.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run_cli("build", "specs", "--out", "out", cwd=workspace)
    assert result.returncode == 2
    assert "being written by another build" in result.stderr
    assert not list(out.rglob("*.pdf"))


def test_one_failing_spec_does_not_stop_the_others(workspace: Path):
    (workspace / "specs" / "zz-broken.yaml").write_text("id: broken\nkind: nope\n", encoding="utf-8")
    report = build(workspace)
    assert report["exit"] == 2
    assert report["failed"] == 1 and report["built"] == len(SAMPLES)
    broken = next(s for s in report["specs"] if s["status"] == "failed")
    assert broken["problems"][0]["line"] >= 1


def _complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if path.suffix in (".docx", ".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    if path.suffix == ".json":
        json.loads(data)
    return True


@pytest.mark.parametrize("delay", [0.3, 1.5, 3.0, 6.0])
def test_kill_9_leaves_previous_outputs_intact(workspace: Path, delay: float):
    assert build(workspace, "--jobs", "1")["exit"] == 0
    before = output_files(workspace / "out")
    process = subprocess.Popen([sys.executable, "-m", "agreements", "build", "specs", "--out", "out",
                                "--force", "--jobs", "1"], cwd=workspace, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    after = output_files(workspace / "out")
    assert set(after) == set(before)
    for name in after:
        assert _complete(workspace / "out" / name), name
    manifest = json.loads(after["manifest.json"])
    for entry in manifest["agreements"]:
        for output in entry["outputs"]:
            # an output is either the recorded one, or complete and detected as changed next time
            assert _complete(workspace / "out" / output["path"])
    again = build(workspace)
    assert again["exit"] == 0 and again["failed"] == 0
    assert not list((workspace / "out").rglob(".*.part"))
    assert output_files(workspace / "out") == before  # same inputs: the same bytes again


def test_ci_output_plain_lines_and_github_annotations(workspace: Path):
    (workspace / "specs" / "zz-broken.yaml").write_text("id: broken\nkind: nope\n", encoding="utf-8")
    result = run_cli("build", "specs", "--out", "out", cwd=workspace,
                     env={"CI": "true", "GITHUB_ACTIONS": "true"})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"[{len(SAMPLES) + 1}/{len(SAMPLES) + 1}] ") for line in lines), lines
    assert any(line.startswith("::error file=specs/zz-broken.yaml,line=2,") for line in lines), lines
    assert f"{len(SAMPLES)} built, 0 skipped, 1 failed" in result.stdout
