"""Fault injection: kill -9 at random points of pack builds, and concurrent builds into one folder.

tests/test_pack.py kills a serial build (--jobs 1) at four fixed delays. Here: twenty kills at
seeded random delays, with two workers (a kill also hits the worker processes halfway through
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

KILLS = 20
SEED = 20261128


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    """Outputs of an undisturbed build of the samples (byte-identical builds are a given)."""
    work = tmp_path_factory.mktemp("reference")
    _copy_specs(work)
    run = _build(work, "--jobs", "2")
    assert run.returncode == 0, run.stderr
    return _files(work / "out")


# Two bilingual samples of different kinds keep a build to about 3 s, so twenty kills fit.
FAULT_SPECS = [s for s in SAMPLES if s.stem in ("nanshan-xinchuang-battery", "lancang-nanyue-railway-order")]


def _copy_specs(work: Path) -> None:
    (work / "specs").mkdir()
    for sample in FAULT_SPECS:
        shutil.copy(sample, work / "specs" / sample.name)


def _env() -> dict:
    env = {**os.environ, "CI": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _build(work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agreements", "build", "specs", "--out", "out", *args],
                          cwd=work, capture_output=True, text=True, env=_env(), timeout=600)


def _start(work: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "agreements", "build", "specs", "--out", "out", *args],
                            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(), start_new_session=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


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
    stale = {path for path, sha in recorded.items()
             if path not in files or hashlib.sha256(files[path]).hexdigest() != sha}
    run = _build(work, "--format", "json")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    rebuilt = {s["id"] for s in report["specs"] if s["status"] == "built"}
    for path in stale:   # an output that differs from its record is detected and rebuilt
        assert path.split("/")[0] in rebuilt, f"{path} changed but was not rebuilt"
    assert not list(out.rglob("*.part")), "a .part file survived the next build"
    _assert_restored(out, reference)


def _assert_restored(out: Path, reference: dict[str, bytes]) -> None:
    """Byte-identical outputs, and a manifest that records exactly them."""
    files = _files(out)
    manifest = json.loads(files.pop("manifest.json"))
    assert files == {k: v for k, v in reference.items() if k != "manifest.json"}
    recorded = {o["path"]: o["sha256"] for e in manifest["agreements"] for o in e["outputs"]}
    assert recorded == {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}


def test_kill_9_at_random_points(tmp_path: Path, reference: dict[str, bytes]):
    rng = random.Random(SEED)
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work)
    killed_while_running = 0
    for number in range(KILLS):
        fresh = number % 5 == 0          # every fifth run starts from an empty output folder
        if fresh:
            shutil.rmtree(work / "out", ignore_errors=True)
        delay = rng.uniform(0.05, 2.5)
        process = _start(work, "--force", "--jobs", "2")
        time.sleep(delay)
        if process.poll() is None:
            killed_while_running += 1
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        _check_after_kill(work, reference)
    assert killed_while_running >= KILLS // 2, "the delays are too long to hit running builds"


def test_concurrent_builds_are_refused_or_serialised(tmp_path: Path, reference: dict[str, bytes]):
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work)
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


def test_a_build_killed_while_another_waits_for_the_lock(tmp_path: Path, reference: dict[str, bytes]):
    """The lock dies with its holder (flock): the next build is not locked out forever."""
    work = tmp_path / "ws"
    work.mkdir()
    _copy_specs(work)
    holder = _start(work, "--force", "--jobs", "1")
    time.sleep(1.0)
    refused = _build(work)
    assert refused.returncode == 2 and "being written by another build" in refused.stderr, refused.stderr
    os.killpg(holder.pid, signal.SIGKILL)
    holder.communicate()
    _check_after_kill(work, reference)
