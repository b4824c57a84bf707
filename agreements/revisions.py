"""Reading one revision of an agreement: a spec file, or REV:path through git, composed with the
templates of its revision (for REV:path, the workspace's templates/ as git has it at REV).

Nothing the user gives reaches git as an option: a revision starting with '-' is refused, git gets
`--end-of-options`, and objects are read by the ids git listed. The templates of a revision are
read under the file policy's rules: regular files only (a link or a submodule is refused), every
size checked before reading, every path inside templates/, written into a private folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .compose import compose
from .document import Document
from .errors import AgreementError
from .loader import read_input
from .model import Spec
from .safe_io import MAX_DOCX_BYTES, MAX_DOCX_TOTAL, MAX_SPEC_BYTES, MAX_TEMPLATE_BYTES
from .templates import BUILTIN, Templates
from .validate import read_spec_bytes


class DiffError(AgreementError):
    """A revision that cannot be read (no such file, no such git revision)."""


@dataclass
class Revision:
    """One side of a comparison."""

    name: str  # as the user gave it: a path or REV:path
    raw: bytes
    spec: Spec
    document: Document
    templates: Templates = BUILTIN  # the templates it was composed with
    keep: object = field(default=None, repr=False)  # the private folder of a revision's templates


def read_revision(name: str, templates: Templates = BUILTIN, cwd: Path | None = None) -> Revision:
    """A spec file path, or REV:path read from git (e.g. HEAD~1:specs/x.yaml), relative to `cwd`
    (default: the process's working folder, as for any path); composed with `templates`."""
    cwd = cwd or Path(".")
    path = cwd / name
    keep = None
    if path.exists() or ":" not in name:
        raw = read_input(path)
    else:
        raw = _git_show(name, cwd)
        keep, templates = templates_at(name.partition(":")[0], cwd, name, templates)
    spec = read_spec_bytes(raw, name, templates)
    return Revision(name, raw, spec, compose(spec, templates), templates, keep)


def _git_show(name: str, cwd: Path) -> bytes:
    revision, _, path = name.partition(":")
    if revision.startswith("-"):
        # git would read it as an option: `--output=FILE` writes a file
        raise DiffError(
            f"{name}: not a file, and {revision!r} is not a git revision (a revision never starts with '-')"
        )
    if not path.startswith(("/", "./", "../")):
        # relative to the working folder, as for plain paths
        path = "./" + path
    kind = _git(["cat-file", "-t", "--end-of-options", f"{revision}:{path}"], cwd, name, missing_ok=True)
    if kind is not None and kind.strip() != b"blob":
        raise DiffError(
            f"{name}: is a folder in git, not a spec file; name one, e.g. {revision}:specs/<id>.yaml"
        )
    return git_show(f"{revision}:{path}", cwd, name)


def git_show(argument: str, cwd: Path, name: str) -> bytes:
    """`git show REV:path`; whatever the argument says, git never reads it as an option."""
    try:
        # --end-of-options (git 2.24+): git refuses an argument starting with '-' after it
        result = subprocess.run(
            ["git", "show", "--end-of-options", argument], cwd=cwd, capture_output=True, timeout=60
        )
    except FileNotFoundError:
        raise DiffError(f"{name}: git is not installed") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"{name}: not a file, and git cannot show it ({reason[-1] if reason else 'error'})")
    return result.stdout


_MODES = {"100644", "100755"}  # regular files; 120000 (a link) and 160000 (a submodule) are refused
MAX_TEMPLATE_FILES = 2000


def templates_at(revision: str, cwd: Path, name: str, templates: Templates):
    """The search path of `templates` with the workspace's templates/ replaced by its state at
    `revision` (none when it had none), and the private folder that holds those files."""
    workspace = Path(os.path.abspath(cwd / "templates"))
    others = [folder for folder in templates.folders if folder != workspace]
    tree = f"{revision}:./templates"
    listing = _git(["ls-tree", "-r", "-l", "-z", "--end-of-options", tree], cwd, name, missing_ok=True)
    if listing is None:
        return None, Templates.of(others)
    entries = []
    total = 0
    for record in listing.split(b"\0"):
        if not record:
            continue
        info, _, raw_path = record.partition(b"\t")
        mode, kind, object_id, size = info.decode("ascii").split()
        relative = raw_path.decode("utf-8", "surrogateescape")
        where = f"{name}: templates/{relative}"
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise DiffError(f"{where}: not a plain path inside templates/; not read")
        if mode not in _MODES or kind != "blob" or not re.fullmatch(r"[0-9a-f]{40,64}", object_id):
            raise DiffError(f"{where}: not a regular file (a link or a submodule); not read")
        limit = _limit(relative)
        total += int(size)
        if int(size) > limit or total > MAX_DOCX_TOTAL or len(entries) >= MAX_TEMPLATE_FILES:
            raise DiffError(f"{where}: too large ({size} bytes; at most {limit}); not read")
        entries.append((relative, object_id, int(size)))
    keep = tempfile.TemporaryDirectory(prefix="agreements-templates-")
    root = Path(keep.name) / "templates"
    root.mkdir()
    contents = _blobs([object_id for _, object_id, _ in entries], cwd, name)
    for (relative, object_id, size), data in zip(entries, contents, strict=True):
        if len(data) != size:
            raise DiffError(f"{name}: templates/{relative}: git gave {len(data)} bytes, not {size}")
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    return keep, Templates.of([root, *others])


def _limit(relative: str) -> int:
    """The largest size the file policy reads for a template of this kind."""
    if relative.endswith(".docx"):
        return MAX_DOCX_BYTES
    return MAX_SPEC_BYTES if relative.endswith((".yaml", ".yml")) else MAX_TEMPLATE_BYTES


def _blobs(object_ids: list[str], cwd: Path, name: str) -> list[bytes]:
    """The contents of these blobs (ids as git listed them), in order, in one `git cat-file` call."""
    if not object_ids:
        return []
    request = "".join(f"{object_id}\n" for object_id in object_ids).encode("ascii")
    output = _git(["cat-file", "--batch"], cwd, name, stdin=request)
    assert output is not None
    contents, position = [], 0
    for _ in object_ids:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise DiffError(f"{name}: git could not read a template ({header[-1:]!r})")
        size = int(header[2])
        contents.append(output[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return contents


def _git(arguments: list[str], cwd: Path, name: str, *, missing_ok: bool = False, stdin: bytes | None = None):
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, input=stdin, timeout=60)
    except FileNotFoundError:
        raise DiffError(f"{name}: git is not installed") from None
    if result.returncode != 0:
        if missing_ok:
            return None
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"{name}: git failed ({reason[-1] if reason else 'error'})")
    return result.stdout
