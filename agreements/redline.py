"""A redline Document: the new revision's structure, every changed text carried as tracked changes.

Accepting every change gives the new revision's text; rejecting every change gives the old one.
Tables are shown as one paragraph per row (cells joined by ' | '), so a changed cell reads in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from .build import source_date
from .compare import Comparison, SectionChange, paragraphs_of, redline_text
from .document import Document, Paragraph, Section, Segment
from .files import write_all
from .formats import Job, default_formats, lay_out
from .labels import SOURCE_LANGUAGE, Labels


def redline_document(comparison: Comparison) -> Document:
    languages = tuple(comparison.languages)
    new = comparison.new.document
    sections = tuple(_section(change, languages) for change in comparison.sections)
    old = comparison.old.document
    kept = {signatory.role for signatory in new.signatories}
    signatories = new.signatories + tuple(s for s in old.signatories if s.role not in kept)
    return dataclasses.replace(
        new,
        languages=languages,
        sections=sections,
        signatories=signatories,
        marks=_text_marks(old, new, languages),
    )


def _text_marks(old: Document, new: Document, languages) -> dict[str, dict[str, tuple[Segment, ...]]]:
    """Tracked changes of the title, the signing line and the signature blocks."""
    pairs = {"title": (old.title, new.title), "signing_line": (old.signing_line, new.signing_line)}
    before = {s.role: s for s in old.signatories}
    after = {s.role: s for s in new.signatories}
    for role in dict.fromkeys([*after, *before]):
        was = {line.key: line.text for line in before[role].lines} if role in before else {}
        now = {line.key: line.text for line in after[role].lines} if role in after else {}
        for key in dict.fromkeys([*now, *was]):
            pairs[key] = (
                {lang: was[key][lang] if key in was else "" for lang in languages},
                {lang: now[key][lang] if key in now else "" for lang in languages},
            )
    marks: dict[str, dict[str, tuple[Segment, ...]]] = {}
    for key, (was, now) in pairs.items():
        for lang in languages:
            if was[lang] != now[lang]:
                marks.setdefault(key, {})[lang] = tuple(redline_text(was[lang], now[lang]))
    return marks


def _section(change: SectionChange, languages) -> Section:
    base = change.new or change.old
    assert base is not None
    body = {}
    for lang in languages:
        if change.status == "same":
            body[lang] = tuple(Paragraph(text) for text in paragraphs_of(base, lang))
        else:
            body[lang] = tuple(
                Paragraph(accepted(segments), tuple(segments)) for segments in change.paragraphs[lang]
            )
    return Section(
        base.clause_id,
        base.role,
        base.number,
        dict(base.label),
        dict(base.heading),
        body,
        _marks(change, languages),
    )


def _marks(change: SectionChange, languages) -> dict[str, dict[str, tuple[Segment, ...]]]:
    marks: dict[str, dict[str, tuple[Segment, ...]]] = {"label": {}, "heading": {}}
    for lang in languages:
        for part in ("label", "heading"):
            old = getattr(change.old, part)[lang] if change.old else ""
            new = getattr(change.new, part)[lang] if change.new else ""
            if old != new:
                marks[part][lang] = tuple(redline_text(old, new))
    return {part: per_language for part, per_language in marks.items() if per_language}


def accepted(segments) -> str:
    return "".join(text for op, text in segments if op != "-")


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
