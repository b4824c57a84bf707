"""Lao word breaks for the PDF.

Lao is written without spaces between words, and Pango finds no line-break opportunities in it,
so a Lao paragraph would overflow its column. Before layout (in the HTML for the PDF only, never in
the document model) we segment each run of Lao letters into words with laonlp and put a
U+200B ZERO WIDTH SPACE between them. laonlp (which pulls in pythainlp) is imported lazily.
"""
from __future__ import annotations

import re
from functools import lru_cache

ZWSP = "\u200b"

# Lao letters, vowels, tone marks and digits; U+0EC6 (ໆ, repetition) never starts a line.
_LAO_RUN = re.compile(r"[\u0e80-\u0eff]+")
_NO_BREAK_BEFORE = {"\u0ec6"}


@lru_cache(maxsize=1)
def _tokenizer():
    from laonlp.tokenize import word_tokenize

    return word_tokenize


@lru_cache(maxsize=4096)
def _segment_run(run: str) -> str:
    words = [word for word in _tokenizer()(run) if word]
    if "".join(words) != run:        # never change the text, only add break opportunities
        return run
    out = words[0]
    for word in words[1:]:
        out += word if word[0] in _NO_BREAK_BEFORE else ZWSP + word
    return out


def break_words(text: str) -> str:
    """`text` with U+200B between Lao words (other scripts are left alone)."""
    if not _LAO_RUN.search(text):
        return text
    return _LAO_RUN.sub(lambda match: _segment_run(match.group(0)), text)
