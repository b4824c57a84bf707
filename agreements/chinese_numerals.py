"""Chinese numerals for article numbers (一百零五) and capital financial numerals for amounts
(壹拾万元整), written exactly as cn2an's `an2cn` writes them in its "low", "up" and "rmb" modes.

Our own because importing cn2an builds its Chinese-to-Arabic converters, a tenth of a second of
every cold command that we never use; tests/test_chinese_numerals.py checks these functions
against cn2an over many numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {False: "零一二三四五六七八九", True: "零壹贰叁肆伍陆柒捌玖"}
_UNITS = {False: "十百千", True: "拾佰仟"}
MAX_DIGITS = 16


def _place_units(capital: bool) -> list[str]:
    small = ["", *_UNITS[capital]]
    return small + ["万", *small[1:]] + ["亿", *small[1:]] + ["万", *small[1:]]


def integer_numerals(number: int, *, capital: bool = False) -> str:
    """0 -> 零, 12 -> 十二, 105 -> 一百零五, 100000 -> 十万 (capital: 壹拾万)."""
    if number < 0:
        raise ValueError(f"negative number {number}")
    digits = str(number)
    if len(digits) > MAX_DIGITS:
        raise ValueError(f"{number} has more than {MAX_DIGITS} digits")
    numerals, units = DIGITS[capital], _place_units(capital)
    out = ""
    for index, digit in enumerate(digits):
        place = len(digits) - index - 1
        if digit != "0":
            out += numerals[int(digit)] + units[place]
            continue
        if place % 4 == 0:  # a zero at 万 or 亿 still names the unit
            out += numerals[0] + units[place]
        if index > 0 and out[-1] != "零":
            out += numerals[0]
    out = (
        out.replace("零零", "零")
        .replace("零万", "万")
        .replace("零亿", "亿")
        .replace("亿万", "亿")
        .strip("零")
    )
    out = re.sub(r"([万亿])零([一二三四五六七八九壹贰叁肆伍陆柒捌玖][千仟])", r"\1\2", out)
    if out.startswith("一十"):
        out = out[1:]
    return out or "零"


def yuan_amount(amount: Decimal) -> str:
    """An amount in yuan in capitals, to the fen: 100000.00 -> 壹拾万元整, 1500.50 -> 壹仟伍佰元伍角."""
    whole, _, cents = f"{Decimal(amount):.2f}".partition(".")
    integer = integer_numerals(int(whole), capital=True)
    jiao, fen = (DIGITS[True][int(d)] for d in cents)
    if jiao == "零" and fen == "零":
        return integer + "元整"
    parts = [] if integer == "零" else [integer + "元"]
    if jiao != "零":
        parts.append(jiao + "角")
    elif parts:
        parts.append("零")
    if fen != "零":
        parts.append(fen + "分")
    return "".join(parts)
