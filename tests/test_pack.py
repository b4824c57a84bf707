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
from tests.shared import once, shared_root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A college's folder: its own specs/, no templates/ (the built-in ones are used), no outputs."""
    (tmp_path / "specs").mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, tmp_path / "specs" / sample.name)
    return tmp_path


# The cheapest sample to rebuild (two languages, about 2-3 s): the one a test changes when it only
# needs some agreement rebuilt. `built_workspace` (conftest.py) starts with all four built.
CHEAP = next(s for s in SAMPLES if s.stem == "nanshan-xinchuang-battery")
OTHER = next(s for s in SAMPLES if s.stem == "lingnan-vientiane-pharmacy")  # three languages, Lao


def build(workspace: Path, *args: str, specs: tuple[str, ...] = ("specs",), env: dict | None = None) -> dict:
    result = run_cli("build", *specs, "--out", "out", "--format", "json", *args, cwd=workspace, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    report["exit"] = result.returncode
    return report


def statuses(report: dict) -> dict[str, str]:
    return {Path(s["spec"]).name: s["status"] for s in report["specs"]}


def output_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _build_shards(work: Path) -> None:
    (work / "specs").mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, work / "specs" / sample.name)
    for k in (1, 2):
        report = build(work, "--out", f"s{k}", "--shard", f"{k}/2")
        assert report["exit"] == 0, report
        (work / f"report-{k}.json").write_text(json.dumps(report), encoding="utf-8")


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    """The four samples built as two shards, s1/ and s2/, each by its own CLI process in a folder
    of its own (made once per run). With these samples shard 1/2 has three (built by two
    workers) and 2/2 one (built in the main process: the --jobs 1 path)."""
    return once(shared_root(tmp_path_factory), "shard-builds", _build_shards)


def test_builds_are_byte_identical_across_processes_and_folders(
    sample_build: Path, shards: Path, tmp_path: Path
):
    # the run's shared build (one process, --jobs 2, --pack) against the two shards' builds:
    # other processes, another folder, the pool and the serial path
    full = output_files(sample_build / "out")
    built = {}
    for k in (1, 2):
        built.update(output_files(shards / f"s{k}"))
        built.pop("manifest.json")
    assert built == {name: data for name, data in full.items() if name != "manifest.json"}
    assert len([name for name in full if name.endswith((".docx", ".pdf"))]) == 2 * len(SAMPLES)
    # the shards' outputs in one folder with their merged manifest: a build there skips every
    # sample, and its pack is byte-identical to the full build's
    joined = tmp_path / "joined"
    shutil.copytree(shards / "specs", joined / "specs")
    for k in (1, 2):
        shutil.copytree(
            shards / f"s{k}",
            joined / "out",
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("manifest.json", ".*"),
        )
    merged = run_cli(
        "merge-manifests",
        str(shards / "s1" / "manifest.json"),
        str(shards / "s2" / "manifest.json"),
        "-o",
        "out/manifest.json",
        cwd=joined,
    )
    assert merged.returncode == 0, merged.stderr
    again = build(joined, "--pack", "pack.zip", "--jobs", "1")
    assert again["exit"] == 0 and again["skipped"] == len(SAMPLES) and again["built"] == 0, again
    files = output_files(joined / "out")
    assert files == full
    assert (sample_build / "pack.zip").read_bytes() == (joined / "pack.zip").read_bytes()
    with zipfile.ZipFile(joined / "pack.zip") as pack:
        names = pack.namelist()
        assert names[0] == "manifest.json"
        assert sorted(names[1:]) == sorted(n for n in files if n != "manifest.json")
        assert {info.date_time for info in pack.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    manifest = json.loads(files["manifest.json"])
    entry = manifest["agreements"][0]
    assert set(entry) >= {"id", "kind", "revision", "status", "languages", "inputs_sha256", "outputs"}
    for entry in manifest["agreements"]:  # page counts as poppler counts them
        pdf = next(o for o in entry["outputs"] if o["path"].endswith(".pdf"))
        info = subprocess.run(
            ["pdfinfo", str(joined / "out" / pdf["path"])], check=True, capture_output=True, text=True
        ).stdout
        assert pdf["pages"] == int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) >= 3
        assert pdf["size"] == len(files[pdf["path"]])


def test_source_date_epoch_sets_the_dates_reproducibly(built_workspace: Path):
    out = built_workspace / "out"
    from_spec = output_files(out)
    epoch = {"SOURCE_DATE_EPOCH": "1800000000"}  # 2027-01-15 08:00:00 UTC
    two = (f"specs/{CHEAP.name}", f"specs/{OTHER.name}")  # what holds for two holds for all
    assert build(built_workspace, "--force", specs=two, env=epoch)["exit"] == 0
    from_epoch = {
        name: data
        for name, data in output_files(out).items()
        if name.split("/")[0] in (CHEAP.stem, OTHER.stem)
    }
    assert len(from_epoch) == 4
    changed = {name for name in from_epoch if from_spec[name] != from_epoch[name]}
    assert {name for name in from_epoch if name.endswith(".docx")} <= changed
    for name in from_epoch:  # and the date is the epoch's
        if name.endswith(".docx"):
            with zipfile.ZipFile(out / name) as package:
                assert "2027-01-15T08:00:00Z" in package.read("docProps/core.xml").decode(), name
        elif name.endswith(".pdf"):
            info = subprocess.run(
                ["pdfinfo", "-isodates", str(out / name)], check=True, capture_output=True, text=True
            ).stdout
            assert re.search(r"^CreationDate:\s+2027-01-15T08:00:00", info, re.M), (name, info)
    # reproducibly: building one of them again with the same epoch gives the same bytes (that
    # every sample builds to the same bytes every time is the test above)
    again = build(built_workspace, "--force", specs=(f"specs/{CHEAP.name}",), env=epoch)
    assert again["exit"] == 0 and again["built"] == 1
    assert {name: data for name, data in output_files(out).items() if name in from_epoch} == from_epoch


def test_second_build_skips_without_loading_the_pdf_stack(built_workspace: Path):
    code = (
        "import sys, json; from agreements.cli import main; "
        "code = main(['build', 'specs', '--out', 'out', '--format', 'json']); "
        "print(json.dumps({'code': code, 'heavy': sorted(m for m in ('weasyprint', 'docxtpl', "
        "'pydantic', 'docx') if m in sys.modules)}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=built_workspace, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    report, probe = json.loads("\n".join(lines[:-1])), json.loads(lines[-1])
    assert probe == {"code": 0, "heavy": []}, result.stderr
    assert report["skipped"] == len(SAMPLES) and report["built"] == 0


def test_spec_change_rebuilds_only_that_spec(built_workspace: Path):
    target = built_workspace / "specs" / CHEAP.name
    target.write_text(
        target.read_text(encoding="utf-8").replace("revision: ", "revision: 1", 1), encoding="utf-8"
    )
    report = build(built_workspace)
    assert report["exit"] == 0
    assert statuses(report) == {s.name: ("built" if s.name == target.name else "skipped") for s in SAMPLES}


def test_template_change_rebuilds_exactly_the_agreements_that_use_it(built_workspace: Path):
    outlines = {kind.name: (REPO / "templates" / kind.outline).read_text() for kind in KINDS.values()}
    kinds = {
        s.name: next(
            line.split(":", 1)[1].strip() for line in s.read_text().splitlines() if line.startswith("kind:")
        )
        for s in SAMPLES
    }

    def users(clause: Path) -> set[str]:
        return {name for name, kind in kinds.items() if f"- {clause.stem}\n" in outlines[kind]}

    # a clause of one kind only; of those, one that the fewest samples use (the fewest rebuilds)
    clause = min(
        (
            c
            for c in sorted((REPO / "templates" / "clauses").glob("*.yaml"))
            if sum(f"- {c.stem}\n" in text for text in outlines.values()) == 1
        ),
        key=lambda c: len(users(c)),
    )
    using = users(clause)
    assert using and using != set(kinds)
    override = built_workspace / "templates" / "clauses" / clause.name
    override.parent.mkdir(parents=True)
    override.write_text(clause.read_text(encoding="utf-8") + "\n# a college's local edit\n", encoding="utf-8")
    report = build(built_workspace)
    assert report["exit"] == 0
    assert statuses(report) == {name: ("built" if name in using else "skipped") for name in kinds}


def test_corrupt_output_is_rebuilt(built_workspace: Path):
    pdf = built_workspace / "out" / CHEAP.stem / f"{CHEAP.stem}.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:100])
    report = build(built_workspace)
    assert report["built"] == 1 and report["skipped"] == len(SAMPLES) - 1
    assert statuses(report)[CHEAP.name] == "built"
    assert pdf.read_bytes() == good


def test_two_shards_and_a_merge_equal_one_full_build(sample_build: Path, shards: Path, tmp_path: Path):
    # the full build is the run's shared one (in another folder: manifests record relative paths)
    first, second = (json.loads((shards / f"report-{k}.json").read_text()) for k in (1, 2))
    assert first["built"] and second["built"], "a shard is empty: the test proves nothing"
    assert first["built"] + second["built"] == len(SAMPLES)
    assert first["skipped"] == second["skipped"] == 0
    assert {s["spec"] for s in first["specs"]}.isdisjoint(s["spec"] for s in second["specs"])
    merged = run_cli(
        "merge-manifests",
        str(shards / "s1" / "manifest.json"),
        str(shards / "s2" / "manifest.json"),
        "-o",
        "merged.json",
        cwd=tmp_path,
    )
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "merged.json").read_bytes() == (sample_build / "out" / "manifest.json").read_bytes()


def test_a_locked_output_folder_is_refused(workspace: Path):
    out = workspace / "out"
    out.mkdir()
    with open(out / ".agreements.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run_cli("build", "specs", "--out", "out", cwd=workspace)
    assert result.returncode == 2
    assert "being written by another build" in result.stderr
    assert not list(out.rglob("*.pdf"))


def test_one_failing_spec_does_not_stop_the_others(tmp_path: Path):
    # serial, and the broken spec first: the build goes on after the failure
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "aa-broken.yaml").write_text("id: broken\nkind: nope\n", encoding="utf-8")
    shutil.copy(CHEAP, tmp_path / "specs" / CHEAP.name)
    report = build(tmp_path, "--jobs", "1")
    assert report["exit"] == 2
    assert report["failed"] == 1 and report["built"] == 1
    assert [s["status"] for s in report["specs"]] == ["failed", "built"]
    broken = report["specs"][0]
    assert broken["problems"][0]["line"] >= 1
    assert (tmp_path / "out" / CHEAP.stem / f"{CHEAP.stem}.pdf").is_file()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest["agreements"]] == [CHEAP.stem]


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


# Where a serial rebuild (--force --jobs 1) of the four samples is killed. Not fixed delays: the
# points follow the build's own progress, a stderr line after each agreement is written and
# recorded ("[2/4] built ... (3.21 s)"), and the time the previous agreement took in the same
# build, so they land in the same phase on a fast or a loaded machine. (tests/test_faults.py
# kills at random points with two workers.) Each: (progress lines to wait for, then the fraction
# of the last agreement's time to wait).
KILL_POINTS = {
    "starting": (0, 0.0),  # 0.3 s in: still importing, before the lock
    "just-after-the-first-write": (1, 0.0),  # an agreement and the manifest were just replaced
    "halfway-through-the-third": (2, 0.5),  # rendering, two agreements already rewritten
    "near-the-end-of-the-third": (2, 0.9),  # about when the third one's files are written
}
# "[1/4] built specs/x.yaml (2.91 s): out/x/x.docx, out/x/x.pdf"
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] built specs/\S+\.yaml \((\d+\.\d\d) s\)(: \S.*)?$")


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_leaves_previous_outputs_intact(built_workspace: Path, point: str):
    workspace = built_workspace
    before = output_files(workspace / "out")
    process = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", "specs", "--out", "out", "--force", "--jobs", "1"],
        cwd=workspace,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "CI": "1"},
    )
    lines, fraction = KILL_POINTS[point]
    if not lines:
        time.sleep(0.3)
    for number in range(1, lines + 1):
        line = process.stderr.readline().rstrip("\n")
        progress = PROGRESS.match(line)
        assert progress and progress[1] == str(number), line
        time.sleep(fraction * float(progress[3]) if number == lines else 0)
    assert process.poll() is None, "the build ended before it was killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()
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


def test_ci_output_plain_lines_and_github_annotations(built_workspace: Path):
    (built_workspace / "specs" / "zz-broken.yaml").write_text("id: broken\nkind: nope\n", encoding="utf-8")
    result = run_cli(
        "build", "specs", "--out", "out", cwd=built_workspace, env={"CI": "true", "GITHUB_ACTIONS": "true"}
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    total = len(SAMPLES) + 1
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == total, progress
    assert all(
        re.match(r"^\[\d+/\d+\] (built|skipped|failed) specs/\S+\.yaml \(\d+\.\d\d s\)(: .+)?$", line)
        for line in progress
    ), progress
    assert progress[-1].startswith(f"[{total}/{total}] failed specs/zz-broken.yaml "), progress
    assert [line.split("]")[0] for line in progress] == [f"[{n}/{total}" for n in range(1, total + 1)]
    assert any(line.startswith("::error file=specs/zz-broken.yaml,line=2,") for line in lines), lines
    assert f"0 built, {len(SAMPLES)} skipped, 1 failed" in result.stdout
