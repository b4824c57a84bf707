"""The files translators get: XLIFF 2.0 (OASIS core, written with lxml) and PO (Babel).

XLIFF: one `<unit>` per unit with the Chinese `<source>`, the `<target>` if any, `state` on the
segment (a stale target: `initial` with subState `agreements:stale`), the English text and the
source hash as notes and metadata. Every `{{ … }}`, `{% … %}` and `{name}` is a `<ph>` whose
original text sits in `<originalData>` (and in `disp`/`equiv`), so a CAT tool shows it as a locked
tag; a value is marked `canDelete="no"`, a condition `canCopy="no"`. PO: msgctxt is the unit id,
msgid the Chinese, `#, fuzzy` a stale target, the placeholders listed in an extracted comment.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

from . import safe_io
from .clauses import SOURCE
from .errors import Problem, TemplateError
from .labels import SOURCE_LANGUAGE  # the labels' msgids: English, also the reference note
from .reviews import text_hash
from .translations import TAG, Incoming, Unit

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STALE = "agreements:stale"
MAX_FILE_BYTES = 16 * 1024 * 1024
FORMATS = ("xliff", "po")
# Babel reads `msgstr text"` as a (wrong) string without a word: every line is checked first
PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) )?"(?:[^"\\]|\\.)*"\s*')


def _q(name: str, ns: str = XLIFF) -> str:
    return f"{{{ns}}}{name}"


def _inline(parent, text: str, codes: dict[str, str]) -> None:
    """Fill `parent` with text and `<ph>` elements for the codes in `text`."""
    last = None
    position = 0
    for match in TAG.finditer(text):
        chunk = text[position : match.start()]
        if last is None:
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        code = match.group(0)
        ref = codes.setdefault(code, f"d{len(codes) + 1}")
        count = sum(1 for el in parent if el.get("dataRef") == ref)
        # a value must stay; a condition ({% if both %}双方{% else %}各方{% endif %}) may go
        # as a whole where the language needs no such choice (the clause check sees the rest)
        rule = {"canCopy": "no"} if code.startswith("{%") else {"canDelete": "no"}
        last = etree.SubElement(
            parent, _q("ph"), id=f"{ref}-{count + 1}", dataRef=ref, disp=code, equiv=code, **rule
        )
        position = match.end()
    rest = text[position:]
    if last is None:
        parent.text = (parent.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def write_xliff(language: str, units: list[Unit]) -> bytes:
    root = etree.Element(
        _q("xliff"), nsmap={None: XLIFF, "mda": MDA}, version="2.0", srcLang=SOURCE, trgLang=language
    )
    file = etree.SubElement(root, _q("file"), id="agreements")
    for unit in units:
        element = etree.SubElement(file, _q("unit"), id=unit.id, name=unit.name)
        group = etree.SubElement(
            etree.SubElement(element, _q("metadata", MDA)), _q("metaGroup", MDA), category="agreements"
        )
        etree.SubElement(group, _q("meta", MDA), type="source-hash").text = unit.source_hash
        if unit.note:
            notes = etree.SubElement(element, _q("notes"))
            etree.SubElement(notes, _q("note"), category=SOURCE_LANGUAGE).text = unit.note
        codes: dict[str, str] = {}
        segment = etree.Element(_q("segment"), state="initial" if unit.stale else unit.state)
        if unit.stale:
            segment.set("subState", STALE)
        _inline(etree.SubElement(segment, _q("source"), {SPACE: "preserve"}), unit.source, codes)
        if unit.target:  # spaces separate phrases in Lao and Thai: never normalised away
            _inline(etree.SubElement(segment, _q("target"), {SPACE: "preserve"}), unit.target, codes)
        if codes:
            original = etree.SubElement(element, _q("originalData"))
            for code, ref in codes.items():
                etree.SubElement(original, _q("data"), id=ref).text = code
        element.append(segment)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_po(language: str, units: list[Unit]) -> bytes:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po as babel_write_po

    from .languages import LANGUAGES

    catalog = Catalog(
        locale=LANGUAGES[language].locale, project="agreements", language_team=language, fuzzy=False
    )
    for unit in units:
        comments = [f"source-hash: {unit.source_hash}"]
        if unit.note:
            comments.append(f"en: {unit.note}")
        if unit.codes:
            comments.append("keep these placeholders exactly: " + " ".join(dict.fromkeys(unit.codes)))
        message = catalog.add(
            unit.source,
            unit.target,
            context=unit.id,
            auto_comments=comments,
            flags=("fuzzy",) if unit.stale else (),
        )
        if unit.id.startswith("clause."):  # Jinja, not a Python format string
            message.flags -= {"python-format", "python-brace-format"}
    buffer = io.BytesIO()
    babel_write_po(buffer, catalog, width=1_000_000)  # no wrapped comments
    return buffer.getvalue()


def read_file(path: Path) -> tuple[str, list[Incoming]]:
    """(target language, incoming units) of a translator's XLIFF or PO file; errors at file:line."""
    try:
        raw = safe_io.read_regular(path, limit=MAX_FILE_BYTES, what="a translation file")
    except OSError as exc:
        raise TemplateError(f"cannot read {path}: {exc.strerror or exc}") from None
    if raw.lstrip().startswith(b"<"):
        return _read_xliff(path, raw)
    return _read_po(path, raw)


def _fail(path: Path, line: int, message: str) -> TemplateError:
    return TemplateError(f"{path}:{line}: {message}", [Problem(str(path), line, 1, message)])


def _read_xliff(path: Path, raw: bytes) -> tuple[str, list[Incoming]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        message = f"not well-formed XML: {exc.msg}"
        raise TemplateError(
            f"{path}:{line}:{column}: {message}", [Problem(str(path), line, column, message)]
        ) from None
    if root.tag != _q("xliff") or root.get("version") != "2.0" or root.get("srcLang") != SOURCE:
        raise _fail(path, root.sourceline or 1, f"not an XLIFF 2.0 file from {SOURCE} (srcLang, version)")
    language = root.get("trgLang") or ""
    found = []
    for unit in root.iter(_q("unit")):
        where = f"{path}:{unit.sourceline}"
        data = {d.get("id"): d.text or "" for d in unit.iter(_q("data"))}
        meta = unit.find(f".//{_q('meta', MDA)}[@type='source-hash']")
        segments = unit.findall(_q("segment"))
        if len(segments) != 1 or segments[0].find(_q("source")) is None:
            raise _fail(path, unit.sourceline, f"unit {unit.get('id')}: expected one segment with a source")
        segment = segments[0]
        if meta is None:  # a tool dropped the metadata module: the hash of the source it kept
            source_hash = text_hash(_text(path, unit.get("id"), segment.find(_q("source")), data))
        else:
            source_hash = meta.text or ""
        target = segment.find(_q("target"))
        text = _text(path, unit.get("id"), target, data) if target is not None else ""
        state = segment.get("state") or ("translated" if text else "initial")
        found.append(Incoming(unit.get("id") or "", source_hash, text, state, where))
    return language, found


def _text(path: Path, unit_id, element, data: dict[str, str]) -> str:
    """The element's text with each `<ph>` replaced by its original code."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != _q("ph"):
            name = etree.QName(child).localname
            raise _fail(
                path, child.sourceline, f"unit {unit_id}: <{name}> in a target: only text and the <ph> codes"
            )
        if child.get("dataRef") not in data:
            raise _fail(
                path,
                child.sourceline,
                f"unit {unit_id}: <ph> without a known dataRef (a changed placeholder)",
            )
        parts.append(data[child.get("dataRef")])
        parts.append(child.tail or "")
    return "".join(parts)


def _read_po(path: Path, raw: bytes) -> tuple[str, list[Incoming]]:
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(path, 1, f"not a valid PO file: {exc}") from None
    language = _language_of(catalog)
    parsed = {message.context for message in catalog if message.id}
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        if line.strip() and not line.startswith("#") and not PO_LINE.fullmatch(line):
            raise _fail(path, number, "not a valid PO line (a keyword and a quoted string; check the quotes)")
        context = re.fullmatch(r'msgctxt "(.*)"\s*', line)
        if context and context.group(1) not in parsed:  # Babel skips a malformed entry silently
            raise _fail(path, number, f"unit {context.group(1)}: not a valid PO entry (check its quotes)")
    found = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        hashes = [c.split(": ", 1)[1] for c in message.auto_comments if c.startswith("source-hash: ")]
        if not hashes:  # an editor dropped the comments: the hash of the msgid it kept
            hashes = [text_hash(message.id)]
        state = "initial" if message.fuzzy else ("translated" if message.string else "initial")
        found.append(
            Incoming(message.context, hashes[0], message.string or "", state, f"{path}:{message.lineno or 1}")
        )
    return language, found


def _language_of(catalog) -> str:
    """The tag the export wrote in Language-Team, else the language whose locale the header names."""
    from .languages import LANGUAGES

    if catalog.language_team in LANGUAGES:
        return catalog.language_team
    locale = str(catalog.locale or "")
    return next((tag for tag, language in LANGUAGES.items() if str(language.locale) == locale), locale)
