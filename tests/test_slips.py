"""Syntax slips (a Chinese keyboard's full-width punctuation, indentation, quotes) are reported in
plain words at the line and column of the slip, and every other mistake of a readable file comes
in the same run (issue 16, items 2 and 8)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreements.errors import SpecError
from tests.conftest import MINIMAL, edit, line_of, parse, problems

EMAIL = "      email: intl@college-a.edu.cn\n"


def at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of `needle` (plus `offset` characters) in the one line holding it."""
    line = line_of(text, needle)
    return line, text.splitlines()[line - 1].index(needle) + 1 + offset


SLIPS = [
    # (what was typed instead of the MINIMAL text, where the slip is, words the message must hold)
    ("email：intl", EMAIL, "      email：intl@college-a.edu.cn\n", "：", ["full-width colon", "': '"]),
    ("email:\u3000", EMAIL, "      email:\u3000intl@college-a.edu.cn\n", "\u3000", ["full-width space"]),
    ("U+3000 indent", EMAIL, "\u3000\u3000\u3000email: intl@college-a.edu.cn\n", "\u3000", ["indentation"]),
    (
        "comma in list",
        "languages: [zh-Hans, en]",
        "languages: [zh-Hans，en]",
        "，",
        ["full-width comma", "','"],
    ),
    ("【】 list", "languages: [zh-Hans, en]", "languages: 【zh-Hans, en】", "【", ["[ ]"]),
    (
        "comma between texts",
        "title: {zh-Hans: 合作协议, en: Cooperation Agreement}",
        "title: {zh-Hans: 合作协议，en: Cooperation Agreement}",
        "，",
        ["full-width comma", "`en`"],
    ),
    (
        "colon in flow",
        "seat: {zh-Hans: 深圳, en: Shenzhen}",
        "seat: {zh-Hans: 深圳, en：Shenzhen}",
        "：",
        ["full-width colon", "`en`"],
    ),
    ("curly quotes", EMAIL, "      email: “intl@college-a.edu.cn”\n", "“", ["curly quotes", '"']),
    ("unclosed quote", EMAIL, '      email: "intl@college-a.edu.cn\n', '"', ["never closed", 'add "']),
    ("straight then curly", EMAIL, '      email: "intl@college-a.edu.cn”\n', "”", ["curly", 'straight "']),
]


@pytest.mark.parametrize("name, old, new, slip, words", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_slip_is_named_at_its_own_line_and_column_with_what_to_type(name, old, new, slip, words):
    text = edit(MINIMAL, old, new)
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    line = line_of(text, new.strip("\n"))
    assert (found[0].line, found[0].column) == (line, text.splitlines()[line - 1].index(slip) + 1)
    for word in words:
        assert word in found[0].message, found[0].message
    assert "YAML" not in found[0].message and "scanning" not in found[0].message


def test_thousands_separators_inside_a_flow_mapping_are_named_at_the_amount():
    text = edit(
        MINIMAL,
        "  graduate_positions_per_year: 10\n",
        "  graduate_positions_per_year: 10\n  funding:\n"
        "    - purpose: {zh-Hans: 设备, en: Equipment}\n"
        "      amount: {amount: 1,000,000.50, currency: CNY}\n"
        "      due: 2027-06-01\n",
    )
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [at(text, "1,000,000.50")]
    assert "write 1000000.50 without thousands separators" in found[0].message


def test_full_width_text_inside_chinese_values_is_the_writers_own():
    text = edit(
        MINIMAL,
        "purpose: {zh-Hans: 开展合作, en: To cooperate}",
        "purpose: {zh-Hans: 甲方：开展合作，互利共赢（试行）, en: To cooperate}",
    )
    text = edit(
        text,
        "  place: {zh-Hans: 深圳, en: Shenzhen}",
        "  place:\n    zh-Hans: “深圳”：南山，【校区】\n    en: Shenzhen",
    )
    spec = parse(text)
    assert spec.purpose["zh-Hans"] == "甲方：开展合作，互利共赢（试行）"
    assert spec.signing.place["zh-Hans"] == "“深圳”：南山，【校区】"


def test_a_slip_does_not_hide_the_other_mistakes():
    # the case: a full-width colon was the only error shown; 13 others came after fixing it
    text = edit(MINIMAL, EMAIL, "      email：intl@college-a.edu.cn\n")
    text = edit(text, "  date: 2027-03-01", "  date: 2027-02-30")
    text = edit(text, "  years: 3\n", "  years: 3\n  yeers: 4\n")
    text = edit(
        text,
        "    country: CN\n    address: {zh-Hans: 深圳市南山区",
        "    country: 中国\n    address: {zh-Hans: 深圳市南山区",
    )
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [
        at(text, "2027-02-30"),
        at(text, "中国"),
        at(text, "：intl"),
        at(text, "yeers"),
    ]


def test_a_duplicate_key_a_bad_date_and_an_unknown_key_come_together():
    text = edit(MINIMAL, "status: draft\n", "status: draft\nstatus: final\n")
    text = edit(text, "  date: 2027-03-01", "  date: 2027-02-30")
    text = edit(text, "  years: 3\n", "  years: 3\n  yeers: 4\n")
    found = problems(text)
    assert [p.line for p in found] == [line_of(text, "final"), line_of(text, "02-30"), line_of(text, "yeers")]
    assert "duplicate key 'status'" in found[0].message
    assert "not a real date" in found[1].message
    assert "did you mean `years`" in found[2].message


def test_todo_placeholders_and_other_mistakes_come_together():
    text = edit(MINIMAL, EMAIL, "      email: TODO the contact's address\n")
    text = edit(text, "  years: 3\n", "  years: 3\n  yeers: 4\n")
    found = problems(text)
    assert [p.line for p in found] == [line_of(text, "TODO"), line_of(text, "yeers")]
    assert len([p for p in found if p.line == line_of(text, "TODO")]) == 1  # not also "not an e-mail"


def test_columns_after_a_widening_repair_are_those_of_the_file_as_written():
    # '：' is repaired as ': ' (one character wider): a mistake later on that line keeps its column
    text = edit(MINIMAL, EMAIL, "      email：not-an-address\n")
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [at(text, "：")]


@pytest.mark.parametrize(
    "new, expected_words",
    [
        ("     email: intl@college-a.edu.cn\n", ["5 spaces", "6 (like `name`)", "4 (like `contact`)"]),
        ("       email: intl@college-a.edu.cn\n", ["`email` is indented more than `name`"]),
        ("   email: intl@college-a.edu.cn\n", ["3 spaces", "4 (like `contact`)"]),
    ],
    ids=["5 among 6", "7 after 6", "3 among 4"],
)
def test_wrong_indentation_is_named_at_its_own_line(new, expected_words):
    text = edit(MINIMAL, EMAIL, new)
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    assert (found[0].line, found[0].column) == at(text, "email: intl")
    for words in expected_words:
        assert words in found[0].message, found[0].message


def test_three_space_indent_of_a_key_in_a_list_item():
    old = "    country: CN\n    address: {zh-Hans: 深圳市南山区"
    text = edit(MINIMAL, old, "    country: CN\n   address: {zh-Hans: 深圳市南山区")
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [at(text, "address: {zh-Hans: 深圳市南山区")]
    assert "3 spaces" in found[0].message and "4 (like `country`)" in found[0].message


def test_block_texts_and_comments_are_not_mistaken_for_slips():
    text = edit(
        MINIMAL,
        "purpose: {zh-Hans: 开展合作, en: To cooperate}",
        "purpose:\n  zh-Hans: |\n    甲方：开展合作\n       乙方，【配合】\n  en: >\n    To：cooperate\n"
        "# a note：with a colon，and commas",
    )
    assert parse(text).purpose["zh-Hans"] == "甲方：开展合作\n   乙方，【配合】\n"


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_quoted_text_over_several_lines_is_not_a_slip(quote):
    # as PyYAML's own dump writes a long text: the closing quote alone on the last line
    text = edit(
        MINIMAL,
        "purpose: {zh-Hans: 开展合作, en: To cooperate}",
        f"purpose:\n  zh-Hans: {quote}1. 开展合作：实训\n\n    2. 合作，【配合】\n\n    {quote}\n"
        f"  en: {quote}1. To cooperate: training,\n    it''s\n\n    2. and more\n    {quote}",
    )
    spec = parse(text)
    assert spec.purpose["zh-Hans"].startswith("1. 开展合作：实训\n2. 合作，【配合】")
    assert spec.purpose["en"].startswith("1. To cooperate: training, it")


def test_missing_top_level_key_is_reported_at_the_top_not_at_the_first_key():
    text = edit(MINIMAL, "languages: [zh-Hans, en]\n", "")
    found = [p for p in problems(text) if "languages" in p.message]
    assert [(p.line, p.column) for p in found] == [(1, 1)]
    assert "add a `languages:` line" in found[0].message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \u3000:：，,[]【】{}｛｝\"'“”‘’a1-#|>\n", max_size=80))
def test_any_mix_of_slips_gives_a_spec_error_never_a_crash(text):
    try:
        parse("id: a\n" + text)
    except SpecError as exc:
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)
