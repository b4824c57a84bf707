"""A redline Document: the new revision's structure, every changed text carried as tracked changes.

Accepting every change gives the new revision's text; rejecting every change gives the old one:
whole paragraphs, table rows, sections, parties and languages are inserted or deleted with their
paragraph marks and rows, tables stay tables (cell by cell), and the header is tracked too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from .align import BlockChange, accepted, redline_text
from .build import source_date
from .compare import Comparison, SectionChange
from .document import Document, Paragraph, Section, Segment, Signatory, Table
from .files import write_all
from .formats import Job, default_formats, lay_out
from .labels import SOURCE_LANGUAGE, Labels


def redline_document(comparison: Comparison) -> Document:
    """Both revisions in one document: every language of either, every party of either, each
    text, paragraph, table row, section and language that changed carried as a tracked change."""
    old, new = comparison.old.document, comparison.new.document
    languages = tuple(dict.fromkeys([*new.languages, *old.languages]))
    language_status = {lang: "+" for lang in languages if lang not in old.languages}
    language_status.update({lang: "-" for lang in languages if lang not in new.languages})
    return dataclasses.replace(
        new,
        languages=languages,
        layout=_layout(old, new, len(languages)),
        title={**old.title, **new.title},
        labels={**old.labels, **new.labels},
        sections=tuple(_section(change, languages, language_status) for change in comparison.sections),
        signatories=_signatories(old, new),
        signing_line={**old.signing_line, **new.signing_line},
        marks=_text_marks(old, new, languages),
        language_status=language_status,
    )


def _layout(old: Document, new: Document, count: int) -> str:
    """The new revision's layout, unless it cannot hold every language of both revisions."""
    for layout in (new.layout, old.layout, "interleaved"):
        if layout != "side-by-side" or count == 2:
            return layout
    return "interleaved"


def _signatories(old: Document, new: Document) -> tuple[Signatory, ...]:
    before = {s.role: s for s in old.signatories}
    after = {s.role: s for s in new.signatories}
    result = []
    for role in dict.fromkeys([*after, *before]):
        if role not in before:
            result.append(dataclasses.replace(after[role], status="+"))
        elif role not in after:
            result.append(dataclasses.replace(before[role], status="-"))
        else:
            was = {line.key: line for line in before[role].lines}
            lines = tuple(
                dataclasses.replace(line, text={**was[line.key].text, **line.text})
                if line.key in was
                else line
                for line in after[role].lines
            )
            result.append(dataclasses.replace(after[role], lines=lines))
    return tuple(result)


def _text_marks(old: Document, new: Document, languages) -> dict[str, dict[str, tuple[Segment, ...]]]:
    """Tracked changes of the title, the signing line, the signature blocks and the header."""
    pairs = {
        "title": (old.title, new.title),
        "signing_line": (old.signing_line, new.signing_line),
        "revision": (_labels(old, "revision"), _labels(new, "revision")),
        "draft": (
            _labels(old, "draft") if old.status == "draft" else {},
            _labels(new, "draft") if new.status == "draft" else {},
        ),
    }
    before = {s.role: s for s in old.signatories}
    after = {s.role: s for s in new.signatories}
    for role in dict.fromkeys([*after, *before]):
        was = {line.key: line.text for line in before[role].lines} if role in before else {}
        now = {line.key: line.text for line in after[role].lines} if role in after else {}
        for key in dict.fromkeys([*now, *was]):
            pairs[key] = (was.get(key, {}), now.get(key, {}))
    marks: dict[str, dict[str, tuple[Segment, ...]]] = {}
    for key, (was, now) in pairs.items():
        for lang in languages:
            a, b = was.get(lang, ""), now.get(lang, "")
            if a != b:
                marks.setdefault(key, {})[lang] = tuple(redline_text(a, b))
    return marks


def _labels(document: Document, name: str) -> dict[str, str]:
    return {lang: labels[name] for lang, labels in document.labels.items()}


def _section(change: SectionChange, languages, language_status: dict[str, str]) -> Section:
    old, new = change.old, change.new
    base = new or old
    assert base is not None
    section_status = "+" if old is None else "-" if new is None else ""
    body = {lang: tuple(_block(block) for block in change.blocks[lang]) for lang in languages}
    status = {lang: language_status.get(lang) or section_status for lang in languages}
    return Section(
        base.clause_id,
        base.role,
        base.number,
        {**(old.label if old else {}), **(new.label if new else {})},
        {**(old.heading if old else {}), **(new.heading if new else {})},
        body,
        _marks(change, languages),
        status={lang: value for lang, value in status.items() if value},
    )


def _block(change: BlockChange):
    if change.is_table:
        return Table((change.new or change.old).rows, change.rows)
    status = change.status if change.status in "+-" else ""
    return Paragraph(accepted(change.segments), change.segments, status)


def _marks(change: SectionChange, languages) -> dict[str, dict[str, tuple[Segment, ...]]]:
    marks: dict[str, dict[str, tuple[Segment, ...]]] = {"label": {}, "heading": {}}
    for lang in languages:
        for part in ("label", "heading"):
            old = getattr(change.old, part).get(lang, "") if change.old else ""
            new = getattr(change.new, part).get(lang, "") if change.new else ""
            if old != new:
                marks[part][lang] = tuple(redline_text(old, new))
    return {part: per_language for part, per_language in marks.items() if per_language}


def summary_lines(comparison: Comparison) -> list[tuple[str, str, str]]:
    """The first page of the redline PDF: (language, kind, text), what changed in each language."""
    lines: list[tuple[str, str, str]] = []
    old, new = comparison.old.spec, comparison.new.spec
    for lang in comparison.languages:
        get = Labels(lang, comparison.templates).get
        lines.append(
            (
                lang,
                "heading",
                get("Changes from revision {old} to revision {new}", old=old.revision, new=new.revision),
            )
        )
        lines += [(lang, "item", change.line([lang], comparison.templates)) for change in comparison.changes]
        for section in comparison.sections:
            if section.status in ("added", "removed") or section.renumbered:
                shown = section.new or section.old
                title = " ".join(x for x in (shown.label[lang], shown.heading[lang]) if x)
                state = get(
                    "added"
                    if section.status == "added"
                    else "removed"
                    if section.status == "removed"
                    else "renumbered"
                )
                lines.append((lang, "item", get("{label}: {value}", label=title, value=state)))
    lines += [(SOURCE_LANGUAGE, "item", change.line()) for change in comparison.template_changes]
    lines += [(SOURCE_LANGUAGE, "warning", warning) for warning in comparison.warnings]
    return lines


def write_redlines(
    comparison: Comparison,
    out_dir: Path,
    *,
    author: str,
    date: dt.date | None = None,
    formats: tuple[str, ...] | None = None,
) -> list[Path]:
    """<id>.redline.docx (tracked changes) and <id>.redline.pdf (summary page + marked text)."""
    document = redline_document(comparison)
    when = (
        source_date(comparison.new.spec.signing.date)
        if date is None
        else dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    )
    job = Job(
        comparison.templates,
        when,
        comparison.new.raw,
        f"{document.id}.yaml",
        author=author,
        summary=tuple(summary_lines(comparison)),
    )
    rendered = lay_out(document, formats or default_formats(), job, stem=f"{document.id}.redline")
    files = {out_dir / name: output.data for name, output in rendered.items()}
    write_all(files)  # all redlines or none
    return list(files)
