"""A revision, once built, is never lost or silently replaced.

A revision is what goes to a partner. Building a spec whose content changed while its `revision`
did not would replace the files of that revision with different ones under the same number, so
such a build is refused (unless `--allow-same-revision`): raise the revision instead. When the
revision was raised, the files of the previous revision are kept in DIR/<id>/r<N>/ before the new
ones take DIR/<id>/<id>.* (which the manifest names: always the latest).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from . import safe_io
from .errors import Problem
from .files import write_all


def content_sha256(data: dict) -> str:
    """A hash of what a spec says (its data), not how the file is written (comments, spacing)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def guard_revisions(
    todo: list[tuple[str, str]], entries: dict[str, dict], out_dir: Path, *, allow_same: bool
) -> tuple[list[tuple[str, str]], list[tuple[str, Problem]], dict[str, str]]:
    """(specs to build, refused specs with their problem, content hash per spec to build).

    Keeps the files of a previously built revision when the revision was raised."""
    from .loader import load_or_none

    keep, refused, contents = [], [], {}
    for name, sha in todo:
        loaded = load_or_none(name)
        if loaded is None:
            keep.append((name, sha))  # the build reports it
            continue
        content = contents[name] = content_sha256(loaded.data)
        entry, revision = entries.get(name), loaded.data.get("revision")
        if not entry or not isinstance(revision, str) or not revision.strip().isdigit():
            keep.append((name, sha))
            continue
        built = entry.get("revision")
        if str(built) == revision.strip():
            if entry.get("content_sha256") not in (None, content) and not allow_same:
                refused.append((name, _same_revision(loaded, entry, out_dir, int(built))))
                continue
        elif isinstance(built, int):
            keep_revision(out_dir, entry, built)
        keep.append((name, sha))
    return keep, refused, contents


def _same_revision(loaded, entry: dict, out_dir: Path, revision: int) -> Problem:
    shown = out_dir / entry["id"]
    return loaded.problem(
        ("revision",),
        f"the spec changed since revision {revision} was built into {shown}/, but `revision` is still "
        f"{revision}; raise it to {revision + 1} (revision {revision} is then kept in "
        f"{shown}/r{revision}/), or build with --allow-same-revision to replace revision {revision}",
    )


KEPT_REVISION = re.compile(r"r[0-9]{1,4}")  # DIR/<id>/r3/: the folder of a kept revision


def keep_revision(out_dir: Path, entry: dict, revision: int) -> None:
    """Copy the recorded outputs of `revision` into DIR/<id>/r<revision>/, once: only files that
    still match the manifest's hashes, never over an earlier copy."""
    folder = out_dir / entry["id"] / f"r{revision}"
    copies = {}
    for output in entry.get("outputs", []):
        target = folder / Path(output["path"]).name
        if os.path.lexists(target):
            continue
        try:
            data = safe_io.read_regular(
                out_dir / output["path"], limit=safe_io.MAX_HASHED_BYTES, what="an output"
            )
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == output["sha256"]:
            copies[target] = data
    if copies:
        write_all(copies)
