"""Building many agreements: parallel, incremental, locked, with a manifest and a pack zip.

The no-op path (nothing changed) reads the previous manifest and hashes files; it never imports
the spec model, docxtpl or WeasyPrint.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import signal
import stat
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, safe_io
from .errors import AgreementError, OutputError, Problem
from .files import SAFE_ID, stale_part_files, write_atomic
from .templates import Templates, tool_fingerprint

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


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


def sha256_file(path: Path, limit: int = safe_io.MAX_HASHED_BYTES, what: str = "a file") -> str:
    """The sha256 of an input or output, read in chunks under the file policy (safe_io): a FIFO
    cannot hang it, a link out of the workspace or a too large file is an OSError (Refused)."""
    return safe_io.sha256_input(path, limit=limit, what=what)


_template_hashes: dict[Path, str] = {}


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


def _still_valid(
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


# --- one agreement, in a worker ------------------------------------------------------------------


def _build_in_worker(
    spec: str, out_dir: str, spec_sha: str, fingerprint: str, formats: tuple[str, ...], templates: Templates
) -> Outcome:
    started = time.perf_counter()
    try:
        from .build import build_agreement
        from .languages import register_languages

        register_languages(templates)  # a worker that did not fork from the CLI
        built = build_agreement(Path(spec), Path(out_dir), templates, formats)
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
            errors=[exc.format()],
            problems=[p.as_dict() for p in exc.problems],
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
) -> PackReport:
    """Build every spec that needs it into out_dir, keeping manifest.json current throughout."""
    from .formats import default_formats

    formats = tuple(sorted(formats or default_formats()))
    started = time.perf_counter()
    names = [_spec_name(path) for path in specs]
    if shard:
        names = [name for name in names if shard_of(name, shard[1]) == shard[0]]
    _make_output_folder(out_dir)
    with _Lock(out_dir):
        _remove_partial_files(out_dir)
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
                and _still_valid(entry, spec_sha, fingerprint, out_dir, formats, templates, hashes)
            ):
                outcomes.append(Outcome(name, "skipped", entry=entry))
            else:
                todo.append((name, spec_sha))
        todo, refused = _refuse_shared_ids(todo, outcomes, entries, names)
        outcomes += refused
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
            _run(todo, out_dir, fingerprint, jobs, record, formats, templates)
        _write_manifest(manifest_path, entries)
    outcomes.sort(key=lambda o: names.index(o.spec) if o.spec in names else len(names))
    return PackReport(outcomes, time.perf_counter() - started, manifest_path)


def _report(callback, outcome: Outcome, outcomes: list[Outcome], total: int) -> None:
    if callback:
        callback(outcome, len(outcomes), total)


def _run(todo, out_dir: Path, fingerprint: str, jobs: int, record, formats, templates) -> None:
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for name, sha in todo:
            record(_build_in_worker(name, str(out_dir), sha, fingerprint, formats, templates))
        return
    # Largest specs first (size is a fair proxy for the work): no long build is left to run
    # alone at the end while the other workers idle.
    largest_first = sorted(todo, key=lambda item: (-_size(item[0]), item[0]))
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)) as pool:
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
    from .errors import SpecError
    from .loader import load_spec_bytes

    owner: dict[str, str] = {}
    for name, entry in entries.items():
        if name not in names or any(o.spec == name and o.status == "skipped" for o in done):
            owner.setdefault(entry["id"].casefold(), name)
    keep, refused = [], []
    for name, sha in todo:
        try:
            loaded = load_spec_bytes(safe_io.read_input(name, limit=safe_io.MAX_SPEC_BYTES), name)
        except (SpecError, OSError):
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


def manifest_json(entries: list[dict]) -> bytes:
    data = {
        "tool": {"name": "agreements", "version": __version__},
        "agreements": sorted(entries, key=lambda e: (e["id"], e["spec"]["path"])),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _write_manifest(path: Path, entries: dict[str, dict]) -> None:
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


def _make_output_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write into {out_dir}: it exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}") from None


def _remove_partial_files(out_dir: Path) -> None:
    """Temporary files left by a killed build (see files.write_all), in DIR and DIR/<id>/ only
    (where a build writes), named as only this tool names them: a user's own `.x.part` stays.
    Linked folders are not entered."""
    folders = [(out_dir, (MANIFEST,))]
    try:
        folders += [
            (Path(e.path), (f"{e.name}.docx", f"{e.name}.pdf"))
            for e in os.scandir(out_dir)
            if SAFE_ID.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        ]
    except OSError:
        pass
    for folder, own_names in folders:
        for path in stale_part_files(folder, own_names):
            path.unlink(missing_ok=True)


_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_held_locks: list[_Lock] = []  # closed in pool workers (see _worker_init)


class _Lock:
    """An exclusive lock on an output folder, so two builds never write into it at once.

    `flock` on DIR/.agreements.lock, opened O_NOFOLLOW (a planted link would have the lock
    truncate its target) and O_CLOEXEC (no program the build runs inherits it). A flock belongs
    to the open file description, which forked pool workers share: they close their copy first
    thing (`_worker_init`) and die with the build (PR_SET_PDEATHSIG), so a killed build never
    leaves its workers holding the folder locked.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".agreements.lock"

    def __enter__(self) -> _Lock:
        try:
            fd = os.open(self.path, _LOCK_FLAGS, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise OutputError(
                    f"{self.path} is a symbolic link; remove it (a build locks a file of its own there)"
                ) from None
            raise OutputError(
                f"cannot write into the output folder {self.path.parent}: {exc.strerror or exc}"
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(f"{self.path} is not a regular file; remove it")
        self.handle = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read(100).strip() or "another process"
            self.handle.close()
            raise OutputError(
                f"{self.path.parent} is being written by another build ({holder}); "
                "wait for it to finish or use another --out folder"
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}\n")
        self.handle.flush()
        _held_locks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        if self in _held_locks:
            _held_locks.remove(self)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """First thing in a pool worker: drop the build's lock and die with the build.

    The worker was forked with the lock's open file description; closing its copy leaves the
    flock to the build alone (it is released when the build exits, however it exits). On Linux
    the kernel then kills the worker when the build dies (kill -9 included); if the build died
    before that was set up, the worker exits at once.
    """
    for lock in list(_held_locks):
        try:
            lock.handle.close()
        except OSError:
            pass
    _held_locks.clear()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


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
