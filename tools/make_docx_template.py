#!/usr/bin/env python3
"""Generate templates/docx/agreement.docx, the Word template the DOCX writer renders through.

    python3 tools/make_docx_template.py [OUTPUT]

The .docx is committed; this script documents what is in it and regenerates it. A user restyles the
agreement by editing the styles of (a copy of) the .docx in Word (workspace templates/docx/agreement.docx
wins over the built-in one); the writer only references styles by id, never sets formatting itself.

What the template holds:
- page setup: A4, 2 cm side margins, 2.5 cm top and bottom, header and footer 1.25 cm from the edge;
- the header `{{p header }}` and the footer `{{p footer }}` (agreement id, revision, draft mark; "page X
  of Y" in every language with PAGE and NUMPAGES fields), and the body `{{p body }}`: the writer
  replaces each of these paragraphs with generated WordprocessingML;
- paragraph styles: Title, Heading 1 (article headings), Heading 2 (the same heading in the other
  languages, interleaved layout), Body Text, Table Text, Table Heading, Signing Line, Signature,
  Signature Heading, Header, Footer, Draft Mark, Separator (the empty paragraph that carries a page
  break between tables);
- one character style per language, "Lang <tag>", with the font of each Word font slot
  (w:ascii/w:hAnsi Latin, w:eastAsia, w:cs complex script) and the proofing language in the slot the
  language's script uses (w:val, w:eastAsia or w:bidi), from agreements/languages.py;
- table styles: Agreement Table (tables inside clauses), Parallel Text (side-by-side columns) and
  Signature Table (one column per party).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreements.docx_xml import (  # noqa: E402  (the writer owns the style ids)
    PAGE,
    STYLE,
    TEMPLATE_CREATED,
    language_style,
    rfonts,
    slot_fonts,
)
from agreements.languages import LANGUAGES  # noqa: E402
from agreements.reproducible import normalize_zip  # noqa: E402

OUTPUT = ROOT / "templates" / "docx" / "agreement.docx"

BODY_SIZE = 21  # half-points: 10.5 pt (五号), the usual size of a Chinese contract
SMALL_SIZE = 16  # 8 pt: header, footer
INK = "1F1F1F"
ACCENT = INK  # title and headings: black, as in the PDF (one house style)
RULE = "7F7F7F"
SEAL_ROOM = 2550  # twips below "Seal": 4.5 cm for a company seal (4-4.2 cm across)


def rpr(size=None, bold=False, color=None, fonts=True, extra="") -> str:
    parts = []
    if fonts:
        parts.append(rfonts(slot_fonts()))
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    parts.append(extra)
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def paragraph_style(
    style_id, name, ppr, run, *, based_on="Normal", next_style=None, ui=None, builtin=False
) -> str:
    custom = "" if builtin else ' w:customStyle="1"'
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    priority = f'<w:uiPriority w:val="{ui}"/>' if ui is not None else ""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph"{custom} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{nxt}{priority}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{run}</w:style>"
    )


def spacing(before=0, after=0, line=None) -> str:
    line_attr = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_attr}/>'


def table_style(style_id, name, borders: str, cell_margin=(57, 108)) -> str:
    top, side = cell_margin
    return (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:pPr>{spacing(0, 0)}</w:pPr>"
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
        f'<w:bottom w:w="{top}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr></w:style>"
    )


def border(edges, val="single", size=4, color=RULE) -> str:
    return "".join(f'<w:{edge} w:val="{val}" w:sz="{size}" w:space="0" w:color="{color}"/>' for edge in edges)


def styles() -> list[str]:
    s = STYLE
    text_width = PAGE["width"] - PAGE["left"] - PAGE["right"]
    keep = "<w:keepNext/><w:keepLines/>"
    result = [
        paragraph_style(
            s["title"],
            "Title",
            keep + spacing(0, 120) + '<w:jc w:val="center"/>',
            rpr(32, bold=True, color=ACCENT),
            next_style=s["body"],
            ui=10,
            builtin=True,
        ),
        paragraph_style(
            s["heading1"],
            "heading 1",
            keep + spacing(240, 80) + '<w:outlineLvl w:val="0"/>',
            rpr(BODY_SIZE + 1, bold=True, color=ACCENT),
            next_style=s["body"],
            ui=9,
            builtin=True,
        ),
        paragraph_style(
            s["heading2"],
            "heading 2",
            keep + spacing(160, 80) + '<w:outlineLvl w:val="1"/>',
            "<w:rPr/>",
            based_on=s["heading1"],
            next_style=s["body"],
            ui=9,
            builtin=True,
        ),
        paragraph_style(
            s["body"],
            "Body Text",
            '<w:overflowPunct w:val="0"/>' + spacing(0, 100, 288),
            rpr(BODY_SIZE, color=INK),
            next_style=s["body"],
            ui=1,
            builtin=True,
        ),
        paragraph_style(
            s["table_text"],
            "Table Text",
            spacing(0, 0, 264),
            rpr(BODY_SIZE - 2, color=INK),
            based_on=s["body"],
        ),
        paragraph_style(
            s["table_heading"],
            "Table Heading",
            keep + spacing(0, 0, 264),
            rpr(BODY_SIZE - 2, bold=True, color=INK),
            based_on=s["table_text"],
        ),
        paragraph_style(
            s["signing_line"],
            "Signing Line",
            keep + spacing(0, 120, 288),  # its translations 6 pt below it, as in the PDF
            rpr(BODY_SIZE, color=INK),
            based_on=s["body"],
        ),
        # a line of a signature block, its translations tight below it, then a gap (as the PDF)
        paragraph_style(
            s["signature"],
            "Signature",
            "<w:keepLines/>" + spacing(0, 0, 288),
            rpr(BODY_SIZE, color=INK),
            based_on=s["body"],
            builtin=True,
        ),
        paragraph_style(
            s["signature_end"],
            "Signature Last Language",
            "<w:keepLines/>" + spacing(0, 160, 288),
            rpr(BODY_SIZE, color=INK),
            based_on=s["signature"],
        ),
        paragraph_style(
            s["signature_field"],
            "Signature Field",
            "<w:keepLines/>" + spacing(480, 160, 288) + f"<w:pBdr>{border(('bottom',), size=6)}</w:pBdr>",
            rpr(BODY_SIZE, color=INK),
            based_on=s["signature"],
        ),
        paragraph_style(
            s["seal_field"],
            "Seal Field",
            "<w:keepLines/>" + spacing(0, SEAL_ROOM, 288),
            rpr(BODY_SIZE, color=INK),
            based_on=s["signature"],
        ),
        paragraph_style(
            s["no_text_below"],
            "No Text Below",
            spacing(120, 120, 288) + '<w:jc w:val="center"/>',  # with the text above it
            rpr(BODY_SIZE, color=INK),
            based_on=s["body"],
        ),
        paragraph_style(
            s["signature_heading"],
            "Signature Heading",
            keep + spacing(200, 120, 288) + "<w:contextualSpacing/>",  # no gaps inside the name
            rpr(BODY_SIZE, bold=True, color=INK),
            based_on=s["signature"],
        ),
        paragraph_style(
            s["header"],
            "header",
            '<w:tabs><w:tab w:val="clear" w:pos="4320"/>'
            f'<w:tab w:val="clear" w:pos="8640"/><w:tab w:val="right" w:pos="{text_width}"/>'
            '</w:tabs>' + spacing(0, 0) + '<w:jc w:val="left"/>',
            rpr(SMALL_SIZE, color="595959"),
            ui=99,
            builtin=True,
        ),
        paragraph_style(
            s["draft"],
            "Draft Mark",
            spacing(0, 0) + '<w:jc w:val="right"/>',
            rpr(SMALL_SIZE + 2, bold=True, color="C00000"),
            based_on=s["header"],
        ),
        paragraph_style(
            s["footer"],
            "footer",
            '<w:tabs><w:tab w:val="clear" w:pos="4320"/>'
            '<w:tab w:val="clear" w:pos="8640"/></w:tabs>' + spacing(0, 0) + '<w:jc w:val="center"/>',
            rpr(SMALL_SIZE, color="595959"),
            ui=99,
            builtin=True,
        ),
        paragraph_style(
            s["spacer"],
            "Spacer",
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
            rpr(2, fonts=False),
            based_on="Normal",
        ),
        paragraph_style(s["separator"], "Separator", "<w:pageBreakBefore/>", "", based_on=s["spacer"]),
        table_style(
            s["table"], "Agreement Table", border(("top", "left", "bottom", "right", "insideH", "insideV"))
        ),
        table_style(
            s["parallel"],
            "Parallel Text",
            border(("insideV",), size=4),  # as in the PDF: a rule between the columns only
            cell_margin=(100, 170),
        ),
        table_style(s["signature_table"], "Signature Table", border(()), cell_margin=(0, 170)),
    ]
    result += [language_style(tag) for tag in LANGUAGES]
    return result


def build() -> bytes:
    document = docx.Document()
    package = document.part.package
    # parts that only a real Word instance keeps current: a preview picture of an empty page and
    # Word 2010's second copy of the styles
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel_id)

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE["width"]), Twips(PAGE["height"])
    section.left_margin, section.right_margin = Twips(PAGE["left"]), Twips(PAGE["right"])
    section.top_margin, section.bottom_margin = Twips(PAGE["top"]), Twips(PAGE["bottom"])
    section.header_distance, section.footer_distance = Twips(PAGE["header"]), Twips(PAGE["footer"])

    styles_element = document.styles.element
    new_styles = [parse_xml(xml) for xml in styles()]
    new_ids = {element.get(qn("w:styleId")) for element in new_styles}
    new_names = {element.find(qn("w:name")).get(qn("w:val")).lower() for element in new_styles}
    for element in styles_element.findall(qn("w:style")):
        name = element.find(qn("w:name"))
        if element.get(qn("w:styleId")) in new_ids or (
            name is not None and name.get(qn("w:val")).lower() in new_names
        ):
            styles_element.remove(element)
    for element in new_styles:
        styles_element.append(element)
    defaults = styles_element.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f'<w:docDefaults {nsdecls("w")}><w:rPrDefault>'
            f'{rpr(BODY_SIZE)[: -len("</w:rPr>")]}'
            f'<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="lo-LA"/></w:rPr></w:rPrDefault>'
            # two lines at least at the foot and head of a page (w:widowControl); no punctuation
            # hanging into the margin (Word and LibreOffice let a Chinese comma
            # stand outside the text block otherwise)
            '<w:pPrDefault><w:pPr><w:widowControl/><w:overflowPunct w:val="0"/>'
            f"{spacing(0, 0)}</w:pPr></w:pPrDefault>"
            "</w:docDefaults>"
        ),
    )

    body = document.add_paragraph("{{p body }}", style="Body Text")
    assert body.style.style_id == STYLE["body"]
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    section.header.paragraphs[0].text = "{{p header }}"
    section.header.paragraphs[0].style = document.styles["Header"]
    section.footer.paragraphs[0].text = "{{p footer }}"
    section.footer.paragraphs[0].style = document.styles["Footer"]

    settings = document.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w14:docId"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    theme_lang = settings.find(qn("w:themeFontLang"))
    theme_lang.set(qn("w:val"), "en-GB")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang.set(qn("w:bidi"), "lo-LA")
    # revision-session ids (rsid) of the edits that made python-docx's default template: noise that
    # would look like a trace of an editing session in every agreement
    for root in (document.element, styles_element, document.part.numbering_part.element):
        for element in list(root.iter()):
            if element.tag == qn("w:rsid"):
                element.getparent().remove(element)
                continue
            for attribute in [a for a in element.attrib if a.startswith(qn("w:rsid"))]:
                del element.attrib[attribute]

    core = document.core_properties
    core.author = core.last_modified_by = core.comments = core.title = core.subject = ""
    core.keywords = core.category = ""
    core.revision = 1
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode()

    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue(), TEMPLATE_CREATED)


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>agreements</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    output = Path(argv[0]) if argv else OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(build())
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
