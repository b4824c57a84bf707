"""Lao word breaks for the PDF.

Lao is written without spaces between words, and Pango finds no line-break opportunities in it,
so a Lao paragraph would overflow its column. Before layout (in the HTML for the PDF only, never in
the document model) we segment each run of Lao letters into words with laonlp and put a
U+200B ZERO WIDTH SPACE between them, but not next to a piece its dictionary does not know (a
name's syllables stay together). The segmenter is loaded lazily, on the first Lao text.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType

ZWSP = "\u200b"

# Lao letters, vowels, tone marks and digits; U+0EC6 (ໆ, repetition) never starts a line.
_LAO_RUN = re.compile(r"[\u0e80-\u0eff]+")
_NO_BREAK_BEFORE = {"\u0ec6"}


def _tokenizer() -> Callable[[str], list[str]]:
    return _laonlp()[0]


@lru_cache(maxsize=1)
def _laonlp() -> tuple[Callable[[str], list[str]], frozenset[str]]:
    """laonlp's word segmentation (its maximal matching, `multi_cut.segment`) and its dictionary.

    Importing the laonlp package builds a pythainlp Trie of its 34,000 words and loads its taggers
    and transliteration tables (~0.17 s per process). We load only its `multi_cut` module and give
    it the same words as a set, which finds the same prefixes (tests/test_lao.py compares the
    result with laonlp.word_tokenize). If laonlp's files are not where expected, the package is
    imported as usual.
    """
    try:
        folder = Path(importlib.util.find_spec("laonlp").submodule_search_locations[0])
        multi_cut = _load_module("agreements._laonlp_multi_cut", folder / "tokenize" / "multi_cut.py")
        words = WordSet(folder / "corpus" / name for name in LAONLP_WORD_FILES)
        segment = multi_cut.segment
    except (ImportError, OSError, AttributeError, TypeError, ValueError):  # laonlp's layout changed
        from laonlp.corpus import lao_words
        from laonlp.tokenize import word_tokenize

        return word_tokenize, frozenset(lao_words())
    return (lambda text: segment(text, custom_dict=words, safe_mode=True)), words.words


# the files laonlp.corpus.lao_words() reads
LAONLP_WORD_FILES = (
    "Lao-Dictionary.txt",
    "lo_spellcheck_dict.txt",
    "lao-wannaphong.txt",
    "wiktionary-20210720.txt",
)


class WordSet:
    """The part of pythainlp's Trie that multi_cut uses (`prefixes`), over a set of words."""

    def __init__(self, paths: Iterable[Path]):
        words: set[str] = set()
        for path in paths:
            with open(path, encoding="utf-8-sig") as lines:  # as laonlp.corpus reads them
                words.update(line.strip() for line in lines if line[0] != "#")
        words.discard("")
        self.words = frozenset(words)
        self.longest = max(map(len, self.words))

    def __bool__(self) -> bool:
        return bool(self.words)

    def prefixes(self, text: str) -> list[str]:
        """The words that `text` starts with, shortest first."""
        words = self.words
        return [text[:n] for n in range(1, min(self.longest, len(text)) + 1) if text[:n] in words]


def _load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=4096)
def _segment_run(run: str) -> str:
    words = [word for word in _tokenizer()(run) if word]
    if "".join(words) != run:  # never change the text, only add break opportunities
        return run
    known = _laonlp()[1]
    out = words[0]
    for before, word in zip(words, words[1:]):
        # a piece not in the dictionary stays with its neighbours: a transliterated name
        # (ນະຄອນ|ຄຸນ|ໝິງ: Kunming) or the end of a syllable (ເຈີ|ນ, ລີ້|ຮ|ົວ)
        joined = word[0] in _NO_BREAK_BEFORE or before not in known or word not in known
        out += word if joined else ZWSP + word
    return out


def break_words(text: str) -> str:
    """`text` with U+200B between Lao words (other scripts are left alone)."""
    if not _LAO_RUN.search(text):
        return text
    return _LAO_RUN.sub(lambda match: _segment_run(match.group(0)), text)
