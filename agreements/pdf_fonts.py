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

import pydyf

_CID_NAME = re.compile(r"cid(\d+)")


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
