"""A redline Document: the new revision's structure, every changed text carried as tracked changes.

Accepting every change gives the new revision's text; rejecting every change gives the old one.
Tables are shown as one paragraph per row (cells joined by ' | '), so a changed cell reads in place.
"""
from __future__ import annotations

import dataclasses

from .diff import Comparison, SectionChange, paragraphs_of, redline_text
from .document import Document, Paragraph, Section, Segment


def redline_document(comparison: Comparison) -> Document:
    languages = tuple(comparison.languages)
    new = comparison.new.document
    sections = tuple(_section(change, languages) for change in comparison.sections)
    return dataclasses.replace(new, languages=languages, sections=sections)


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
                marks[part][lang] = tuple(redline_text(old, new, lang))
    return {part: per_language for part, per_language in marks.items() if per_language}


def accepted(segments) -> str:
    return "".join(text for op, text in segments if op != "-")


def rejected(segments) -> str:
    return "".join(text for op, text in segments if op != "+")
