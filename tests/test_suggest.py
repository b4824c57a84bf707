"""Values get a "did you mean" (issue 16, item 5): names of countries and currencies in Chinese or
English become their codes (from CLDR), and any enumerated value its closest choice."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL, edit, line_of, only_problem

COUNTRY = "    country: CN\n    address: {zh-Hans: 深圳市南山区"


def with_funding(currency: str, amount: str = "10000.00") -> str:
    payment = (
        "    - purpose: {zh-Hans: 设备, en: Equipment}\n"
        f"      amount: {{amount: {amount}, currency: {currency}}}\n"
        "      due: 2027-06-01\n"
    )
    return edit(
        MINIMAL,
        "  graduate_positions_per_year: 10\n",
        "  graduate_positions_per_year: 10\n  funding:\n" + payment,
    )


@pytest.mark.parametrize(
    "written, code",
    [
        ("RMB", "CNY"),
        ("元", "CNY"),
        ("人民币", "CNY"),
        ("美元", "USD"),
        ("usd", "USD"),
        ("泰铢", "THB"),
        ("Kip", "LAK"),
    ],
)
def test_a_currency_name_suggests_its_code(written, code):
    problem = only_problem(with_funding(written))
    assert f"write {code} (" in problem.message, problem.message
    assert problem.line == line_of(with_funding(written), f"currency: {written}")


@pytest.mark.parametrize(
    "written, code, names",
    [
        ("中国", "CN", "中国 / China"),
        ("老挝", "LA", "老挝 / Laos"),
        ("泰国", "TH", "泰国 / Thailand"),
        ("Laos", "LA", ""),
    ],
)
def test_a_country_name_suggests_its_code(written, code, names):
    text = edit(MINIMAL, COUNTRY, COUNTRY.replace("CN", written))
    problem = only_problem(text)
    assert f"write {code} (" in problem.message and names in problem.message, problem.message
    assert (problem.line, problem.column) == (line_of(text, f"country: {written}"), 14)


def test_an_unknown_code_without_a_likely_meaning_gets_examples():
    problem = only_problem(with_funding("XYZQ"))
    assert "e.g. CNY, LAK, USD, THB" in problem.message and "write" not in problem.message.split(";")[0]


@pytest.mark.parametrize(
    "old, new, hint",
    [
        ("university_enterprise:\n", "university_enterprise:\n  enterprise: b\n", "did you mean 'B'?"),
        ("status: draft", "status: Draft", "did you mean 'draft'?"),
        ("status: draft", "status: drfat", "did you mean 'draft'?"),
        ("languages: [zh-Hans, en]", "languages: [zh-hans, en]", "write it as zh-Hans"),
        ("revision: 1\n", "revision: 1\nlayout: side_by_side\n", "did you mean 'side-by-side'?"),
    ],
)
def test_an_enumerated_value_suggests_the_closest_choice(old, new, hint):
    problem = only_problem(edit(MINIMAL, old, new))
    assert hint in problem.message, problem.message


@pytest.mark.parametrize(
    "written, meant",
    [
        ("yes", "true"),
        ("on", "true"),
        ("y", "true"),
        ("1", "true"),
        ("no", "false"),
        ("off", "false"),
        ("0", "false"),
    ],
)
def test_booleans_are_only_true_or_false_with_a_hint(written, meant):
    text = edit(
        MINIMAL,
        "  governing_law: CN\n",
        f"  governing_law: CN\n  personal_data: {{cross_border_transfer: {written}}}\n",
    )
    problem = only_problem(text)
    assert f"'{written}' is not true or false; did you mean {meant}?" in problem.message
