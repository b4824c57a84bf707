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
from .files import write_atomic
from .labels import Labels


def redline_document(comparison: Comparison) -> Document:
    languages = tuple(comparison.languages)
    new = comparison.new.document
    sections = tuple(_section(change, languages) for change in comparison.sections)
    old = comparison.old.document
    kept = {signatory.role for signatory in new.signatories}
    signatories = new.signatories + tuple(s for s in old.signatories if s.role not in kept)
    return dataclasses.replace(new, languages=languages, sections=sections, signatories=signatories,
                               marks=_text_marks(old, new, languages))


def _text_marks(old: Document, new: Document, languages) -> dict[str, dict[str, tuple[Segment, ...]]]:
    """Tracked changes of the title, the signing line and the signature blocks."""
    pairs = {"title": (old.title, new.title), "signing_line": (old.signing_line, new.signing_line)}
    before = {s.role: s for s in old.signatories}
    after = {s.role: s for s in new.signatories}
    for role in dict.fromkeys([*after, *before]):
        was, now = before.get(role), after.get(role)
        for index in range(len((now or was).lines[languages[0]])):  # type: ignore[union-attr]
            pairs[f"signatory.{role}.{index}"] = (
                {lang: was.lines[lang][index] if was else "" for lang in languages},
                {lang: now.lines[lang][index] if now else "" for lang in languages})
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
            body[lang] = tuple(Paragraph(accepted(segments), tuple(segments))
                               for segments in change.paragraphs[lang])
    return Section(base.clause_id, base.role, base.number, dict(base.label), dict(base.heading), body,
                   _marks(change, languages))


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
        get = Labels(lang).get
        lines.append((lang, "heading", get("Changes from revision {old} to revision {new}",
                                           old=old.revision, new=new.revision)))
        lines += [(lang, "item", change.line([lang])) for change in comparison.changes]
        for section in comparison.sections:
            if section.status in ("added", "removed") or section.renumbered:
                shown = section.new or section.old
                title = " ".join(x for x in (shown.label[lang], shown.heading[lang]) if x)
                state = get("added" if section.status == "added" else
                            "removed" if section.status == "removed" else "renumbered")
                lines.append((lang, "item", get("{label}: {value}", label=title, value=state)))
    lines += [("en", "warning", warning) for warning in comparison.warnings]
    return lines


def write_redlines(comparison: Comparison, out_dir: Path, *, author: str, date: dt.date | None = None,
                   formats: tuple[str, ...] = ("docx", "pdf")) -> list[Path]:
    """<id>.redline.docx (tracked changes) and <id>.redline.pdf (summary page + marked text)."""
    document = redline_document(comparison)
    when = source_date(comparison.new.spec.signing.date) if date is None else \
        dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    outputs = {}
    if "pdf" in formats:
        from .fonts import require_fonts
        require_fonts(document)  # before anything is written
    if "docx" in formats:
        from .docx_writer import render_docx
        outputs[f"{document.id}.redline.docx"] = render_docx(document, created=when, author=author)
    if "pdf" in formats:
        from .pdf_writer import render_pdf
        outputs[f"{document.id}.redline.pdf"] = render_pdf(
            document, spec_bytes=comparison.new.raw, spec_name=f"{document.id}.yaml", created=when,
            summary=summary_lines(comparison))
    paths = []
    for name, data in outputs.items():
        write_atomic(out_dir / name, data)
        paths.append(out_dir / name)
    return paths
