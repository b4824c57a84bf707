"""The PDF text layer of scripts whose glyphs are not drawn in the order of their text.

Khmer draws a vowel sign before the consonant it follows (សេ: េ first), splits some vowels in two
and draws a subscript consonant with a glyph that is no character's own: a PDF reader that reads
the glyphs back (pdftotext, search, copy) gets the marks dropped and reordered ("ស ចក្តី" for
"សេចក្តី"), which no ToUnicode map can mend, as a glyph stands for one text in the whole font.
For a language with `actual_text: true` in its data, each line of text in its script is therefore
drawn inside a marked-content span whose ActualText is that line's source text (PDF 32000-1,
14.9.4): readers extract that text instead of the glyphs'. The U+200B that words.for_layout puts
between words, and its layout replacements, are taken out again.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pydyf
from weasyprint.draw import text as weasyprint_text

from .languages import LANGUAGES

_draw_first_line = weasyprint_text.draw_first_line


def install() -> None:
    """Draw WeasyPrint's lines through `draw_line` (idempotent)."""
    weasyprint_text.draw_first_line = draw_line


def draw_line(stream, textbox, *args, **kwargs):
    """WeasyPrint's draw_first_line, inside an ActualText span when the line needs one."""
    actual = actual_text(textbox.text)
    if actual is None:
        return _draw_first_line(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual)}))
    try:
        return _draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


def actual_text(text: str) -> str | None:
    """The source text of a laid-out line in a script that needs ActualText, else None."""
    letters, originals = _rules(
        tuple(
            (info.letters, tuple(info.layout_replacements.items()))
            for info in LANGUAGES.values()
            if info.actual_text
        )
    )
    if letters is None or not letters.search(text):
        return None
    for laid_out, original in originals:
        text = text.replace(laid_out, original)
    return text.replace("\u200b", "")


@lru_cache(maxsize=8)
def _rules(languages: tuple) -> tuple[re.Pattern | None, tuple[tuple[str, str], ...]]:
    ranges = "".join(letters for letters, _ in languages if letters)
    originals = tuple((new, old) for _, replacements in languages for old, new in replacements)
    return (re.compile(f"[{ranges}]") if ranges else None), originals
