"""WordprocessingML pieces for the DOCX writer: style ids, language character styles, runs,
paragraphs and tables, as XML strings (text always escaped here, never by the caller).
"""

from __future__ import annotations

import datetime
import re
from xml.sax.saxutils import escape

from babel import Locale
from docx.oxml.ns import nsdecls

from .bidi import (
    LEFT_TO_RIGHT_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    RIGHT_TO_LEFT_ISOLATE,
    RIGHT_TO_LEFT_MARK,
    is_rtl,
    ltr_pieces,
)
from .languages import LANGUAGES

# style ids the writer references; the template must define every one of them
STYLE = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "body": "BodyText",
    "table_text": "TableText",
    "table_heading": "TableHeading",
    "signing_line": "SigningLine",
    "signature": "Signature",
    "signature_end": "SignatureLastLanguage",
    "signature_heading": "SignatureHeading",
    "signature_field": "SignatureField",
    "seal_field": "SealField",
    "no_text_below": "NoTextBelow",
    "header": "Header",
    "footer": "Footer",
    "draft": "DraftMark",
    "separator": "Separator",
    "spacer": "Spacer",
    "table": "AgreementTable",
    "parallel": "ParallelText",
    "signature_table": "SignatureTable",
}
# page setup written into the template (twentieths of a point); the writer reads the template's own
PAGE = {
    "width": 11906,
    "height": 16838,
    "left": 1134,
    "right": 1134,
    "top": 1418,
    "bottom": 1418,
    "header": 709,
    "footer": 709,
}
TEMPLATE_CREATED = datetime.datetime(2026, 1, 1)
PARALLEL_CELL_MARGIN = 170  # left and right cell margins of the Parallel Text table style
HEADING_SEPARATOR = " "  # between "第三条" and "保密"
LIST_SEPARATOR = " / "  # between the languages in the header and footer
FIELD = re.compile(r"\{(page|pages)\}")
FIELD_CODE = {"page": "PAGE", "pages": "NUMPAGES"}
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# characters that keep no script of their own: in a complex-script run they stay outside <w:cs/>
NEUTRAL = re.compile(r"[\u0000-\u00ff\u2000-\u200a\u2010-\u206f\u20a0-\u20ac\u20ae-\u20cf\uff00-\uffef]")


def language_style_id(tag: str) -> str:
    """Id of the character style "Lang <tag>" ("Lang zh-Hans" -> "LangzhHans")."""
    return "Lang" + re.sub(r"[^A-Za-z0-9]", "", tag)


def word_language(tag: str) -> str:
    """The language id Word uses for proofing (w:lang): "zh-Hans" -> "zh-CN", "lo" -> "lo-LA"."""
    locale = Locale.parse(LANGUAGES[tag].locale)
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def slot_fonts(tag: str | None = None) -> dict[str, str]:
    """Body font per Word font slot: each script's first language, then `tag`'s own font in its slot."""
    fonts: dict[str, str] = {}
    for language in LANGUAGES.values():
        fonts.setdefault(language.script, language.serif)
    if tag is not None:
        fonts[LANGUAGES[tag].script] = LANGUAGES[tag].serif
    return fonts


def rfonts(fonts: dict[str, str], hint: str = "") -> str:
    hint_attr = f' w:hint="{hint}"' if hint else ""
    return (
        f'<w:rFonts w:ascii="{fonts["latin"]}" w:hAnsi="{fonts["latin"]}" '
        f'w:eastAsia="{fonts["east-asian"]}" w:cs="{fonts["complex"]}"{hint_attr}/>'
    )


def language_style(tag: str) -> str:
    """The character style "Lang <tag>": each font slot's font and the proofing language."""
    language = LANGUAGES[tag]
    fonts = slot_fonts(tag)
    hint = "eastAsia" if language.script == "east-asian" else ""
    code = word_language(tag)
    if language.script == "east-asian":
        lang = f'<w:lang w:val="{code}" w:eastAsia="{code}"/>'
    elif language.script == "complex":
        lang = f'<w:lang w:val="{code}" w:bidi="{code}"/>'
    else:
        lang = f'<w:lang w:val="{code}"/>'
    return (
        f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" '
        f'w:styleId="{language_style_id(tag)}"><w:name w:val="Lang {tag}"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="1"/><w:qFormat/>'
        f"<w:rPr>{rfonts(fonts, hint)}{lang}</w:rPr></w:style>"
    )


def xml_text(text: str) -> str:
    """Text for an XML text node. Braces become character references (docxtpl rewrites "{_{")."""
    bad = XML_ILLEGAL.search(text)
    if bad:
        raise ValueError(f"character U+{ord(bad.group()):04X} cannot be written to XML: {text!r}")
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _run_content(text: str, text_tag: str = "w:t") -> str:
    pieces = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<{text_tag} xml:space="preserve">{xml_text(chunk)}</{text_tag}>')
    return "".join(pieces)


_INVISIBLE = "\u200b\u200c\u200d\u2060"


def _segments(text: str, complex_script: bool):
    """(piece, is_complex): maximal stretches of complex-script and of neutral characters; a
    space or an invisible joiner or break stays in the stretch it is in (a Lao word's word
    joiners made a run of their own each)."""
    if not complex_script:
        yield text, False
        return
    current, state = "", None
    for char in text:
        kind = (
            state if (char.isspace() or char in _INVISIBLE) and state is not None else not NEUTRAL.match(char)
        )
        if state is not None and kind != state:
            yield current, state
            current = ""
        current += char
        state = kind
    if current:
        yield current, bool(state)


def runs(text: str, tag: str | None, *, deleted: bool = False, kept: bool = False) -> str:
    """Runs for `text` in language `tag` (None: no language, e.g. an identifier).

    kept: a value that must not break (see words.unbreakable): its runs are tagged with no
    language, so LibreOffice does not break it as East Asian text. In a complex-script language,
    the neutral pieces (digits, Latin punctuation, curly quotes) name the Latin font in the
    complex-script slot too: LibreOffice may take them as complex script, and the Lao font has
    no “ ” (it fell back to DejaVu Sans).

    Letters of another complex script (a Thai abbreviation in Chinese text) name their own
    language's font in that slot: the style's is the first complex script's (LibreOffice drew
    "ปวช." in Noto Sans Thai, a fallback, where the Chinese style named Noto Serif Lao).

    In a right-to-left language every run is <w:rtl/> but those of a left-to-right stretch (a
    Latin name, a phone number, bidi.ltr_pieces), which Word then lays out left to right."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text_tag = "w:delText" if deleted else "w:t"
    if tag is None:
        return f"<w:r>{_run_content(text, text_tag)}</w:r>" if text else ""
    style = f'<w:rStyle w:val="{language_style_id(tag)}"/>'
    complex_script = LANGUAGES[tag].script == "complex"
    neutral_font = slot_fonts(tag).get("latin", "")
    lang = '<w:lang w:val="zxx" w:eastAsia="zxx"/>' if kept else ""
    out = []
    stretches = ltr_pieces(text) if is_rtl(tag) else [(text, False)]
    for stretch, ltr in _plain_joints(stretches) if kept and is_rtl(tag) else stretches:
        rtl = "" if ltr or not is_rtl(tag) else "<w:rtl/>"
        for piece, is_complex in _segments(stretch, complex_script and not ltr):
            fonts = []
            if kept:
                fonts.append('w:hint="default"')
            complex_font = _foreign_complex_font(piece, tag) or (
                neutral_font if complex_script and not is_complex else ""
            )
            if complex_font:
                fonts.append(f'w:cs="{xml_text(complex_font)}"')
            rfonts_xml = f"<w:rFonts {' '.join(fonts)}/>" if fonts else ""
            cs = "<w:cs/>" if is_complex else ""
            content = _run_content(
                f"{LEFT_TO_RIGHT_ISOLATE}{piece}{POP_DIRECTIONAL_ISOLATE}" if ltr else piece, text_tag
            )
            out.append(f"<w:r><w:rPr>{style}{rfonts_xml}{rtl}{cs}{lang}</w:rPr>{content}</w:r>")
    return "".join(out)


def _foreign_complex_font(text: str, tag: str) -> str:
    """The font of the first complex-script language other than `tag` whose letters `text` has."""
    others = (info for other, info in LANGUAGES.items() if other != tag and info.script == "complex")
    return next((info.serif for info in others if info.letters and re.search(f"[{info.letters}]", text)), "")


_NARROW_JOINT = re.compile("\u2060*\u202f\u2060*")


def _plain_joints(stretches: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A kept value's spaces in right-to-left text as plain no-break spaces: LibreOffice broke
    "CNY" / "٥٠٠٬٠٠٠٫٠٠" and "١ أبريل" / "٢٠٢٧" at a narrow one between word joiners, never at
    U+00A0 alone (the left-to-right units keep theirs)."""
    return [(stretch if ltr else _NARROW_JOINT.sub("\u00a0", stretch), ltr) for stretch, ltr in stretches]


def own_direction(xml: str, tag: str | None) -> str:
    """Runs of a right-to-left language inside a left-to-right paragraph (the header, the
    footer), between U+2067 and U+2069: laid out right to left as a whole, its page fields and
    numbers included (LibreOffice takes a field for a neutral character and put the last page
    number after the Arabic text; a right-to-left mark after it keeps it inside)."""
    if not is_rtl(tag):
        return xml
    return (
        _marks(RIGHT_TO_LEFT_ISOLATE, tag) + xml + _marks(RIGHT_TO_LEFT_MARK + POP_DIRECTIONAL_ISOLATE, tag)
    )


def _marks(text: str, tag: str) -> str:
    """Invisible direction marks in the Latin body font, which has them: without a font
    LibreOffice drew U+2069 in the default complex-script font (Noto Serif Lao, in an Arabic
    agreement)."""
    font = xml_text(slot_fonts(tag)["latin"])
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
    return f"<w:r><w:rPr>{fonts}</w:rPr>{_run_content(text)}</w:r>"


def field(code: str, tag: str, shown: str = "1") -> str:
    """A simple field (PAGE, NUMPAGES) whose cached result is in the language's style."""
    rtl = "<w:rtl/>" if is_rtl(tag) else ""
    return (
        f'<w:fldSimple w:instr=" {code} \\* MERGEFORMAT ">'
        f'<w:r><w:rPr><w:rStyle w:val="{language_style_id(tag)}"/><w:noProof/>{rtl}</w:rPr>'
        f"<w:t>{shown}</w:t></w:r></w:fldSimple>"
    )


def paragraph(
    style: str,
    content: str,
    tag: str | None = None,
    *,
    page_break: bool = False,
    keep_next: bool | None = None,
    mark_change: str = "",
) -> str:
    """`mark_change`, in a redline: the w:ins or w:del of the paragraph mark itself (a whole
    paragraph inserted or deleted)."""
    ppr = f'<w:pStyle w:val="{STYLE[style]}"/>'
    if keep_next is not None:  # None: as the style says
        ppr += "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>'
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if is_rtl(tag):  # right to left: the paragraph's start (its alignment, numbers) is on the right
        ppr += "<w:bidi/>"
    if tag is not None or mark_change:
        style_xml = f'<w:rStyle w:val="{language_style_id(tag)}"/>' if tag is not None else ""
        ppr += f"<w:rPr>{mark_change}{style_xml}</w:rPr>"
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


class Span(str):
    """A table row given as one cell that spans every column (its XML content)."""


def table(
    style: str,
    widths: list[int],
    rows: list,
    *,
    header: bool = False,
    cant_split: bool | list[bool] = False,
    row_changes: list[str] | None = None,
    rtl: bool = False,
) -> str:
    """A fixed-layout table; each row is a list of cells, each cell its XML content (paragraphs,
    tables), or a Span: one cell across all columns. `cant_split`: for every row, or per row,
    whether it must stay on one page. `row_changes`, in a redline: per row, the
    w:ins or w:del of a whole row inserted or deleted. `rtl`: the first column on the right
    (w:bidiVisual), for a table in a right-to-left language."""
    look = "0620" if header else "0600"
    first_row = "1" if header else "0"
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{STYLE[style]}"/>{"<w:bidiVisual/>" if rtl else ""}'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="{look}" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" '
        f'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for index, row in enumerate(rows):
        whole = cant_split[index] if isinstance(cant_split, list) else cant_split
        trpr = ("<w:cantSplit/>" if whole else "") + ("<w:tblHeader/>" if header and index == 0 else "")
        trpr += row_changes[index] if row_changes else ""
        xml.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        if isinstance(row, Span):
            cells = [(sum(widths), f'<w:gridSpan w:val="{len(widths)}"/>', str(row))]
        else:
            cells = [(width, "", cell) for width, cell in zip(widths, row)]
        shading = (
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>' if header and not index else ""
        )
        for width, span, cell in cells:
            if not cell.endswith("</w:p>"):  # a cell must hold, and end with, a paragraph
                cell += paragraph("table_text", "")
            xml.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shading}</w:tcPr>{cell}</w:tc>'
            )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


HEADER_FILL = "F0F0F0"  # a table's header row, as the PDF's (templates/html/agreement.css: th)


def split_width(width: int, count: int) -> list[int]:
    base = width // count
    return [base] * (count - 1) + [width - base * (count - 1)]


VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'


def watermark_run(text: str, font: str) -> str:
    """A diagonal watermark behind the text of every page, written as Word writes its own
    ("PowerPlusWaterMarkObject": a VML shape with a text path, in a header paragraph)."""
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:pict>'
        f"<v:shapetype {VML} "
        'id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
        '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
        '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
        '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
        '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
        'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
        '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
        '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        f"<v:shape {VML} "
        'id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;'
        "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
        'fillcolor="#d9d9d9" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{xml_text(font)}&quot;;font-size:1pt" '
        f'string="{xml_text(text).replace(chr(34), "&quot;")}"/>'
        "</v:shape></w:pict></w:r>"
    )
