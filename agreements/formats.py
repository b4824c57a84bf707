"""Output formats: each one a class in this registry, and the one lay-out step that runs them.

A format declares its name (also its file suffix), the templates it reads (they go into the
manifest's input hash), whether it needs the fonts checked first, and how it renders a Document.
Build, redline, pack, the CLI's choices and the manifest check all read `FORMATS`; nothing else
lists the formats. Writers are imported inside `render`, so a no-op build never loads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .document import Document
from .templates import Templates


@dataclass(frozen=True)
class Job:
    """What a writer needs besides the document."""

    templates: Templates
    created: dt.datetime  # the documents' fixed creation time
    spec_bytes: bytes  # the source spec, attached to the PDF
    spec_name: str
    author: str = "agreements"  # author of tracked changes (redlines)
    summary: tuple[tuple[str, str, str], ...] = ()  # redline summary page: (language, kind, text)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int | None = None  # when the writer knows it (PDF)


class OutputFormat:
    name: ClassVar[str]  # also the file suffix: <id>.<name>
    templates: ClassVar[tuple[str, ...]] = ()
    needs_fonts: ClassVar[bool] = False
    default: ClassVar[bool] = True  # built unless the user picks formats

    def render(self, document: Document, job: Job) -> Rendered:
        raise NotImplementedError


FORMATS: dict[str, OutputFormat] = {}


def register(cls: type[OutputFormat]) -> type[OutputFormat]:
    FORMATS[cls.name] = cls()
    return cls


def default_formats() -> tuple[str, ...]:
    return tuple(name for name, output in FORMATS.items() if output.default)


@register
class Docx(OutputFormat):
    """Word, with the agreement's styles from the DOCX template; redlines as tracked changes."""

    name = "docx"
    templates = ("docx/agreement.docx",)

    def render(self, document: Document, job: Job) -> Rendered:
        from .docx_writer import render_docx

        return Rendered(
            render_docx(document, templates=job.templates, created=job.created, author=job.author)
        )


@register
class Pdf(OutputFormat):
    """PDF/A-3b through HTML and WeasyPrint, with the source spec attached."""

    name = "pdf"
    templates = ("html/agreement.html", "html/agreement.css")
    needs_fonts = True

    def render(self, document: Document, job: Job) -> Rendered:
        from .pdf_writer import render_pdf_and_count

        data, pages = render_pdf_and_count(
            document,
            templates=job.templates,
            spec_bytes=job.spec_bytes,
            spec_name=job.spec_name,
            created=job.created,
            summary=list(job.summary) or None,
        )
        return Rendered(data, pages)


@register
class Text(OutputFormat):
    """Plain UTF-8 text, each language in turn: for reading, searching and review diffs."""

    name = "txt"
    default = False

    def render(self, document: Document, job: Job) -> Rendered:
        parts = ["\n".join(document.text(language)) for language in document.languages]
        return Rendered(("\n\n".join(parts) + "\n").encode("utf-8"))


def lay_out(document: Document, formats: tuple[str, ...], job: Job, stem: str) -> dict[str, Rendered]:
    """Every requested format of `document`, as file name -> Rendered; nothing is written here.

    The fonts are checked before anything is rendered, so a missing glyph fails fast.
    """
    chosen = [FORMATS[name] for name in formats]
    if any(output.needs_fonts for output in chosen):
        from .fonts import require_fonts

        require_fonts(document)
    return {f"{stem}.{output.name}": output.render(document, job) for output in chosen}
