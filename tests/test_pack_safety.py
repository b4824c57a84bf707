"""Writes and the output folder: temporary files, the lock, the manifest, the pack, the merge.

The end-to-end cases are in tests/hostile/ (repair-keeps-users-part-files, repair-output-links,
output-lock-is-a-link, output-manifest-is-dev-zero, pack-over-the-spec).
"""
from __future__ import annotations

import fcntl
import hashlib
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

from agreements import files, pack
from agreements.errors import OutputError

from tests.outputs import REPO, SAMPLES, run_cli


# --- temporary files and the final path ---------------------------------------------------------

def test_temporary_files_are_created_exclusively_without_following_links(tmp_path, monkeypatch):
    opened = []
    real_open = os.open
    monkeypatch.setattr(files.os, "open", lambda p, f, *a, **k: opened.append((p, f)) or real_open(p, f, *a, **k))
    files.write_all({tmp_path / "a.pdf": b"one", tmp_path / "sub" / "b.docx": b"two"})
    assert len(opened) == 2
    for path, flags in opened:
        assert re.fullmatch(r"\.(a\.pdf|b\.docx)\.agreements-[0-9a-f]{12}\.part", Path(path).name)
        assert flags & os.O_EXCL and flags & os.O_NOFOLLOW and flags & os.O_CREAT
    assert (tmp_path / "a.pdf").read_bytes() == b"one"
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.pdf", "b.docx", "sub"]


def test_a_link_at_the_final_path_is_replaced_and_its_target_left_alone(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.pdf").symlink_to(victim)
    files.write_atomic(tmp_path / "out" / "x.pdf", b"%PDF new")
    assert victim.read_bytes() == b"precious\n"
    assert not (tmp_path / "out" / "x.pdf").is_symlink()
    assert (tmp_path / "out" / "x.pdf").read_bytes() == b"%PDF new"


def test_a_link_planted_at_a_temporary_name_is_never_written_through(tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: next(names).ljust(12, "0")[:12])
    (tmp_path / ".x.pdf.agreements-planted00000.part").symlink_to(victim)
    files.write_atomic(tmp_path / "x.pdf", b"%PDF new")   # first name taken: the next one is used
    assert victim.read_bytes() == b"precious\n"
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF new"


def test_clean_up_removes_only_this_tools_temporary_files(tmp_path):
    out = tmp_path / "out"
    (out / "my-id").mkdir(parents=True)
    (out / "drafts").mkdir()
    ours = [out / ".manifest.json.agreements-0123456789ab.part", out / ".pack.zip.agreements-00000000000a.part",
            out / "my-id" / ".my-id.pdf.agreements-abcdef012345.part",
            out / "my-id" / ".my-id.docx.k2j_4x9q.part",             # mkstemp, older versions
            out / ".manifest.json.x1y2z3ab.part"]
    users = [out / ".notes.part", out / ".manifest.json.part", out / "drafts" / ".letter.docx.part",
             out / "my-id" / ".scan.pdf.part", out / "my-id" / ".other.pdf.k2j_4x9q.part"]
    for path in ours + users:
        path.write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".x.pdf.agreements-0123456789ab.part").write_bytes(b"not ours to touch")
    (out / "linked").symlink_to(elsewhere)
    (out / ".link.pdf.agreements-0123456789ab.part").symlink_to(elsewhere / ".x.pdf.agreements-0123456789ab.part")
    pack._remove_partial_files(out)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in users)
    assert (elsewhere / ".x.pdf.agreements-0123456789ab.part").exists()
    assert (out / ".link.pdf.agreements-0123456789ab.part").is_symlink()   # a link is not our file


# --- the lock -----------------------------------------------------------------------------------

def test_a_linked_lock_file_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".agreements.lock").symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"):
        with pack._Lock(tmp_path / "out"):
            pass
    assert victim.read_bytes() == b"precious\n"


def test_the_lock_is_close_on_exec_and_dropped_by_pool_workers(tmp_path):
    with pack._Lock(tmp_path) as lock:
        assert fcntl.fcntl(lock.handle.fileno(), fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert getattr(pack, "_held_locks", None) == [lock]
        read, write = os.pipe()
        child = os.fork()
        if child == 0:        # what the pool's initializer does in a worker
            try:
                pack._worker_init(os.getppid())
                os.write(write, b"1" if lock.handle.closed else b"0")
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        assert os.read(read, 1) == b"1"
    assert pack._held_locks == []


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(n) for n in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.render
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_kill_9_of_a_two_worker_build_frees_the_folder_at_once(tmp_path):
    """Forked workers share the lock's open file description: before, they kept the folder
    locked (and kept building) after the build was killed; now they drop it and die with it."""
    (tmp_path / "specs").mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, tmp_path / "specs" / sample.name)
    env = {**os.environ, "CI": "1"}
    build = subprocess.Popen([sys.executable, "-m", "agreements", "build", "specs", "--out", "out",
                              "--jobs", "2", "--force"], cwd=tmp_path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(build.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "the build started no workers"
        time.sleep(1.0)                                  # the workers are building now
        assert build.poll() is None, "the build ended before it could be killed"
        build.send_signal(signal.SIGKILL)                 # the build only, not its process group
        build.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [w for w in workers if _alive(w)]
        again = run_cli("build", "specs", "--out", "out", "--jobs", "1", cwd=tmp_path, env=env)
        assert "being written by another build" not in again.stderr, again.stderr
        assert not survivors, f"workers {survivors} outlived the killed build"
        assert again.returncode == 0, again.stderr
    finally:
        for worker in _children(build.pid):
            os.kill(worker, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
