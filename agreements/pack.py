"""Building many agreements: parallel, incremental, locked, with a manifest and a pack zip.

The no-op path (nothing changed) reads the previous manifest and hashes files; it never imports
the spec model, docxtpl or WeasyPrint.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import AgreementError, OutputError
from .files import write_atomic
from .templates import PACKAGE_DIR, find, search_path

MANIFEST = "manifest.json"


@dataclass
class Outcome:
    """What happened to one spec in a pack build."""

    spec: str
    status: str                      # built, skipped or failed
    seconds: float = 0.0
    entry: dict | None = None        # the manifest entry (built or skipped)
    errors: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class PackReport:
    outcomes: list[Outcome]
    seconds: float
    manifest: Path

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


# --- inputs and fingerprints ---------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_template_hashes: dict[Path, str] = {}


def template_hash(relative: str) -> tuple[str, str]:
    """(resolved path, sha256) of a template along the search path; cached per process."""
    path = find(relative)
    if path not in _template_hashes:
        _template_hashes[path] = sha256_file(path)
    return str(path), _template_hashes[path]


def tool_fingerprint() -> str:
    """The tool version plus a hash of its code, so a code change invalidates old outputs."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def inputs_hash(fingerprint: str, spec_sha: str, templates: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{fingerprint}\n{spec_sha}\n".encode())
    for name in sorted(templates):
        digest.update(f"{name}={templates[name]}\n".encode())
    return digest.hexdigest()


def templates_used(kind: str, languages: list[str]) -> dict[str, str]:
    """Every template file that can change an agreement of this kind and these languages."""
    from .clauses import outline
    from .labels import SOURCE_LANGUAGE, catalog_path
    names = [f"outlines/{kind}.yaml", "docx/agreement.docx", "html/agreement.html",
             "html/agreement.css"]
    names += [f"clauses/{clause_id}.yaml" for clause_id in outline(kind)]
    names += [catalog_path(lang) for lang in languages if lang != SOURCE_LANGUAGE]
    return {name: template_hash(name)[1] for name in sorted(set(names))}


def _still_valid(entry: dict, spec_sha: str, fingerprint: str, out_dir: Path) -> bool:
    """True when an agreement's recorded inputs are unchanged and its outputs intact."""
    if entry.get("spec", {}).get("sha256") != spec_sha:
        return False
    try:
        templates = {name: template_hash(name)[1] for name in entry.get("templates", {})}
    except AgreementError:
        return False
    if inputs_hash(fingerprint, spec_sha, templates) != entry.get("inputs_sha256"):
        return False
    for output in entry.get("outputs", []):
        path = out_dir / output["path"]
        try:
            if path.stat().st_size != output["size"] or sha256_file(path) != output["sha256"]:
                return False
        except OSError:
            return False
    return True


# --- one agreement, in a worker ------------------------------------------------------------------


def _build_in_worker(spec: str, out_dir: str, spec_sha: str, fingerprint: str) -> Outcome:
    started = time.perf_counter()
    try:
        from .build import build_agreement
        built = build_agreement(Path(spec), Path(out_dir))
        templates = templates_used(built.kind, built.languages)
        outputs = [_output_record(Path(out_dir), built.spec_id, name, data)
                   for name, data in sorted(built.outputs.items())]
        entry = {
            "id": built.spec_id, "kind": built.kind, "revision": built.revision,
            "status": built.status, "languages": built.languages,
            "spec": {"path": spec, "sha256": spec_sha},
            "inputs_sha256": inputs_hash(fingerprint, spec_sha, templates),
            "templates": templates, "outputs": outputs,
        }
        return Outcome(spec, "built", time.perf_counter() - started, entry, notes=built.notes)
    except AgreementError as exc:
        return Outcome(spec, "failed", time.perf_counter() - started,
                       errors=[exc.format()], problems=[p.as_dict() for p in exc.problems])


def _output_record(out_dir: Path, spec_id: str, name: str, data: bytes) -> dict:
    pages = None
    if name.endswith(".pdf"):
        import io

        import pypdf
        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    return {"path": f"{spec_id}/{name}", "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "pages": pages}


# --- the pack ------------------------------------------------------------------------------------


def shard_of(spec: str, shards: int) -> int:
    """Stable shard number (1-based) of a spec path."""
    return int(hashlib.sha256(spec.encode()).hexdigest(), 16) % shards + 1


def build_pack(specs: list[Path], out_dir: Path, *, jobs: int = 0, force: bool = False,
               shard: tuple[int, int] | None = None,
               on_outcome: Callable[[Outcome, int, int], None] | None = None) -> PackReport:
    """Build every spec that needs it into out_dir, keeping manifest.json current throughout."""
    started = time.perf_counter()
    names = [_spec_name(path) for path in specs]
    if shard:
        names = [name for name in names if shard_of(name, shard[1]) == shard[0]]
    out_dir.mkdir(parents=True, exist_ok=True)
    with _Lock(out_dir):
        _remove_partial_files(out_dir)
        manifest_path = out_dir / MANIFEST
        previous = read_manifest(manifest_path)
        entries = {e["spec"]["path"]: e for e in previous.get("agreements", [])
                   if Path(e["spec"]["path"]).is_file() or e["spec"]["path"] in names}
        fingerprint = tool_fingerprint()
        outcomes: list[Outcome] = []
        todo: list[tuple[str, str]] = []
        for name in names:
            try:
                spec_sha = sha256_file(Path(name))
            except OSError as exc:
                outcomes.append(Outcome(name, "failed", errors=[f"{name}: cannot read: {exc.strerror}"]))
                continue
            entry = entries.get(name)
            if not force and entry and _still_valid(entry, spec_sha, fingerprint, out_dir):
                outcomes.append(Outcome(name, "skipped", entry=entry))
            else:
                todo.append((name, spec_sha))
        total = len(names)
        for outcome in outcomes:
            _report(on_outcome, outcome, outcomes, total)

        def record(outcome: Outcome) -> None:
            outcomes.append(outcome)
            if outcome.entry:
                entries[outcome.spec] = outcome.entry
                _write_manifest(manifest_path, entries)
            _report(on_outcome, outcome, outcomes, total)

        if todo:
            _run(todo, out_dir, fingerprint, jobs, record)
        _write_manifest(manifest_path, entries)
    outcomes.sort(key=lambda o: names.index(o.spec) if o.spec in names else len(names))
    return PackReport(outcomes, time.perf_counter() - started, manifest_path)


def _report(callback, outcome: Outcome, outcomes: list[Outcome], total: int) -> None:
    if callback:
        callback(outcome, len(outcomes), total)


def _run(todo, out_dir: Path, fingerprint: str, jobs: int, record) -> None:
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for name, sha in todo:
            record(_build_in_worker(name, str(out_dir), sha, fingerprint))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_in_worker, name, str(out_dir), sha, fingerprint)
                   for name, sha in todo]
        for future in as_completed(futures):
            record(future.result())


def _spec_name(path: Path) -> str:
    """The spec path as recorded in the manifest: relative to the working folder if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("agreements"), list) else {}
    except (OSError, ValueError):
        return {}  # missing or corrupt: everything is rebuilt


def manifest_json(entries: list[dict]) -> bytes:
    data = {"tool": {"name": "agreements", "version": __version__},
            "agreements": sorted(entries, key=lambda e: (e["id"], e["spec"]["path"]))}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _write_manifest(path: Path, entries: dict[str, dict]) -> None:
    write_atomic(path, manifest_json(list(entries.values())))


def merge_manifests(paths: list[Path]) -> bytes:
    """One manifest from shard manifests; the same agreement twice must be identical."""
    merged: dict[str, dict] = {}
    for path in paths:
        data = read_manifest(path)
        if not data:
            raise OutputError(f"{path} is not a manifest")
        for entry in data["agreements"]:
            key = entry["spec"]["path"]
            if key in merged and merged[key] != entry:
                raise OutputError(f"{key} differs between shard manifests")
            merged[key] = entry
    return manifest_json(list(merged.values()))


def _remove_partial_files(out_dir: Path) -> None:
    """Temporary files left by a killed build (see files.write_atomic)."""
    for path in out_dir.rglob(".*.part"):
        path.unlink(missing_ok=True)


class _Lock:
    """An exclusive lock on an output folder, so two builds never write into it at once."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".agreements.lock"

    def __enter__(self) -> "_Lock":
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise OutputError(f"{self.path.parent} is being written by another build ({holder}); "
                              "wait for it to finish or use another --out folder") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}\n")
        self.handle.flush()
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def write_pack(out_dir: Path, pack_file: Path) -> None:
    """A zip of the manifest and every output it lists, byte-identical for identical outputs."""
    from .reproducible import deterministic_zip
    manifest = (out_dir / MANIFEST).read_bytes()
    entries = {MANIFEST: manifest}
    for agreement in json.loads(manifest)["agreements"]:
        for output in agreement["outputs"]:
            entries[output["path"]] = (out_dir / output["path"]).read_bytes()
    write_atomic(pack_file, deterministic_zip(entries))
