"""Per-language formatting: CLDR via Babel, Chinese capitals (chinese_numerals.py), legal conventions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agreements.formatting import Formatter, chinese_capital_amount, chinese_number
from agreements.model import Money
from tests.conftest import SPECS

ZH, EN, LO = Formatter("zh-Hans"), Formatter("en"), Formatter("lo")


@pytest.mark.parametrize(
    "amount, currency, expected",
    [
        ("100000.00", "CNY", "人民币壹拾万元整（CNY\u00a0100,000.00）"),
        ("1500.50", "USD", "美元壹仟伍佰元伍角（USD\u00a01,500.50）"),
        ("7500000", "LAK", "老挝基普柒佰伍拾万整（LAK\u00a07,500,000）"),
        ("16950.00", "GBP", "英镑壹万陆仟玖佰伍拾整（GBP\u00a016,950.00）"),
    ],
)
def test_chinese_amounts_carry_capital_numerals(amount, currency, expected):
    assert ZH.money(Money(amount=Decimal(amount), currency=currency)) == expected


def test_amounts_in_english_and_lao_use_the_code_and_local_separators():
    money = Money(amount=Decimal("400000.00"), currency="CNY")
    assert EN.money(money) == "CNY\u00a0400,000.00"
    assert LO.money(money) == "CNY\u00a0400.000,00"


def test_dates_durations_and_percentages():
    day = dt.date(2026, 12, 18)
    assert (ZH.date(day), EN.date(day), LO.date(day)) == (
        "2026年12月18日",
        "18 December 2026",
        "18 ທັນວາ 2026",
    )
    assert (ZH.duration(3, "year"), EN.duration(1, "year"), EN.duration(3, "year")) == (
        "3年",
        "1 year",
        "3 years",
    )
    assert ZH.duration(30, "day") == "30日"
    assert LO.duration(6, "month") == "6 ເດືອນ"
    assert ZH.percent(Decimal("90")) == "90%" and EN.percent(Decimal("12.5")) == "12.5%"


def test_article_numbers():
    assert [chinese_number(n) for n in (1, 10, 12, 21, 105)] == ["一", "十", "十二", "二十一", "一百零五"]
    assert ZH.ordinal_article(3) == "三" and EN.ordinal_article(3) == "3"


def test_official_names_of_legal_systems():
    from agreements.labels import Labels

    zh, en, lo = Labels("zh-Hans"), Labels("en"), Labels("lo")
    assert zh.jurisdiction("CN", ZH) == "中华人民共和国"
    assert en.jurisdiction("LA", EN) == "the Lao People's Democratic Republic"
    assert en.jurisdiction("GB", EN) == "England and Wales"
    assert lo.jurisdiction("LA", LO) == "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ"
    assert en.jurisdiction("FR", EN) == "France"  # no official name known: the CLDR name
    assert zh.jurisdiction("FR", ZH) == "法国"


def test_capital_amount_of_zero_and_cents():
    zero = Money(amount=Decimal("0"), currency="CNY")
    assert chinese_capital_amount(Decimal("0"), "CNY") == "人民币零元整"
    assert chinese_capital_amount(Decimal("0.00"), "USD") == "美元零元整"
    assert chinese_capital_amount(Decimal("0"), "LAK") == "老挝基普零整"
    assert ZH.money(zero) == "人民币零元整（CNY\u00a00.00）"
    assert EN.money(zero) == "CNY\u00a00.00" and LO.money(zero) == "CNY\u00a00,00"
    assert chinese_capital_amount(Decimal("0.50"), "CNY") == "人民币伍角"
    assert chinese_capital_amount(Decimal("0.05"), "CNY") == "人民币伍分"
    assert chinese_capital_amount(Decimal("1.05"), "CNY") == "人民币壹元零伍分"


@pytest.mark.parametrize(
    ("amount", "currency", "en", "lo", "zh"),
    [
        ("4500.50", "LAK", "LAK~4,500.50", "LAK~4.500,50", "老挝基普肆仟伍佰点伍零（LAK~4,500.50）"),
        ("1000.5", "JPY", "JPY~1,000.5", "JPY~1.000,5", "日元壹仟点伍零（JPY~1,000.5）"),
        ("25000.75", "KRW", "KRW~25,000.75", "KRW~25.000,75", "韩元贰万伍仟点柒伍（KRW~25,000.75）"),
        ("4500", "LAK", "LAK~4,500", "LAK~4.500", "老挝基普肆仟伍佰整（LAK~4,500）"),
        ("4500.00", "VND", "VND~4,500", "VND~4.500", "越南盾肆仟伍佰整（VND~4,500）"),
    ],
)
def test_a_fraction_in_a_currency_without_minor_unit_is_printed_as_written(amount, currency, en, lo, zh):
    money = Money(amount=Decimal(amount), currency=currency)
    en, lo, zh = (text.replace("~", "\u00a0") for text in (en, lo, zh))  # ~: a no-break space
    assert Formatter("en").money(money) == en
    assert Formatter("lo").money(money) == lo
    assert Formatter("zh-Hans").money(money) == zh


@pytest.mark.parametrize(
    "day, expected",
    [
        # Vietnamese contracts (Decree 30/2020/NĐ-CP): a day below 10 and the months 1 and 2 take a 0
        (dt.date(2027, 6, 1), "ngày 01 tháng 6 năm 2027"),
        (dt.date(2027, 1, 5), "ngày 05 tháng 01 năm 2027"),
        (dt.date(2028, 2, 29), "ngày 29 tháng 02 năm 2028"),
        (dt.date(2027, 10, 9), "ngày 09 tháng 10 năm 2027"),
        (dt.date(2027, 11, 1), "ngày 01 tháng 11 năm 2027"),
        (dt.date(2026, 12, 15), "ngày 15 tháng 12 năm 2026"),
    ],
)
def test_vietnamese_dates_as_contracts_write_them(day, expected):
    assert Formatter("vi").date(day) == expected


def test_no_vietnamese_text_says_ngay_before_a_date():
    # the date brings its own "ngày": "từ ngày {{ date(...) }}" would print "từ ngày ngày 01 ..."
    from agreements.clauses import library
    from agreements.labels import Labels

    for clause in library().values():
        text = clause.texts.get("vi")
        if text is not None:
            assert "ngày {{ date(" not in text.text + text.title, clause.id
    assert "ngày D" not in Labels("vi").get("Signed at {place} on {date}", place="P", date="D")


def test_arabic_durations_of_one_and_two_keep_their_figure():
    from agreements.integrity import numbers_in

    ar = Formatter("ar")
    # CLDR spells سنة and سنتان without a number; the figure follows in brackets
    assert [ar.duration(n, "year") for n in (1, 2, 3, 11)] == ["سنة (١)", "سنتان (٢)", "٣ سنوات", "١١ سنة"]
    assert ar.duration(1, "day") == "يوم (١)" and ar.duration(30, "day") == "٣٠ يومًا"
    for n in (1, 2):  # the check that compares the languages' numbers finds the same count
        assert numbers_in(ar.duration(n, "month"), "ar") == numbers_in(ZH.duration(n, "month"), "zh-Hans")


def test_a_paragraph_number_a_clause_counts_itself_is_in_the_language_digits():
    from agreements.clauses import environment

    counted = "{% set n = namespace(i=1) %}{% set n.i = n.i + 1 %}{{ n.i }}. {{ 12 }}"
    template = environment().from_string(counted)
    # ar writes the counted paragraph numbers (counterparts, personal data ...) as its placeholders do
    assert template.render(digits=Formatter("ar").digits) == "٢. ١٢"
    assert template.render(digits=ZH.digits) == "2. 12"


def test_vietnamese_language_names_start_lowercase_in_a_sentence(tmp_path):
    """CLDR writes "Tiếng Anh" (a list's capital); a Vietnamese sentence writes "tiếng Anh"."""
    from agreements.build import compose
    from agreements.validate import read_spec

    assert Formatter("vi").language_name("en") == "tiếng Anh"
    assert Formatter("vi").language_name("zh") == "tiếng Trung"
    assert Formatter("en").language_name("vi") == "Vietnamese"
    document = compose(read_spec(SPECS / "guigang-hanoi-exchange-vi.yaml"))
    text = "\n".join(document.text("vi"))
    assert "Ngôn ngữ trọng tài là tiếng Trung." in text
    assert "Tiếng Trung" not in text


def test_percentages_take_the_sign_of_the_numbering_system():
    """Arabic-Indic digits with the Arabic percent sign (CLDR arab: ٪), not a Latin % after them."""
    assert Formatter("ar").percent(Decimal(80)) == "٨٠٪"
    assert Formatter("ar").percent(Decimal("12.5")) == "١٢٫٥٪"
    assert Formatter("en").percent(Decimal(80)) == "80%"
    assert Formatter("zh-Hans").percent(Decimal("12.5")) == "12.5%"


def test_vietnamese_counts_hours_in_gio_as_its_clause_texts_do():
    """CLDR's Vietnamese hour is "tiếng", a spoken word; contracts, and our own clause texts
    ("… giờ giảng"), write "giờ" (language data duration_patterns)."""
    from babel.units import format_unit

    assert format_unit(48, "duration-hour", length="long", locale="vi_VN") == "48 tiếng"
    assert Formatter("vi").duration(48, "hour") == "48 giờ"
    assert Formatter("vi").duration(2, "year") == "2 năm"  # the other units stay CLDR's
