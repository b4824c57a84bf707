"""Safe file writes: a temporary file in the same folder, flushed, then renamed into place."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import OutputError

# An agreement id, which names its output folder and files: lower-case letters, digits, hyphens.
SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    write_all({path: data})


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files all or nothing (as far as a file system allows).

    Every file is first written in full to a hidden temporary name next to its final path and
    flushed; only when all of them are on disk are they renamed into place. A full disk or a
    read-only folder therefore leaves the previous files (or none) and no temporary files.
    """
    parts: list[tuple[str, Path]] = []
    created: list[Path] = []
    try:
        for path, data in files.items():
            parts.append((_write_part(path, data, created), path))
        for temp, path in parts:
            os.replace(temp, path)
    except OSError as exc:
        for temp, _ in parts:
            _remove(temp)
        for folder in reversed(created):
            _remove_folder(folder)
        failed = getattr(exc, "agreements_path", None) or exc.filename or next(iter(files), "")
        raise OutputError(f"cannot write {failed}: {exc.strerror or exc}") from None
    except BaseException:
        for temp, _ in parts:
            _remove(temp)
        raise


def _write_part(path: Path, data: bytes, created: list[Path]) -> str:
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        created.extend(reversed(missing))
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        return temp
    except OSError as exc:
        if temp:
            _remove(temp)
        exc.agreements_path = str(path)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _remove_folder(path: Path) -> None:
    try:
        path.rmdir()   # only when empty
    except OSError:
        pass


def spec_paths(paths: list[Path]) -> list[Path]:
    """Spec files named directly, or found (*.yaml, *.yml) in named folders, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found
