"""What a line never breaks inside, per language: the values the formatters wrote and those
found in the composed texts (Document.keep_together), and the words never hyphenated
(Document.unhyphenated). Both writers honour them; compose collects them."""

from __future__ import annotations

import re
from functools import lru_cache

from .columns import display_width
from .document import Table
from .formatting import Formatter
from .inflection import Inflected
from .languages import LANGUAGES
from .model import DURATION_UNITS, Spec, with_unit

# values a line must not break inside, as the formatters wrote them
_KEPT_VALUES = ("money", "date", "percent", "years", "months", "weeks", "days", "hours", "role")


def record_values(context: dict) -> set[str]:
    """Wrap the context's value formatters so that every value they write is remembered."""
    found: set[str] = set()

    def recorder(function):
        def formatted(*args, **kwargs):
            text = function(*args, **kwargs)
            found.update(text.every_form() if isinstance(text, Inflected) else [text])
            return text

        return formatted

    for name in _KEPT_VALUES:
        context[name] = recorder(context[name])
    return found


def keep_together(spec: Spec, language: str, values: set[str], sections) -> tuple[str, ...]:
    """Amounts, dates, durations, party roles, phone numbers, e-mail addresses (never "hr@hq- /
    precision.com.kh"), postcodes and house numbers, the signatories' short names and titles,
    short asides in full-width brackets, compounds with a one-letter part ("e-mail"), article
    labels, and the last characters of the title and of party names (language data:
    title_keep_last) of one language, longest first; a value with a part in brackets as its parts
    (kept_parts)."""
    texts = set(values)
    duration = Formatter(language).duration  # the spec's durations in texts the clerk typed too
    texts.update(duration(n, unit) for unit in DURATION_UNITS for n in with_unit(spec, unit))
    contacts = [party.contact for party in spec.parties if party.contact]
    texts.update(contact.phone for contact in contacts if contact.phone)
    texts.update(c.email for c in contacts if display_width(c.email) <= _SHORT_ADDRESS)
    texts.update(
        code for party in spec.parties for code in (party.credit_code, party.registration_number) if code
    )
    texts.update(code for party in spec.parties for code in party.postcodes(language))
    for pattern in (_HOUSE_NUMBER, _NUMBERED_ABBREVIATION):
        texts.update(n for party in spec.parties for n in pattern.findall(party.address[language]))
    people = [p for party in spec.parties for p in (party.legal_representative, party.representative) if p]
    short = (text for person in people for text in (person.name[language], person.title[language]))
    texts.update(text for text in short if display_width(text) <= _SHORT_NAME)  # never "院 / 长"
    texts.update(section.label[language] for section in sections)
    for text in _block_texts(sections, language):  # amounts and reference numbers the clerk typed
        texts.update(match.group() for match in _INTRODUCED_VALUE.finditer(text))
        texts.update(_SHORT_BRACKETED.findall(text))
        texts.update(counts(text, language))
        texts.update(_ONE_LETTER_COMPOUND.findall(text))
    tail = LANGUAGES[language].title_keep_last
    for text in [spec.title[language], *(party.name[language] for party in spec.parties)]:
        if tail and len(text) > tail:
            texts.add(text[-tail:])
    texts.update(paragraph_ends(sections, language))
    return longest_first({piece for text in texts for piece in kept_parts(text)})


def counts(text: str, language: str) -> list[str]:
    """The figures of a text with the word counting them (language data count_units): "2份",
    "20 ຄົນ"."""
    units = LANGUAGES[language].count_units
    if not units:
        return []
    return _count_pattern(tuple(units)).findall(text)


@lru_cache
def _count_pattern(units: tuple[str, ...]) -> re.Pattern:
    words = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    figure = rf"(?<!\d)(?<!\d{_GROUP})\d(?:{_GROUP}?\d)*"  # 1,500 / ١٬٥٠٠ / 1 500, whole
    return re.compile(rf"{figure}[ \u00a0]?(?:{words})")


_GROUP = "[.,\u066b\u066c\u00a0\u202f]"  # separators inside a figure (CLDR: Arabic, Russian)


def proper_nouns(spec: Spec, language: str, sections) -> tuple[str, ...]:
    """The capitalised words of the parties' names and addresses and of the countries the spec
    gives or its texts name that could be hyphenated: the PDF never hyphenates a name of a party
    or a place ("Guang- / dong", "Thai- / land")."""
    f = Formatter(language)
    written = "\n".join(_block_texts(sections, language))
    countries = [*map(f.country, with_unit(spec, "country")), *(n for n in f.country_names() if n in written)]
    texts = [text for party in spec.parties for text in (party.name[language], party.address[language])]
    return tuple(sorted({word for text in (*texts, *countries) for word in _PROPER_NOUN.findall(text)}))


def longest_first(pieces) -> tuple[str, ...]:
    return tuple(sorted((p for p in pieces if len(p) > 1), key=lambda p: (-len(p), p)))


def kept_parts(value: str) -> list[str]:
    """What of `value` a line never breaks. A value with a part in brackets (人民币壹万元整（CNY
    10,000.00）) is kept as its parts, a line may break before the bracket; a part longer than
    _WORDS_KEPT, an amount in words ("(satu juta lima ratus ribu Rupiah Indonesia)"), wraps between
    its words like any text, only its figures kept: kept whole, it was cut at a letter in a table."""
    parts = [part.strip() for part in _BEFORE_BRACKET.split(value)]
    if len(parts) == 1:
        return parts
    kept = []
    for part in parts:
        if display_width(part) <= _WORDS_KEPT:
            kept.append(part)
        else:
            kept += [m.group() for m in _TYPED_VALUE.finditer(part)] + _FIGURE.findall(part)
    return kept


_WORDS_KEPT = 24  # display columns
_FIGURE = re.compile(r"\S*\d\S*")  # 50/100 in "…Yuan Tiongkok 50/100)"


def paragraph_ends(sections, language: str) -> set[str]:
    """The last letters or digits of each paragraph and table cell (language data:
    paragraph_keep_last) with the punctuation after them: "守。" never alone on a last line."""
    letters = LANGUAGES[language].paragraph_keep_last
    if not letters:
        return set()
    ends = set()
    for line in (line for text in _block_texts(sections, language) for line in text.split("\n")):
        found = _last_letters(letters).search(line.rstrip())
        if found and found.start() > 0:
            ends.add(found.group())
    return ends


def _block_texts(sections, language: str):
    """The text of every paragraph and table cell of the sections in one language."""
    for section in sections:
        for block in section.body[language]:
            yield from [c for row in block.rows for c in row] if isinstance(block, Table) else [block.text]


@lru_cache(maxsize=4)
def _last_letters(count: int) -> re.Pattern:
    """`count` letters or digits at the end of a text, each with the punctuation after it."""
    return re.compile(rf"(?:[^\W_](?:[^\w\s]|_)*){{{count}}}$")


_BEFORE_BRACKET = re.compile(r"(?=[(（])")
# a short aside in full-width brackets: （柬埔寨）, （公章）, never "（柬埔 / 寨）"
_SHORT_BRACKETED = re.compile("（[^（）]{1,6}）")
# a compound with a part of one letter: never "e- / mail" (a line end reads "e-" as a cut word)
_ONE_LETTER_COMPOUND = re.compile(r"(?<![\w-])[A-Za-z]-[^\W\d_]{1,20}(?![\w-])")
# a house number and the character after it in a Chinese address: 兴业大道88号, never "88 / 号"
_HOUSE_NUMBER = re.compile(r"(?<![0-9A-Za-z-])\d+(?:-\d+)?[\u3400-\u9fff]")
# in an address, an abbreviation and the number it introduces ("No. 168", "д. 66", never
# "No. / 168"), and a house number with a slash ("7/128", never "7/ / 128")
_NUMBERED_ABBREVIATION = re.compile(r"(?<!\w)[^\W\d_]{1,3}\. \d[\w/-]*|(?<!\w)\d+/\d+(?!\w)")
# a signatory's name or title this narrow (display width: a Chinese character counts 2) is kept on
# one line ("Chen / Xiaoming" and "Mohd Faizal bin / Abdullah" were cut in the signature block);
# 24 fit a third of the text width, a party's column with three parties
_SHORT_NAME = 24
# an e-mail address this narrow is kept on one line: it fits a side-by-side column (about 38);
# a longer one may wrap (kept whole, a 200-character address ran off the page)
_SHORT_ADDRESS = 32
# a capitalised word long enough to be hyphenated (hyphenate-limit-chars: 8), Latin or Cyrillic
_PROPER_NOUN = re.compile(r"(?<![\w-])[A-ZÀ-ÞĀ-ſЀ-Я][a-zß-ÿĀ-ſа-яё]{7,}(?![\w-])")
# CNY 4,500.00; NSPT-XC-2027-003; 12441700MB2D40618J (letters and digits, hyphens between)
_TYPED_VALUE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{3}[ \u00a0]\d[\d.,\u00a0\u202f]*\d"
    r"|(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])(?:[A-Z0-9]+(?:-[A-Z0-9]+)+|[A-Z0-9]{8,}))(?![A-Za-z0-9])"
)

# a typed value with the abbreviation or short label that introduces it: "No. NSPT-XC-2027-003",
# "编号：NSPT-XC-2027-003" (never "No. / NSPT-…" nor "编号：/ NSPT-…")
_INTRODUCED_VALUE = re.compile(
    r"(?:(?<!\w)[^\W\d_]{1,3}\.[ \u00a0]|(?<![\u3400-\u9fff])[\u3400-\u9fff]{1,3}：)?" + _TYPED_VALUE.pattern
)
