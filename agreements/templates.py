"""Finding templates along one explicit search path, and the fingerprint of the code that renders them.

A `Templates` is built where the workspace is known (the CLI, a test) and passed down; library code
never looks at the current folder. Its folders are searched in order: the workspace's `templates/`
first, then the built-in ones.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__
from .errors import TemplateError

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    installed = PACKAGE_DIR / "builtin_templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


@dataclass(frozen=True)
class Templates:
    """An ordered template search path (hashable: caches key on it)."""

    folders: tuple[Path, ...]

    @classmethod
    def builtin(cls) -> Templates:
        """Only the templates that ship with the tool."""
        return cls.of([builtin_dir()])

    @classmethod
    def for_workspace(cls, workspace: Path) -> Templates:
        """The workspace's `templates/` (when it has one), then the built-in templates."""
        return cls.of([workspace / "templates", builtin_dir()])

    @classmethod
    def of(cls, folders) -> Templates:
        unique: list[Path] = []
        for folder in folders:
            # absolute, links not followed: a message names `templates/...` as the user sees it,
            # never where a linked folder points, and the file policy (safe_io) sees the link
            folder = Path(os.path.abspath(folder))
            if folder.is_dir() and folder.resolve() not in [f.resolve() for f in unique]:
                unique.append(folder)
        return cls(tuple(unique))

    def find(self, relative: str) -> Path:
        """The first template file with this relative path along the search path."""
        for folder in self.folders:
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        raise TemplateError(f"template {relative} not found in {', '.join(map(str, self.folders))}")

    def data_file(self, relative: str, what: str) -> tuple[Path, dict] | None:
        """The first YAML data file with this relative path along the search path, read as a
        spec is (strict YAML, file policy), or None when no folder has it."""
        from .errors import SpecError, TemplateError
        from .loader import load_spec_file

        path = next((f / relative for f in self.folders if (f / relative).is_file()), None)
        if path is None:
            return None
        try:
            return path, load_spec_file(path).data
        except SpecError as exc:
            raise TemplateError(f"{what} {path} are not valid YAML", exc.problems) from None

    def find_all(self, folder: str, pattern: str) -> dict[str, Path]:
        """Every template file matching `pattern` under `folder`, keyed by name; earlier folders win."""
        found: dict[str, Path] = {}
        for root in self.folders:
            for path in sorted((root / folder).glob(pattern)):
                found.setdefault(path.name, path)
        return found


BUILTIN = Templates.builtin()


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool version plus a hash of its code, so a code change invalidates old outputs."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):  # subpackages too (agreements/model/)
        if "builtin_templates" in path.parts:
            continue
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]
