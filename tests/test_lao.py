"""Lao word segmentation: the same words as laonlp, without importing the laonlp package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from agreements.lao import ZWSP, _laonlp, _tokenizer, break_words

ROOT = Path(__file__).resolve().parent.parent
LAO_RUN = re.compile(r"[\u0e80-\u0eff]+(?:[ .,0-9]+[\u0e80-\u0eff]+)*")


def laonlp_words(text: str) -> list[str]:
    from laonlp.tokenize import word_tokenize

    return word_tokenize(text)


def lao_texts() -> list[str]:
    """Every Lao passage of the clause library and the sample specs."""
    texts = []
    for path in sorted([*ROOT.glob("templates/clauses/*.yaml"), *ROOT.glob("specs/*.yaml")]):
        texts += LAO_RUN.findall(path.read_text(encoding="utf-8"))
    return texts


def test_same_words_as_laonlp_on_every_lao_text_we_ship():
    texts = lao_texts()
    assert len(texts) > 500 and sum(map(len, texts)) > 20_000
    different = [t for t in texts if _tokenizer()(t) != laonlp_words(t)]
    assert not different, different[:3]


lao_letters = st.sampled_from(
    [chr(c) for c in range(0x0E81, 0x0EDF) if chr(c).isprintable()] + [" ", ".", "1", "a", "\n"]
)


@given(st.lists(lao_letters, max_size=200).map("".join))
def test_same_words_as_laonlp_on_any_text(text):
    assert _tokenizer()(text) == laonlp_words(text)


def test_breaks_only_add_zero_width_spaces():
    text = "ມະຫາວິທະຍາໄລວິທະຍາສາດສຸຂະພາບ ແລະ ວິທະຍາໄລ 2026 ໆ"
    broken = break_words(text)
    assert broken.replace(ZWSP, "") == text and broken.count(ZWSP) == 2


def test_segmenting_does_not_import_the_laonlp_package():
    script = (
        "import sys; from agreements.lao import break_words; "
        "assert '\\u200b' in break_words('ມະຫາວິທະຍາໄລວິທະຍາສາດ'); "
        "print(sorted(m for m in sys.modules if m.startswith('laonlp')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_same_dictionary_as_laonlp():
    from laonlp.corpus import lao_words

    assert _laonlp()[1] == frozenset(lao_words())


def test_a_piece_the_dictionary_does_not_know_stays_with_its_neighbours():
    """laonlp cuts a transliterated name into known words and a rest (ນະຄອນ|ຄຸນ|ໝິງ, Kunming;
    LibreOffice then broke "ນະຄອນຄຸນ / ໝິງ") and a syllable before its final consonant (ເຈີ|ນ)."""
    assert _tokenizer()("ນະຄອນຄຸນໝິງ") == ["ນະຄອນ", "ຄຸນ", "ໝິງ"]
    assert break_words("ນະຄອນຄຸນໝິງ") == f"ນະຄອນ{ZWSP}ຄຸນໝິງ"
    assert _tokenizer()("ເຈີນ") == ["ເຈີ", "ນ"]
    assert break_words("ເຈີນ") == "ເຈີນ"


def test_no_piece_the_dictionary_does_not_know_stands_alone_in_any_text_we_ship():
    known = _laonlp()[1]
    for text in lao_texts():
        for run in re.findall("[\u0e80-\u0eff]+", text):
            pieces = break_words(run).split(ZWSP)
            alone = [piece for piece in pieces if piece not in known and piece in _tokenizer()(run)]
            assert len(pieces) == 1 or not alone, (run, pieces)
