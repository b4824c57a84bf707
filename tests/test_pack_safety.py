"""Writes and the output folder: temporary files, the lock, the manifest, the pack, the merge.

The end-to-end cases are in tests/hostile/ (repair-keeps-users-part-files, repair-output-links,
output-lock-is-a-link, output-manifest-is-dev-zero, pack-over-the-spec).
"""

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

from agreements import files, outfolder, pack
from agreements.errors import OutputError
from agreements.manifest import MAX_MANIFEST_BYTES
from tests.outputs import REPO, SAMPLES, run_cli

# --- temporary files and the final path ---------------------------------------------------------


def test_temporary_files_are_created_exclusively_without_following_links(tmp_path, monkeypatch):
    opened = []
    real_open = os.open
    monkeypatch.setattr(
        files.os, "open", lambda p, f, *a, **k: opened.append((p, f)) or real_open(p, f, *a, **k)
    )
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
    files.write_atomic(tmp_path / "x.pdf", b"%PDF new")  # first name taken: the next one is used
    assert victim.read_bytes() == b"precious\n"
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF new"


def test_clean_up_removes_only_this_tools_temporary_files(tmp_path):
    out = tmp_path / "out"
    (out / "my-id").mkdir(parents=True)
    (out / "drafts").mkdir()
    ours = [
        out / ".manifest.json.agreements-0123456789ab.part",
        out / ".pack.zip.agreements-00000000000a.part",
        out / "my-id" / ".my-id.pdf.agreements-abcdef012345.part",
        out / "my-id" / ".my-id.docx.k2j_4x9q.part",  # mkstemp, older versions
        out / ".manifest.json.x1y2z3ab.part",
    ]
    users = [
        out / ".notes.part",
        out / ".manifest.json.part",
        out / "drafts" / ".letter.docx.part",
        out / "my-id" / ".scan.pdf.part",
        out / "my-id" / ".other.pdf.k2j_4x9q.part",
    ]
    for path in ours + users:
        path.write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".x.pdf.agreements-0123456789ab.part").write_bytes(b"not ours to touch")
    (out / "linked").symlink_to(elsewhere)
    (out / ".link.pdf.agreements-0123456789ab.part").symlink_to(
        elsewhere / ".x.pdf.agreements-0123456789ab.part"
    )
    outfolder.remove_partial_files(out)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in users)
    assert (elsewhere / ".x.pdf.agreements-0123456789ab.part").exists()
    assert (out / ".link.pdf.agreements-0123456789ab.part").is_symlink()  # a link is not our file


# --- the lock -----------------------------------------------------------------------------------


def test_a_linked_lock_file_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".agreements.lock").symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"):
        with outfolder.OutputLock(tmp_path / "out"):
            pass
    assert victim.read_bytes() == b"precious\n"


def test_the_lock_is_close_on_exec_and_dropped_by_pool_workers(tmp_path):
    with outfolder.OutputLock(tmp_path) as lock:
        assert fcntl.fcntl(lock.handle.fileno(), fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert getattr(outfolder, "_held_locks", None) == [lock]
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # what the pool's initializer does in a worker
            try:
                outfolder.worker_init(os.getppid())
                os.write(write, b"1" if lock.handle.closed else b"0")
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        assert os.read(read, 1) == b"1"
    assert outfolder._held_locks == []


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
    # four of the longest builds: both workers still busy when the build is killed, and little
    # left for the build after it
    for sample in sorted(SAMPLES, key=lambda path: -path.stat().st_size)[:4]:
        shutil.copy(sample, tmp_path / "specs" / sample.name)
    env = {**os.environ, "CI": "1"}
    build = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", "specs", "--out", "out", "--jobs", "2", "--force"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(build.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "the build started no workers"
        time.sleep(1.0)  # the workers are building now
        assert build.poll() is None, "the build ended before it could be killed"
        build.send_signal(signal.SIGKILL)  # the build only, not its process group
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


# --- the manifest -------------------------------------------------------------------------------


def _in_a_small_process(code: str, *args: str) -> subprocess.CompletedProcess:
    """Run `code` with 1 GiB of address space and 20 s: a read of /dev/zero or a FIFO fails
    (MemoryError, timeout) instead of taking the machine or the test session with it."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=20,
            preexec_fn=limit,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the read did not return (it waited for a writer)")


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "huge"])
def test_a_manifest_that_is_no_regular_small_file_reads_as_missing(tmp_path, kind):
    manifest = tmp_path / "manifest.json"
    if kind == "dev_zero":
        manifest.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(manifest)
    else:
        with open(manifest, "wb") as handle:  # sparse, past the limit
            handle.truncate(MAX_MANIFEST_BYTES + 1)
    run = _in_a_small_process(
        "import sys; from pathlib import Path; from agreements.pack import "
        "read_manifest; print(read_manifest(Path(sys.argv[1])))",
        str(manifest),
    )
    assert run.returncode == 0 and run.stdout == "{}\n", run.stderr[-2000:]


# --- the pack -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One agreement built into out/ (read-only for the tests: each copies it)."""
    work = tmp_path_factory.mktemp("built")
    (work / "specs").mkdir()
    shutil.copy(REPO / "specs" / "nanshan-xinchuang-battery.yaml", work / "specs")
    result = run_cli("build", "specs", "--out", "out", cwd=work)
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture
def work(built, tmp_path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def test_pack_writes_and_then_replaces_its_own_pack(work):
    pack.write_pack(work / "out", work / "pack.zip")
    first = (work / "pack.zip").read_bytes()
    pack.write_pack(work / "out", work / "pack.zip")
    assert (work / "pack.zip").read_bytes() == first
    with zipfile.ZipFile(work / "pack.zip") as archive:
        assert archive.namelist()[0] == "manifest.json"


@pytest.mark.parametrize(
    "target",
    [
        "specs/nanshan-xinchuang-battery.yaml",
        "out/nanshan-xinchuang-battery/nanshan-xinchuang-battery.docx",
        "notes.zip",
        "link.zip",
        "folder.zip",
    ],
)
def test_pack_refuses_to_overwrite_anything_but_a_pack(work, target):
    with zipfile.ZipFile(work / "notes.zip", "w") as other:  # a zip, but not a pack
        other.writestr("notes.txt", "mine")
    (work / "link.zip").symlink_to(work / "notes.zip")
    (work / "folder.zip").mkdir()
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and not p.is_symlink()}
    with pytest.raises(OutputError, match="refusing to overwrite"):
        pack.write_pack(work / "out", work / target)
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and not p.is_symlink()} == before


def test_pack_over_the_spec_from_the_command_line_is_refused(work):
    spec = work / "specs" / "nanshan-xinchuang-battery.yaml"
    before = spec.read_bytes()
    result = run_cli("build", "specs", "--out", "out", "--pack", str(spec.relative_to(work)), cwd=work)
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert spec.read_bytes() == before


def test_an_output_replaced_by_a_link_is_not_packed(work):
    output = work / "out" / "nanshan-xinchuang-battery" / "nanshan-xinchuang-battery.pdf"
    copy = work / "copy.pdf"
    shutil.copy(output, copy)  # the very same bytes: only the link is wrong
    output.unlink()
    output.symlink_to(copy)
    with pytest.raises(OutputError, match="symbolic link"):
        pack.write_pack(work / "out", work / "pack.zip")
    assert not (work / "pack.zip").exists()


def test_a_linked_agreement_folder_is_not_packed(work):
    folder = work / "out" / "nanshan-xinchuang-battery"
    folder.rename(work / "moved")
    folder.symlink_to(work / "moved")
    with pytest.raises(OutputError, match="symbolic link"):
        pack.write_pack(work / "out", work / "pack.zip")


def test_an_output_changed_since_the_build_is_not_packed(work):
    output = work / "out" / "nanshan-xinchuang-battery" / "nanshan-xinchuang-battery.docx"
    data = bytearray(output.read_bytes())
    data[-1] ^= 1  # same size, other bytes
    output.write_bytes(bytes(data))
    with pytest.raises(OutputError, match="not the file the manifest records"):
        pack.write_pack(work / "out", work / "pack.zip")


# --- merging shard manifests ----------------------------------------------------------------------


def _entry(spec: str, spec_id: str) -> dict:
    return {
        "id": spec_id,
        "kind": "university-enterprise",
        "revision": 1,
        "status": "final",
        "languages": ["zh-Hans", "en"],
        "spec": {"path": spec, "sha256": "0" * 64},
        "inputs_sha256": "1" * 64,
        "templates": {},
        "outputs": [{"path": f"{spec_id}/{spec_id}.pdf", "size": 1, "sha256": "2" * 64, "pages": 1}],
    }


def _shard(path: Path, *entries) -> Path:
    path.write_text(json.dumps({"tool": {"name": "agreements"}, "agreements": list(entries)}))
    return path


def test_merge_refuses_a_bad_entry_instead_of_dropping_it(tmp_path):
    good = _shard(tmp_path / "s1.json", _entry("specs/a.yaml", "a"))
    escaping = _entry("specs/b.yaml", "b")
    escaping["outputs"][0]["path"] = "../../etc/passwd"
    bad = _shard(tmp_path / "s2.json", escaping, _entry("specs/c.yaml", "c"))
    with pytest.raises(OutputError, match="agreement 1 is not a well-formed manifest entry"):
        pack.merge_manifests([good, bad])
    garbage = _shard(tmp_path / "s3.json", 42)
    with pytest.raises(OutputError, match="not a well-formed"):
        pack.merge_manifests([good, garbage])


def test_merge_refuses_one_id_for_two_specs_across_shards(tmp_path):
    first = _shard(tmp_path / "s1.json", _entry("specs/a.yaml", "same-id"))
    second = _shard(tmp_path / "s2.json", _entry("specs/b.yaml", "Same-ID".lower()))
    with pytest.raises(OutputError, match="id 'same-id' is used by specs/a.yaml and by specs/b.yaml"):
        pack.merge_manifests([first, second])


def test_merge_still_accepts_the_same_agreement_in_two_shards(tmp_path):
    first = _shard(tmp_path / "s1.json", _entry("specs/a.yaml", "a"))
    second = _shard(tmp_path / "s2.json", _entry("specs/a.yaml", "a"), _entry("specs/b.yaml", "b"))
    merged = json.loads(pack.merge_manifests([first, second]))
    assert [e["id"] for e in merged["agreements"]] == ["a", "b"]


def test_merge_refuses_a_linked_or_special_shard(tmp_path):
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    run = _in_a_small_process(
        "import sys; from pathlib import Path; from agreements.pack import merge_manifests\n"
        "from agreements.errors import OutputError\n"
        "try: merge_manifests([Path(sys.argv[1])])\n"
        "except OutputError as e: print(e)",
        str(tmp_path / "zero.json"),
    )
    assert run.returncode == 0 and "is not a manifest" in run.stdout, run.stderr[-2000:]
