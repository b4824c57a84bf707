"""Safe file writes: a temporary file in the same folder, flushed, then renamed into place.

The temporary file is `.<name>.agreements-<12 hex>.part`, a name only this tool makes, so the
clean-up of a killed build (`stale_part_files`) removes its own files and never a user's
`.something.part`. It is created with O_CREAT|O_EXCL|O_NOFOLLOW (never an existing file, never
through a link) and mode 0600 until it is complete. The rename replaces whatever is at the final
path, a symbolic link included, without following it: a link planted at `out/<id>/<id>.pdf`
is replaced by the new file, and the file it pointed to is left alone.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
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


PART_SUFFIX = ".part"
_PART = re.compile(r"\..+\.agreements-[0-9a-f]{12}\.part")
# what tempfile.mkstemp made before: `.<one of our output names>.<8 characters>.part`
_LEGACY_PART = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.part")
_PART_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def part_name(path: Path) -> str:
    """A fresh temporary name next to `path`, in the pattern only this tool uses."""
    return f".{path.name}.agreements-{secrets.token_hex(6)}{PART_SUFFIX}"


def is_part_file(name: str, own_names: tuple[str, ...] = ()) -> bool:
    """True for a temporary file this tool wrote (for `own_names`: also the older mkstemp names)."""
    if _PART.fullmatch(name):
        return True
    legacy = _LEGACY_PART.fullmatch(name)
    return bool(legacy and legacy.group("name") in own_names)


def _create_part(path: Path) -> tuple[int, str]:
    for _ in range(100):
        temp = str(path.parent / part_name(path))
        try:
            return os.open(temp, _PART_FLAGS, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {path}")


def _write_part(path: Path, data: bytes, created: list[Path]) -> str:
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        created.extend(reversed(missing))
        fd, temp = _create_part(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o644)
            os.fsync(handle.fileno())
        return temp
    except OSError as exc:
        if temp:
            _remove(temp)
        exc.agreements_path = str(path)
        raise


def stale_part_files(folder: Path, own_names: tuple[str, ...] = ()) -> list[Path]:
    """Temporary files a killed run left in `folder` (not below it): regular files, not links,
    named as only this tool names them."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if entry.name.endswith(PART_SUFFIX) and is_part_file(entry.name, own_names):
            try:
                if stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                    found.append(Path(entry.path))
            except OSError:
                pass
    return found


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _remove_folder(path: Path) -> None:
    try:
        path.rmdir()  # only when empty
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
