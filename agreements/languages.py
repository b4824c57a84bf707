"""The languages an agreement can be written in: one data file each, templates/languages/<tag>.yaml.

A language is data: its CLDR locale, the Word font slot of its script, its fonts and the Debian
package that brings them, its text direction, how it numbers articles, whether amounts are also
written in words, how its words are found (a segmenter for scripts without spaces), and the
characters it replaces before PDF layout. The code below looks these up and never asks which
language it is. The built-in languages load on import; `register_folder` adds those of a
workspace (the CLI does it for the workspace's templates/languages/).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from .errors import SpecError, TemplateError

CLAUSE_SOURCE = "zh-Hans"  # the clause library is written in it; translations follow it
MAX_PER_AGREEMENT = 3  # languages in one agreement (the PDF footer has three boxes)
SCRIPTS = ("latin", "east-asian", "complex")  # Word's font slots, in fallback order
NUMBERINGS = ("decimal", "chinese")
AMOUNTS_IN_WORDS = ("", "chinese-capital")
SEGMENTERS = ("", "laonlp")
DIFF_UNITS = ("word", "character")


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47 tag used in specs, templates and `lang` attributes
    name: str  # English name, for messages
    locale: str  # Babel locale for dates, numbers and currency
    script: str  # Word's font slot: "latin", "east-asian" or "complex"
    serif: str  # font family for body text (fontconfig name)
    sans: str  # font family for headings and labels
    font_package: str  # Debian package that brings both fonts
    direction: str = "ltr"  # "ltr" or "rtl"
    numbering: str = "decimal"  # article numbers: decimal (3) or chinese (三)
    amount_in_words: str = ""  # "" or chinese-capital: amounts also in words
    amount_pattern: str = "{figures}"  # how words and figures stand together
    day_pattern: str = ""  # a count of days, when CLDR's unit is not the legal one
    segmenter: str = ""  # "" (the layout engine finds breaks) or laonlp
    diff_unit: str = "word"  # what a redline marks inside changed text
    letters: str = ""  # character ranges of its script (for segmenting and diffs)
    layout_replacements: dict[str, str] = field(default_factory=dict)  # before PDF layout

    @property
    def word_breaks(self) -> bool:
        """False: the PDF writer puts U+200B between its words (the segmenter finds them)."""
        return not self.segmenter


LANGUAGES: dict[str, Language] = {}


def supported() -> tuple[str, ...]:
    return tuple(LANGUAGES)


def load_language(path: Path) -> Language:
    """One language data file; a mistake is a TemplateError naming the file and line."""
    from .loader import load_spec_file

    try:
        loaded = load_spec_file(path)
    except SpecError as exc:
        raise TemplateError(f"language file {path} is not valid YAML", exc.problems) from None
    data = dict(loaded.data)
    known = {item.name: item for item in fields(Language)}
    for key, value in data.items():
        if key not in known:
            raise TemplateError(
                f"{path}: unknown key {key!r}",
                [loaded.problem((key,), f"unknown key; one of {', '.join(known)}", key=True)],
            )
        if (key == "layout_replacements") != isinstance(value, dict):
            raise TemplateError(f"{path}: {key} has the wrong shape", [loaded.problem((key,), "wrong shape")])
    choices = {
        "script": SCRIPTS,
        "numbering": NUMBERINGS,
        "amount_in_words": AMOUNTS_IN_WORDS,
        "segmenter": SEGMENTERS,
        "diff_unit": DIFF_UNITS,
        "direction": ("ltr", "rtl"),
    }
    for key, allowed in choices.items():
        if key in data and data[key] not in allowed:
            raise TemplateError(
                f"{path}: {key} must be one of {', '.join(map(repr, allowed))}",
                [loaded.problem((key,), f"use one of {', '.join(map(repr, allowed))}")],
            )
    missing = [
        name
        for name, item in known.items()
        if name not in data and item.default is MISSING and item.default_factory is MISSING
    ]
    if missing:
        raise TemplateError(f"{path}: missing {', '.join(missing)}")
    if data["tag"] != path.stem:
        raise TemplateError(f"{path}: tag {data['tag']!r} must match the file name")
    return Language(**data)


def register_folder(folder: Path) -> list[str]:
    """Register every *.yaml in `folder`; the tags added (a tag already known keeps its data).

    The registry stays in one order: the clause library's source language, then by tag.
    """
    added = [path for path in sorted(Path(folder).glob("*.yaml")) if path.stem not in LANGUAGES]
    loaded = {path.stem: load_language(path) for path in added}  # all or nothing
    merged = {**LANGUAGES, **loaded}
    LANGUAGES.clear()
    LANGUAGES.update(sorted(merged.items(), key=lambda item: (item[0] != CLAUSE_SOURCE, item[0])))
    return list(loaded)


def register_languages(templates) -> list[str]:
    """Register the languages found along a template search path (`languages/*.yaml`)."""
    added = []
    for folder in templates.folders:
        if (folder / "languages").is_dir():
            added += register_folder(folder / "languages")
    return added


def _builtin_folder() -> Path:
    from .templates import builtin_dir

    return builtin_dir() / "languages"


register_folder(_builtin_folder())
SUPPORTED = supported()  # the built-in languages (the spec model validates against these)
