"""The pipeline for one agreement, stage by stage:

load -> validate -> compose -> check -> lay out (each output format, formats.py) -> write (atomic).
Everything is gathered and checked before the first byte is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .errors import OutputError, display_path
from .files import write_all
from .formats import FORMATS, Job, default_formats, lay_out
from .integrity import check_document
from .loader import read_input
from .reviews import require_reviewed
from .templates import BUILTIN, Templates
from .validate import read_spec_bytes


@dataclass
class Built:
    """What one build of one agreement produced."""

    spec_path: Path
    spec_id: str
    kind: str
    revision: int
    status: str
    languages: list[str]
    outputs: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes
    pages: dict[str, int] = field(default_factory=dict)  # file name -> pages, where known
    notes: list[str] = field(default_factory=list)  # e.g. a layout fallback


STAGES = ("load", "compose", "check", "lay out", "write")  # as `on_stage` names them


def build_agreement(
    spec_path: Path,
    out_dir: Path,
    templates: Templates = BUILTIN,
    formats: tuple[str, ...] | None = None,
    on_stage: Callable[[str], None] = lambda stage: None,
) -> Built:
    on_stage("load")
    raw = read_input(spec_path)
    spec = read_spec_bytes(raw, display_path(spec_path), templates)
    on_stage("compose")
    document = compose(spec, templates)
    on_stage("check")
    check_document(document, spec)
    require_reviewed(document, templates)  # a final text: reviewed translations only
    job = Job(templates, source_date(spec.signing.date), raw, spec_path.name)
    on_stage("lay out")
    rendered = lay_out(document, formats or default_formats(), job, stem=spec.id)
    built = Built(
        spec_path,
        spec.id,
        spec.kind,
        spec.revision,
        spec.status,
        list(spec.languages),
        outputs={name: output.data for name, output in rendered.items()},
        pages={name: output.pages for name, output in rendered.items() if output.pages is not None},
        notes=[document.layout_note] if document.layout_note else [],
    )
    on_stage("write")
    write_outputs(built, out_dir)
    return built


def write_outputs(built: Built, out_dir: Path) -> None:
    """All outputs of one agreement, or none: a full disk leaves the previous files as they were."""
    folder = agreement_dir(out_dir, built.spec_id)
    write_all({folder / name: data for name, data in sorted(built.outputs.items())})
    for name in FORMATS:  # an output of another format would be older than these
        if f"{built.spec_id}.{name}" not in built.outputs:
            (folder / f"{built.spec_id}.{name}").unlink(missing_ok=True)


def agreement_dir(out_dir: Path, spec_id: str) -> Path:
    """DIR/<id>, refusing anything that would land outside DIR (ids are slugs; this is a guard)."""
    folder = (out_dir / spec_id).resolve()
    if folder.parent != out_dir.resolve():
        raise OutputError(f"output for {spec_id!r} would fall outside {out_dir}")
    return folder


def source_date(fallback: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the spec's own date; never the clock. Not before 1980."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        when = dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=dt.UTC)
    floor = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    return max(when, floor)
