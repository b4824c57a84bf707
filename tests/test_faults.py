"""Fault injection: kill -9 at random points of pack builds, and concurrent builds into one folder.

tests/test_pack.py kills a serial build (--jobs 1) at four points of its progress. Here: kills at
seeded random points inside each phase of a measured build (importing or rendering, around each
write, at the end), with two workers (a kill also hits the worker processes halfway through
writing), some during the first build of an empty folder, and two builds racing for one folder.
After every kill: no truncated file at a final path; each output in manifest.json is exactly as
recorded or is detected as changed (rebuilt) by the next build; the next build leaves no `.part`
and restores byte-identical outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.outputs import SAMPLES
from tests.shared import once, shared_root

SEED = 20261128

# Two bilingual samples of different kinds keep a build to about 3 s.
FAULT_SPECS = [s for s in SAMPLES if s.stem in ("nanshan-xinchuang-battery", "lancang-nanyue-railway-order")]
CHEAPEST = next(s for s in FAULT_SPECS if s.stem == "nanshan-xinchuang-battery")


def _measured_build(work: Path) -> None:
    """The reference: an undisturbed build of FAULT_SPECS into work/out (byte-identical builds are
    a given), timed: when each progress line came and when the process ended (timeline.json)."""
    _copy_specs(work)
    started = time.perf_counter()
    process = _start(work, "--jobs", "2")
    lines = []
    for line in process.stderr:
        if line.startswith("["):  # "[1/2] built specs/... (2.91 s)"
            lines.append(time.perf_counter() - started)
    process.wait()
    ended = time.perf_counter() - started
    assert process.returncode == 0, process.stdout.read()
    assert len(lines) == len(FAULT_SPECS), lines
    (work / "timeline.json").write_text(json.dumps({"lines": lines, "end": ended}))


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> tuple[dict[str, bytes], dict]:
    """(outputs of the reference build, its timeline); made once per run, by one worker."""
    folder = once(shared_root(tmp_path_factory), "faults-reference", _measured_build)
    return _files(folder / "out"), json.loads((folder / "timeline.json").read_text())


@pytest.fixture
def reference(measured) -> dict[str, bytes]:
    return measured[0]


def _kill_points(timeline: dict) -> list[tuple[str, float, bool]]:
    """(phase, delay in seconds, start from an empty folder) for each kill: a seeded random point
    inside each phase of the measured build (the first progress line comes just after the first
    agreement's files and the manifest are written; the second after the second's). A kill in an
    empty folder costs a full build to restore, a late kill nearly a full build to reach (with
    two workers: twice the CPU): four kills, where something different is under way
    (tests/test_pack.py kills serial builds at four more points)."""
    rng = random.Random(SEED)
    first, second = timeline["lines"]
    end = timeline["end"]
    phases = [  # (name, earliest, latest, start from an empty folder)
        ("importing or rendering", 0.05, first * 0.8, False),
        ("first write, empty folder", first - 0.4, first + 0.1, True),
        ("first write", first - 0.4, first + 0.1, False),
        ("second write, last manifest, exit", second - 0.4, max(second, end) + 0.1, False),
    ]
    return [(name, rng.uniform(max(0.05, low), max(0.05, high)), fresh) for name, low, high, fresh in phases]


def _copy_specs(work: Path, specs=None) -> None:
    (work / "specs").mkdir()
    for sample in specs or FAULT_SPECS:
        shutil.copy(sample, work / "specs" / sample.name)


def _env() -> dict:
    env = {**os.environ, "CI": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _build(work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agreements", "build", "specs", "--out", "out", *args],
        cwd=work,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )


def _start(work: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", "specs", "--out", "out", *args],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _complete(name: str, data: bytes) -> bool:
    if name.endswith(".pdf"):
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if name.endswith(".docx"):
        try:
            with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    if name.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return False
    return True


def _check_after_kill(work: Path, reference: dict[str, bytes]) -> None:
    out = work / "out"
    files = _files(out)
    for name, data in files.items():
        assert _complete(name, data), f"truncated file at a final path: {name}"
    recorded: dict[str, str] = {}
    if "manifest.json" in files:
        for entry in json.loads(files["manifest.json"])["agreements"]:
            for output in entry["outputs"]:
                recorded[output["path"]] = output["sha256"]
    stale = {
        path
        for path, sha in recorded.items()
        if path not in files or hashlib.sha256(files[path]).hexdigest() != sha
    }
    run = _build(work, "--format", "json")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    rebuilt = {s["id"] for s in report["specs"] if s["status"] == "built"}
    for path in stale:  # an output that differs from its record is detected and rebuilt
        assert path.split("/")[0] in rebuilt, f"{path} changed but was not rebuilt"
    assert not list(out.rglob("*.part")), "a .part file survived the next build"
    _assert_restored(out, reference)


def _assert_restored(out: Path, reference: dict[str, bytes]) -> None:
    """Byte-identical outputs, and a manifest that records exactly them (for the agreements of
    the reference that the folder's specs build)."""
    files = _files(out)
    manifest = json.loads(files.pop("manifest.json"))
    ids = {entry["id"] for entry in manifest["agreements"]}
    assert files == {k: v for k, v in reference.items() if k != "manifest.json" and k.split("/")[0] in ids}
    assert ids == {p.stem for p in (out.parent / "specs").glob("*.yaml")}
    recorded = {o["path"]: o["sha256"] for e in manifest["agreements"] for o in e["outputs"]}
    assert recorded == {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}


def _seed_outputs(work: Path, reference: dict[str, bytes]) -> None:
    """The reference's outputs (and manifest) in work/out: a folder whose first build is done."""
    for name, data in reference.items():
        (work / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "out" / name).write_bytes(data)


def test_kill_9_at_random_points(tmp_path: Path, measured):
    reference, timeline = measured
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work)
    _seed_outputs(work, reference)
    killed_while_running = 0
    points = _kill_points(timeline)
    for phase, delay, fresh in points:
        # a build faster than the measured one (a machine less busy than when it was measured)
        # may end before its kill: then the same point again, sooner, at most three times
        for attempt in range(3):
            if fresh:
                shutil.rmtree(work / "out", ignore_errors=True)
            process = _start(work, "--force", "--jobs", "2")
            time.sleep(delay * 0.7**attempt)
            running = process.poll() is None
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # the build had ended (the last phase is its exit)
                pass
            process.communicate()
            _check_after_kill(work, reference)
            if running:
                killed_while_running += 1
                break
    assert killed_while_running >= len(points) // 2, "the delays are too long to hit running builds"


def test_concurrent_builds_are_refused_or_serialised(tmp_path: Path, reference: dict[str, bytes]):
    # one agreement: the lock is the folder's, not an agreement's
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work, [CHEAPEST])
    for _ in range(3):
        first = _start(work, "--force", "--jobs", "1")
        time.sleep(0.3)
        second = _start(work, "--force", "--jobs", "1")
        results = [(p.wait(timeout=600), *p.communicate()) for p in (first, second)]
        for code, _, stderr in results:
            assert "Traceback" not in stderr, stderr
            assert code in (0, 2), stderr
            if code == 2:
                assert "is being written by another build" in stderr, stderr
        assert 0 in [code for code, _, _ in results], results
        _assert_restored(work / "out", reference)
        assert not list((work / "out").rglob("*.part"))


def _wait_for_the_lock(work: Path, process: subprocess.Popen) -> None:
    """Until `process` holds the output folder's lock (it writes its pid into the lock file)."""
    lock = work / "out" / ".agreements.lock"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if lock.exists() and lock.read_text().strip() == f"pid {process.pid}":
            return
        time.sleep(0.02)
    raise AssertionError("the build never took the lock")


def test_a_build_killed_while_another_waits_for_the_lock(tmp_path: Path, reference: dict[str, bytes]):
    """The lock dies with its holder (flock): the next build is not locked out forever."""
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work)
    _seed_outputs(work, reference)
    holder = _start(work, "--force", "--jobs", "1")
    _wait_for_the_lock(work, holder)
    refused = _build(work)
    assert refused.returncode == 2 and "being written by another build" in refused.stderr, refused.stderr
    assert f"(pid {holder.pid})" in refused.stderr
    assert holder.poll() is None, "the holder finished: the refusal proves nothing"
    os.killpg(holder.pid, signal.SIGKILL)
    holder.communicate()
    _check_after_kill(work, reference)
