"""Expensive test inputs made once per test run and shared by every pytest-xdist worker.

A module- or session-scoped fixture is made once per *worker*: with `-n 2` both workers would
render the same PDFs. `once()` makes a folder under the run's common temporary folder while
holding a file lock, so the first worker that asks makes it and the other one waits for it (and
never sees it half-made). Fixtures that share work this way hand out folders that tests must only
read; a test that changes files works in a copy (`copy_tree`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

DONE = ".done"


def shared_root(tmp_path_factory) -> Path:
    """A folder common to all workers of this run (a fresh one for every run)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # .../pytest-N/popen-gwK -> .../pytest-N, shared by the workers
    root = base / "shared"
    root.mkdir(parents=True, exist_ok=True)
    return root


def once(root: Path, name: str, make: Callable[[Path], None]) -> Path:
    """root/name, filled by make(folder) by the first worker that asks; the others wait.

    A `make` that fails leaves no folder behind: the next caller tries again (and fails the
    same way, in its own test)."""
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / DONE).exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                try:
                    make(folder)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                (folder / DONE).touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


def copy_tree(source: Path, target: Path) -> Path:
    """A writable copy of a shared folder (without its marker)."""
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(DONE, "*.lock"))
    return target
