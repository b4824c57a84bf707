"""Per-language formatters from CLDR (Babel), plus amounts in words: Chinese capital numerals
(chinese_numerals), Thai baht text (pythainlp) and number words (num2words).

Templates never format a number themselves: they call these, bound to the template's language.
A language whose `numbering_system` is not latn gets that system's separators (CLDR) and digits.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_precision,
)
from babel.units import format_unit

from .chinese_numerals import integer_numerals, yuan_amount
from .languages import DIGITS, LANGUAGES
from .number_words import before_noun, number_words, plural_category

# Currencies whose unit Chinese calls 元 (yuan, dollar); others get their name and 整 only.
YUAN_UNITS = {"CNY", "USD", "HKD", "AUD", "CAD", "SGD", "NZD", "TWD"}


class Formatter:
    """Formats values for one language of the agreement."""

    def __init__(self, language: str):
        self.language = language
        self.info = LANGUAGES[language]
        self.locale = self.info.locale
        self.system = self.info.numbering_system  # separators and digits
        self._digits = str.maketrans(DIGITS["latn"], DIGITS[self.system])

    def date(self, value: dt.date) -> str:
        """15 December 2026 / 2026年12月15日 / 15 ທັນວາ 2026 / ٩ مارس ٢٠٢٧ / ngày 01 tháng 6 năm 2027."""
        text = format_date(value, self.info.date_pattern or "long", locale=self.locale)
        for old, new in self.info.date_replacements.items():
            text = text.replace(old, new)
        return self.digits(text)

    def digits(self, text: str) -> str:
        """`text` with its digits written in the language's numbering system."""
        return text.translate(self._digits)

    def number(self, value: int | Decimal) -> str:
        return self.digits(
            format_decimal(
                value, locale=self.locale, decimal_quantization=False, numbering_system=self.system
            )
        )

    def percent(self, value: Decimal) -> str:
        """80% / ٨٠٪: the sign of the language's numbering system (Babel keeps % for all)."""
        text = format_percent(
            Decimal(value) / 100, format="#,##0.##%", locale=self.locale, numbering_system=self.system
        )
        sign = _locale(self.locale).number_symbols.get(self.system, {}).get("percentSign", "%")
        return self.digits(text.replace("%", "".join(c for c in sign if unicodedata.category(c) != "Cf")))

    def money(self, money) -> str:
        """CNY 100,000.00 / 人民币壹拾万元整（CNY 100,000.00）."""
        figures = self.digits(
            format_currency(
                money.amount,
                money.currency,
                locale=self.locale,
                numbering_system=self.system,
                **_exactly(money),
            )
        )
        if not self.info.amount_in_words:
            return figures
        words = AMOUNT_IN_WORDS[self.info.amount_in_words](money.amount, money.currency, self.info)
        return self.info.amount_pattern.format(words=words, figures=figures)

    def duration(self, amount: int, unit: str) -> str:
        """5 years / 5年 / 5 ປີ; unit is year, month, week, day or hour."""
        if unit in self.info.duration_patterns:
            return self.digits(self.info.duration_patterns[unit].format(n=amount))
        text = format_unit(amount, f"duration-{unit}", length="long", locale=self.locale)
        if self.info.spelled_count_pattern and not any(c.isdigit() for c in text):
            text = self.info.spelled_count_pattern.format(text=text, n=amount)  # the figure is kept
        return self.digits(text)

    def country(self, code: str) -> str:
        return _locale(self.locale).territories.get(code, code)

    def country_names(self) -> list[str]:
        """CLDR's names of the territories with two-letter codes (ISO 3166 countries, and a few
        groupings such as UN and EU) in this language."""
        return [name for code, name in _locale(self.locale).territories.items() if code.isalpha()]

    def currency_name(self, code: str) -> str:
        """Thai baht / 泰铢 / ບາດໄທ: the CLDR name of an ISO 4217 currency."""
        return get_currency_name(code, locale=self.locale)

    def language_name(self, tag: str) -> str:
        """The CLDR name of any language tag in this language: th -> Thai / 泰语 / ไทย."""
        locale = _locale(self.locale)
        named = locale.languages.get(tag.replace("-", "_"))
        if not named:
            try:
                named = Locale.parse(tag, sep="-").get_display_name(locale) or tag
            except (ValueError, TypeError):
                named = locale.languages.get(tag.split("-")[0], tag)
        if self.info.language_names_in_lowercase:  # CLDR: Tiếng Anh; in a sentence: tiếng Anh
            return named[:1].lower() + named[1:]
        return named

    def join(self, items: list[str], style: str = "standard") -> str:
        return format_list(list(items), style=style, locale=self.locale)

    def ordinal_article(self, number: int) -> str:
        """The number as it stands in an article label: 三 / 3."""
        if self.info.numbering == "chinese":
            return chinese_number(number)
        return self.number(number)


def _exactly(money) -> dict:
    """Babel options that print `money` with its currency's CLDR decimals (CNY 100,000.00,
    LAK 4,500), or with the decimals written when those would round it (LAK 4,500.50, never
    LAK 4,501): an amount is never changed by printing it."""
    amount = Decimal(money.amount)
    digits = get_currency_precision(money.currency)
    if amount == amount.quantize(Decimal(1).scaleb(-digits)):
        return {"format": "¤¤\u00a0#,##0.00", "currency_digits": True}
    written = -amount.as_tuple().exponent
    return {"format": "¤¤\u00a0#,##0." + "0" * written, "currency_digits": False}


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def chinese_number(number: int) -> str:
    """Ordinary Chinese numerals for article numbers: 1 -> 一, 12 -> 十二, 105 -> 一百零五."""
    return integer_numerals(number)


def chinese_capital_amount(amount: Decimal, currency: str, language=None) -> str:
    """人民币壹拾万元整, 美元壹仟伍佰元整, 老挝基普伍佰万整 (capital financial numerals)."""
    name = get_currency_name(currency, locale=language.locale if language else "zh_Hans_CN")
    if currency in YUAN_UNITS:
        return name + yuan_amount(Decimal(amount))
    whole = int(amount)
    capitals = integer_numerals(whole, capital=True)
    cents = Decimal(amount) - whole
    if cents:
        return f"{name}{capitals}点{''.join('零壹贰叁肆伍陆柒捌玖'[int(d)] for d in f'{cents:.2f}'[2:])}"
    return f"{name}{capitals}整"


def cardinal_amount(amount: Decimal, currency: str, language) -> str:
    """Number words of the whole amount and the currency name counted by it; cents counted in the
    language's minor unit (ar: ... جنيه إسترليني وخمسون بنسًا), else as a fraction (... 50/100):
    сто тысяч долларов США, một trăm nghìn đô la Mỹ.

    num2words' own currency mode is not used: it names unknown currencies wrongly (its Arabic
    calls USD and CNY ريال) or refuses them.
    """
    whole = int(amount)
    cents = int((Decimal(amount) - whole) * 100)
    plain = get_currency_name(currency, locale=language.locale)
    named = language.currency_names.get(currency, {})
    words = counted_words(
        whole,
        named.get(plural_category(whole, language))
        or get_currency_name(currency, count=whole, locale=language.locale),
        plain,
        language,
    )
    minor = language.minor_unit_names.get(currency)
    if cents and minor:
        name = minor.get(plural_category(cents, language)) or minor["other"]
        words += language.cents_joiner + counted_words(cents, name, minor["other"], language)
    elif cents:
        words += " " + f"{cents:02d}/100".translate(
            str.maketrans(DIGITS["latn"], DIGITS[language.numbering_system])
        )
    return words


def counted_words(count: int, name: str, plain: str, language) -> str:
    """`count` in words with `name`, the noun in its form for that count, after the language's
    pattern for the count's plural category (else words_pattern). A pattern without {number} lets
    the noun say the count (ar جنيهان), so it is used only when `name` is a counted form, not the
    `plain` name: no amount loses its number. Number words the noun follows take their construct
    form (ar ألفا جنيه)."""
    number = number_words(count, language)
    pattern = language.words_patterns.get(plural_category(count, language), language.words_pattern)
    if "{number}" not in pattern and name == plain:
        pattern = language.words_pattern
    if "{number} " in pattern:
        number = before_noun(number, language)
    return pattern.format(number=number, currency=name)


def baht_text(amount: Decimal, currency: str, language) -> str:
    """Thai amounts in words: baht as Thai contracts write them (หนึ่งแสนบาทถ้วน, pythainlp's
    bahttext); other currencies as number words and the CLDR currency name."""
    if currency == "THB":
        from pythainlp.util import bahttext

        return bahttext(float(amount))  # at most 15 digits, 2 decimals (the model): exact in a float
    return cardinal_amount(amount, currency, language)


AMOUNT_IN_WORDS = {
    "chinese-capital": chinese_capital_amount,
    "cardinal": cardinal_amount,
    "bahttext": baht_text,
}
