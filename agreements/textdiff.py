"""Splitting text into the units a redline compares: words, Chinese characters, Lao words."""
from __future__ import annotations

import re

_TOKENS = re.compile(r"[\u0e80-\u0eff]+|\s+|\w+|[^\w\s]")
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LAO = re.compile(r"[\u0e80-\u0eff]")


def tokens(text: str) -> list[str]:
    """Words for Latin script, characters for Chinese, words (laonlp) for Lao; spaces kept."""
    result = []
    for token in _TOKENS.findall(text):
        if _HAN.search(token):
            result += list(token)
        elif _LAO.match(token):
            from .lao import ZWSP, break_words
            result += break_words(token).split(ZWSP)
        else:
            result.append(token)
    return result
