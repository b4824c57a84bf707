"""Arabic amounts in words count the currency as Arabic does (the tamyiz): one and two put the
noun first and the dual says the two, 3-10 take the plural, 11-99 the accusative singular, 100 and
up the genitive singular; cents are counted in the minor unit the same way. Language data
(templates/languages/ar.yaml: words_patterns, currency_names, minor_unit_names) says so;
formatting.counted_words applies it for any language.

Expected words are written from Arabic grammar, not copied from the libraries' output.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from agreements.errors import TemplateError
from agreements.formatting import Formatter, cardinal_amount
from agreements.languages import LANGUAGES, load_language
from agreements.model import Money
from tests.layout_check import key, read_lines
from tests.outputs import REPO, docx_text, edited_copy, run_cli

SAMPLE = REPO / "specs" / "binhai-teda-suez-energy.yaml"  # zh-Hans + ar, an annex of funding amounts

# amount -> the words between فقط and لا غير, in pounds sterling (no counted forms in CLDR's ar)
POUNDS = {
    "1": "جنيه إسترليني واحد",
    "2": "جنيهان إسترلينيان",
    "5": "خمسة جنيهات إسترلينية",
    "15": "خمسة عشر جنيهًا إسترلينيًا",
    "100": "مائة جنيه إسترليني",
    "1250000.50": "مليون ومائتان وخمسون ألف جنيه إسترليني وخمسون بنسًا",
}


def money(amount: str, currency: str) -> Money:
    return Money(amount=Decimal(amount), currency=currency)


@pytest.mark.parametrize("amount, words", POUNDS.items())
def test_pounds_sterling_in_words(amount, words):
    assert Formatter("ar").money(money(amount, "GBP")).endswith(f"(فقط {words} لا غير)")


@pytest.mark.parametrize(
    "amount, currency, words",
    [
        ("1", "EGP", "جنيه مصري واحد"),  # CLDR's counted names
        ("2", "EGP", "جنيهان مصريان"),
        ("10", "USD", "عشرة دولارات أمريكية"),
        ("99", "USD", "تسعة وتسعون دولارًا أمريكيًا"),
        ("103", "CNY", "مائة وثلاثة يوانات صينية"),  # the last part of the number counts
        ("111", "CNY", "مائة وأحد عشر يوانًا صينيًا"),
        ("200", "CNY", "مائتا يوان صيني"),  # مائتا as مائة, not num2words' مئتا
        ("3000", "EGP", "ثلاثة آلاف جنيه مصري"),
    ],
)
def test_counted_forms_of_other_currencies(amount, currency, words):
    assert Formatter("ar").money(money(amount, currency)).endswith(f"(فقط {words} لا غير)")


@pytest.mark.parametrize(
    "amount, currency, words",
    [
        ("1.01", "GBP", "جنيه إسترليني واحد وبنس واحد"),
        ("2.02", "EGP", "جنيهان مصريان وقرشان"),
        ("5.05", "USD", "خمسة دولارات أمريكية وخمسة سنتات"),
        ("15.15", "EGP", "خمسة عشر جنيهًا مصريًا وخمسة عشر قرشًا"),
        # no minor unit named for the yuan: the fraction stays in figures
        ("100.50", "CNY", "مائة يوان صيني ٥٠/١٠٠"),
    ],
)
def test_cents_are_counted_in_the_minor_unit(amount, currency, words):
    assert Formatter("ar").money(money(amount, currency)).endswith(f"(فقط {words} لا غير)")


def test_a_currency_without_a_dual_keeps_the_number_two():
    # CLDR's ar has one name for the baht: the dual pattern would drop the count, so it is not used
    assert Formatter("ar").money(money("2", "THB")).endswith("(فقط اثنان باخت تايلاندي لا غير)")
    assert Formatter("ar").money(money("1", "THB")).endswith("(فقط باخت تايلاندي واحد لا غير)")


def test_counted_names_and_patterns_are_data_for_their_plural_category_only():
    counted = dataclasses.replace(
        LANGUAGES["ar"], currency_names={"GBP": {"two": "X-two"}}, words_patterns={"two": "<{currency}>"}
    )
    assert cardinal_amount(Decimal(2), "GBP", counted) == "<X-two>"
    assert cardinal_amount(Decimal(5), "GBP", counted) == "خمسة جنيه إسترليني"  # CLDR's name, words_pattern


@pytest.mark.parametrize(
    "lines, message",
    [
        ("words_patterns: {dual: \"{currency}\"}\n", "words_patterns: 'dual'"),
        ("words_patterns: {two: \"{number}\"}\n", "words_patterns.two must name {currency}"),
        ("currency_names: {usd: {one: x}}\n", "currency_names: 'usd'"),
        ("minor_unit_names: {GBP: {one: x}}\n", "minor_unit_names: 'GBP'"),  # no other
        ("currency_names: [USD]\n", "currency_names has the wrong shape"),
    ],
)
def test_a_mistake_in_the_counted_forms_is_reported_with_its_file(tmp_path, lines, message):
    source = (REPO / "templates" / "languages" / "ar.yaml").read_text(encoding="utf-8")
    kept = "".join(
        line
        for line in source.splitlines(keepends=True)
        if not line.startswith(("words_patterns", "currency_names", "minor_unit_names", "  "))
    )
    path = tmp_path / "ar.yaml"
    path.write_text(kept + lines, encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape(message)):
        load_language(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Arabic sample with one funding instalment per amount of POUNDS, built to DOCX and PDF."""
    folder = tmp_path_factory.mktemp("amounts")
    funding = "".join(
        f"    - purpose: {{zh-Hans: 第{i}期, ar: الدفعة {i}}}\n"
        f"      amount: {{amount: {amount}, currency: GBP}}\n"
        "      due: 2027-12-31\n"
        for i, amount in enumerate(POUNDS, 1)
    )
    start = SAMPLE.read_text(encoding="utf-8").index("  funding:\n")
    end = SAMPLE.read_text(encoding="utf-8").index("  secondment:\n")
    old = SAMPLE.read_text(encoding="utf-8")[start:end]
    spec = edited_copy(SAMPLE, folder / "amounts.yaml", (old, "  funding:\n" + funding))
    result = run_cli("build", str(spec), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    stem = folder / "out" / "binhai-teda-suez-energy" / "binhai-teda-suez-energy"
    lines = read_lines(stem.with_suffix(".pdf"))  # right-to-left lines in reading order
    return docx_text(stem.with_suffix(".docx")), pdf_words(" ".join(line.text for line in lines))


def pdf_words(text: str) -> set[str]:
    """Words as the PDF's text layer can give them back: without marks (poppler cuts a word at its
    tanwin), lam and alef (a lam-alef ligature comes out as alef-lam)."""
    return {"".join(c for c in key(word) if c not in "لاأإآ") for word in text.split()} - {""}


@pytest.mark.parametrize("amount, words", POUNDS.items())
def test_the_words_stand_in_the_built_agreement(built, amount, words):
    docx, pdf = built
    phrase = f"(فقط {words} لا غير)"
    assert phrase in docx  # as written, in reading order
    assert pdf_words(phrase) <= pdf  # every word laid out on the page (a table cell's lines wrap)
