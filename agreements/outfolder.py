"""The output folder of a pack build: created, locked against a second build, cleared of what a
killed build left, and the pool workers' set-up (drop the lock, die with the build)."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import sys
from pathlib import Path

from .errors import OutputError
from .files import SAFE_ID, stale_part_files
from .manifest import MANIFEST


def make_output_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write into {out_dir}: it exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}") from None


def remove_partial_files(out_dir: Path) -> None:
    """Temporary files left by a killed build (see files.write_all), in DIR and DIR/<id>/ only
    (where a build writes), named as only this tool names them: a user's own `.x.part` stays.
    Linked folders are not entered."""
    folders = [(out_dir, (MANIFEST,))]
    try:
        folders += [
            (Path(e.path), (f"{e.name}.docx", f"{e.name}.pdf"))
            for e in os.scandir(out_dir)
            if SAFE_ID.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        ]
    except OSError:
        pass
    from .revision_guard import KEPT_REVISION

    for folder, own_names in list(folders[1:]):  # DIR/<id>/r3/, where a kept revision is copied
        try:
            folders += [
                (Path(e.path), own_names)
                for e in os.scandir(folder)
                if KEPT_REVISION.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
            ]
        except OSError:
            pass
    for folder, own_names in folders:
        for path in stale_part_files(folder, own_names):
            path.unlink(missing_ok=True)


_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_held_locks: list[OutputLock] = []  # closed in pool workers (see worker_init)


class OutputLock:
    """An exclusive lock on an output folder, so two builds never write into it at once.

    `flock` on DIR/.agreements.lock, opened O_NOFOLLOW (a planted link would have the lock
    truncate its target) and O_CLOEXEC (no program the build runs inherits it). A flock belongs
    to the open file description, which forked pool workers share: they close their copy first
    thing (`worker_init`) and die with the build (PR_SET_PDEATHSIG), so a killed build never
    leaves its workers holding the folder locked.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".agreements.lock"

    def __enter__(self) -> OutputLock:
        try:
            fd = os.open(self.path, _LOCK_FLAGS, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise OutputError(
                    f"{self.path} is a symbolic link; remove it (a build locks a file of its own there)"
                ) from None
            raise OutputError(
                f"cannot write into the output folder {self.path.parent}: {exc.strerror or exc}"
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(f"{self.path} is not a regular file; remove it")
        self.handle = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read(100).strip() or "another process"
            self.handle.close()
            raise OutputError(
                f"{self.path.parent} is being written by another build ({holder}); "
                "wait for it to finish or use another --out folder"
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}\n")
        self.handle.flush()
        _held_locks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        if self in _held_locks:
            _held_locks.remove(self)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


PR_SET_PDEATHSIG = 1


def worker_init(parent: int) -> None:
    """First thing in a pool worker: drop the build's lock and die with the build.

    The worker was forked with the lock's open file description; closing its copy leaves the
    flock to the build alone (it is released when the build exits, however it exits). On Linux
    the kernel then kills the worker when the build dies (kill -9 included); if the build died
    before that was set up, the worker exits at once.
    """
    for lock in list(_held_locks):
        try:
            lock.handle.close()
        except OSError:
            pass
    _held_locks.clear()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
