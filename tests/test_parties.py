"""Parties: type, registration identifiers (the unified social credit code and its GB 32100-2015
check character), legal representative and authorised representative, whether a party seals, and
signing apart (each party at its own place and date) or electronically."""

from __future__ import annotations

import pytest

from agreements.build import build_agreement
from agreements.compose import compose
from agreements.model.registration import CHARACTERS, check_character, credit_code_problem
from tests.conftest import MINIMAL, UE, UU, UU3, edit, line_of, only_problem, parse, sample
from tests.outputs import docx_text, pdf_text, squash

# Codes published by the entities themselves (business licences, annual reports, university
# information disclosure pages); the GB 32100-2015 check accepts each of them.
PUBLISHED = {
    "91440300708461136T": "Shenzhen Tencent Computer Systems Co., Ltd.",
    "914403001922038216": "Huawei Technologies Co., Ltd.",
    "91330100716105852F": "Alibaba (China) Co., Ltd.",
    "91110000802100433B": "Beijing Baidu Netcom Science and Technology Co., Ltd.",
    "12100000400000624D": "Tsinghua University",
    "12100000400002259P": "Peking University",
}


@pytest.mark.parametrize("code", PUBLISHED, ids=PUBLISHED.get)
def test_published_credit_codes_pass_the_check(code):
    assert credit_code_problem(code) is None
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", PUBLISHED, ids=PUBLISHED.get)
def test_every_other_check_character_is_refused(code):
    for wrong in CHARACTERS.replace(code[17], ""):
        problem = credit_code_problem(code[:17] + wrong)
        assert problem and f"should be {code[17]!r}, not {wrong!r}" in problem


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91440300708461136", "has 17 characters"),
        ("91440300708461136TX", "has 19 characters"),
        ("91440300708461136t", "contains 't'"),
        ("9144030070846113IT", "contains 'I'"),
        ("91440300708461O36T", "contains 'O'"),
        ("91440300708461136Z", "contains 'Z'"),
        ("91440300708461163T", "fails the check"),  # two digits swapped
    ],
)
def test_malformed_credit_codes_say_what_is_wrong(code, fragment):
    problem = credit_code_problem(code)
    assert problem and fragment in problem


def with_party_a(*lines: str) -> str:
    """MINIMAL with extra lines in Party A (after its country)."""
    extra = "".join(f"    {line}\n" for line in lines)
    anchor = "    address: {zh-Hans: 深圳市南山区"
    return edit(MINIMAL, f"    country: CN\n{anchor}", f"    country: CN\n{extra}{anchor}")


def test_a_wrong_credit_code_is_reported_at_its_value():
    text = with_party_a("credit_code: 91440300708461136A")
    found = only_problem(text)
    assert (found.line, found.column) == (line_of(text, "credit_code"), 18)
    assert "should be 'T', not 'A'" in found.message


def test_credit_code_only_for_chinese_parties_and_registration_number_only_for_others():
    text = edit(
        with_party_a("registration_number: '440301000123'"),
        "    country: CN\n    address: {zh-Hans: 深圳市坪山区",
        "    country: TH\n    credit_code: 91440300708461136T\n    address: {zh-Hans: 深圳市坪山区",
    )
    from tests.conftest import problems

    found = {p.line: p.message for p in problems(text)}
    assert "give `credit_code`" in found[line_of(text, "registration_number")]
    assert "for a party in TH give `registration_number`" in found[line_of(text, "credit_code")]


def test_the_code_must_come_from_an_authority_that_registers_the_party_type():
    text = with_party_a("type: enterprise", "credit_code: 12100000400000624D")  # a university's code
    found = only_problem(text)
    assert found.line == line_of(text, "credit_code")
    assert "does not register parties of type enterprise" in found.message
    assert "starts with 9" in found.message
    assert parse(with_party_a("type: university", "credit_code: 12100000400000624D"))


def test_an_unknown_party_type_lists_the_types():
    text = with_party_a("type: college")
    found = only_problem(text)
    assert found.line == line_of(text, "type: college")
    assert "'vocational-college'" in found.message and "'government-body'" in found.message


# --- what the agreement says -----------------------------------------------------------------


def section(document, clause_id):
    return next(s for s in document.sections if s.clause_id == clause_id)


def body(document, clause_id, language) -> str:
    return "\n".join(block.text for block in section(document, clause_id).body[language])


def block(document, role, language) -> list[str]:
    signatory = next(s for s in document.signatories if s.role == role)
    return [line.text[language] for line in signatory.lines]


def test_legal_representative_and_authorised_representative_in_preamble_and_block():
    document = compose(parse(sample(UE)))
    assert "法定代表人：周海涛，董事长\n授权代表：陈志明，副总经理" in body(document, "preamble", "zh-Hans")
    assert (
        "Legal representative: Zhou Haitao, Chairman\nAuthorised representative: Chen Zhiming, Vice President"
        in body(document, "preamble", "en")
    )
    assert "Unified social credit code: 91440300359182648G" in body(document, "preamble", "en")
    assert "统一社会信用代码：91440300359182648G" in body(document, "preamble", "zh-Hans")
    assert block(document, "B", "zh-Hans")[1] == "授权代表：陈志明，副总经理"
    assert block(document, "A", "en")[1] == "Legal representative: Wang Jianjun, President"


def test_lao_preamble_names_the_code_and_the_legal_representative():
    document = compose(parse(sample(UU)))
    lao = body(document, "preamble", "lo")
    assert "ລະຫັດສິນເຊື່ອສັງຄົມແບບເອກະພາບ: 12440000455482165W" in lao
    assert "ຜູ້ຕາງໜ້າຕາມກົດໝາຍ: ເຈີນ ລີ້ຮົວ, ອະທິການບໍດີ" in lao


def test_uk_parties_sign_only_apart_and_the_agreement_does_not_require_their_seal():
    """Defects 8 and 9 of issue 12: jinjihu's UK parties sign in Bradford, on their own date."""
    document = compose(parse(sample(UU3)))
    for language in document.languages:
        assert len(block(document, "A", language)) == 6  # party, signatory, signature, seal, place, date
        for role in ("B", "C"):
            assert not [line for line in block(document, role, language) if "Seal" in line or "盖章" in line]
    assert block(document, "B", "en")[-2:] == ["Place of signing: Bradford", "Date:"]
    assert block(document, "A", "en")[-2:] == ["Place of signing: Suzhou", "Date: 12 October 2027"]
    assert block(document, "C", "zh-Hans")[-2:] == ["签署地点：布拉德福德", "日期："]
    en = body(document, "effectiveness", "en")
    assert "signed and sealed" not in en
    assert (
        "2. This Agreement is concluded when signed by the legal representative or authorised signatory "
        "of each Party and sealed by Party A, on the date of the last signature, and shall enter into "
        "force on 1 November 2027 or, if the last signature is made after 1 November 2027, on the date "
        "of the last signature." in en
    )
    zh = body(document, "effectiveness", "zh-Hans")
    assert "本协议由各方分别签署，各方的签署日期和签署地点以其签署栏所载为准。" in zh
    assert "经各方法定代表人或者授权代表签字、甲方加盖公章后，自最后一方签署之日起成立" in zh
    assert "sealed by Party A" in body(document, "amendments", "en")
    assert document.signing_line["en"].startswith("Signed by each Party separately")
    disputes = body(document, "disputes", "en")
    assert "before the courts of England and Wales" in disputes


def test_electronic_signature_and_counterparts_only_when_asked():
    signed_apart = compose(parse(sample(UU3)))
    counterparts = body(signed_apart, "counterparts", "en")
    assert "3. This Agreement may be executed in counterparts" in counterparts
    assert "4. A signed copy of this Agreement exchanged by e-mail" in counterparts
    assert "3. 各方同意本协议可以采用可靠的电子签名签署" in body(signed_apart, "effectiveness", "zh-Hans")
    together = compose(parse(sample(UE)))
    assert "counterparts" not in body(together, "counterparts", "en").replace("Counterparts", "")
    assert "electronic" not in body(together, "effectiveness", "en")
    assert "1. This Agreement is signed by the two Parties at Shenzhen on 16 March 2027." in body(
        together, "effectiveness", "en"
    )


def test_lao_effectiveness_when_one_party_does_not_seal():
    text = sample(UU).replace("    type: university\n", "    type: university\n    seals: false\n", 1)
    document = compose(parse(text))
    lao = body(document, "effectiveness", "lo")
    assert "ໄດ້ລົງລາຍເຊັນ ແລະ ຝ່າຍ ກໄດ້ປະທັບຕາ" in lao
    assert "ເຊັນ ແລະ ປະທັບຕາ" not in lao
    assert len(block(document, "B", "lo")) == 4 and len(block(document, "A", "lo")) == 5


def test_no_sample_says_the_the():
    from tests.conftest import SAMPLES

    for name in SAMPLES:
        document = compose(parse(sample(name)))
        for language in document.languages:
            assert " the the " not in " ".join(document.text(language)), (name, language)


@pytest.mark.render
def test_signature_blocks_in_the_docx_and_pdf(tmp_path):
    """What the UK signatory sees: no seal line in its block, its own place; in both outputs."""
    spec = tmp_path / f"{UU3}.yaml"
    spec.write_text(sample(UU3), encoding="utf-8")
    build_agreement(spec, tmp_path / "out")
    for text in (
        docx_text(tmp_path / "out" / UU3 / f"{UU3}.docx"),
        pdf_text(tmp_path / "out" / UU3 / f"{UU3}.pdf"),
    ):
        flat = squash(text)
        assert flat.count(squash("Seal: (official seal)")) == 1
        assert flat.count(squash("盖章：（公章）")) == 1
        assert flat.count(squash("Place of signing: Bradford")) == 2
        assert squash("Date: 12 October 2027") in flat
        assert squash("签署地点：布拉德福德") in flat


def test_pdf_signature_rows_align_by_field_when_a_party_has_no_seal():
    document = compose(parse(sample(UU3)))
    rows = document.signature_table(document.languages)

    def first_line(cell):
        return cell.lines[0][1] if cell else None

    table = [[first_line(cell) for cell in row] for row in rows]
    assert table[3] == ["盖章：（公章）", None, None]
    assert table[4] == ["签署地点：苏州", "签署地点：布拉德福德", "签署地点：布拉德福德"]
    assert table[5] == ["日期：2027年10月12日", "日期：", "日期："]
    assert [cell.field if cell else None for cell in rows[5]] == ["", "date", "date"]  # A's is printed


def test_signing_apart_and_electronically_in_lao():
    from agreements.integrity import check_document

    text = sample(UU).replace(
        "    type: university\n",
        "    type: university\n    signing:\n"
        "      place: {zh-Hans: 万象, en: Vientiane, lo: ວຽງຈັນ}\n      date: 2026-12-22\n",
        1,
    )
    text = edit(text, "signing:\n  date: 2026-12-18\n", "signing:\n  date: 2026-12-18\n  electronic: true\n")
    spec = parse(text)
    document = compose(spec)
    check_document(document, spec)
    lao = body(document, "effectiveness", "lo")
    assert "1. ສັນຍາສະບັບນີ້ໄດ້ລົງນາມໂດຍແຕ່ລະຝ່າຍແຍກກັນ" in lao
    assert "ນັບແຕ່ວັນທີຂອງການລົງນາມຄັ້ງສຸດທ້າຍ" in lao
    assert "3. ຄູ່ສັນຍາຕົກລົງວ່າ ສັນຍາສະບັບນີ້ອາດລົງນາມດ້ວຍລາຍເຊັນເອເລັກໂຕຣນິກທີ່ເຊື່ອຖືໄດ້" in lao
    counterparts = body(document, "counterparts", "lo")
    assert "3. ຄູ່ສັນຍາອາດລົງນາມໃນສັນຍາສະບັບນີ້ແຍກກັນເປັນສະບັບຄູ່" in counterparts
    assert "4. ສະບັບຂອງສັນຍາສະບັບນີ້ທີ່ໄດ້ລົງນາມແລ້ວ" in counterparts
    assert block(document, "B", "lo")[-2:] == ["ສະຖານທີ່ລົງນາມ: ວຽງຈັນ", "ວັນທີ: 22 ທັນວາ 2026"]
    assert block(document, "A", "lo")[-2:] == ["ສະຖານທີ່ລົງນາມ: ກວາງໂຈ", "ວັນທີ: 18 ທັນວາ 2026"]


def test_a_party_in_indonesia_needs_the_agreement_in_indonesian_too():
    """Law No. 24 of 2009 (art. 31): an agreement with an Indonesian party is written in Indonesian
    as well (an English-only one has been voided); the spec is refused at its `languages` line."""
    from tests.conftest import MINIMAL, edit, line_of, only_problem, parse

    in_indonesia = edit(
        MINIMAL, "    address: {zh-Hans: 深圳市坪山区", "    country: ID\n    address: {zh-Hans: 深圳市坪山区"
    )
    in_indonesia = in_indonesia.replace("    country: CN\n    country: ID\n", "    country: ID\n")
    problem = only_problem(in_indonesia)
    assert problem.line == line_of(in_indonesia, "languages: [zh-Hans, en]")
    assert "party is in ID" in problem.message and "Law No. 24 of 2009" in problem.message
    assert "add id to languages" in problem.message
    parse(MINIMAL)  # both parties in China: no such rule


def test_two_signature_lines_in_one_row_are_refused_not_dropped():
    """A printed date ("signed-on") and a date to fill in share the row of the dates: a party with
    both would lose one in the table, so the table is refused."""
    import dataclasses

    from agreements.document import SignatureLine

    document = compose(parse(sample(UU3)))
    first = document.signatories[0]
    date = next(line for line in first.lines if line.field == "date" or line.field == "signed-on")
    other = "date" if date.field == "signed-on" else "signed-on"
    both = dataclasses.replace(first, lines=(*first.lines, SignatureLine(other, date.text, date.key + ".2")))
    broken = dataclasses.replace(document, signatories=(both, *document.signatories[1:]))
    assert len(document.signature_table(document.languages)) > 0
    with pytest.raises(ValueError, match="two signature lines in one row"):
        broken.signature_table(broken.languages)
