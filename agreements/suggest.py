""" "Did you mean": the code a clerk meant when writing a name (中国 → CN, 美元 → USD, RMB → CNY),
and the closest allowed choice for any other enumerated value (b → B).

Names come from CLDR (Babel): every territory and currency name and symbol in Chinese
(simplified and traditional) and English. CLDR lacks only the everyday words for the yuan.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from functools import lru_cache

NAME_LOCALES = ("zh_Hans", "zh_Hant", "en")
EVERYDAY_CURRENCY_WORDS = {"rmb": "CNY", "元": "CNY", "人民币元": "CNY", "块": "CNY"}  # not in CLDR


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes CLDR names as countries (not EU, UN, ZZ and the like)."""
    from babel import Locale

    not_countries = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
    return frozenset(
        c for c in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", c) and c not in not_countries
    )


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@lru_cache(maxsize=2)
def _names(what: str) -> dict[str, str]:
    """Every CLDR name (and, for currencies, symbol) of a code, folded, -> the code."""
    from babel import Locale

    codes = country_codes() if what == "country" else currency_codes()
    found: dict[str, str] = dict(EVERYDAY_CURRENCY_WORDS) if what == "currency" else {}
    for tag in reversed(NAME_LOCALES):  # the first locale wins a name two codes share
        locale = Locale.parse(tag)
        tables = [locale.territories] if what == "country" else [locale.currencies, locale.currency_symbols]
        for table in tables:
            for code, name in table.items():
                if code in codes and not re.fullmatch(r"[A-Z]{2,3}", name):
                    found[_fold(name)] = code
    return found


def _fold(text: str) -> str:
    return re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text)).casefold()


@lru_cache(maxsize=1)
def _current_currencies() -> frozenset[str]:
    """Currencies legal tender somewhere on a fixed day (not the clock: messages stay the same)."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    day = dt.date(2026, 1, 1)
    return frozenset(c for t in Locale("en").territories for c in get_territory_currencies(t, day))


def name(code: str, locale: str) -> str:
    """The CLDR name of a country or currency code in one locale."""
    from babel import Locale

    loaded = Locale.parse(locale)
    return loaded.territories.get(code) or loaded.currencies.get(code) or code


def code_for(value: str, what: str) -> str | None:
    """The country ('country') or currency ('currency') code `value` most likely means, or None."""
    codes = country_codes() if what == "country" else currency_codes()
    text = value.strip()
    if text.upper() in codes:
        return text.upper()
    names = _names(what)
    if _fold(text) in names:
        return names[_fold(text)]
    word = _fold(text)
    within = {code for key, code in names.items() if key.endswith(word)}
    if len(within) == 1 and len(word) >= 3:  # "kip" in "laotian kip", "baht" in "thai baht"
        return within.pop()
    likely = sorted(codes & _current_currencies()) if what == "currency" else sorted(codes)
    close = difflib.get_close_matches(text.upper(), likely, n=1, cutoff=0.66)
    return close[0] if close else None


def did_you_mean(value: str, what: str) -> str:
    """ "; did you mean CN (中国 / China)?" or an empty string."""
    code = code_for(value, what)
    if not code:
        return ""
    return f"; did you mean {code} ({name(code, 'zh_Hans')} / {name(code, 'en')})?"


def closest_choice(value: str, choices: list[str]) -> str | None:
    """The allowed choice `value` most likely means: the same letters in another case, else the
    closest spelling (difflib), else None."""
    for choice in choices:
        if choice.casefold() == value.strip().casefold():
            return choice
    close = difflib.get_close_matches(value.strip(), choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(value.strip().casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


TRUE_WORDS = frozenset({"yes", "y", "on", "1", "t", "是", "对"})
FALSE_WORDS = frozenset({"no", "n", "off", "0", "f", "否", "不"})


def flag_for(value: str) -> str | None:
    """'true' or 'false' for a word that means yes or no (yes, on, 1, 是 ...), else None."""
    word = value.strip().casefold()
    return "true" if word in TRUE_WORDS else "false" if word in FALSE_WORDS else None
