"""Right-to-left text, from the language data's `direction` (never from the tag).

In right-to-left text, a stretch of left-to-right text (a Latin party name, an e-mail address, a
phone number, Latin digits) is laid out as one left-to-right unit of its own: without that, the
bidi algorithm lets the spaces between the groups of "+20 2 2345 6789" take the paragraph's
direction, and the groups come out in reverse order. The PDF puts it in a `<span dir="ltr">`
(WeasyPrint lays out each inline box on its own, in the line's direction), the DOCX in runs
without <w:rtl/>. Arabic-Indic digits belong to the Arabic text and are never set apart.
Right-to-left text inside a left-to-right paragraph (the DOCX header and footer) is isolated as a
whole (docx_xml.own_direction)."""

from __future__ import annotations

import re
import unicodedata

from .languages import LANGUAGES

LEFT_TO_RIGHT_ISOLATE = "\u2066"
RIGHT_TO_LEFT_ISOLATE = "\u2067"
POP_DIRECTIONAL_ISOLATE = "\u2069"
RIGHT_TO_LEFT_MARK = "\u200f"


def is_rtl(tag: str | None) -> bool:
    return tag is not None and tag in LANGUAGES and LANGUAGES[tag].direction == "rtl"


def direction(tag: str | None) -> str:
    """ "rtl" or "ltr": the language's text direction (None, e.g. an identifier: "ltr")."""
    return "rtl" if is_rtl(tag) else "ltr"


def ltr_pieces(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is a left-to-right stretch): each stretch starts and ends on a
    strong left-to-right character or a European digit (with a sign or unit next to a digit:
    "+20", "50%"), holds no right-to-left character, and keeps the spaces and punctuation inside
    it ("Wang Jianjun", "+20 2 2345 6789", "coop@sznspt.edu.cn"), and the brackets around it when
    it is all a bracket holds ("(TEDA Suez New Energy Equipment S.A.E.)": LibreOffice wrapped the
    name inside brackets left outside, "… Equipment)" / "(S.A.E.")."""
    kinds = "".join(_kind(char) for char in text)
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _STRETCH.finditer(kinds):
        begin = match.start()
        if begin < start:  # its first character went to the stretch before
            continue
        end = match.end()
        if _ABBREVIATION_END.match(text, end) and _ABBREVIATION.search(text[begin:end]):
            end += 1  # "S.A.E." keeps its last full stop (else drawn before "TEDA" in Arabic text)
        if begin > start and text[begin - 1] == "(" and text[end : end + 1] == ")":
            begin, end = begin - 1, end + 1  # a Latin name in brackets: the brackets go with it
        if begin > start:
            pieces.append((text[start:begin], False))
        pieces.append((text[begin:end], True))
        start = end
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces or [(text, False)]


_KINDS = {"L": "l", "EN": "d", "ES": "s", "ET": "s", "R": "r", "AL": "r", "AN": "r", "BN": "b"}
# a stretch: a sign before a digit, letters and digits with anything but right-to-left text
# between them, a sign or unit after a digit; the word joiners of a kept value (BN, which the
# bidi algorithm ignores) never part a sign from its digit ("+⁠2⁠0": the "+" went right of "20")
_STRETCH = re.compile(r"(?:sb*(?=d))?[ld](?:[nsb]*[ld])*(?:(?<=d)(?:b*s)+)?")


# a full stop that ends an abbreviation of dotted capitals ("S.A.E.", "Co., Ltd.") or a Latin
# text in brackets, not an Arabic sentence
_ABBREVIATION_END = re.compile(r"\.(?=[)\]]|\s+[^\s\u0600-\u06ff])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+[A-Z]$|\b(?:Co|Ltd|Inc|Corp|S\.A|Bhd|Pte|JSC|LLC)$")


def _kind(char: str) -> str:
    return _KINDS.get(unicodedata.bidirectional(char), "n")
