"""Building many agreements: parallel, incremental, locked, with a manifest and a pack zip.

The no-op path (nothing changed) reads the previous manifest and hashes files; it never imports
the spec model, docxtpl or WeasyPrint.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import safe_io
from .errors import AgreementError, Problem
from .manifest import (  # noqa: F401  (check_pack_file, merge_manifests, write_pack: the pack API)
    MANIFEST,
    check_pack_file,
    merge_manifests,
    read_manifest,
    write_manifest,
    write_pack,
)
from .outfolder import OutputLock, make_output_folder, remove_partial_files, worker_init
from .pack_inputs import inputs_hash, sha256_file, still_valid, templates_used
from .templates import Templates, tool_fingerprint


@dataclass
class Outcome:
    """What happened to one spec in a pack build."""

    spec: str
    status: str  # built, skipped or failed
    seconds: float = 0.0
    entry: dict | None = None  # the manifest entry (built or skipped)
    errors: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bug: tuple[str, str] | None = None  # an unexpected error: (one line, traceback)


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


# --- one agreement, in a worker ------------------------------------------------------------------


_stages = None  # in a pool worker: the queue that carries (spec, stage) to the build


def _init_worker(parent: int, stages) -> None:
    global _stages
    worker_init(parent)
    _stages = stages


def _build_in_worker(
    spec: str,
    out_dir: str,
    spec_sha: str,
    fingerprint: str,
    formats: tuple[str, ...],
    templates: Templates,
    on_stage: Callable[[str, str], None] | None = None,
) -> Outcome:
    started = time.perf_counter()
    report = on_stage or (_stages.put if _stages is not None else None)
    try:
        from .build import build_agreement
        from .languages import register_languages

        register_languages(templates)  # a worker that did not fork from the CLI
        built = build_agreement(
            Path(spec), Path(out_dir), templates, formats, lambda stage: report and report((spec, stage))
        )
        used = templates_used(built.kind, built.languages, formats, templates)
        outputs = [
            _output_record(built.spec_id, name, data, built.pages.get(name))
            for name, data in sorted(built.outputs.items())
        ]
        entry = {
            "id": built.spec_id,
            "kind": built.kind,
            "revision": built.revision,
            "status": built.status,
            "languages": built.languages,
            "spec": {"path": spec, "sha256": spec_sha},
            "inputs_sha256": inputs_hash(fingerprint, spec_sha, used),
            "templates": used,
            "outputs": outputs,
        }
        return Outcome(spec, "built", time.perf_counter() - started, entry, notes=built.notes)
    except AgreementError as exc:
        return Outcome(
            spec,
            "failed",
            time.perf_counter() - started,
            errors=[problem.format() for problem in exc.problems] or [exc.format()],
            problems=[p.as_dict() for p in exc.problems],
        )
    except Exception as exc:  # a bug: this spec fails, the others still build and are recorded
        from .bug_report import describe

        summary, trace = describe(exc)
        return Outcome(
            spec,
            "failed",
            time.perf_counter() - started,
            errors=[f"{spec}: unexpected error ({summary})"],
            bug=(summary, trace),
        )


def _output_record(spec_id: str, name: str, data: bytes, pages: int | None) -> dict:
    return {
        "path": f"{spec_id}/{name}",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": pages,
    }


# --- the pack ------------------------------------------------------------------------------------


def shard_of(spec: str, shards: int) -> int:
    """Stable shard number (1-based) of a spec path."""
    return int(hashlib.sha256(spec.encode()).hexdigest(), 16) % shards + 1


def build_pack(
    specs: list[Path],
    out_dir: Path,
    templates: Templates,
    *,
    jobs: int = 0,
    force: bool = False,
    shard: tuple[int, int] | None = None,
    formats: tuple[str, ...] | None = None,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    allow_same_revision: bool = False,
    on_stage: Callable[[str, str], None] | None = None,
) -> PackReport:
    """Build every spec that needs it into out_dir, keeping manifest.json current throughout.

    A spec whose content changed while its revision did not is refused (revision_guard.py)
    unless `allow_same_revision`; the files of a raised revision's predecessor are kept.
    `on_stage(spec, stage)` hears each stage of each build as it starts (build.STAGES)."""
    from .formats import default_formats

    formats = tuple(sorted(formats or default_formats()))
    started = time.perf_counter()
    names = [_spec_name(path) for path in specs]
    if shard:
        names = [name for name in names if shard_of(name, shard[1]) == shard[0]]
    make_output_folder(out_dir)
    with OutputLock(out_dir):
        remove_partial_files(out_dir)
        manifest_path = out_dir / MANIFEST
        previous = read_manifest(manifest_path)
        entries = {
            e["spec"]["path"]: e
            for e in previous.get("agreements", [])
            if Path(e["spec"]["path"]).is_file() or e["spec"]["path"] in names
        }
        fingerprint = tool_fingerprint()
        hashes: dict[str, str] = {}  # template name -> sha256, for this build
        outcomes: list[Outcome] = []
        todo: list[tuple[str, str]] = []
        for name in names:
            try:
                spec_sha = sha256_file(Path(name), limit=safe_io.MAX_SPEC_BYTES, what="a spec")
            except OSError as exc:
                problem = Problem(
                    name, 1, 1, getattr(exc, "message", None) or f"cannot read file: {exc.strerror or exc}"
                )
                outcomes.append(
                    Outcome(name, "failed", errors=[problem.format()], problems=[problem.as_dict()])
                )
                continue
            entry = entries.get(name)
            if (
                not force
                and entry
                and still_valid(entry, spec_sha, fingerprint, out_dir, formats, templates, hashes)
            ):
                outcomes.append(Outcome(name, "skipped", entry=entry))
            else:
                todo.append((name, spec_sha))
        todo, refused = _refuse_shared_ids(todo, outcomes, entries, names)
        outcomes += refused
        contents: dict[str, str] = {}
        if todo:  # a no-op build never imports the loader
            from .revision_guard import guard_revisions

            todo, same, contents = guard_revisions(todo, entries, out_dir, allow_same=allow_same_revision)
            outcomes += [Outcome(n, "failed", errors=[p.format()], problems=[p.as_dict()]) for n, p in same]
        total = len(names)
        for done, outcome in enumerate(outcomes, start=1):  # skipped or refused: counted one by one
            if on_outcome:
                on_outcome(outcome, done, total)

        def record(outcome: Outcome) -> None:
            outcomes.append(outcome)
            if outcome.entry:
                if outcome.spec in contents:
                    outcome.entry["content_sha256"] = contents[outcome.spec]
                entries[outcome.spec] = outcome.entry
                write_manifest(manifest_path, entries)
            _report(on_outcome, outcome, outcomes, total)

        if todo:
            _run(todo, out_dir, fingerprint, jobs, record, formats, templates, on_stage)
        write_manifest(manifest_path, entries)
    outcomes.sort(key=lambda o: names.index(o.spec) if o.spec in names else len(names))
    return PackReport(outcomes, time.perf_counter() - started, manifest_path)


def _report(callback, outcome: Outcome, outcomes: list[Outcome], total: int) -> None:
    if callback:
        callback(outcome, len(outcomes), total)


def _run(todo, out_dir: Path, fingerprint: str, jobs: int, record, formats, templates, on_stage) -> None:
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    heard = (lambda item: on_stage(*item)) if on_stage else None
    if workers <= 1:
        for name, sha in todo:
            record(_build_in_worker(name, str(out_dir), sha, fingerprint, formats, templates, heard))
        return
    import multiprocessing
    import threading

    stages = multiprocessing.SimpleQueue() if on_stage else None
    listener = threading.Thread(target=_listen, args=(stages, heard), daemon=True) if stages else None
    if listener:
        listener.start()
    try:
        _run_pool(todo, out_dir, fingerprint, workers, record, formats, templates, stages)
    finally:
        if listener:
            stages.put(None)
            listener.join()


def _listen(stages, heard) -> None:
    """In the build: pass each (spec, stage) a worker reports on, until None."""
    while (item := stages.get()) is not None:
        heard(item)


def _run_pool(
    todo, out_dir: Path, fingerprint: str, workers: int, record, formats, templates, stages
) -> None:
    # Largest specs first (size is a fair proxy for the work): no long build is left to run
    # alone at the end while the other workers idle.
    largest_first = sorted(todo, key=lambda item: (-_size(item[0]), item[0]))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(os.getpid(), stages)
    ) as pool:
        futures = [
            pool.submit(_build_in_worker, name, str(out_dir), sha, fingerprint, formats, templates)
            for name, sha in largest_first
        ]
        for future in as_completed(futures):
            record(future.result())


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


def _spec_name(path: Path) -> str:
    """The spec path as recorded in the manifest: relative to the working folder if inside it.

    Made absolute without following links: `specs/x.yaml -> /elsewhere/y.yaml` stays
    `specs/x.yaml`, so the file policy (safe_io) sees the link and the messages never name its
    target.
    """
    named = Path(os.path.abspath(path))
    try:
        return str(named.relative_to(Path.cwd()))
    except ValueError:
        return str(named)


def _refuse_shared_ids(
    todo: list[tuple[str, str]], done: list[Outcome], entries: dict[str, dict], names: list[str]
) -> tuple[list[tuple[str, str]], list[Outcome]]:
    """Refuse a spec whose id another spec already uses in this output folder.

    Two specs with one id would write the same DIR/<id>/ files, the second silently replacing
    the first. The first spec (previously built there, else first by path) keeps the id. Ids
    are compared without case, for file systems that ignore it.
    """
    if not todo:
        return todo, []  # nothing to build (a no-op build never imports the loader)
    from .loader import load_or_none

    owner: dict[str, str] = {}
    for name, entry in entries.items():
        if name not in names or any(o.spec == name and o.status == "skipped" for o in done):
            owner.setdefault(entry["id"].casefold(), name)
    keep, refused = [], []
    for name, sha in todo:
        loaded = load_or_none(name)
        if loaded is None:
            keep.append((name, sha))  # the build reports it
            continue
        spec_id = loaded.data.get("id")
        if not isinstance(spec_id, str):
            keep.append((name, sha))
            continue
        first = owner.setdefault(spec_id.casefold(), name)
        if first == name:
            keep.append((name, sha))
            continue
        problem = loaded.problem(
            ("id",),
            f"id '{spec_id}' is already used by {first} in this "
            "output folder; give each agreement its own id",
        )
        refused.append(Outcome(name, "failed", errors=[problem.format()], problems=[problem.as_dict()]))
    return keep, refused
