"""Smaller CJK fonts in the PDF: a WeasyPrint finisher that compacts CID-keyed CFF subsets.

WeasyPrint subsets each font but keeps the glyph ids (its content streams use them), so the
subset of a CJK font still has an entry for every glyph up to the highest one used: ~63,000
empty charstrings plus full hmtx and vmtx tables, 400-900 KB per face before compression. A
document with the regular and bold faces of Noto Serif and Sans CJK carried ~600 KB of fonts.

Noto CJK is a CID-keyed CFF font (ROS Adobe-Identity-0) whose CID equals its glyph id, so the
CIDs that WeasyPrint writes into the content streams keep working when the glyphs are renumbered,
as long as the font is embedded as bare CFF (FontFile3 /CIDFontType0C): a PDF reader then finds
each CID's glyph through the CFF charset, which the compaction keeps. Only the glyphs the /W
arrays list are kept. A font that is not CID-keyed this way is left as WeasyPrint wrote it.
"""
from __future__ import annotations

import io
import re

import pydyf

_CID_NAME = re.compile(r"cid(\d+)")


def compact_cid_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: replace each OpenType CFF FontFile3 by a compact CIDFontType0C."""
    objects = pdf.objects
    used: dict[int, set[int] | None] = {}        # font file object number -> CIDs drawn with it
    for obj in objects:
        if (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font"
                and obj.get("Subtype") == "/CIDFontType0" and "W" in obj):
            descriptor = objects[_number(obj["FontDescriptor"])]
            cids = _cids(obj["W"])
            if "FontFile3" in descriptor:
                number = _number(descriptor["FontFile3"])
                if cids is None or used.get(number, set()) is None:
                    used[number] = None          # a /W form we do not read: leave the font
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

    Works on the CFF structures directly (like fontTools.subset does for indexed charstrings):
    the charstrings are copied as bytes, never executed; WeasyPrint already desubroutinized them.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(otf), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    if "CFF " not in font:
        return None
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    charstrings = top.CharStrings
    if (getattr(top, "ROS", None) != ("Adobe", "Identity", 0) or not hasattr(top, "FDSelect")
            or not charstrings.charStringsAreIndexed or len(cff.GlobalSubrs)
            or any(hasattr(fd.Private, "Subrs") for fd in top.FDArray)):
        return None
    order = top.charset
    keep = sorted({0} | set(cids))
    if not all(cid < len(order) and _cid_of(order[cid], cid) == cid for cid in keep):
        return None                              # CIDs are not glyph ids: keep it as it is
    index = charstrings.charStringsIndex
    index.items = [index[gid] for gid in keep]   # bytecode, not decompiled
    del index.file, index.offsets
    top.FDSelect.format = None
    top.FDSelect.gidArray = [top.FDSelect.gidArray[gid] for gid in keep]
    top.charset = [order[gid] for gid in keep]   # "cidNNNNN": the charset keeps every CID
    charstrings.charStrings = {name: n for n, name in enumerate(top.charset)}
    top.numGlyphs = len(keep)
    font.setGlyphOrder(top.charset)
    out = io.BytesIO()
    cff.compile(out, font)
    return out.getvalue()


def _cid_of(name: str, gid: int) -> int:
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
