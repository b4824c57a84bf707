"""The Word template, opened and checked before it is used (a workspace may bring its own).

Refused, each with a message naming the file: what is not a zip or declares too much (safe_io),
what Word could not open (malformed XML, missing parts), a template without the `{{p body }}`
placeholder (the agreement text would silently be missing), and external relationships
(TargetMode="External": a remote image, a file:// or UNC hyperlink, an attached template), which
would make Word fetch or open something outside the document. They are refused rather than
removed, so that nothing in the template is changed silently.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta
from lxml import etree

from .errors import TemplateError, display_path
from .safe_io import check_zip

BODY = "body"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def open_docx_template(path: Path) -> DocxTemplate:
    """The checked template at `path` (read under the file policy; zip bombs refused)."""
    data = check_zip(path)
    shown = display_path(path)
    _refuse_external_relationships(data, shown)
    try:
        template = DocxTemplate(data)
        template.get_docx()  # opens it (docxtpl opens lazily)
        source = template.patch_xml(template.get_xml())
    except Exception as exc:  # lxml, python-docx and zipfile each have their own errors
        raise TemplateError(
            f"{shown}: cannot use this template: Word could not open it ({type(exc).__name__}: {exc})"
        ) from None
    try:
        used = meta.find_undeclared_variables(jinja2.Environment().parse(source))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{shown}: template syntax error: {exc.message}") from None
    if BODY not in used:
        raise TemplateError(
            f"{shown}: cannot use this template: it has no `{{{{p {BODY} }}}}` paragraph, "
            "so the agreement's text would be missing"
        )
    return template


def _refuse_external_relationships(data: io.BytesIO, shown: str) -> None:
    with zipfile.ZipFile(data) as archive:
        for member in archive.infolist():
            if not member.filename.endswith(".rels"):
                continue
            try:
                root = etree.fromstring(archive.read(member), _PARSER)
            except etree.XMLSyntaxError as exc:
                raise TemplateError(f"{shown}: cannot use this template: {member.filename}: {exc}") from None
            for relationship in root.iter(_RELATIONSHIPS):
                if (relationship.get("TargetMode") or "").lower() == "external":
                    raise TemplateError(
                        f"{shown}: cannot use this template: {member.filename} links to "
                        f"{relationship.get('Target')!r} outside the document (TargetMode=External); "
                        "remove the link, remote image or attached template"
                    )
    data.seek(0)
