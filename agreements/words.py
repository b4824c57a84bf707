"""Where words are, per language data: break opportunities for layout, and tokens for redlines.

A language with a `segmenter` (Lao: laonlp) is written without spaces between words; its runs of
letters are segmented here. A language whose `diff_unit` is `character` (Chinese) is compared
character by character. Every other text is split into words at spaces and punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .languages import LANGUAGES

ZWSP = "\u200b"


def _segmenter(name: str):
    if name == "laonlp":
        from .lao import break_words

        return break_words
    raise ValueError(f"unknown segmenter {name!r}")


def break_words(text: str, language: str) -> str:
    """`text` with U+200B between the words of a language written without spaces."""
    info = LANGUAGES.get(language)
    if info is None or not info.segmenter:
        return text
    return _segmenter(info.segmenter)(text)


def for_layout(text: str, language: str) -> str:
    """Text as it goes into the PDF's HTML: word breaks inserted, layout replacements made."""
    text = break_words(text, language)
    info = LANGUAGES.get(language)
    for old, new in info.layout_replacements.items() if info else ():
        text = text.replace(old, new)
    return text


@lru_cache(maxsize=4)
def _patterns(tags: tuple[str, ...]):
    segmented = [
        (LANGUAGES[tag], re.compile(f"[{LANGUAGES[tag].letters}]+"))
        for tag in tags
        if LANGUAGES[tag].segmenter and LANGUAGES[tag].letters
    ]
    by_character = "".join(LANGUAGES[tag].letters for tag in tags if LANGUAGES[tag].diff_unit == "character")
    tokens = re.compile("|".join([p.pattern for _, p in segmented] + [r"\s+", r"\w+", r"[^\w\s]"]))
    return tokens, re.compile(f"[{by_character}]" if by_character else "(?!)"), segmented


def tokens(text: str) -> list[str]:
    """Words (segmented where the script needs it) and, for character languages, characters."""
    pattern, character, segmented = _patterns(tuple(LANGUAGES))
    result = []
    for token in pattern.findall(text):
        if character.search(token):
            result += list(token)
            continue
        language = next((info for info, letters in segmented if letters.fullmatch(token)), None)
        if language is not None:
            result += _segmenter(language.segmenter)(token).split(ZWSP)
        else:
            result.append(token)
    return result


NO_BREAK_SPACE = "\u00a0"
WORD_JOINER = "\u2060"
NARROW_NO_BREAK_SPACE = "\u202f"


def kept_pieces(text: str, keep: tuple[str, ...]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, must stay on one line): every occurrence of a `keep` text (the
    document's amounts, dates, phone numbers ...; the longest wins) is a piece of its own."""
    if not keep or not text:
        return [(text, False)]
    pattern = _alternation(keep)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        pieces.append((match.group(0), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces


@lru_cache(maxsize=16)
def _alternation(keep: tuple[str, ...]) -> re.Pattern:
    # each space (or no-break space) of a kept text may be either in the text
    alternatives = (
        "[ \u00a0]".join(map(re.escape, re.split("[ \u00a0]", text)))
        for text in sorted(keep, key=len, reverse=True)
    )
    return re.compile("|".join(alternatives))


def unbreakable(text: str) -> str:
    """`text` with no break opportunity left, for the DOCX: word joiners between the characters
    and narrow no-break spaces for spaces. LibreOffice breaks Chinese-tagged text at a plain
    no-break space (U+00A0) and between a digit and 月 despite a word joiner; U+202F and a run
    not tagged East Asian (docx_xml.runs, kept=True) it keeps."""
    return WORD_JOINER.join(NARROW_NO_BREAK_SPACE if char in " \u00a0" else char for char in text)
