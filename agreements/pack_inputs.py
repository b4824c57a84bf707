"""What a pack build hashes to know that an agreement is up to date: its spec, every template
that can change it (along the search path), the tool's fingerprint, and its outputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import safe_io
from .errors import AgreementError
from .templates import Templates


def sha256_file(path: Path, limit: int = safe_io.MAX_HASHED_BYTES, what: str = "a file") -> str:
    """The sha256 of an input or output, read in chunks under the file policy (safe_io): a FIFO
    cannot hang it, a link out of the workspace or a too large file is an OSError (Refused)."""
    return safe_io.sha256_input(path, limit=limit, what=what)


_template_hashes: dict[Path, str] = {}


def forget_template_hashes() -> None:
    """For a warm process (watch) whose templates may have changed."""
    _template_hashes.clear()


def template_hash(relative: str, templates: Templates) -> tuple[str, str]:
    """(resolved path, sha256) of a template along the search path; cached per process."""
    path = templates.find(relative)
    if path not in _template_hashes:
        _template_hashes[path] = sha256_file(path)
    return str(path), _template_hashes[path]


def inputs_hash(fingerprint: str, spec_sha: str, templates: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{fingerprint}\n{spec_sha}\n".encode())
    for name in sorted(templates):
        digest.update(f"{name}={templates[name]}\n".encode())
    return digest.hexdigest()


def templates_used(
    kind: str, languages: list[str], formats: tuple[str, ...], templates: Templates
) -> dict[str, str]:
    """Every template file that can change an agreement of this kind, languages and formats."""
    from .clauses import outline
    from .formats import FORMATS
    from .labels import SOURCE_LANGUAGE, catalog_path

    names = [f"outlines/{kind}.yaml"]
    names += [name for output in formats for name in FORMATS[output].templates]
    names += [f"clauses/{clause_id}.yaml" for clause_id in outline(kind, templates)]
    names += [catalog_path(lang) for lang in languages if lang != SOURCE_LANGUAGE]
    return {name: template_hash(name, templates)[1] for name in sorted(set(names))}


def still_valid(
    entry: dict,
    spec_sha: str,
    fingerprint: str,
    out_dir: Path,
    formats: tuple[str, ...],
    templates: Templates,
    hashes: dict[str, str] | None = None,
) -> bool:
    """True when an agreement's recorded inputs are unchanged and its outputs intact.

    `hashes` memoizes template name -> sha256 across the specs of one build (finding a template
    resolves the search path, which costs more than the rest of the check).
    """
    if entry.get("spec", {}).get("sha256") != spec_sha:
        return False
    expected = {f"{entry['id']}/{entry['id']}.{name}" for name in formats}
    if {output["path"] for output in entry.get("outputs", [])} != expected:
        return False  # built in other formats
    hashes = {} if hashes is None else hashes
    try:
        recorded = {}
        for name in entry.get("templates", {}):
            if name not in hashes:
                hashes[name] = template_hash(name, templates)[1]
            recorded[name] = hashes[name]
    except AgreementError:
        return False
    if inputs_hash(fingerprint, spec_sha, recorded) != entry.get("inputs_sha256"):
        return False
    for output in entry.get("outputs", []):
        path = out_dir / output["path"]
        try:
            if path.stat().st_size != output["size"] or sha256_file(path) != output["sha256"]:
                return False
        except OSError:
            return False
    return True
