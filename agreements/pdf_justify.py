"""Justified lines in scripts written without spaces (Chinese): WeasyPrint stretches spaces only.

WeasyPrint 70 justifies a line by widening its spaces (layout/inline.py: count_expandable_spaces,
add_word_spacing) and draws the widened spaces with Pango letter spacing (text/line_break.py:
Layout.set_text). A Chinese line has no spaces, so `text-align: justify` left it ragged. For a
language with `justify: inter-character` in its data, its letters share the stretch as well:
each counts for one space, and gets the same letter spacing when the line is drawn. Pango gives a
letter at either end of a line only half of its letter spacing (the outer half is not drawn), so
such a letter counts for a half: lines start and end flush with the text block. A line that
would spread its letters by more than MAX_SPREAD of an em (the rest of the line is taken by an
amount or an e-mail address that does not fit) stays start-aligned instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from .languages import LANGUAGES

MAX_SPREAD = 0.2  # em added between two letters, at most

_count_spaces = inline.count_expandable_spaces
_justify_line = inline.justify_line
_set_text = line_break.Layout.set_text


def install() -> None:
    """Stretch the letters of inter-character languages too (idempotent)."""
    inline.count_expandable_spaces = count_expandable
    inline.justify_line = justify_line
    line_break.Layout.set_text = _set_text_justified


def justify_line(context, line, extra_width) -> None:
    """WeasyPrint's justify_line, unless the letters of the line would be spread too far apart."""
    count = count_expandable(line)
    if count and _has_letters(line) and extra_width / count > MAX_SPREAD * line.style["font_size"]:
        return
    _justify_line(context, line, extra_width)


def _has_letters(box) -> bool:
    if isinstance(box, boxes.TextBox):
        return stretchable_weight(box.text) > 0
    return isinstance(box, (boxes.LineBox, boxes.InlineBox)) and any(_has_letters(c) for c in box.children)


def count_expandable(box) -> float:
    """WeasyPrint's count of expandable spaces, plus the stretchable letters of its text boxes."""
    if isinstance(box, boxes.TextBox):
        return _count_spaces(box) + stretchable_weight(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(count_expandable(child) for child in box.children)
    return 0


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
