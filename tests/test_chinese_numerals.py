"""Our Chinese numerals write every number exactly as cn2an (the reference) does."""

from __future__ import annotations

from decimal import Decimal

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from agreements.chinese_numerals import integer_numerals, yuan_amount

EDGES = [0, 1, 10, 11, 20, 100, 101, 110, 1000, 1001, 1010, 10000, 10001, 100000, 1001000, 100010000]
EDGES += [10**k for k in range(16)] + [10**k + 1 for k in range(16)] + [10000001000, 10**16 - 1]


def test_every_number_below_twenty_thousand_and_the_edges():
    for number in list(range(20000)) + EDGES:
        assert integer_numerals(number) == cn2an.an2cn(number, "low"), number
        assert integer_numerals(number, capital=True) == cn2an.an2cn(number, "up"), number


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_any_number_up_to_sixteen_digits(number: int):
    assert integer_numerals(number) == cn2an.an2cn(number, "low")
    assert integer_numerals(number, capital=True) == cn2an.an2cn(number, "up")


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_any_yuan_amount_to_the_fen(cents: int):
    amount = Decimal(cents) / 100
    assert yuan_amount(amount) == cn2an.an2cn(f"{amount:.2f}", "rmb")


def test_yuan_amounts_with_zero_jiao_or_fen():
    for text in ("0.00", "0.05", "0.50", "0.55", "1.05", "10.00", "100000.00", "1500.50", "20000.09"):
        assert yuan_amount(Decimal(text)) == cn2an.an2cn(text, "rmb"), text
