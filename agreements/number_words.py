"""Whole numbers in words for amounts: num2words below the language's smallest scale noun, and
by groups of three digits above it when the language file names its scale nouns (`scale_names`:
ar ألف، ألفان، ثلاثة آلاف، أحد عشر ألفًا، مائة ألف) counted per CLDR plural category of their
count. Without scale_names num2words writes the whole number.
"""

from __future__ import annotations

from functools import cache

from babel import Locale


def number_words(count: int, language) -> str:
    """`count` in words, each word in its absolute form (ar ألفان, مائتان)."""
    scales = sorted(((int(size), forms) for size, forms in language.scale_names.items()), reverse=True)
    if not scales or count < scales[-1][0]:
        return _library_words(count, language)
    parts, rest = [], count
    for size, forms in scales:
        if rest >= size:
            parts += _scaled(rest // size, forms, language)
            rest %= size
    if rest:
        parts.append(_library_words(rest, language))
    return language.group_joiner.join(parts)


def before_noun(words: str, language) -> str:
    """Number words followed by the noun they count: the last word in its construct form
    (`construct_forms`, ar ألفان جنيه -> ألفا جنيه, ومائتان جنيه -> ومائتا جنيه: a joined
    conjunction stays)."""
    for absolute, construct in language.construct_forms.items():
        head = words[: -len(absolute)]
        if words.endswith(absolute) and (not head or head.endswith((" ", language.group_joiner))):
            return head + construct
    return words


def plural_category(count: int, language) -> str:
    """The CLDR plural category of `count` in the language (ar: one, two, few, many, other)."""
    return _locale(language.locale).plural_form(count)


def _scaled(count: int, forms: dict[str, str], language) -> list[str]:
    """`count` of one scale noun, as one part or more (ar مائة ألف وألف: a form that says its count
    itself, ألف or ألفان, is not counted by the hundreds before it)."""
    tail = count % 100
    if tail != count and tail and "{number}" not in forms.get(plural_category(tail, language), "{number}"):
        return _scaled(count - tail, forms, language) + _scaled(tail, forms, language)
    form = forms.get(plural_category(count, language)) or forms["other"]
    number = number_words(count, language)
    if "{number} " in form:
        number = before_noun(number, language)
    return [form.format(number=number)]


def _library_words(count: int, language) -> str:
    from num2words import num2words

    words = num2words(count, lang=language.words_language)
    for old, new in language.words_replacements.items():
        words = words.replace(old, new)
    return words


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)
