"""Finding templates (the workspace's templates/ first, then the built-in ones), and the
fingerprint of the code that renders them."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from . import __version__
from .errors import TemplateError

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    installed = PACKAGE_DIR / "builtin_templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def search_path(workspace: Path | None = None) -> tuple[Path, ...]:
    """Folders searched for templates, most specific first, without repeats."""
    folders = [(workspace or Path.cwd()) / "templates", builtin_dir()]
    unique: list[Path] = []
    for folder in folders:
        # absolute, links not followed: a message names `templates/...` as the user sees it,
        # never where a linked folder points, and the file policy (safe_io) sees the link
        folder = Path(os.path.abspath(folder))
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)
    return tuple(unique)


def find(relative: str, workspace: Path | None = None) -> Path:
    """The first template file with this relative path along the search path."""
    for folder in search_path(workspace):
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    raise TemplateError(f"template {relative} not found in {', '.join(map(str, search_path(workspace)))}")


def find_all(folder: str, pattern: str, workspace: Path | None = None) -> dict[str, Path]:
    """Every template file matching `pattern` under `folder`, keyed by name; earlier folders win."""
    found: dict[str, Path] = {}
    for root in search_path(workspace):
        for path in sorted((root / folder).glob(pattern)):
            found.setdefault(path.name, path)
    return found


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool version plus a hash of its code, so a code change invalidates old outputs."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]
