"""The PDF writer: Document -> HTML (html_writer) -> PDF/A-3b (WeasyPrint).

Traps this module handles:
- tables use `table-layout: fixed` with explicit column widths (automatic layout and CSS grid
  are one or two orders of magnitude slower with CJK text);
- resources are fetched only from data: URLs and the template folders, and a refused or failed
  fetch fails the build (WeasyPrint would only log it);
- the output is reproducible: fixed dates for the metadata and the attached spec.
"""

from __future__ import annotations

import datetime
import io
import logging
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .document import Document
from .errors import TemplateError
from .html_writer import HTML_TEMPLATE, render_html
from .pdf_fonts import finish
from .pdf_justify import install as install_justification
from .pdf_page_ends import install as install_page_ends
from .pdf_text_layer import install as install_text_layer
from .safe_io import check_template
from .templates import BUILTIN, Templates

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
            install_justification()  # justified lines stretch between Chinese characters too
            install_page_ends()  # no word hyphenated across a page break
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
