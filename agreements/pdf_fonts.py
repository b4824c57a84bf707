"""Smaller CJK fonts in the PDF: a WeasyPrint finisher that compacts CID-keyed CFF subsets.

WeasyPrint subsets each font but keeps the glyph ids (its content streams use them), so the
subset of a CJK font still has an entry for every glyph up to the highest one used: ~63,000
empty charstrings plus full hmtx and vmtx tables, 400-900 KB per face before compression. A
document with the regular and bold faces of Noto Serif and Sans CJK carried ~600 KB of fonts.

Noto CJK is a CID-keyed CFF font (ROS Adobe-Identity-0) whose CID equals its glyph id, so the
CIDs that WeasyPrint writes into the content streams keep working when the glyphs are renumbered,
as long as the font is embedded as bare CFF (FontFile3 /CIDFontType0C): a PDF reader then finds
each CID's glyph through the CFF charset, which the compaction keeps. Only the glyphs the /W
arrays list are kept (HarfBuzz's subsetter, ~1 ms per face). A font that is not CID-keyed this way
is left as WeasyPrint wrote it.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pydyf

_CID_NAME = re.compile(r"cid(\d+)")


def finish(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: the text layer in source order, then compact CJK fonts."""
    map_glyphs_to_their_characters(document, pdf)
    compact_cid_fonts(document, pdf)


def map_glyphs_to_their_characters(document, pdf: pydyf.PDF) -> None:
    """Rewrite each font's ToUnicode map so that a glyph of one character stands for that
    character.

    WeasyPrint maps a glyph to the text of the cluster it was first seen in: in a cluster of
    several glyphs (Lao ເຂົ້າ: consonant, vowel and tone mark) the first glyphs get "" and the last
    the whole cluster, and that mapping then holds for every other use of those glyphs. A PDF
    reader then gives the marks in another order than the source ("ເຂົາ້" for "ເຂົ້າ"). Glyphs
    are drawn in logical order, so mapping a glyph to the one character of its cluster that the
    font's cmap draws with it gives the source text back. Ligatures (ﬁ for "fi": no character of
    the cluster maps to it) keep WeasyPrint's text, except where the text is one of our layout
    replacements: the glyph then stands for the original (Lao ຳ, laid out as ໍ + າ).
    """
    import uharfbuzz as hb
    from weasyprint.text.fonts import get_hb_object_data

    by_name = {}
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and "ToUnicode" in obj:
            by_name[obj.get("BaseFont")] = obj
    for font in document.fonts.values():
        dictionary = by_name.get(font.name)
        if dictionary is None or all(len(text) == 1 for text in font.to_unicode.values()):
            continue
        shaper = None
        changed = dict(font.to_unicode)
        for gid, text in font.to_unicode.items():
            if text in _layout_originals():  # undo our own replacements (words.for_layout)
                changed[gid] = _layout_originals()[text]
            elif len(text) > 1:
                # the glyph of one of the cluster's characters stands for that character only
                if shaper is None:
                    shaper = hb.Font(hb.Face(hb.Blob(get_hb_object_data(font.hb_face)), font.index))
                own = [char for char in dict.fromkeys(text) if shaper.get_nominal_glyph(ord(char)) == gid]
                if len(own) == 1:
                    changed[gid] = own[0]
        if changed != font.to_unicode:
            stream = pdf.objects[_number(dictionary["ToUnicode"])]
            stream.stream = _to_unicode_cmap(changed)


@lru_cache(maxsize=1)
def _layout_originals() -> dict[str, str]:
    """Replaced text -> original, from every language's layout_replacements (Lao ໍາ -> ຳ: the
    text layer says what the source says)."""
    from .languages import LANGUAGES

    return {new: old for info in LANGUAGES.values() for old, new in info.layout_replacements.items()}


def _to_unicode_cmap(mapping: dict[int, str]) -> list[bytes]:
    """A ToUnicode CMap as WeasyPrint writes it (bfchar entries, 100 per block)."""
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for gid, text in batch:
            lines.append(f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return lines


def compact_cid_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: replace each OpenType CFF FontFile3 by a compact CIDFontType0C."""
    objects = pdf.objects
    used: dict[int, set[int] | None] = {}  # font file object number -> CIDs drawn with it
    for obj in objects:
        if (
            isinstance(obj, pydyf.Dictionary)
            and obj.get("Type") == "/Font"
            and obj.get("Subtype") == "/CIDFontType0"
            and "W" in obj
        ):
            descriptor = objects[_number(obj["FontDescriptor"])]
            cids = _cids(obj["W"])
            if "FontFile3" in descriptor:
                number = _number(descriptor["FontFile3"])
                if cids is None or used.get(number, set()) is None:
                    used[number] = None  # a /W form we do not read: leave the font
                else:
                    used.setdefault(number, set()).update(cids)
    for number, cids in used.items():
        stream = objects[number]
        if cids is None or not isinstance(stream, pydyf.Stream) or stream.extra.get("Subtype") != "/OpenType":
            continue
        compact = compact_cff(b"\n".join(stream.stream), cids)
        if compact is not None:
            stream.stream = [compact]
            stream.extra["Subtype"] = "/CIDFontType0C"


def compact_cff(otf: bytes, cids: set[int]) -> bytes | None:
    """The bare CFF of `otf` with only `cids` (and .notdef), CIDs kept; None if not applicable.

    HarfBuzz's subsetter (uharfbuzz) renumbers the glyphs and keeps each glyph's CID in the charset
    of a CID-keyed font; the result is used only if its charset lists exactly the CIDs asked for, in
    order, i.e. if the font's CIDs were its glyph ids.
    """
    import uharfbuzz as hb

    keep = sorted({0} | set(cids))
    request = hb.SubsetInput()
    for gid in keep:
        request.glyph_set.add(gid)
    request.flags = (
        hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING
    )
    try:
        subset = hb.subset(hb.Face(otf), request)
    except RuntimeError:  # "Subsetting failed"
        return None
    cff = subset.reference_table("CFF ").data if subset is not None else b""
    if not cff or _cid_charset(cff) != keep:
        return None  # not CID-keyed, or CIDs are not glyph ids
    return cff


def _cid_charset(cff: bytes) -> list[int] | None:
    """The CID of each glyph of a CID-keyed CFF (ROS Adobe-Identity-0), else None."""
    from fontTools.cffLib import CFFFontSet

    fonts = CFFFontSet()
    try:
        fonts.decompile(io.BytesIO(cff), None)
        top = fonts.topDictIndex[0]
    except Exception:  # anything fontTools cannot read: leave the font as WeasyPrint wrote it
        return None
    if getattr(top, "ROS", None) != ("Adobe", "Identity", 0):
        return None
    return [_cid_of(name) for name in top.charset]


def _cid_of(name: str) -> int:
    if name == ".notdef":
        return 0
    match = _CID_NAME.fullmatch(name)
    return int(match.group(1)) if match else -1


def _number(reference) -> int:
    return int(bytes(reference).split()[0])


def _cids(widths) -> set[int] | None:
    """CIDs listed in a /W array [first [w1 w2 ...] ...]; None for any other form."""
    cids: set[int] = set()
    items = list(widths)
    if len(items) % 2:
        return None
    for first, run in zip(items[::2], items[1::2]):
        if not isinstance(first, int) or not isinstance(run, list):
            return None
        cids.update(range(first, first + len(run)))
    return cids
