"""ar-XB: a right-to-left pseudo-language, the English texts written in Arabic letters.

The letters are Arabic, so every text that went through the language machinery is strongly
right to left; the spec's values (Latin party names, e-mails, phone numbers) and the Jinja code
stay as they are: the mixed-direction text an Arabic agreement holds.
"""

from __future__ import annotations

from pathlib import Path

from tests.pseudo import CODE, write_workspace

TAG = "ar-XB"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "rtl-pseudo-language"
LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ابثدعفغهيجكلمنوصضرستظطوخىز" * 2,
)


def arabic_letters(text: str) -> str:
    """'Article {number}' -> 'ارتيثلع {number}': each Latin letter an Arabic one, code kept."""
    parts = CODE.split(text)
    return "".join(part if index % 2 else part.translate(LETTERS) for index, part in enumerate(parts))


def write_rtl_workspace(folder: Path) -> Path:
    return write_workspace(folder, TAG, FIXTURE, arabic_letters)
