"""Reading one revision of an agreement: a spec file, or REV:path through `git show`."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .compose import compose
from .document import Document
from .errors import AgreementError
from .loader import read_input
from .model import Spec
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


def read_revision(name: str, templates: Templates = BUILTIN, cwd: Path | None = None) -> Revision:
    """A spec file path, or REV:path read from git (e.g. HEAD~1:specs/x.yaml), relative to `cwd`
    (default: the process's working folder, as for any path); composed with `templates`."""
    cwd = cwd or Path(".")
    path = cwd / name
    if path.exists() or ":" not in name:
        raw = read_input(path)
    else:
        raw = _git_show(name, cwd)
    spec = read_spec_bytes(raw, name, templates)
    return Revision(name, raw, spec, compose(spec, templates))


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
