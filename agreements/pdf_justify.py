"""Justified lines in scripts written without spaces (Chinese): WeasyPrint stretches spaces only.

WeasyPrint 70 justifies a line by widening its spaces (layout/inline.py: count_expandable_spaces,
add_word_spacing) and draws the widened spaces with Pango letter spacing (text/line_break.py:
Layout.set_text). A Chinese line has no spaces, so `text-align: justify` left it ragged. For a
language with `justify: inter-character` in its data, its letters share the stretch as well:
each counts for one space, and gets the same letter spacing when the line is drawn. Pango gives a
letter at either end of a line only half of its letter spacing (the outer half is not drawn), so
such a letter counts for a half: lines start and end flush with the text block.
"""

from __future__ import annotations

import re
from functools import lru_cache

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from .languages import LANGUAGES

_count_spaces = inline.count_expandable_spaces
_set_text = line_break.Layout.set_text


def install() -> None:
    """Stretch the letters of inter-character languages too (idempotent)."""
    inline.count_expandable_spaces = count_expandable
    line_break.Layout.set_text = _set_text_justified


def count_expandable(box) -> float:
    """WeasyPrint's count of expandable spaces, plus the stretchable letters of a text box."""
    count = _count_spaces(box)
    if isinstance(box, boxes.TextBox):
        count += stretchable_weight(box.text)
    return count


def stretchable_weight(text: str) -> float:
    """Letters that take letter spacing when `text` is one justified line (ends count a half)."""
    pattern = _letters()
    if pattern is None or not text:
        return 0
    count = len(pattern.findall(text))
    if count:
        count -= 0.5 * bool(pattern.fullmatch(text[0])) + 0.5 * bool(pattern.fullmatch(text[-1]))
    return count


def _set_text_justified(layout, text, justify=False):
    _set_text(layout, text, justify)
    pattern = _letters()
    if not (justify and layout.justification_spacing and pattern is not None):
        return
    spacing = int(layout.justification_spacing * TO_UNITS)
    if not spacing:
        return
    attributes = pango.pango_layout_get_attributes(layout.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    text, end, offset, found = layout.text, 0, 0, False
    for run in _runs(pattern).finditer(text):  # runs of letters; Pango indexes UTF-8 bytes
        offset += len(text[end : run.start()].encode())
        size = len(run.group().encode())
        attribute = pango.pango_attr_letter_spacing_new(spacing)
        attribute.start_index, attribute.end_index = offset, offset + size
        pango.pango_attr_list_change(attributes, attribute)
        offset, end, found = offset + size, run.end(), True
    if found:
        pango.pango_layout_set_attributes(layout.layout, attributes)


@lru_cache(maxsize=2)
def _runs(letter: re.Pattern) -> re.Pattern:
    return re.compile(f"(?:{letter.pattern})+")


@lru_cache(maxsize=1)
def _letters_of(ranges: str) -> re.Pattern | None:
    return re.compile(f"[{ranges}]") if ranges else None


def _letters() -> re.Pattern | None:
    return _letters_of(
        "".join(info.letters for info in LANGUAGES.values() if info.justify == "inter-character")
    )
