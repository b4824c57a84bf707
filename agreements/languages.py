"""The languages an agreement can be written in, and what each one needs."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    tag: str                  # BCP 47 tag used in specs, templates and `lang` attributes
    locale: str               # Babel locale for dates, numbers and currency
    script: str               # Word's font slot: "latin", "east-asian" or "complex"
    serif: str                # font family for body text (fontconfig name)
    sans: str                 # font family for headings and labels
    font_package: str         # Debian package that brings both fonts
    word_breaks: bool = True  # False: insert U+200B between words before PDF layout


LANGUAGES: dict[str, Language] = {
    "zh-Hans": Language("zh-Hans", "zh_Hans_CN", "east-asian", "Noto Serif CJK SC", "Noto Sans CJK SC",
                        "fonts-noto-cjk"),
    "en": Language("en", "en_GB", "latin", "Noto Serif", "Noto Sans", "fonts-noto-core"),
    "lo": Language("lo", "lo_LA", "complex", "Noto Serif Lao", "Noto Sans Lao", "fonts-noto-core",
                   word_breaks=False),
}

SUPPORTED = tuple(LANGUAGES)
