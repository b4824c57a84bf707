"""The composed document: one model that both writers (DOCX, PDF) and the diff read.

Everything language-dependent is a dict keyed by language tag; articles are aligned by clause id,
and numbering is decided once, here, not by the writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

Segment = tuple[str, str]  # ("=", kept), ("+", inserted), ("-", deleted): redlines only


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of plain text (never markup: writers escape it)."""

    text: str
    changes: tuple[Segment, ...] = ()  # in a redline: the tracked changes that make up `text`
    status: str = ""  # in a redline: "+" a whole paragraph inserted, "-" deleted (its mark too)
    # it introduces the next paragraph (ends with a colon, or opens a quotation it does not
    # close: an amended article's quoted title): never the last line of a page
    keep_with_next: bool = False


def keeps_with_next(blocks) -> bool:
    """One of `blocks` (a side-by-side row's, None where a language has none) introduces the next."""
    return any(isinstance(block, Paragraph) and block.keep_with_next for block in blocks)


@dataclass(frozen=True)
class Table:
    """A table whose first row is the header."""

    rows: tuple[tuple[str, ...], ...]
    changes: tuple[RowChange, ...] = ()  # in a redline: one per row, in place of `rows`


@dataclass(frozen=True)
class RowChange:
    """In a redline: one table row, kept (""), inserted ("+") or deleted ("-"), its cells as
    tracked changes."""

    status: str
    cells: tuple[tuple[Segment, ...], ...]


Block = Paragraph | Table
PerLanguage = dict[str, str]


@dataclass(frozen=True)
class Section:
    """An article, the preamble or an annex: the same clause in every language."""

    clause_id: str  # stable id, e.g. "confidentiality"; articles align on it
    role: str  # "preamble", "article" or "annex"
    number: int | None  # article or annex number; None for the preamble
    label: PerLanguage  # "第三条" / "Article 3" / "ມາດຕາ 3" ("" for the preamble)
    heading: PerLanguage  # clause title per language
    body: dict[str, tuple[Block, ...]]
    marks: dict[str, dict[str, tuple[Segment, ...]]] = field(default_factory=dict)
    # in a redline: {"label" or "heading": {language: tracked changes}} where they changed
    # keyword-only, so that an optional field added later can never take another's place
    source: str = field(default="", kw_only=True)
    # where the text comes from, when not templates/clauses/<clause_id>.yaml
    status: dict[str, str] = field(default_factory=dict, kw_only=True)
    # in a redline: {language: "+" or "-"} where the whole section is inserted or deleted
    TEMPLATE_METHODS: ClassVar = ("text_marks",)  # what the sandbox lets a template call

    def text_marks(self, part: str, language: str) -> tuple[Segment, ...]:
        """The tracked changes of the label or heading, or () when it did not change."""
        return self.marks.get(part, {}).get(language, ())


@dataclass(frozen=True)
class SignatureLine:
    """One line of a signature block, in every language."""

    field: str  # party, signatory, place, signed-on (printed), or signature, seal, date (by hand)
    text: PerLanguage
    key: str  # where its tracked changes are in Document.marks: "signatory.B.seal"

    @property
    def to_fill_in(self) -> bool:
        return self.field in FIELDS_TO_FILL_IN


FIELDS_TO_FILL_IN = ("signature", "seal", "date")


@dataclass(frozen=True)
class Signatory:
    """One party's signature block."""

    role: str  # "A", "B", "C"
    lines: tuple[SignatureLine, ...]
    status: str = ""  # in a redline: "+" a party added, "-" removed

    @staticmethod
    def mark_key(role: str, field: str) -> str:
        return f"signatory.{role}.{field}"


@dataclass(frozen=True)
class SignatureRow:
    """One party's line of the signature table, in the languages of the table."""

    lines: tuple[tuple[str, str, str], ...]  # (language, text, key in Document.marks), per language
    kind: str  # its SignatureLine's field: party, signatory, signature, seal ...

    @property
    def field(self) -> str:
        """ "", or "signature", "seal", "date": a line filled in by hand, with room below."""
        return self.kind if self.kind in FIELDS_TO_FILL_IN else ""


ROW_OF = {"signed-on": "date"}  # a date already known stands in the row of the dates to fill in


@dataclass(frozen=True)
class Document:
    id: str
    revision: int
    status: str  # "draft" or "final"
    kind: str
    languages: tuple[str, ...]
    layout: str  # the layout actually used
    layout_note: str  # why the layout differs from the spec's, or ""
    title: PerLanguage
    labels: dict[str, dict[str, str]]  # per language: draft, page_template, revision, seal ...
    sections: tuple[Section, ...]
    signatories: tuple[Signatory, ...]
    signing_line: PerLanguage  # "Signed at Guangzhou on 18 December 2026"
    marks: dict[str, dict[str, tuple[Segment, ...]]] = field(default_factory=dict)
    # in a redline: tracked changes of "title", "signing_line", each SignatureLine.key, and the
    # header's "revision" and "draft"
    keep_together: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # per language: texts a line must not break inside (amounts, dates, phone numbers, article
    # labels, party roles), longest first; the writers protect each occurrence
    keep_in_title: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # per language: keep_together and the title's words (language data title_segmenter)
    unhyphenated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # per language: words the PDF never hyphenates (capitalised words of the parties' names and
    # addresses); the DOCX is not hyphenated

    def kept_in_pdf(self, language: str) -> tuple[str, ...]:
        """What a line of the PDF never breaks inside: the kept texts and the unhyphenated words."""
        return self.keep_together.get(language, ()) + self.unhyphenated.get(language, ())

    TEMPLATE_METHODS: ClassVar = ("text_marks", "status_of")  # what the sandbox lets a template call
    used_labels: dict[str, frozenset[str]] = field(default_factory=dict)
    # per language: the catalog messages its text uses (a final text's review check, reviews.py)
    language_status: dict[str, str] = field(default_factory=dict)
    # in a redline: {language: "+" or "-"} for a language added or removed

    def status_of(self, language: str, *more: str) -> str:
        """A redline paragraph's own status: inserted or deleted with its language or with any of
        `more` (a section's or a party's status), else ""."""
        return next((s for s in (self.language_status.get(language, ""), *more) if s), "")

    def text_marks(self, key: str, language: str) -> tuple[Segment, ...]:
        """The tracked changes of one text outside the sections, or () when it did not change."""
        return self.marks.get(key, {}).get(language, ())

    def signature_table(self, languages) -> list[list[SignatureRow | None]]:
        """Rows of the signature table, one per field (party, signatory, signature, seal ...), so
        that fields align across parties; a party without a field (no seal) leaves its cell empty.
        Both writers lay the parties' blocks out so."""
        rows: dict[str, None] = {}
        for party in self.signatories:
            rows.update(dict.fromkeys(ROW_OF.get(line.field, line.field) for line in party.lines))
        columns = [
            {
                ROW_OF.get(line.field, line.field): SignatureRow(
                    tuple((lang, line.text[lang], line.key) for lang in languages), line.field
                )
                for line in party.lines
            }
            for party in self.signatories
        ]
        for party, column in zip(self.signatories, columns, strict=True):
            if len(column) != len(party.lines):  # two lines in one row: one would be lost
                raise ValueError(f"party {party.role} has two signature lines in one row")
        return [[column.get(row) for column in columns] for row in rows]

    def text(self, language: str) -> list[str]:
        """Every line of text in one language, in reading order (for checks and tests): the
        articles, "no text below", the signing line and signature blocks, then the annexes."""
        lines = [self.title[language]]
        front = [s for s in self.sections if s.role != "annex"]
        annexes = [s for s in self.sections if s.role == "annex"]
        for section in front:
            lines += _section_lines(section, language)
        lines += [x for x in (self.labels.get(language, {}).get("no_text_below", ""),) if x]
        lines.append(self.signing_line[language])
        for signatory in self.signatories:
            lines += [line.text[language] for line in signatory.lines]
        for section in annexes:
            lines += _section_lines(section, language)
        return lines


def _section_lines(section: Section, language: str) -> list[str]:
    lines = [x for x in (section.label[language], section.heading[language]) if x]
    for block in section.body[language]:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [cell for row in block.rows for cell in row]
    return lines
