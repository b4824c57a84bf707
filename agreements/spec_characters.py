"""The characters a spec may hold: what PyYAML cannot read, invisible or disguising characters,
and Unicode normalization (NFC), each refused or fixed with a message at its line and column."""

from __future__ import annotations

import re
import unicodedata

import yaml

from .errors import Problem, SourceText

# What PyYAML's reader refuses (it raises a bare ReaderError with a byte offset), plus the
# invisible line separators that YAML counts as line breaks and editors do not.
_UNREADABLE = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|[\x85\u2028\u2029]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def unreadable_characters(source: SourceText) -> list[Problem]:
    """Characters that cannot appear anywhere in a spec, each at its line and column."""
    problems = []
    for number, line in enumerate(_LINE_BREAK.split(source.text), start=1):
        for found in _UNREADABLE.finditer(line):
            char = found.group()
            reason = (
                f"invisible line separator U+{ord(char):04X}; use an ordinary line break"
                if char in "\u2028\u2029"
                else character_problem(char)
                or f"character U+{ord(char):04X} cannot appear in a spec; remove it"
            )
            problems.append(Problem(source.path, number, found.start() + 1, reason, line))
    return problems


def character_problem(char: str) -> str | None:
    code = ord(char)
    if char == "\t":
        return "tab character in a value; use spaces"
    if 0xD800 <= code <= 0xDFFF:
        return f"lone surrogate U+{code:04X} is not a character; retype the text"
    if (code & 0xFFFE) == 0xFFFE or (0xFDD0 <= code <= 0xFDEF):
        return f"U+{code:04X} is not a character; remove it"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            f"invisible direction override U+{code:04X} ({unicodedata.name(char, 'bidi control')}) "
            "can disguise text in a legal document; remove it"
        )
    category = unicodedata.category(char)
    if category == "Cc" and char != "\n":
        return f"control character U+{code:04X} cannot appear in a document; remove it"
    if category == "Cf" and char not in _ALLOWED_FORMAT:
        kind = "direction mark" if char in "\u200e\u200f\u061c" else "format character"
        return (
            f"invisible {kind} U+{code:04X} ({unicodedata.name(char, 'format character')}) "
            "can hide or disguise text in a legal document; remove it"
        )
    return None


# Invisible characters with a use in our languages: U+200B ZERO WIDTH SPACE (word breaks in Lao),
# ZERO WIDTH NON-JOINER and JOINER (shaping, emoji), SOFT HYPHEN, WORD JOINER. Every other format
# character (direction marks, U+FEFF inside text, tag characters, invisible operators) is refused.
_ALLOWED_FORMAT = frozenset("\u200b\u200c\u200d\u00ad\u2060")


def nfc(text: str) -> str:
    """Text in Unicode normalization form C: `é` typed as e + U+0301 (NFD, as macOS file names
    and some editors give it) is the same text as the single character, so a spec saved either
    way loads, compares (diff) and renders the same."""
    return (
        text
        if text.isascii() or unicodedata.is_normalized("NFC", text)
        else unicodedata.normalize("NFC", text)
    )


def only_invisible(text: str) -> bool:
    """True for a text made of allowed invisible characters (and spaces), e.g. U+200B U+2060."""
    return any(c in _ALLOWED_FORMAT for c in text) and all(c in _ALLOWED_FORMAT or c.isspace() for c in text)
