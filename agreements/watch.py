"""`agreements watch`: rebuild the specs when one of them or a workspace template changes.

One warm process (the imports, fonts and compiled templates stay loaded) polls the files'
modification times (os.stat, no new dependency) and runs an ordinary incremental build after
each change: unchanged specs are skipped as in any build. A watch writes a preview, so a spec
may change under the same revision there (the revision guard is for the folder that is sent).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from .files import spec_paths
from .pack import Outcome, build_pack
from .templates import Templates


def snapshot(paths: list[Path], folders: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of each spec and of every file below the template folders."""
    seen: dict[str, tuple[int, int]] = {}
    files = list(paths)
    for folder in folders:
        for root, _, names in os.walk(folder):
            files += [Path(root) / name for name in names]
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            continue
        seen[str(path)] = (info.st_mtime_ns, info.st_size)
    return seen


def watch(
    named: list[Path],
    out_dir: Path,
    templates: Callable[[], Templates],
    *,
    template_folders: list[Path],
    formats: tuple[str, ...] | None = None,
    interval: float = 0.5,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> int:
    """Build, then rebuild after every change until `keep_going()` is false; the rounds built.

    `templates()` gives the template search path, asked again after a template changed (a
    workspace `templates/` may have appeared)."""
    rounds, before, search_path = 0, None, templates()
    while keep_going():
        specs = spec_paths(named)
        now = (snapshot(specs, []), snapshot([], template_folders))
        if now != before:
            if before is not None and now[1] != before[1]:
                _forget_templates()
                search_path = templates()
            before = now  # taken before the build: a change made while it runs starts the next
            build_pack(
                specs,
                out_dir,
                search_path,
                jobs=1,
                formats=formats,
                on_outcome=on_outcome,
                allow_same_revision=True,
            )
            rounds += 1
        time.sleep(interval)
    return rounds


def _forget_templates() -> None:
    """What this warm process remembers of templates that changed: the hashes of the
    incremental build and the label catalogs (clauses are cached by modification time and the
    HTML loader checks it itself)."""
    from . import labels, pack_inputs

    pack_inputs.forget_template_hashes()
    labels._catalog.cache_clear()
