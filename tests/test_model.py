"""The spec model: each rule refuses what it should, at the line of the offending value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agreements.compose import compose
from agreements.kinds import KINDS
from tests.conftest import (
    MINIMAL,
    OBT,
    SAMPLES,
    UE,
    UU,
    UU3,
    edit,
    line_of,
    only_problem,
    parse,
    problems,
    sample,
)


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_are_valid(name):
    spec = parse(sample(name))
    assert spec.id == name
    assert spec.cooperation is not None


def test_samples_cover_every_kind_layout_and_a_third_party():
    specs = [parse(sample(name)) for name in SAMPLES]
    assert {s.kind for s in specs} == set(KINDS)
    assert {s.layout for s in specs} == {"side-by-side", "sequential", "interleaved"}
    assert [p.role for p in parse(sample(UU3)).parties] == ["A", "B", "C"]


def test_minimal_spec_is_valid():
    spec = parse(MINIMAL)
    assert spec.term.last_day.isoformat() == "2030-03-31"
    assert spec.prevailing_language == "equally-authentic" and spec.layout == "side-by-side"


def assert_one(text: str, needle: str, fragment: str, column: int | None = None):
    """Exactly one problem, on the line holding `needle`, whose message contains `fragment`."""
    found = only_problem(text)
    if "\n" in needle:  # a needle that ends a line: match the whole line
        needle = needle.rstrip("\n")
        assert found.line in [n for n, line in enumerate(text.splitlines(), 1) if line.endswith(needle)]
        assert fragment in found.message, found.format()
        return
    assert found.line == line_of(text, needle), found.format()
    assert fragment in found.message, found.format()
    if column is not None:
        assert found.column == column, found.format()


# --- id, kind, revision, status, layout -------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "../x",
        "x/y",
        "CON",
        "con",
        "Com1",
        "lpt9",
        "Minimal",
        "a b",
        "a--b",
        "-a",
        "a-",
        "a.yaml",
        "a" * 65,
        "'x y'",
        "中文",
    ],
)
def test_id_must_be_a_safe_slug(bad):
    text = edit(MINIMAL, "id: minimal-ue", f"id: {bad}")
    assert_one(text, f"id: {bad}", "", column=5)


@pytest.mark.parametrize("good", ["a", "2027", "gdfd-lhsu-2027", "a" * 64, "con1", "console"])
def test_id_accepts_slugs(good):
    assert parse(edit(MINIMAL, "id: minimal-ue", f"id: {good}")).id == good


def test_reserved_windows_name_has_its_own_message():
    assert_one(edit(MINIMAL, "id: minimal-ue", "id: aux"), "id: aux", "cannot be used as a file name")


def test_kind_must_be_known():
    assert_one(
        edit(MINIMAL, "kind: university-enterprise", "kind: university-industry"),
        "kind:",
        "'university-industry' is not allowed",
    )


@pytest.mark.parametrize("bad", ["three", "0", "-1", "3.5", "1e2", "10000", "[1]"])
def test_revision_is_a_positive_integer(bad):
    assert_one(edit(MINIMAL, "revision: 1", f"revision: {bad}"), "revision:", "", column=11)


def test_revision_is_an_int():
    assert parse(edit(MINIMAL, "revision: 1", "revision: 12")).revision == 12


@pytest.mark.parametrize("bad", ["Draft", "signed", "final!"])
def test_status_is_draft_or_final(bad):
    assert_one(edit(MINIMAL, "status: draft", f"status: {bad}"), "status:", "use 'draft' or 'final'")


def test_layout_must_be_known():
    text = edit(MINIMAL, "languages: [zh-Hans, en]\n", "languages: [zh-Hans, en]\nlayout: columns\n")
    assert_one(text, "layout:", "'columns' is not allowed")


@pytest.mark.parametrize("layout", ["side-by-side", "sequential", "interleaved"])
def test_layouts(layout):
    text = edit(MINIMAL, "languages: [zh-Hans, en]\n", f"languages: [zh-Hans, en]\nlayout: {layout}\n")
    assert parse(text).layout == layout


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ("[]", "at least 1"),
        ("[zh-Hans, en, lo, en]", "at most 3"),
        ("[zh-Hans, en, en]", "listed twice"),
        ("[zh-Hans, fr]", "French (fr) is not yet available as an agreement language"),
        ("[zh-CN, en]", "Chinese (zh-CN) is not yet available"),
        ("[zh-Hans, EN]", "'EN' is not a language tag (BCP 47: write it as en)"),
        ("zh-Hans", "list"),
    ],
)
def test_languages_rules_reported_once_at_languages(bad, fragment):
    # a broken list is reported once, not once in every text
    assert_one(edit(MINIMAL, "languages: [zh-Hans, en]", f"languages: {bad}"), "languages:", fragment)


def test_prevailing_language_must_be_a_language_of_the_agreement():
    text = edit(MINIMAL, "languages: [zh-Hans, en]\n", "languages: [zh-Hans, en]\nprevailing_language: lo\n")
    assert_one(text, "prevailing_language:", "not one of this agreement's languages")


def test_prevailing_language_must_be_supported():
    text = edit(MINIMAL, "languages: [zh-Hans, en]\n", "languages: [zh-Hans, en]\nprevailing_language: fr\n")
    assert_one(text, "prevailing_language:", "'fr' is not one of this agreement's languages")


def test_missing_language_in_a_block_text_is_reported_at_the_mapping():
    text = edit(sample(UU), "  lo: ສັນຍາຮ່ວມມືດ້ານການສຶກສາເພສັດສາດ\n", "")
    assert_one(text, "title:\n", "missing the lo text")


def test_missing_language_in_a_flow_text_is_reported_at_its_key():
    text = edit(
        sample(UU),
        "name: {zh-Hans: 林晓燕, en: Lin Xiaoyan, lo: ຫຼິນ ຊຽວເຢັນ}",
        "name: {zh-Hans: 林晓燕, en: Lin Xiaoyan}",
    )
    assert_one(text, "林晓燕", "missing the lo text", column=7)


def test_every_missing_language_is_reported():
    text = edit(MINIMAL, "languages: [zh-Hans, en]", "languages: [zh-Hans, en, lo]")
    found = problems(text)
    # every Text in the spec lacks lo: title, purpose, place, 2 x (name, address, rep name+title, contact)
    assert len(found) == 3 + 2 * 5 + 2
    assert all("missing the lo text" in p.message for p in found)


def test_undeclared_language_is_reported_at_its_key():
    text = edit(
        sample(UE),
        "  en: Shenzhen Nanshan Polytechnic\n",
        "  en: Shenzhen Nanshan Polytechnic\n      lo: ວິທະຍາໄລ\n",
    )
    assert_one(text, "lo: ວິທະຍາໄລ", "lo is not one of this agreement's languages", column=7)


def test_unsupported_language_key_in_a_text():
    text = edit(
        MINIMAL,
        "title: {zh-Hans: 合作协议, en: Cooperation Agreement}",
        "title: {zh-Hans: 合作协议, en: Cooperation Agreement, th: ข้อตกลง}",
    )
    assert_one(text, "title: {zh-Hans: 合作协议", "th is not one of this agreement's languages")


def test_empty_text_is_refused():
    text = edit(
        MINIMAL,
        "title: {zh-Hans: 合作协议, en: Cooperation Agreement}",
        "title:\n  zh-Hans: 合作协议\n  en:\n",
    )
    assert_one(text, "  en:", "a value is required")
    text = edit(MINIMAL, "en: Cooperation Agreement}", "en: ''}")
    assert_one(text, "title: {zh-Hans: 合作协议", "empty")


# --- parties ----------------------------------------------------------------------------------


def party_b(text: str) -> str:
    start = text.index("  - role: B")
    return text[start : text.index("term:")]


def test_one_party_is_not_enough():
    text = MINIMAL.replace(party_b(MINIMAL), "").replace("{A: 2, B: 2}", "{A: 2}")
    assert_one(text, "  - role: A", "give at least 2 (found 1)")


def test_four_parties_are_too_many():
    block = party_b(MINIMAL)
    text = MINIMAL.replace(
        block, block + block.replace("role: B", "role: C") + block.replace("role: B", "role: D")
    )
    found = problems(text)
    assert any(
        "give at most 3 (found 4)" in p.message and p.line == line_of(text, "- role: A") for p in found
    )


def test_three_parties_are_fine():
    block = party_b(MINIMAL)
    text = MINIMAL.replace(block, block + block.replace("role: B", "role: C"))
    assert [p.role for p in parse(text).parties] == ["A", "B", "C"]


def test_roles_must_be_in_order():
    text = edit(MINIMAL, "  - role: A", "  - role: B")
    text = text.replace("  - role: B\n    name: {zh-Hans: 乙公司", "  - role: A\n    name: {zh-Hans: 乙公司")
    assert_one(text, "parties:", "A, B in order (found B, A)")


def test_a_skipped_role_is_reported_with_every_reference_to_it():
    text = edit(MINIMAL, "  - role: B", "  - role: C")
    found = problems(text)
    lines = {p.line: p.message for p in found}
    assert "A, B in order (found A, C)" in lines[line_of(text, "parties:")]
    assert "no Party B" in lines[line_of(text, "held_by")]


@pytest.mark.parametrize("bad", ["cn", "CHN", "ZZ", "XX", "EU", "China"])
def test_country_must_be_iso_3166(bad):
    text = edit(MINIMAL, "  governing_law: CN", f"  governing_law: {bad}")
    assert_one(text, "governing_law", "ISO 3166")


def test_contact_email_and_phone():
    assert_one(edit(MINIMAL, "email: hr@company-b.com", "email: hr at company-b"), "hr at", "e-mail")
    assert_one(edit(MINIMAL, "phone: +86 755 8765 4321", "phone: call me"), "call me", "phone number")


def test_originals_must_name_existing_parties():
    assert_one(
        edit(MINIMAL, "held_by: {A: 2, B: 2}", "held_by: {A: 2, C: 2}"), "held_by", "no Party C", column=19
    )


# --- money ------------------------------------------------------------------------------------


def funding(amount: str, currency: str = "CNY") -> str:
    return edit(
        MINIMAL,
        "  graduate_positions_per_year: 10\n",
        "  funding:\n    - purpose: {zh-Hans: 设备, en: equipment}\n"
        f"      amount:\n        amount: {amount}\n        currency: {currency}\n"
        "      due: 2027-06-30\n",
    )


def test_money_is_an_exact_decimal():
    amount = parse(funding("100000.10")).university_enterprise.funding[0].amount.amount
    assert isinstance(amount, Decimal)
    assert amount == Decimal("100000.10") and str(amount) == "100000.10"


def test_a_zero_amount_is_accepted_and_written_out_in_every_language():
    spec = parse(funding("0.00"))
    assert spec.university_enterprise.funding[0].amount.amount == Decimal("0.00")
    document = compose(spec)
    assert "人民币零元整（CNY\u00a00.00）" in document.text("zh-Hans")
    assert "CNY\u00a00.00" in document.text("en")


def test_sample_amounts_are_exact():
    spec = parse(sample(UE))
    total = sum(p.amount.amount for p in spec.university_enterprise.funding)
    assert total == Decimal("3000000.00") and str(total) == "3000000.00"


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ("100000.101", "more than 2 decimal places"),
        ("100,000.00", "without commas"),
        ("-5.00", "greater than"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("¥100", "not a number"),
        ("1000000000000000.00", "digits"),
    ],
)
def test_bad_amounts(bad, fragment):
    assert_one(funding(bad), f"amount: {bad}", fragment, column=17)


@pytest.mark.parametrize("bad", ["RMB", "cny", "YUAN", "US$"])
def test_currency_must_be_iso_4217(bad):
    assert_one(funding("10.00", bad), f"currency: {bad}", "ISO 4217", column=19)


# --- term -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "duration, fragment",
    [
        ("", "give exactly one"),
        ("  years: 3\n  months: 6\n", "(found years, months)"),
        ("  years: 3\n  end: 2030-01-01\n", "(found years, end)"),
    ],
)
def test_term_needs_exactly_one_duration(duration, fragment):
    text = edit(MINIMAL, "  years: 3\n", duration)
    assert_one(text, "term:", fragment)


@pytest.mark.parametrize("end", ["2027-04-01", "2026-12-31"])
def test_term_end_must_be_after_start(end):
    text = edit(MINIMAL, "  years: 3\n", f"  end: {end}\n")
    assert_one(text, f"end: {end}", "on or before it starts")


def test_term_with_months_or_end():
    assert parse(edit(MINIMAL, "  years: 3\n", "  months: 18\n")).term.last_day.isoformat() == "2028-09-30"
    assert (
        parse(edit(MINIMAL, "  years: 3\n", "  end: 2029-07-31\n")).term.last_day.isoformat() == "2029-07-31"
    )


def test_automatic_renewal_needs_renewal_years():
    text = edit(MINIMAL, "  years: 3\n", "  years: 3\n  renewal: automatic\n")
    assert_one(text, "renewal: automatic", "renewal_years")
    assert parse(text.replace("renewal: automatic\n", "renewal: automatic\n  renewal_years: 2\n"))


def test_signing_long_after_the_start_is_refused():
    assert_one(edit(MINIMAL, "date: 2027-03-01", "date: 2028-06-01"), "2028-06-01", "more than a year")


# --- disputes ---------------------------------------------------------------------------------


def test_arbitration_needs_institution_and_seat():
    text = edit(MINIMAL, "    seat: {zh-Hans: 深圳, en: Shenzhen}\n", "")
    assert_one(text, "disputes:", "arbitration needs `seat`")
    text = MINIMAL.replace(
        "    institution: {zh-Hans: 深圳国际仲裁院, en: the Shenzhen Court of International Arbitration}\n",
        "",
    )
    assert_one(text, "disputes:", "arbitration needs `institution`")


def test_court_needs_court_and_no_arbitration_details():
    text = edit(MINIMAL, "method: arbitration", "method: court")
    assert_one(text, "disputes:", "court needs `court`")
    text = text.replace(
        "    seat: {",
        "    court: {zh-Hans: 深圳市中级人民法院, en: Shenzhen Intermediate People's Court}\n    seat: {",
    )
    found = problems(text)
    assert "`institution` does not apply to court" in found[0].message


def test_arbitration_refuses_a_court():
    text = edit(
        MINIMAL, "  governing_law: CN", "    court: {zh-Hans: 法院, en: a court}\n  governing_law: CN"
    )
    assert_one(text, "court: {", "`court` does not apply to arbitration")


def test_court_sample():
    spec = parse(sample(UU3))
    assert spec.clauses.disputes.method == "court" and spec.clauses.governing_law == "GB"


# --- the section matching the kind ------------------------------------------------------------


def test_kind_needs_its_section():
    text = edit(MINIMAL, "university_enterprise:\n  graduate_positions_per_year: 10\n", "")
    found = only_problem(text)
    assert "needs a `university_enterprise:` section" in found.message


def test_other_sections_are_refused():
    text = MINIMAL + "order_based_training:\n  cohort: {}\n"
    found = problems(text)
    assert any(p.line == line_of(text, "order_based_training:") for p in found)
    text = edit(
        sample(UU),
        "university_university:",
        "university_enterprise:\n  graduate_positions_per_year: 1\nuniversity_university:",
    )
    assert_one(text, "university_enterprise:", "does not apply to kind university-university")


def test_a_section_needs_an_activity():
    text = edit(MINIMAL, "  graduate_positions_per_year: 10\n", "  enterprise: B\n")
    assert_one(text, "university_enterprise:", "at least one activity")


# --- role references --------------------------------------------------------------------------


def test_sender_must_be_an_existing_party():
    assert_one(edit(sample(UU), "    - sender: B", "    - sender: C"), "sender: C", "no Party C")


def test_host_must_be_an_existing_party():
    text = edit(sample(UU), "      host: B\n", "      host: C\n")
    assert_one(text, "host: C", "no Party C")


def test_sender_may_be_party_c_when_there_is_one():
    text = edit(sample(UU3), "    - sender: B\n      host: A", "    - sender: C\n      host: A")
    assert parse(text).university_university.student_exchange[1].sender == "C"


def test_sender_and_host_differ():
    text = edit(sample(UU), "    - sender: A\n      host: B", "    - sender: A\n      host: A")
    found = only_problem(text)
    assert "same party" in found.message and found.line == line_of(text, "sender: A") + 1


def test_paid_by_must_be_an_existing_party():
    text = edit(sample(OBT), "    - item: travel\n      paid_by: B", "    - item: travel\n      paid_by: C")
    assert_one(text, "paid_by: C", "no Party C")


def test_employer_must_be_an_existing_party():
    assert_one(edit(sample(OBT), "    employer: B", "    employer: C"), "employer: C", "no Party C")


def test_enterprise_must_be_an_existing_party():
    assert_one(edit(sample(UE), "  enterprise: B", "  enterprise: C"), "enterprise: C", "no Party C")


# --- order-based training ---------------------------------------------------------------------


@pytest.mark.parametrize("school, enterprise", [("70", "20"), ("70", "40"), ("70.5", "29.4")])
def test_teaching_shares_add_up_to_100(school, enterprise):
    text = edit(
        sample(OBT),
        "school_percent: 70\n    enterprise_percent: 30",
        f"school_percent: {school}\n    enterprise_percent: {enterprise}",
    )
    assert_one(text, "enterprise_percent:", "not 100%")


def test_teaching_shares_with_decimals():
    text = edit(
        sample(OBT),
        "school_percent: 70\n    enterprise_percent: 30",
        "school_percent: 62.5\n    enterprise_percent: 37.5",
    )
    assert parse(text).order_based_training.teaching.school_percent == Decimal("62.5")


def test_percent_has_at_most_two_decimals():
    text = edit(sample(OBT), "hired_percent: 90", "hired_percent: 90.125")
    assert_one(text, "hired_percent", "decimal places")


def test_order_based_sample_figures():
    spec = parse(sample(OBT))
    training = spec.order_based_training
    assert training.cohort.trainees == 40 and training.employment.hired_percent == 90
    assert {c.amount.currency for c in training.costs} == {"CNY", "LAK", "USD"}
    assert training.employment.minimum_monthly_salary.currency == "LAK"
    assert training.employment.service_years == 3
    assert spec.languages == ["zh-Hans", "lo"] and spec.layout == "sequential"


# --- university-university --------------------------------------------------------------------


def test_fee_is_given_exactly_when_arrangement_is_fee():
    text = edit(sample(UU3), "        fee: {amount: 16950.00, currency: GBP}\n", "")
    found = only_problem(text)  # at the programme stream's own tuition, the line after its enrolment
    assert found.line == line_of(text, "enrolment: programme") + 1, found.format()
    assert "give `fee` exactly when" in found.message
    text = edit(
        sample(UU),
        "    arrangement: waiver\n",
        "    arrangement: waiver\n    fee: {amount: 1000.00, currency: CNY}\n",
    )
    assert_one(text, "    fee:", "give `fee` exactly when")


def test_articulation_model_is_n_plus_m():
    spec = parse(sample(UU3))
    assert spec.university_university.joint_programmes[0].model == "3+1"
    assert spec.university_university.student_exchange[0].tuition.fee.amount == Decimal("16950.00")
    assert_one(edit(sample(UU3), 'model: "3+1"', 'model: "3:1"'), "model:", "pattern")


# --- unknown keys and many errors at once ---------------------------------------------------


def test_unknown_key_gets_did_you_mean_at_its_line():
    text = edit(MINIMAL, "  years: 3\n", "  years: 3\n  notice_month: 2\n")
    assert_one(text, "notice_month:", "unknown key `notice_month`; did you mean `notice_months`?", column=3)


def test_unknown_top_level_key():
    text = MINIMAL + "signatures: 2\n"
    found = only_problem(text)
    assert found.line == line_of(text, "signatures:") and "unknown key `signatures`" in found.message


def test_misspelt_required_key_reports_missing_and_did_you_mean():
    text = edit(MINIMAL, "status: draft", "statis: draft")
    found = problems(text)
    assert any("did you mean `status`" in p.message and p.line == 4 for p in found)
    assert any("missing required key `status`" in p.message for p in found)


MANY_MISTAKES = """\
id: Many-Mistakes
kind: university-enterprise
revision: two
status: draft
languages: [zh-Hans, en]
title: {zh-Hans: 合作协议, en: Cooperation Agreement}
purpose: {zh-Hans: 开展合作}
signing:
  date: 2027-02-30
  place: {zh-Hans: 深圳, en: Shenzhen}
originals:
  held_by: {A: 2, B: 2}
parties:
  - role: A
    name: {zh-Hans: 甲学院, en: College A}
    country: cn
    address: {zh-Hans: 深圳市南山区, en: Nanshan District}
    representative:
      name: {zh-Hans: 王一, en: Wang Yi}
      title: {zh-Hans: 校长, en: President}
    contact:
      name: {zh-Hans: 李二, en: Li Er}
      email: intl@college-a.edu.cn
      phone: +86 755 1234 5678
  - role: B
    name: {zh-Hans: 乙公司, en: Company B Ltd.}
    country: CN
    address: {zh-Hans: 深圳市坪山区, en: Pingshan District}
    representative:
      name: {zh-Hans: 张三, en: Zhang San}
      title: {zh-Hans: 总经理, en: General Manager}
    contact:
      name: {zh-Hans: 赵四, en: Zhao Si}
      email: hr@company-b.com
      phone: +86 755 8765 4321
term:
  start: 2027-04-01
  years: 3
  renewal: automatic
clauses:
  disputes:
    method: arbitration
    institution: {zh-Hans: 深圳国际仲裁院, en: the Shenzhen Court of International Arbitration}
    seat: {zh-Hans: 深圳, en: Shenzhen}
  governing_law: CN
university_enterprise:
  internships:
    places_per_year: 20
    months: 6
    monthly_stipend: {amount: 3000.005, currency: RMB}
    location: {zh-Hans: 深圳, en: Shenzhen}
    insurance_by: enterprise
  graduate_positon_per_year: 10
"""


def test_every_mistake_in_a_file_is_reported_in_one_run_at_its_line():
    found = problems(MANY_MISTAKES)
    by_line = {}
    for problem in found:
        by_line.setdefault(problem.line, []).append(problem.message)
    assert sorted(by_line) == [1, 3, 7, 9, 16, 39, 50, 53], [p.format() for p in found]
    assert "lower-case" in by_line[1][0]
    assert "'two' is not a whole number" in by_line[3]
    assert "missing the en text" in by_line[7][0]
    assert "not a real date" in by_line[9][0]
    assert "ISO 3166" in by_line[16][0]
    assert "renewal_years" in by_line[39][0]
    assert any("decimal places" in m for m in by_line[50]) and any("ISO 4217" in m for m in by_line[50])
    assert "did you mean `graduate_positions_per_year`" in by_line[53][0]
    assert found == sorted(found, key=lambda p: (p.line, p.column))


def test_cross_field_rules_are_reported_with_the_field_mistakes():
    """Late signing and a missing kind section used to wait until every field was valid."""
    text = edit(MINIMAL, "date: 2027-03-01", "date: 2028-06-01")
    text = edit(text, "university_enterprise:\n  graduate_positions_per_year: 10\n", "")
    text = edit(text, "status: draft", "status: finale")
    text = edit(text, "  years: 3\n", "  years: 3\n  months: 4\n")
    found = {p.line: p.message for p in problems(text)}
    assert sorted(found) == [
        line_of(text, "kind:"),
        line_of(text, "status:"),
        line_of(text, "  date: 2028"),
        line_of(text, "term:"),
    ], found
    assert "needs a `university_enterprise:` section" in found[line_of(text, "kind:")]
    assert "more than a year" in found[line_of(text, "  date: 2028")]
    assert "exactly one of" in found[line_of(text, "term:")]


def test_cross_field_rules_hold_without_the_validation_context():
    """A library user validating plain data (no context) gets the same rules, from the Spec."""
    import pydantic

    from agreements.loader import load_spec_bytes
    from agreements.model import Spec

    data = load_spec_bytes(edit(MINIMAL, "date: 2027-03-01", "date: 2028-06-01").encode(), "x").data
    with pytest.raises(pydantic.ValidationError, match="more than a year"):
        Spec.model_validate(data)
    data = load_spec_bytes(
        edit(MINIMAL, "university_enterprise:\n  graduate_positions_per_year: 10\n", "").encode(), "x"
    ).data
    with pytest.raises(pydantic.ValidationError, match="needs a `university_enterprise:` section"):
        Spec.model_validate(data)
