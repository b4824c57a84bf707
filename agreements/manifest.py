"""The manifest of an output folder (what was built from what, with hashes), shard merging, and
the pack zip: read defensively, written deterministically."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path

from . import __version__, safe_io
from .errors import OutputError
from .files import SAFE_ID, write_atomic

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def read_manifest(path: Path) -> dict:
    """The manifest in an output folder; entries that are not well-formed are dropped.

    A missing or corrupt manifest (or entry) only means that those agreements are rebuilt. An
    entry is only trusted when its outputs are exactly DIR/<id>/<id>.docx or .pdf, so an edited
    manifest cannot make a build or a pack read files elsewhere.
    """
    try:
        data = _manifest_data(path)
    except (OSError, ValueError):
        return {}  # missing, corrupt, a link, a FIFO, /dev/zero, huge: everything is rebuilt
    if not isinstance(data, dict) or not isinstance(data.get("agreements"), list):
        return {}
    return {**data, "agreements": [e for e in data["agreements"] if _well_formed(e)]}


def _manifest_data(path: Path):
    """The JSON of a manifest: a regular file, not a link, at most MAX_MANIFEST_BYTES."""
    raw = safe_io.read_regular(path, limit=MAX_MANIFEST_BYTES, what="a manifest")
    return json.loads(raw.decode("utf-8"))


_TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)+")


def _well_formed(entry) -> bool:
    if not isinstance(entry, dict):
        return False
    spec_id, spec = entry.get("id"), entry.get("spec")
    if not (
        isinstance(spec_id, str)
        and SAFE_ID.fullmatch(spec_id)
        and isinstance(spec, dict)
        and isinstance(spec.get("path"), str)
        and isinstance(spec.get("sha256"), str)
        and isinstance(entry.get("inputs_sha256"), str)
    ):
        return False
    templates, outputs = entry.get("templates", {}), entry.get("outputs")
    if not isinstance(templates, dict) or not all(
        isinstance(name, str) and _TEMPLATE_NAME.fullmatch(name) and ".." not in name for name in templates
    ):
        return False
    from .formats import FORMATS

    allowed = {f"{spec_id}/{spec_id}.{name}" for name in FORMATS}
    return isinstance(outputs, list) and all(
        isinstance(o, dict)
        and o.get("path") in allowed
        and isinstance(o.get("size"), int)
        and isinstance(o.get("sha256"), str)
        for o in outputs
    )


def manifest_json(entries: list[dict]) -> bytes:
    data = {
        "tool": {"name": "agreements", "version": __version__},
        "agreements": sorted(entries, key=lambda e: (e["id"], e["spec"]["path"])),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_manifest(path: Path, entries: dict[str, dict]) -> None:
    write_atomic(path, manifest_json(list(entries.values())))


def merge_manifests(paths: list[Path]) -> bytes:
    """One manifest from shard manifests; the same agreement twice must be identical.

    Unlike a build (which rebuilds what a damaged manifest no longer vouches for), a merge has
    nothing to rebuild from: an entry that is not well-formed is refused, never silently dropped,
    and so is one id used by two specs (their outputs would share DIR/<id>/).
    """
    merged: dict[str, dict] = {}
    owners: dict[str, str] = {}
    for path in paths:
        try:
            data = _manifest_data(path)
        except safe_io.Refused as exc:
            raise OutputError(f"{path} is not a manifest: {exc.message}") from None
        except (OSError, ValueError):
            raise OutputError(f"{path} is not a manifest") from None
        if not isinstance(data, dict) or not isinstance(data.get("agreements"), list):
            raise OutputError(f"{path} is not a manifest")
        for number, entry in enumerate(data["agreements"], 1):
            if not _well_formed(entry):
                raise OutputError(
                    f"{path}: agreement {number} is not a well-formed manifest entry; "
                    "refusing to merge (build that shard again)"
                )
            key = entry["spec"]["path"]
            if key in merged and merged[key] != entry:
                raise OutputError(f"{key} differs between shard manifests")
            owner = owners.setdefault(entry["id"].casefold(), key)
            if owner != key:
                raise OutputError(
                    f"id '{entry['id']}' is used by {owner} and by {key} ({path}); "
                    "each agreement needs its own id"
                )
            merged[key] = entry
    return manifest_json(list(merged.values()))


def write_pack(out_dir: Path, pack_file: Path) -> None:
    """A zip of the manifest and every output it lists, byte-identical for identical outputs.

    Refuses to replace anything but a previous pack (`--pack spec.yaml` would overwrite the
    spec), and packs an output only as a regular file below DIR (no link followed) whose size
    and sha256 are the ones the manifest records.
    """
    _refuse_to_overwrite(pack_file)
    entries = {MANIFEST: manifest_json(read_manifest(out_dir / MANIFEST).get("agreements", []))}
    for agreement in json.loads(entries[MANIFEST])["agreements"]:
        for output in agreement["outputs"]:
            shown = out_dir / output["path"]
            try:
                data = safe_io.read_below(
                    out_dir,
                    output["path"],
                    limit=output["size"],
                    what="this output (as recorded in the manifest)",
                )
            except OSError as exc:
                reason = getattr(exc, "message", None) or exc.strerror or str(exc)
                raise OutputError(f"cannot pack {shown}: {reason}") from None
            if len(data) != output["size"] or hashlib.sha256(data).hexdigest() != output["sha256"]:
                raise OutputError(
                    f"cannot pack {shown}: it is not the file the manifest records "
                    "(changed since the build); build again"
                )
            entries[output["path"]] = data
    from .reproducible import deterministic_zip

    write_atomic(pack_file, deterministic_zip(entries))


def check_pack_file(pack_file: Path) -> None:
    """Before a build: OutputError if `--pack FILE` would overwrite anything but a previous pack."""
    _refuse_to_overwrite(pack_file)


def _refuse_to_overwrite(pack_file: Path) -> None:
    """Raise OutputError unless `pack_file` is absent or a pack this tool wrote (a regular zip
    file whose first entry is manifest.json)."""
    try:
        info = os.lstat(pack_file)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write the pack {pack_file}: {exc.strerror or exc}") from None
    refusal = f"refusing to overwrite {pack_file}: it is not a pack written by agreements"
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise OutputError(f"{refusal} ({kind}); choose another --pack file")
    import zipfile

    try:
        fd = os.open(pack_file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(30 + len(MANIFEST))
            with zipfile.ZipFile(handle) as previous:
                first = previous.infolist()[0].filename if previous.infolist() else None
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        first = None
    if first != MANIFEST or head[:4] != b"PK\x03\x04" or head[30:] != MANIFEST.encode():
        raise OutputError(f"{refusal}; choose another --pack file")
