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
# a number is one token in every language: 20, 4,500.00, 2027-01-01 (digits of any script)
NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


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
    tokens = re.compile(
        "|".join([NUMBER.pattern] + [p.pattern for _, p in segmented] + [r"\s+", r"\w+", r"[^\w\s]"])
    )
    return tokens, re.compile(f"[{by_character}]" if by_character else "(?!)"), segmented


def tokens(text: str) -> list[str]:
    """Numbers, words (segmented where the script needs it) and, for character languages,
    characters: `20名` is ["20", "名"], `CNY 4,500.00` is ["CNY", " ", "4,500.00"]."""
    pattern, character, segmented = _patterns(tuple(LANGUAGES))
    result = []
    for token in pattern.findall(text):
        if character.search(token):  # characters, but a number inside stays one token
            result += re.findall(rf"{NUMBER.pattern}|.", token, re.DOTALL)
            continue
        language = next((info for info, letters in segmented if letters.fullmatch(token)), None)
        if language is not None:
            result += _segmenter(language.segmenter)(token).split(ZWSP)
        else:
            result.append(token)
    return result
