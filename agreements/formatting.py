"""Per-language formatters from CLDR (Babel), plus Chinese capital numerals (cn2an).

Templates never format a number themselves: they call these, bound to the template's language.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import cn2an
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_name
from babel.units import format_unit

from .languages import LANGUAGES

# The legal systems an agreement names in its governing-law article: official names, because
# "the laws of China" is not how a contract says it. Others fall back to the CLDR country name.
JURISDICTIONS = {
    "CN": {"zh-Hans": "中华人民共和国", "en": "the People's Republic of China",
           "lo": "ສາທາລະນະລັດ ປະຊາຊົນຈີນ"},
    "LA": {"zh-Hans": "老挝人民民主共和国", "en": "the Lao People's Democratic Republic",
           "lo": "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ"},
    "TH": {"zh-Hans": "泰王国", "en": "the Kingdom of Thailand", "lo": "ຣາຊະອານາຈັກໄທ"},
    "VN": {"zh-Hans": "越南社会主义共和国", "en": "the Socialist Republic of Viet Nam",
           "lo": "ສາທາລະນະລັດ ສັງຄົມນິຍົມ ຫວຽດນາມ"},
    "KH": {"zh-Hans": "柬埔寨王国", "en": "the Kingdom of Cambodia", "lo": "ຣາຊະອານາຈັກກຳປູເຈຍ"},
    "GB": {"zh-Hans": "英格兰和威尔士", "en": "England and Wales", "lo": "ອັງກິດ ແລະ ເວວ"},
}

# Currencies whose unit Chinese calls 元 (yuan, dollar); others get their name and 整 only.
YUAN_UNITS = {"CNY", "USD", "HKD", "AUD", "CAD", "SGD", "NZD", "TWD"}


class Formatter:
    """Formats values for one language of the agreement."""

    def __init__(self, language: str):
        self.language = language
        self.locale = LANGUAGES[language].locale

    def date(self, value: dt.date) -> str:
        """15 December 2026 / 2026年12月15日 / 15 ທັນວາ 2026."""
        return format_date(value, "long", locale=self.locale)

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    def percent(self, value: Decimal) -> str:
        return format_percent(Decimal(value) / 100, format="#,##0.##%", locale=self.locale)

    def money(self, money) -> str:
        """CNY 100,000.00 / 人民币壹拾万元整（CNY 100,000.00）."""
        figures = format_currency(money.amount, money.currency, format="¤¤\u00a0#,##0.00",
                                  locale=self.locale, currency_digits=True)
        if self.language != "zh-Hans":
            return figures
        return f"{chinese_capital_amount(money.amount, money.currency, self.locale)}（{figures}）"

    def duration(self, amount: int, unit: str) -> str:
        """5 years / 5年 / 5 ປີ; unit is year, month, week or day."""
        if unit == "day" and self.language == "zh-Hans":
            return f"{amount}日"  # legal Chinese counts days in 日 (CLDR: 天)
        return format_unit(amount, f"duration-{unit}", length="long", locale=self.locale)

    def jurisdiction(self, code: str) -> str:
        """The official name of a legal system: 中华人民共和国 / the People's Republic of China."""
        return JURISDICTIONS.get(code, {}).get(self.language) or self.country(code)

    def country(self, code: str) -> str:
        return _locale(self.locale).territories.get(code, code)

    def language_name(self, tag: str) -> str:
        locale = _locale(self.locale)
        return locale.languages.get(tag.replace("-", "_"), locale.languages.get(tag.split("-")[0], tag))

    def join(self, items: list[str], style: str = "standard") -> str:
        return format_list(list(items), style=style, locale=self.locale)

    def ordinal_article(self, number: int) -> str:
        """The number as it stands in an article label: 三 / 3."""
        return chinese_number(number) if self.language == "zh-Hans" else self.number(number)


@lru_cache(maxsize=None)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def chinese_number(number: int) -> str:
    """Ordinary Chinese numerals for article numbers: 1 -> 一, 12 -> 十二, 105 -> 一百零五."""
    return cn2an.an2cn(number, "low")


def chinese_capital_amount(amount: Decimal, currency: str, locale: str = "zh_Hans_CN") -> str:
    """人民币壹拾万元整, 美元壹仟伍佰元整, 老挝基普伍佰万整 (capital financial numerals)."""
    name = get_currency_name(currency, locale=locale)
    if currency in YUAN_UNITS:
        return name + cn2an.an2cn(f"{Decimal(amount):.2f}", "rmb")
    whole = int(amount)
    capitals = cn2an.an2cn(whole, "up") if whole else "零"
    cents = Decimal(amount) - whole
    if cents:
        return f"{name}{capitals}点{''.join('零壹贰叁肆伍陆柒捌玖'[int(d)] for d in f'{cents:.2f}'[2:])}"
    return f"{name}{capitals}整"
