"""Per-language formatters from CLDR (Babel), plus Chinese capital numerals (chinese_numerals).

Templates never format a number themselves: they call these, bound to the template's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_name
from babel.units import format_unit

from .chinese_numerals import integer_numerals, yuan_amount
from .languages import LANGUAGES

# Currencies whose unit Chinese calls 元 (yuan, dollar); others get their name and 整 only.
YUAN_UNITS = {"CNY", "USD", "HKD", "AUD", "CAD", "SGD", "NZD", "TWD"}


class Formatter:
    """Formats values for one language of the agreement."""

    def __init__(self, language: str):
        self.language = language
        self.info = LANGUAGES[language]
        self.locale = self.info.locale

    def date(self, value: dt.date) -> str:
        """15 December 2026 / 2026年12月15日 / 15 ທັນວາ 2026."""
        return format_date(value, "long", locale=self.locale)

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    def percent(self, value: Decimal) -> str:
        return format_percent(Decimal(value) / 100, format="#,##0.##%", locale=self.locale)

    def money(self, money) -> str:
        """CNY 100,000.00 / 人民币壹拾万元整（CNY 100,000.00）."""
        figures = format_currency(
            money.amount, money.currency, format="¤¤\u00a0#,##0.00", locale=self.locale, currency_digits=True
        )
        if not self.info.amount_in_words:
            return figures
        words = AMOUNT_IN_WORDS[self.info.amount_in_words](money.amount, money.currency, self.locale)
        return self.info.amount_pattern.format(words=words, figures=figures)

    def duration(self, amount: int, unit: str) -> str:
        """5 years / 5年 / 5 ປີ; unit is year, month, week or day."""
        if unit == "day" and self.info.day_pattern:
            return self.info.day_pattern.format(n=amount)
        return format_unit(amount, f"duration-{unit}", length="long", locale=self.locale)

    def country(self, code: str) -> str:
        return _locale(self.locale).territories.get(code, code)

    def language_name(self, tag: str) -> str:
        locale = _locale(self.locale)
        return locale.languages.get(tag.replace("-", "_"), locale.languages.get(tag.split("-")[0], tag))

    def join(self, items: list[str], style: str = "standard") -> str:
        return format_list(list(items), style=style, locale=self.locale)

    def ordinal_article(self, number: int) -> str:
        """The number as it stands in an article label: 三 / 3."""
        if self.info.numbering == "chinese":
            return chinese_number(number)
        return self.number(number)


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def chinese_number(number: int) -> str:
    """Ordinary Chinese numerals for article numbers: 1 -> 一, 12 -> 十二, 105 -> 一百零五."""
    return integer_numerals(number)


def chinese_capital_amount(amount: Decimal, currency: str, locale: str = "zh_Hans_CN") -> str:
    """人民币壹拾万元整, 美元壹仟伍佰元整, 老挝基普伍佰万整 (capital financial numerals)."""
    name = get_currency_name(currency, locale=locale)
    if currency in YUAN_UNITS:
        return name + yuan_amount(Decimal(amount))
    whole = int(amount)
    capitals = integer_numerals(whole, capital=True)
    cents = Decimal(amount) - whole
    if cents:
        return f"{name}{capitals}点{''.join('零壹贰叁肆伍陆柒捌玖'[int(d)] for d in f'{cents:.2f}'[2:])}"
    return f"{name}{capitals}整"


AMOUNT_IN_WORDS = {"chinese-capital": chinese_capital_amount}
