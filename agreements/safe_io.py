"""One file-access policy for every file the tool reads as input (specs, clause and outline
files, templates, catalogs) or reads back from its output folder.

CI builds agreement packs from pull requests, so a workspace is untrusted: `specs/env.yaml` may
be a link to `/proc/self/environ`, a clause file a link to a private key, a spec a named pipe
(an `open` that never returns), `/dev/zero` or a 3 GiB sparse file. An input is therefore read
only when:

1. **It lies inside the workspace.** The path is taken as named (made absolute, links not yet
   followed). Named inside the workspace (the working folder, or the `root` a caller passes) or
   inside the built-in templates, its real location, every link resolved, must lie inside one of
   them too. A path named elsewhere (`agreements check ~/Downloads/x.yaml`: the user chose it)
   is confined to the folder it is named in (unless a `root` is given: then it is refused).
   A workspace `templates/` that is itself a link out of the workspace is refused (the
   template search path resolves it).
2. **It is a regular file.** Checked with `lstat` before opening (opening a device or a FIFO
   can block or have effects), then again with `fstat` on the descriptor, which must be the file
   that was checked (same device and inode). Folders, FIFOs, sockets, devices and the kernel's
   files (/proc, /sys: "regular", size 0, any content) are refused.
3. **It is opened safely:** `O_NOFOLLOW` on the resolved path (a link swapped in after the check
   fails with ELOOP), `O_NONBLOCK` (a FIFO swapped in cannot hang the open), `O_CLOEXEC`,
   `O_NOCTTY`.
4. **It is small enough, before reading:** `fstat` gives the size on the opened descriptor, and
   at most `limit` bytes are ever read (a file that grows meanwhile is refused too).

Refusals are `Refused` (an OSError, so existing `except OSError` paths handle them) whose
message never quotes the file's content or where a link points: only the path as named.

Output-side reads (the manifest, outputs to hash or pack) use `read_regular`: the final component
must not be a link, the file must be regular and at most `limit` bytes.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import zipfile
from functools import lru_cache
from pathlib import Path

MAX_SPEC_BYTES = 512 * 1024  # a spec (and a clause or outline file)
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024  # an HTML, CSS or catalog template
MAX_DOCX_BYTES = 32 * 1024 * 1024  # a DOCX template as stored (zipped)
MAX_DOCX_TOTAL = 128 * 1024 * 1024  # ... all its members, uncompressed, as declared
MAX_DOCX_MEMBER = 64 * 1024 * 1024  # ... any one member, uncompressed, as declared
MAX_DOCX_MEMBERS = 2000
MAX_HASHED_BYTES = 1024 * 1024 * 1024  # a file hashed in chunks (templates, outputs)

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)


class Refused(OSError):
    """An input the policy refuses. `message` is a whole sentence, safe to print: it names no
    link target and quotes no content."""

    def __init__(self, code: int, reason: str, message: str | None = None):
        super().__init__(code, reason)
        self.message = message or f"cannot read file: {reason}"


# --- the workspace ------------------------------------------------------------------------------


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@lru_cache(maxsize=1)
def _builtin_templates() -> Path:
    from .templates import builtin_dir

    return Path(os.path.realpath(builtin_dir()))


def confine(path: os.PathLike | str, root: os.PathLike | str | None = None) -> Path:
    """The real location of `path` (links resolved) if the policy lets it be read; else Refused."""
    named = Path(os.path.abspath(path))
    explicit = root is not None
    given = Path(os.path.abspath(root if explicit else os.getcwd()))
    workspace = Path(os.path.realpath(given))
    builtin = _builtin_templates()
    real = Path(os.path.realpath(named))
    if any(_within(named, folder) for folder in (given, workspace, builtin)):
        allowed = (workspace, builtin)
    elif explicit:
        raise Refused(errno.EACCES, "it lies outside the workspace")
    else:
        templates = Path(os.path.realpath(workspace / "templates"))
        if not _within(templates, workspace) and _within(named, templates):
            raise Refused(
                errno.EACCES,
                "the workspace's templates folder leads outside the workspace (through a symbolic link)",
            )
        allowed = (Path(os.path.realpath(named.parent)),)
    if not any(_within(real, folder) for folder in allowed):
        raise Refused(
            errno.EACCES,
            "it leads outside the workspace (through a symbolic link); "
            "only files inside the workspace and the built-in templates "
            "are read",
        )
    return real


# --- opening and reading ------------------------------------------------------------------------


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


@lru_cache(maxsize=1)
def _kernel_devices() -> frozenset[int]:
    devices = set()
    for folder in ("/proc", "/sys"):
        try:
            devices.add(os.stat(folder).st_dev)
        except OSError:
            pass
    return frozenset(devices)


def _refuse_special(info: os.stat_result, real: Path) -> None:
    kind = _kind(info.st_mode)
    if kind == "a folder":
        raise Refused(errno.EISDIR, "it is a folder")
    if kind:
        raise Refused(errno.EINVAL, f"it is {kind}, not a regular file")
    if info.st_dev in _kernel_devices() or real.parts[1:2] in (("proc",), ("sys",), ("dev",)):
        raise Refused(errno.EINVAL, "it is a file of the kernel (/proc, /sys, /dev), not a regular file")


def _too_large(size: int, limit: int, what: str) -> Refused:
    return Refused(
        errno.EFBIG,
        f"it is larger than {limit:,} bytes",
        f"file is {size:,} bytes; {what} may be at most {limit:,} bytes",
    )


def open_input(path: os.PathLike | str, *, limit: int, root=None, what: str = "a file") -> int:
    """A read-only descriptor of an input file that passed the policy (see the module notes)."""
    real = confine(path, root)
    return _open_checked(real, limit, what)


def _open_checked(real: Path, limit: int, what: str) -> int:
    checked = os.lstat(real)  # FileNotFoundError etc. pass through
    _refuse_special(checked, real)
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(errno.ELOOP, "it changed while being opened (now a symbolic link)") from None
        raise
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (checked.st_dev, checked.st_ino):
            raise Refused(errno.EAGAIN, "it changed while being opened")
        _refuse_special(info, real)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, what)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_fd(fd: int, limit: int, what: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # grew after the fstat
            raise _too_large(total, limit, what)


def read_input(path: os.PathLike | str, *, limit: int, root=None, what: str = "a file") -> bytes:
    """The bytes of an input file (spec or template) that passes the policy; else Refused or
    the OSError of the open (FileNotFoundError ...)."""
    fd = open_input(path, limit=limit, root=root, what=what)
    try:
        return _read_fd(fd, limit, what)
    finally:
        os.close(fd)


def sha256_input(
    path: os.PathLike | str, *, limit: int = MAX_HASHED_BYTES, root=None, what: str = "a file"
) -> str:
    """The sha256 of an input file that passes the policy, read in chunks."""
    fd = open_input(path, limit=limit, root=root, what=what)
    try:
        digest, total = hashlib.sha256(), 0
        while chunk := os.read(fd, 1024 * 1024):
            total += len(chunk)
            if total > limit:
                raise _too_large(total, limit, what)
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def read_regular(path: os.PathLike | str, *, limit: int, what: str = "a file") -> bytes:
    """A file the tool wrote (manifest, output): regular, not a link at its final component, at
    most `limit` bytes; no workspace confinement (an output folder may lie anywhere)."""
    path = Path(os.path.abspath(path))
    return read_below(path.parent, path.name, limit=limit, what=what)


# --- templates ----------------------------------------------------------------------------------


def _template_error(path, reason: str):
    from .errors import TemplateError, display_path

    return TemplateError(f"{display_path(Path(path))}: cannot use this template: {reason}")


def read_template(path: os.PathLike | str, *, limit: int = MAX_TEMPLATE_BYTES, root=None) -> bytes:
    """A template file's bytes under the policy, or a TemplateError naming the path as found."""
    try:
        return read_input(path, limit=limit, root=root, what="a template")
    except Refused as exc:
        raise _template_error(path, exc.strerror) from None
    except OSError as exc:
        raise _template_error(path, exc.strerror or str(exc)) from None


def open_template(path: os.PathLike | str, *, limit: int = MAX_TEMPLATE_BYTES, root=None) -> io.BytesIO:
    """`read_template` as a binary file object (for readers that want one, e.g. Babel's read_po)."""
    return io.BytesIO(read_template(path, limit=limit, root=root))


def check_zip(
    path: os.PathLike | str,
    max_total: int = MAX_DOCX_TOTAL,
    max_member: int = MAX_DOCX_MEMBER,
    *,
    root=None,
    max_members: int = MAX_DOCX_MEMBERS,
) -> io.BytesIO:
    """A zip template (DOCX) read under the policy and checked before anything is decompressed:
    at most `max_members` members, none declaring more than `max_member` bytes uncompressed,
    `max_total` in all. Returns the checked bytes as a file object, so the reader decompresses
    exactly what was checked (Python's zipfile never inflates a member beyond its declared size).
    Raises TemplateError."""
    data = read_template(path, limit=MAX_DOCX_BYTES, root=root)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _template_error(path, "it is not a zip file (a .docx is one)") from None
    if len(members) > max_members:
        raise _template_error(path, f"it has {len(members):,} members; at most {max_members:,}")
    total = 0
    for member in members:
        if member.file_size > max_member:
            raise _template_error(
                path,
                f"its member {member.filename!r} declares "
                f"{member.file_size:,} bytes uncompressed; at most "
                f"{max_member:,}",
            )
        total += member.file_size
    if total > max_total:
        raise _template_error(
            path, f"its members declare {total:,} bytes uncompressed; at most {max_total:,}"
        )
    return io.BytesIO(data)


def check_template(path: os.PathLike | str, *, limit: int = MAX_TEMPLATE_BYTES, root=None) -> Path:
    """For a template another library opens by name: the policy's checks, then the path."""
    read_template(path, limit=limit, root=root)
    return Path(path)


def read_below(folder: os.PathLike | str, relative: str, *, limit: int, what: str = "a file") -> bytes:
    """A file the tool wrote below `folder` (e.g. `<id>/<id>.pdf` in an output folder), opened
    one component at a time with O_NOFOLLOW: no link anywhere below `folder` is followed (a
    linked `<id>/` folder or output is refused), and the file must be regular, at most `limit`
    bytes. `folder` itself may be a link (the user named it)."""
    parts = Path(relative).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or Path(relative).is_absolute():
        raise Refused(errno.EINVAL, "it is not a plain path below the folder")
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(
                    part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=directory
                )
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise Refused(errno.ELOOP, f"{part}/ is a symbolic link or not a folder") from None
                raise
            os.close(directory)
            directory = inner
        checked = os.stat(parts[-1], dir_fd=directory, follow_symlinks=False)
        if stat.S_ISLNK(checked.st_mode):
            raise Refused(errno.ELOOP, "it is a symbolic link")
        _refuse_special(checked, Path(folder, relative))
        try:
            fd = os.open(parts[-1], _OPEN_FLAGS, dir_fd=directory)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Refused(errno.ELOOP, "it is a symbolic link") from None
            raise
    finally:
        os.close(directory)
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (checked.st_dev, checked.st_ino):
            raise Refused(errno.EAGAIN, "it changed while being opened")
        _refuse_special(info, Path(folder, relative))
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, what)
        return _read_fd(fd, limit, what)
    finally:
        os.close(fd)
