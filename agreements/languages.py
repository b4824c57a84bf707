"""The languages an agreement can be written in: one data file each, templates/languages/<tag>.yaml.

A language is data: its CLDR locale, the Word font slot of its script, its fonts and the Debian
package that brings them, its text direction, how it numbers articles, whether amounts are also
written in words, how its words are found (a segmenter for scripts without spaces), and the
characters it replaces before PDF layout. The code below looks these up and never asks which
language it is. The built-in languages load on import; `register_folder` adds those of a
workspace (the CLI does it for the workspace's templates/languages/).
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from .errors import SpecError, TemplateError

CLAUSE_SOURCE = "zh-Hans"  # the clause library is written in it; translations follow it
MAX_PER_AGREEMENT = 3  # languages in one agreement (the PDF footer has three boxes)
SCRIPTS = ("latin", "east-asian", "complex")  # Word's font slots, in fallback order
NUMBERINGS = ("decimal", "chinese")
AMOUNTS_IN_WORDS = ("", "chinese-capital", "cardinal", "bahttext")
SEGMENTERS = ("", "laonlp", "khmercut", "pythainlp")
TITLE_SEGMENTERS = ("", "rjieba")
# CLDR numbering systems (numberingSystems.xml) a language may write its numbers in: their digits
DIGITS = {
    name: "".join(chr(zero + n) for n in range(10))
    for name, zero in {"latn": 0x30, "arab": 0x660, "khmr": 0x17E0, "thai": 0xE50, "laoo": 0xED0}.items()
}
# their CSS counter styles (CSS Counter Styles 3, predefined): page numbers in the PDF
COUNTER_STYLES = {"latn": "", "arab": "arabic-indic", "khmr": "khmer", "thai": "thai", "laoo": "lao"}
DIFF_UNITS = ("word", "character")
JUSTIFY = ("", "inter-word", "inter-character")  # CSS text-justify: what a justified line stretches
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR plural rules
COUNTED = ("words_patterns", "currency_names", "minor_unit_names", "scale_names")  # tables by plural category


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
    words_language: str = ""  # num2words language of `cardinal` amounts in words
    words_pattern: str = "{number} {currency}"  # a `cardinal` amount: number words and currency name
    words_replacements: dict[str, str] = field(default_factory=dict)  # spelling fixes to number words
    # words_pattern per CLDR plural category of the whole amount (ar: the counted noun's form and
    # place); a pattern without {number} is used only with a counted name (the noun says the count)
    words_patterns: dict[str, str] = field(default_factory=dict)
    # counted currency names per ISO 4217 code and plural category, where CLDR has none
    currency_names: dict[str, dict[str, str]] = field(default_factory=dict)
    # the minor unit's counted names (ar GBP: بنس ...), "other" among them: cents in words, not 50/100
    minor_unit_names: dict[str, dict[str, str]] = field(default_factory=dict)
    # number words by groups of three digits: the scale nouns ("1000", "1000000") by CLDR plural
    # category of their count, {number} the count's words (ar few: "{number} آلاف"); see number_words
    scale_names: dict[str, dict[str, str]] = field(default_factory=dict)
    group_joiner: str = " "  # between the groups' words (ar " و": مليون ومائتا ألف)
    # a number's last word before the noun it counts (ar construct state: ألفان -> ألفا)
    construct_forms: dict[str, str] = field(default_factory=dict)
    cents_joiner: str = " "  # between the whole amount's words and the cents' words (ar " و")
    numbering_system: str = "latn"  # CLDR numbering system of its digits and separators (DIGITS)
    # a duration's pattern by unit, where CLDR's word is not the legal one (zh-Hans day: "{n}日")
    duration_patterns: dict[str, str] = field(default_factory=dict)
    # words that count a figure ("2份", "20 ຄົນ"): a line never separates a figure from them
    count_units: list[str] = field(default_factory=list)
    date_pattern: str = ""  # a CLDR date pattern, when CLDR's long date is not the legal form
    date_replacements: dict[str, str] = field(default_factory=dict)  # fixes to formatted dates
    spelled_count_pattern: str = ""  # a duration CLDR spells without its figure (ar سنتان): "{text} ({n})"
    segmenter: str = ""  # "" (spaces between words) or how its words are found (SEGMENTERS)
    engine_breaks_lines: bool = False  # the PDF engine breaks its lines itself (Thai: Pango + libthai)
    actual_text: bool = False  # its PDF lines carry their source text (glyphs read back wrong: Khmer, Thai)
    word_processors_break_lines: bool = False  # LibreOffice and Word do (Thai: by dictionary)
    diff_unit: str = "word"  # what a redline marks inside changed text
    letters: str = ""  # character ranges of its script (for segmenting and diffs)
    layout_replacements: dict[str, str] = field(default_factory=dict)  # before PDF layout
    title_keep_last: int = 0  # the last characters of a title or party name kept on one line
    # how the words of a title are found in a language that may break a line between any two
    # characters (Chinese): a title breaks between words, never "…订单 / 式培养协议" (TITLE_SEGMENTERS)
    title_segmenter: str = ""
    # the last letters (or digits) of a paragraph, with the punctuation after them, kept on one
    # line: its last line never holds fewer
    paragraph_keep_last: int = 0
    language_names_in_lowercase: bool = False  # CLDR's names start with a capital a sentence does not
    # countries whose law requires an agreement with a party there to be in this language too
    required_in: list[str] = field(default_factory=list)
    required_by: str = ""  # that law, as a message cites it
    no_break_before: str = ""  # characters a line never starts with although a space precedes them
    hyphenation: str = ""  # the PDF's hyphenation patterns (pyphen), when not the language's own
    justify: str = ""  # "" (ragged right) or how its justified lines stretch: inter-word, inter-character
    quotes: str = ""  # its double quotation marks, opening and closing ("“”"); lint flags straight ones
    order: int = 100  # registry position (font fallbacks, Word's default font per script follow it)

    @property
    def word_breaks(self) -> bool:
        """False: the PDF writer puts U+200B between its words (the segmenter finds them)."""
        return not self.segmenter or self.engine_breaks_lines


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
        if (known[key].default_factory is dict) != isinstance(value, dict):  # a table, or not
            raise TemplateError(f"{path}: {key} has the wrong shape", [loaded.problem((key,), "wrong shape")])
    _check_counted_words(data, path, loaded)
    countries = data.get("required_in", [])
    if not isinstance(countries, list) or not all(re.fullmatch("[A-Z]{2}", str(c)) for c in countries):
        message = "a list of ISO 3166 country codes, e.g. [ID]"
        raise TemplateError(
            f"{path}: required_in must be {message}", [loaded.problem(("required_in",), message)]
        )
    choices = {
        "script": SCRIPTS,
        "numbering": NUMBERINGS,
        "amount_in_words": AMOUNTS_IN_WORDS,
        "segmenter": SEGMENTERS,
        "title_segmenter": TITLE_SEGMENTERS,
        "diff_unit": DIFF_UNITS,
        "direction": ("ltr", "rtl"),
        "justify": JUSTIFY,
        "numbering_system": tuple(DIGITS),
        **{flag: ("true", "false") for flag in _flags()},
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
    for number in _numbers():
        if number in data:
            if not str(data[number]).isdigit():
                raise TemplateError(
                    f"{path}: {number} must be a whole number", [loaded.problem((number,), "a number")]
                )
            data[number] = int(data[number])
    for flag in _flags():
        if flag in data:
            data[flag] = data[flag] == "true"
    if len(data.get("quotes", "  ")) != 2:
        message = "two characters: the opening and the closing quotation mark"
        raise TemplateError(f"{path}: quotes must be {message}", [loaded.problem(("quotes",), message)])
    if data["tag"] != path.stem:
        raise TemplateError(f"{path}: tag {data['tag']!r} must match the file name")
    return Language(**data)


def _numbers() -> list[str]:
    """The whole-number fields of a language."""
    return [item.name for item in fields(Language) if item.type == "int"]


def _flags() -> list[str]:
    """The yes/no fields of a language (written true or false)."""
    return [item.name for item in fields(Language) if item.type == "bool"]


def _check_counted_words(data: dict, path: Path, loaded) -> None:
    """words_patterns, currency_names, minor_unit_names and scale_names are keyed by CLDR plural
    categories; each pattern names {currency}, each currency is an ISO 4217 code, each scale a
    power of 1000."""
    tables = {"words_patterns": data.get("words_patterns", {})}
    for size, forms in data.get("scale_names", {}).items():
        power_of_1000 = size.strip("0") == "1" and len(size) >= 4 and len(size) % 3 == 1
        if not power_of_1000 or not isinstance(forms, dict) or "other" not in forms:
            problem = "a power of 1000 (1000, 1000000) mapping plural categories to forms, other among them"
            raise TemplateError(
                f"{path}: scale_names: {size!r}", [loaded.problem(("scale_names", size), problem)]
            )
        tables[f"scale_names.{size}"] = forms
    for key in ("currency_names", "minor_unit_names"):
        for code, names in data.get(key, {}).items():
            minor = key == "minor_unit_names"
            if (
                not re.fullmatch(r"[A-Z]{3}", code)
                or not isinstance(names, dict)
                or (minor and "other" not in names)
            ):
                problem = "an ISO 4217 code (USD) mapping plural categories to names"
                problem += ", other among them" if minor else ""
                raise TemplateError(f"{path}: {key}: {code!r}", [loaded.problem((key, code), problem)])
            tables[f"{key}.{code}"] = names
    for where, table in tables.items():
        for category, text in table.items():
            if category not in PLURAL_CATEGORIES or not isinstance(text, str):
                problem = f"keys are CLDR plural categories ({', '.join(PLURAL_CATEGORIES)}), values text"
                raise TemplateError(
                    f"{path}: {where}: {category!r}", [loaded.problem(tuple(where.split(".")), problem)]
                )
            if where.startswith("scale_names") and "{" in text.replace("{number}", ""):
                raise TemplateError(
                    f"{path}: {where}.{category} may name {{number}} only",
                    [loaded.problem((*where.split("."), category), "name {number} only")],
                )
            if where == "words_patterns" and "{currency}" not in text:
                raise TemplateError(
                    f"{path}: words_patterns.{category} must name {{currency}}",
                    [loaded.problem(("words_patterns", category), "name {currency}")],
                )


def register_folder(folder: Path) -> list[str]:
    """Register every *.yaml in `folder`; the tags added (a tag already known keeps its data).

    The registry stays in one order: the clause library's source language, then by `order`, then
    by tag.
    """
    added = [path for path in sorted(Path(folder).glob("*.yaml")) if path.stem not in LANGUAGES]
    loaded = {path.stem: load_language(path) for path in added}  # all or nothing
    merged = {**LANGUAGES, **loaded}
    LANGUAGES.clear()
    LANGUAGES.update(
        sorted(merged.items(), key=lambda item: (item[0] != CLAUSE_SOURCE, item[1].order, item[0]))
    )
    return list(loaded)


def register_languages(templates) -> list[str]:
    """Register the languages found along a template search path (`languages/*.yaml`); its clause
    library then decides which of them are agreement languages (`agreement_languages`)."""
    added = []
    for folder in templates.folders:
        if (folder / "languages").is_dir():
            added += register_folder(folder / "languages")
    _LIBRARY[:] = [templates]
    return added


_LIBRARY: list = []  # the template search path whose clause library decides availability


def agreement_languages() -> tuple[str, ...]:
    """The registered languages every clause of the library is translated into, in registry order.

    A language with data but without all its clause texts is not yet an agreement language: there
    is no flag to forget, the clause library is the one truth.
    """
    from .clauses import translated_languages
    from .templates import BUILTIN

    return translated_languages(_LIBRARY[0] if _LIBRARY else BUILTIN)


# BCP 47 as specs use it: language, optional script, region and variants, in canonical case
_TAG = re.compile(
    r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?(-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
)


def tag_problem(tag: str) -> str | None:
    """Why `tag` is not a language tag CLDR can name (None: it is one), e.g. th, zh-Hant, uz."""
    from babel import Locale

    if not isinstance(tag, str) or not _TAG.fullmatch(tag):
        canonical = _canonical(tag) if isinstance(tag, str) else None
        hint = f"write it as {canonical}" if canonical and canonical != tag else "e.g. th, ms, zh-Hant"
        return f"'{tag}' is not a language tag (BCP 47: {hint})"
    if tag.split("-")[0] not in Locale("en").languages:
        return f"'{tag}' names no language CLDR knows (BCP 47, e.g. th, ms, zh-Hant)"
    return None


def _canonical(tag: str) -> str | None:
    parts = tag.replace("_", "-").split("-")
    fixed = [parts[0].lower()] + [
        part.title()
        if len(part) == 4 and part.isalpha()
        else part.upper()
        if len(part) == 2
        else part.lower()
        for part in parts[1:]
    ]
    candidate = "-".join(fixed)
    return candidate if _TAG.fullmatch(candidate) else None


def english_name(tag: str) -> str:
    """The English CLDR name of a tag's language, for messages: zh-Hans -> Chinese, th -> Thai."""
    from babel import Locale

    return Locale("en").languages.get(tag.split("-")[0], tag)


def unavailable(tag: str) -> str | None:
    """Why `tag` cannot be an agreement language yet (None: it can), with the languages that can."""
    available = agreement_languages()
    if tag in available:
        return None
    problem = tag_problem(tag)
    listed = ", ".join(f"{english_name(t)} ({t})" for t in sorted(available, key=english_name))
    if problem:
        return f"{problem}; agreement languages: {listed}"
    if tag in LANGUAGES:
        reason = "its clause texts are not translated yet"
    else:
        reason = f"there is no language data for it (templates/languages/{tag}.yaml)"
    name = f"{english_name(tag)} ({tag})"
    return f"{name} is not yet available as an agreement language: {reason}; available: {listed}"


def _builtin_folder() -> Path:
    from .templates import builtin_dir

    return builtin_dir() / "languages"


register_folder(_builtin_folder())
SUPPORTED = supported()  # the built-in languages (the spec model validates against these)
