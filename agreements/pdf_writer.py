"""The PDF writer: Document -> HTML (Jinja2 template) -> PDF/A-3b (WeasyPrint).

Traps this module handles:
- tables use `table-layout: fixed` with explicit column widths (automatic layout and CSS grid
  are one or two orders of magnitude slower with CJK text);
- every element that holds text has a `lang` attribute, and every language has an explicit
  font stack, on the page margin boxes too (they do not inherit the body font);
- Lao words are separated with U+200B before layout (Pango finds no breaks in Lao);
- resources are fetched only from data: URLs and the template folders, and a refused or failed
  fetch fails the build (WeasyPrint would only log it);
- the output is reproducible: fixed dates for the metadata and the attached spec.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from jinja2 import StrictUndefined, TemplateSyntaxError, pass_context
from jinja2 import TemplateError as JinjaError
from markupsafe import Markup
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .columns import column_shares
from .document import Document, Paragraph, Section, Signatory, Table
from .errors import AgreementError, TemplateError, display_path
from .fonts import font_stack
from .jinja_cache import Sandbox, TemplateLoader
from .languages import COUNTER_STYLES, LANGUAGES
from .pdf_fonts import finish
from .pdf_text_layer import install as install_text_layer
from .safe_io import check_template
from .templates import BUILTIN, Templates
from .words import NO_BREAK_SPACE, for_layout, kept_pieces

HTML_TEMPLATE = "html/agreement.html"
CSS_TEMPLATE = "html/agreement.css"


def render_pdf(document: Document, **arguments) -> bytes:
    """The agreement as PDF/A-3b bytes (see `render_pdf_and_count`)."""
    return render_pdf_and_count(document, **arguments)[0]


def render_pdf_and_count(
    document: Document,
    *,
    templates: Templates = BUILTIN,
    spec_bytes: bytes,
    spec_name: str,
    created: datetime.datetime,
    summary: list[tuple[str, str, str]] | None = None,
) -> tuple[bytes, int]:
    """The agreement as PDF/A-3b bytes, with the source spec attached, and its number of pages.

    `summary` (redlines): (language, kind, line) rows on a first page of their own; kind is
    heading, item or warning.

    Same arguments -> byte-identical output. Raises TemplateError for a broken template or a
    template that fetches a resource outside the template folders.
    """
    html_path = templates.find(HTML_TEMPLATE)
    css_path = templates.find(CSS_TEMPLATE)
    stamp = _utc(created)
    html_text = render_html(document, templates=templates, created=stamp, summary=summary)

    fetcher = SafeURLFetcher(templates.folders)
    with _fail_on_logged_errors() as logged:
        try:
            html = weasyprint.HTML(
                string=html_text, base_url=html_path.parent.as_uri() + "/", url_fetcher=fetcher
            )
            css = weasyprint.CSS(
                filename=str(check_template(css_path)), url_fetcher=fetcher, font_config=font_configuration()
            )
            attachment = weasyprint.Attachment(
                file_obj=io.BytesIO(spec_bytes),
                name=spec_name,
                url_fetcher=fetcher,
                description=f"source spec of {document.id}",
                created=stamp,
                modified=stamp,
                relationship="Source",
            )
            options = dict(
                stylesheets=[css], attachments=[attachment], pdf_variant="pdf/a-3b", uncompressed_pdf=False
            )
            install_text_layer()  # lines of scripts drawn out of text order carry their text
            laid_out = html.render(font_config=font_configuration(), **options)
            pdf = laid_out.write_pdf(finisher=finish, **options)
        except FatalURLFetchingError as exc:
            raise _fetch_error(fetcher, logged, exc) from None
    if fetcher.refused or logged:
        raise _fetch_error(fetcher, logged, None)
    return pdf, len(laid_out.pages)


def _fetch_error(fetcher: SafeURLFetcher, logged: list[str], exc) -> TemplateError:
    if fetcher.refused:
        urls = ", ".join(fetcher.refused)
        return TemplateError(
            f"the PDF template tried to fetch {urls}; only data: URLs and files "
            f"under the template folders ({', '.join(map(str, fetcher.roots))}) "
            "are allowed"
        )
    reason = "; ".join(logged) or (f"{exc}: {exc.__cause__}" if exc else "unknown error")
    return TemplateError(f"the PDF could not be rendered: {reason}")


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """`moment` as a naive UTC datetime (naive input is taken to be UTC already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


@lru_cache(maxsize=1)
def font_configuration():
    """One FontConfiguration per process: building it scans the installed fonts."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# --- URL fetching ------------------------------------------------------------------------------


class SafeURLFetcher(URLFetcher):
    """Fetch data: URLs and files under the template folders; refuse everything else.

    A refused URL is remembered and raises; with fail_on_errors=True WeasyPrint turns that into
    a FatalURLFetchingError that stops the rendering (instead of logging and carrying on).
    """

    def __init__(self, roots):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data" or (scheme == "file" and self._allowed_file(url)):
            return super().fetch(url, headers)
        self.refused.append(url)
        raise PermissionError(f"fetching {url} is not allowed")

    def _allowed_file(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return False
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, RuntimeError):
            return False
        return path.is_file() and any(path.is_relative_to(root) for root in self.roots)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def _fail_on_logged_errors():
    """Collect the errors WeasyPrint logs (it logs failed fetches instead of raising)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


# --- HTML --------------------------------------------------------------------------------------


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
    return env


def text_for_layout(text: str, language: str) -> str:
    """Text as it goes into the HTML (word breaks and replacements from the language's data)."""
    return for_layout(text, language)


def paragraph_lines(text: str, language: str, keep: tuple[str, ...] = ()) -> Markup:
    """A paragraph's text, escaped, with its newlines as <br>; each occurrence of a `keep` text
    (amounts, dates, phone numbers ...) in a no-wrap span with no-break spaces."""
    return Markup("<br>").join(_kept_line(line, language, keep) for line in text.split("\n"))


def _kept_line(line: str, language: str, keep: tuple[str, ...]) -> Markup:
    out = []
    for piece, kept in kept_pieces(line, keep):
        if kept:
            inner = Markup.escape(text_for_layout(piece.replace(" ", NO_BREAK_SPACE), language))
            out.append(Markup('<span class="keep" lang="%s">') % language + inner + Markup("</span>"))
        else:
            out.append(Markup.escape(text_for_layout(piece, language)))
    return Markup("").join(out)


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
class SignatureRow:
    lines: tuple[tuple[str, str, str], ...]  # (language, text, key in Document.marks), per language
    field: str  # "", or "signature", "seal", "date": leave room below


def signature_rows(signatory: Signatory, languages) -> list[SignatureRow]:
    """A party's signature lines, the same line in every language together."""
    return [
        SignatureRow(
            tuple((lang, line.text[lang], line.key) for lang in languages),
            line.field if line.to_fill_in else "",
        )
        for line in signatory.lines
    ]


ROW_OF = {"signed-on": "date"}  # a date already known stands in the row of the dates to fill in


def signature_table(document: Document, languages) -> list[list[SignatureRow | None]]:
    """Rows of the signature table, one per field (party, signatory, signature, seal ...), so that
    fields align across parties; a party without a field (no seal) leaves its cell empty."""
    fields: dict[str, None] = {}
    for party in document.signatories:
        fields.update(dict.fromkeys(ROW_OF.get(line.field, line.field) for line in party.lines))
    columns = [
        dict(
            zip(
                (ROW_OF.get(line.field, line.field) for line in party.lines),
                signature_rows(party, languages),
                strict=True,
            )
        )
        for party in document.signatories
    ]
    return [[column.get(field) for column in columns] for field in fields]


@dataclass(frozen=True)
class ParallelRow:
    """One row of a side-by-side section: block n of every language (None where one has fewer)."""

    cells: tuple[Paragraph | Table | None, ...]
    heading: bool  # the row of the section's heading (kept with the next row)
    wide: bool  # holds a table: the languages follow one another at full width


def parallel_rows(section: Section, languages) -> list[ParallelRow]:
    bodies = [section.body[lang] for lang in languages]
    height = max((len(body) for body in bodies), default=0)
    cells = [tuple(body[i] if i < len(body) else None for body in bodies) for i in range(height)]
    wide = [any(isinstance(cell, Table) for cell in row) for row in cells]
    rows = [ParallelRow(row, False, is_wide) for row, is_wide in zip(cells, wide)]
    if section.role != "preamble":  # a row of its own: headings of different heights
        rows.insert(0, ParallelRow((None,) * len(bodies), True, False))
    return rows


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
        "keep": document.keep_together,
        "running_title": running_title(document),
        "parallel_rows": lambda section: parallel_rows(section, document.languages),
        "column_shares": lambda table, lang: [
            f"{share * 100:.3f}%" for share in column_shares(table, document.keep_together.get(lang, ()))
        ],
        "tracked": lambda marks, text, lang: (
            tracked_changes(marks, lang, document.keep_together.get(lang, ()))
            if marks
            else paragraph_lines(text, lang, document.keep_together.get(lang, ()))
        ),
        "is_table": lambda block: isinstance(block, Table),
        "is_paragraph": lambda block: isinstance(block, Paragraph),
        "footer_boxes": _FOOTER_BOXES[min(len(document.languages), 3)],
        "signature_table": lambda langs: signature_table(document, langs),
        "column_width": f"{100 / max(len(document.languages), 1):.4f}%",
        "party_width": f"{100 / max(len(document.signatories), 1):.4f}%",
    }
