"""The HTML stage of the PDF: Document -> HTML through the (sandboxed) Jinja2 template.

Every element that holds text has a `lang` attribute and every language an explicit font stack,
on the page margin boxes too (they do not inherit the body font); words of languages without
spaces are separated (U+200B) and kept values (amounts, dates ...) put in no-wrap spans here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateSyntaxError, pass_context
from jinja2 import TemplateError as JinjaError
from markupsafe import Markup

from .bidi import direction, is_rtl, ltr_pieces
from .columns import column_shares, may_split
from .document import Document, Paragraph, Section, Table, keeps_with_next
from .errors import AgreementError, TemplateError, display_path
from .fonts import font_stack
from .jinja_cache import Sandbox, TemplateLoader
from .languages import COUNTER_STYLES, LANGUAGES
from .templates import BUILTIN, Templates
from .words import NO_BREAK_SPACE, for_layout, joined_for_layout, kept_pieces

HTML_TEMPLATE = "html/agreement.html"


def render_html(
    document: Document,
    *,
    templates: Templates = BUILTIN,
    created: datetime.datetime,
    summary: list[tuple[str, str, str]] | None = None,
) -> str:
    """The HTML the PDF is laid out from (Lao text already carries its word breaks)."""
    shown = display_path(templates.find(HTML_TEMPLATE))  # TemplateError naming the search path
    env = _environment(templates.folders)
    try:
        template = env.get_template(HTML_TEMPLATE)
        return template.render(_context(document, created) | {"summary": summary or []})
    except TemplateSyntaxError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else shown
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
    except JinjaError as exc:
        raise TemplateError(f"{shown}: {exc}") from None
    except RecursionError:
        raise TemplateError(f"{shown}: the template includes itself or nests too deeply") from None
    except AgreementError:
        raise
    except Exception as exc:  # whatever the template makes fail (1/0 ...): named, never a traceback
        raise TemplateError(f"{shown}: {type(exc).__name__}: {exc}") from None


@lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> Sandbox:
    # Sandboxed like the clause texts: a workspace may override the HTML template, and a template
    # must not reach Python internals (e.g. ''.__class__.__mro__) whoever wrote it.
    env = Sandbox(
        "html",
        loader=TemplateLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["txt"] = text_for_layout
    env.filters["lines"] = _lines_filter
    env.filters["css_string"] = css_string
    env.filters["css_content"] = css_content
    env.filters["font_stack"] = css_font_stack
    env.filters["dir"] = _dir_filter
    env.filters["direction"] = direction
    env.filters["justify"] = lambda language: LANGUAGES[language].justify
    env.filters["hyphenation"] = lambda language: LANGUAGES[language].hyphenation
    return env


def text_for_layout(text: str, language: str) -> str:
    """Text as it goes into the HTML (word breaks and replacements from the language's data)."""
    return for_layout(text, language)


def paragraph_lines(text: str, language: str, keep: tuple[str, ...] = ()) -> Markup:
    """A paragraph's text, escaped, with its newlines as <br>; each occurrence of a `keep` text
    (amounts, dates, phone numbers ...) without break opportunities (words.joined_for_layout),
    else in a no-wrap span with no-break spaces."""
    return Markup("<br>").join(_kept_line(line, language, keep) for line in text.split("\n"))


def _kept_line(line: str, language: str, keep: tuple[str, ...]) -> Markup:
    out = []
    for piece, kept in _kept_pieces_of_line(line, language, keep):
        joined = joined_for_layout(piece, language) if kept and not is_rtl(language) else None
        if joined is not None:
            out.append(Markup.escape(joined))
        elif kept:
            inner = _isolated(piece.replace(" ", NO_BREAK_SPACE), language, ())
            opening = Markup('<span class="keep" lang="%s"%s>') % (
                language,
                Markup(' dir="rtl"') if is_rtl(language) else "",
            )
            out.append(opening + inner + Markup("</span>"))
        else:
            out.append(_isolated(piece, language, keep))
    return Markup("").join(out)


def _kept_pieces_of_line(line: str, language: str, keep: tuple[str, ...]) -> list[tuple[str, bool]]:
    """kept_pieces; in a right-to-left language without those inside a left-to-right stretch
    (a Latin name): _isolated keeps them inside the stretch's span, else the stretch came apart
    into spans of its own, laid out right to left ("(S.A.E. Equipment TEDA Suez New Energy)")."""
    pieces = kept_pieces(line, keep)
    if not is_rtl(language) or len(pieces) == 1:
        return pieces
    stretches, offset = [], 0
    for piece, ltr in ltr_pieces(line):
        if ltr:
            stretches.append((offset, offset + len(piece)))
        offset += len(piece)
    merged: list[tuple[str, bool]] = []
    offset = 0
    for piece, kept in pieces:
        start, offset = offset, offset + len(piece)
        kept = kept and not any(begin <= start and offset <= end for begin, end in stretches)
        if merged and not kept and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece, False)
        else:
            merged.append((piece, kept))
    return merged


def _isolated(text: str, language: str, keep: tuple[str, ...]) -> Markup:
    """Escaped text; in a right-to-left language each left-to-right stretch (a Latin name, a
    phone number) in a span of its own, laid out left to right (see bidi.py), the `keep` texts
    inside it without break opportunities."""
    if not is_rtl(language):
        return Markup.escape(text_for_layout(text, language))
    out = []
    for piece, ltr in ltr_pieces(text):
        if not ltr:
            out.append(Markup.escape(text_for_layout(piece, language)))
            continue
        # kept texts joined, not in spans of their own: WeasyPrint set such a line 2 pt into the
        # right margin; a long word is not hyphenated in right-to-left text (no patterns)
        inner = "".join(
            (
                joined_for_layout(part, language)
                or text_for_layout(part.replace(" ", NO_BREAK_SPACE), language)
            )
            if kept
            else text_for_layout(part, language)
            for part, kept in kept_pieces(piece, keep)
        )
        out.append(Markup('<span dir="ltr">%s</span>') % inner)
    return Markup("").join(out)


@pass_context
def _dir_filter(context, language: str) -> Markup:
    """` dir="rtl"` for an element in a right-to-left language; in a document that has one, the
    other languages' elements say ` dir="ltr"`; else nothing."""
    if not any(is_rtl(tag) for tag in context.get("languages", ())):
        return Markup("")
    return Markup(' dir="%s"') % direction(language)


@pass_context
def _lines_filter(context, text: str, language: str) -> Markup:
    return paragraph_lines(text, language, context.get("keep", {}).get(language, ()))


def tracked_changes(segments, language: str, keep: tuple[str, ...] = ()) -> Markup:
    """Redline segments as <ins>/<del>, each escaped like a paragraph."""
    tags = {"+": "ins", "-": "del"}
    out = []
    for op, text in segments:
        inner = paragraph_lines(text, language, keep)
        out.append(Markup(f"<{tags[op]}>{inner}</{tags[op]}>") if op in tags else inner)
    return Markup("").join(out)


def css_string(text: str) -> Markup:
    """A CSS string literal (safe inside <style>: no quote, backslash or '<' left raw)."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def css_content(pattern: str, language: str | None = None) -> Markup:
    """'第{page}页，共{pages}页' -> "第" counter(page) "页，共" counter(pages) "页"; the numbers in
    the language's digits (ទំព័រ ១ នៃ ២៥: counter(page, khmer))."""
    system = LANGUAGES[language].numbering_system if language in LANGUAGES else "latn"
    style = f", {COUNTER_STYLES[system]}" if COUNTER_STYLES.get(system) else ""
    parts = []
    for piece in _PLACEHOLDER.split(pattern):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece}{style})")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts) or '""')


def css_font_stack(language: str, style: str = "serif") -> Markup:
    return Markup(", ".join(str(css_string(family)) for family in font_stack(language, style)))


_FOOTER_BOXES = {
    0: (),
    1: ("@bottom-center",),
    2: ("@bottom-left", "@bottom-right"),
    3: ("@bottom-left", "@bottom-center", "@bottom-right"),
}


@dataclass(frozen=True)
class ParallelRow:
    """One row of a side-by-side section: block n of every language (None where one has fewer)."""

    cells: tuple[Paragraph | Table | None, ...]
    heading: bool  # the row of the section's heading (kept with the next row)
    wide: bool  # holds a table: the languages follow one another at full width

    @property
    def keep_next(self) -> bool:
        """A paragraph of the row introduces the next row's."""
        return keeps_with_next(self.cells)

    @property
    def long(self) -> bool:
        """A row so long that it may continue on the next page (columns.may_split)."""
        return may_split(self.cells)


def parallel_rows(section: Section, languages) -> list[ParallelRow]:
    bodies = [section.body[lang] for lang in languages]
    height = max((len(body) for body in bodies), default=0)
    cells = [tuple(body[i] if i < len(body) else None for body in bodies) for i in range(height)]
    wide = [any(isinstance(cell, Table) for cell in row) for row in cells]
    rows = [ParallelRow(row, False, is_wide) for row, is_wide in zip(cells, wide)]
    if section.role != "preamble":  # a row of its own: headings of different heights
        rows.insert(0, ParallelRow((None,) * len(bodies), True, False))
    return rows


def _tracked(document: Document, marks, text: str, language: str, keep: tuple[str, ...] | None) -> Markup:
    """A text, or its tracked changes, with `keep` (default: the document's kept texts) unbroken."""
    keep = document.kept_in_pdf(language) if keep is None else keep
    return tracked_changes(marks, language, keep) if marks else paragraph_lines(text, language, keep)


def running_title(document: Document) -> str:
    """The page header's left part: the title in the first language (never the file id)."""
    return document.title[document.languages[0]]


def _context(document: Document, created: datetime.datetime) -> dict:
    first = document.languages[0]
    sections = document.sections
    return {
        "doc": document,
        "languages": document.languages,
        "first": first,
        "title": document.title[first],
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "draft": document.status == "draft",
        "front": [s for s in sections if s.role != "annex"],
        "annexes": [s for s in sections if s.role == "annex"],
        "keep": {lang: document.kept_in_pdf(lang) for lang in document.languages},
        "running_title": running_title(document),
        "parallel_rows": lambda section: parallel_rows(section, document.languages),
        "column_shares": lambda table, lang: [
            f"{share * 100:.3f}%" for share in column_shares(table, document.kept_in_pdf(lang), lang)
        ],
        "tracked": lambda marks, text, lang, keep=None: _tracked(document, marks, text, lang, keep),
        "title_keep": lambda lang: document.keep_in_title.get(lang, document.keep_together.get(lang, ())),
        "is_table": lambda block: isinstance(block, Table),
        "is_paragraph": lambda block: isinstance(block, Paragraph),
        "footer_boxes": _FOOTER_BOXES[min(len(document.languages), 3)],
        "signature_table": document.signature_table,
        "column_width": f"{100 / max(len(document.languages), 1):.4f}%",
        "party_width": f"{100 / max(len(document.signatories), 1):.4f}%",
    }
