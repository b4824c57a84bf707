"""Document types and the clerk's own text: the memorandum of understanding, the supplementary
agreement, bespoke articles and free-text annexes, in every language, and their mistakes at
file:line:col."""

from __future__ import annotations

import pytest

from agreements.build import build_agreement
from agreements.compose import compose
from agreements.errors import TemplateError
from agreements.integrity import check_document
from tests.conftest import MINIMAL, UE, UU, edit, line_of, only_problem, parse, problems, sample
from tests.outputs import docx_text, pdf_text, squash

MOU = "nanshan-seaboard-mou"
SUPPLEMENTARY = "nanshan-xinchuang-supplementary-1"


def body(document, clause_id, language) -> str:
    section = next(s for s in document.sections if s.clause_id == clause_id)
    return "\n".join(block.text for block in section.body[language])


def everything(document, language) -> str:
    return "\n".join(document.text(language))


# --- memorandum of understanding -------------------------------------------------------------


def test_memorandum_records_intent_and_names_what_binds():
    document = compose(parse(sample(MOU)))
    assert [s.clause_id for s in document.sections] == [
        "preamble",
        "memorandum-areas",
        "memorandum-nature",
        "memorandum-costs",
        "memorandum-confidentiality",
        "memorandum-term",
        "memorandum-law",
        "document-language",
        "counterparts",
        "effectiveness",
    ]
    zh, en = (body(document, "memorandum-nature", lang) for lang in ("zh-Hans", "en"))
    assert (
        "1. 本备忘录仅表达双方的合作意向。除本条第2款所列条款外，"
        "本备忘录不在双方之间设立具有法律约束力的权利义务" in zh
    )
    assert (
        "2. 本备忘录中关于保密、费用承担、法律效力、期限与退出以及法律适用的条款，"
        "自本备忘录生效之日起对双方具有法律约束力。" in zh
    )
    assert "it creates no legally binding rights or obligations between the two Parties" in en
    assert (
        "2. The provisions of this Memorandum on confidentiality, costs, legal nature, term and withdrawal, "
        "and governing law are legally binding on the two Parties" in en
    )
    assert "each Party shall bear its own costs" in body(document, "memorandum-costs", "en")
    assert "各方自行承担其因磋商、签署和执行本备忘录而发生的费用" in body(
        document, "memorandum-costs", "zh-Hans"
    )
    assert "3 months' written notice" in body(document, "memorandum-term", "en")
    assert "适用中华人民共和国法律" in body(document, "memorandum-law", "zh-Hans")
    assert "（4）面向在泰中资企业员工的中文与职业技能培训。" in body(document, "memorandum-areas", "zh-Hans")
    for language in document.languages:
        text = everything(document, language)
        assert "本协议" not in text and "this Agreement" not in text and "This Agreement" not in text
        assert "仲裁" not in text and "arbitrat" not in text.lower()
    assert "1. This Memorandum is signed by each Party separately" in body(document, "effectiveness", "en")
    check_document(document, parse(sample(MOU)))


def memorandum_in_lao() -> str:
    """The memorandum sample with a Lao text instead of the English one."""
    lines = []
    for line in sample(MOU).splitlines():
        if line.strip().startswith("en:"):
            source = lines[-1].split(":", 1)[1].strip() if lines and "zh-Hans:" in lines[-1] else "x"
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}lo: ລາວ {source}")
            continue
        lines.append(line.replace("en: ", "lo: ").replace(", en:", ", lo:"))
    text = "\n".join(lines) + "\n"
    return text.replace("languages: [zh-Hans, en]", "languages: [zh-Hans, lo]")


def test_memorandum_in_lao():
    document = compose(parse(memorandum_in_lao()))
    nature = body(document, "memorandum-nature", "lo")
    assert "ນອກຈາກຂໍ້ກຳນົດທີ່ລະບຸໄວ້ໃນວັກທີ 2 ຂອງມາດຕານີ້" in nature
    assert "ມີຜົນຜູກມັດທາງກົດໝາຍຕໍ່ທັງສອງຝ່າຍ" in nature
    assert "ແຕ່ລະຝ່າຍຕ້ອງຮັບຜິດຊອບຄ່າໃຊ້ຈ່າຍຂອງຕົນເອງ" in body(document, "memorandum-costs", "lo")
    assert "ບົດບັນທຶກຄວາມເຂົ້າໃຈສະບັບນີ້ເຮັດຂຶ້ນເປັນສະບັບຕົ້ນ ຈຳນວນ 4 ສະບັບ" in body(document, "counterparts", "lo")


def test_a_memorandum_has_no_dispute_clause_and_no_kind_section():
    text = edit(
        MINIMAL, "kind: university-enterprise\n", "kind: university-enterprise\ndocument: memorandum\n"
    )
    text += "memorandum:\n  areas:\n    - {zh-Hans: 实习, en: internships}\n"
    found = {p.line: p.message for p in problems(text)}
    assert "a memorandum names no dispute settlement" in found[line_of(text, "  disputes:")]
    assert (
        "a memorandum has no `university_enterprise` terms" in found[line_of(text, "university_enterprise:")]
    )
    assert len(found) == 2
    text = text.replace("university_enterprise:\n  graduate_positions_per_year: 10\n", "")
    text = text[: text.index("  disputes:")] + text[text.index("  governing_law: CN") :]
    assert parse(text).memorandum.areas[0]["en"] == "internships"


def test_a_memorandum_needs_its_section_and_an_agreement_its_disputes():
    text = sample(MOU)
    text = text[: text.index("memorandum:\n")]
    found = only_problem(text)
    assert (
        found.line == line_of(text, "document: memorandum")
        and "needs a `memorandum:` section" in found.message
    )
    no_disputes = (
        MINIMAL[: MINIMAL.index("  disputes:")]
        + "  governing_law: CN\n"
        + MINIMAL[MINIMAL.index("university_enterprise:") :]
    )
    found = only_problem(no_disputes)
    assert found.line == line_of(no_disputes, "clauses:") and "`disputes`" in found.message


def test_an_unknown_document_type_lists_the_types():
    text = edit(MINIMAL, "kind: university-enterprise\n", "kind: university-enterprise\ndocument: mou\n")
    found = only_problem(text)
    assert found.line == line_of(text, "document: mou")
    assert "'memorandum'" in found.message and "'supplementary'" in found.message


# --- supplementary agreement -----------------------------------------------------------------


def test_supplementary_agreement_cites_the_master_and_amends_named_articles():
    spec = parse(sample(SUPPLEMENTARY))
    document = compose(spec)
    check_document(document, spec)
    zh, en = (body(document, "preamble", lang) for lang in ("zh-Hans", "en"))
    assert (
        "鉴于双方已于2027年3月16日签订《新能源汽车动力电池产业学院校企合作协议》（编号：NSPT-XC-2027-003）（以下简称“原协议”）"
        in zh
    )
    assert (
        "entered into the agreement entitled “University-Enterprise Cooperation Agreement on the Industrial "
        "College of EV Power Batteries” on 16 March 2027 (No. NSPT-XC-2027-003) (the “Master Agreement”)"
        in en
    )
    changes = {lang: body(document, "supplementary-changes", lang).split("\n") for lang in ("zh-Hans", "en")}
    assert changes["zh-Hans"][:3] == ["1. 原协议第二条修改为：", "第二条 学生实习", changes["zh-Hans"][2]]
    assert changes["zh-Hans"][2].startswith("1. 乙方每年为甲方学生提供150个实习岗位")
    assert "2. 在原协议第五条之后增加一条，内容如下：" in changes["zh-Hans"]
    assert changes["en"][:2] == [
        "1. Article 2 of the Master Agreement is amended to read as follows:",
        "Article 2 Student Internships",
    ]
    assert "2. The following article is inserted after Article 5 of the Master Agreement:" in changes["en"]
    relation = body(document, "supplementary-relation", "en")
    assert (
        "Save as expressly amended by this Supplementary Agreement, "
        "the Master Agreement remains in full force" in relation
    )
    assert "this Supplementary Agreement shall prevail" in relation
    assert "3. 本补充协议与原协议的约定不一致的，以本补充协议为准。" in body(
        document, "supplementary-relation", "zh-Hans"
    )
    assert "(31 March 2032)" in relation
    assert "2. 本补充协议经各方法定代表人或者授权代表签字并盖章后成立，自2028年3月1日起生效。" in body(
        document, "effectiveness", "zh-Hans"
    )


def supplementary_in_lao(changes: str) -> str:
    """A zh-Hans + lo supplementary agreement (from MINIMAL's parties) with these changes."""
    text = MINIMAL.replace("en:", "lo:")
    text = text.replace("languages: [zh-Hans, en]", "languages: [zh-Hans, lo]")
    text = text[: text.index("  disputes:")] + "  governing_law: CN\n"
    text = edit(
        text, "kind: university-enterprise\n", "kind: university-enterprise\ndocument: supplementary\n"
    )
    return text + (
        "supplementary:\n"
        "  master:\n"
        "    title: {zh-Hans: 校企合作协议, lo: ສັນຍາຮ່ວມມື}\n"
        "    date: 2026-09-01\n"
        "  changes:\n" + changes
    )


def test_supplementary_agreement_in_lao_deletes_an_article():
    text = supplementary_in_lao("    - action: delete\n      article: 9\n")
    document = compose(parse(text))
    assert body(document, "supplementary-changes", "lo") == "1. ໃຫ້ຍົກເລີກມາດຕາ 9 ຂອງສັນຍາຫຼັກ."
    assert body(document, "supplementary-changes", "zh-Hans") == "1. 删除原协议第九条。"
    assert "(ຕໍ່ໄປນີ້ເອີ້ນວ່າ “ສັນຍາຫຼັກ”)" in body(document, "preamble", "lo")
    assert "ໃຫ້ຖືເອົາສັນຍາເພີ່ມເຕີມສະບັບນີ້ເປັນຫຼັກ" in body(document, "supplementary-relation", "lo")
    check_document(document, parse(text))


def test_a_deleted_article_takes_no_text_and_an_amended_one_needs_it():
    text = supplementary_in_lao(
        "    - action: delete\n      article: 9\n      text: {zh-Hans: 无, lo: ບໍ່ມີ}\n"
        "    - action: amend\n      article: 3\n      title: {zh-Hans: 期限, lo: ໄລຍະເວລາ}\n"
    )
    found = {p.line: p.message for p in problems(text)}
    assert "a deleted article has no `text`" in found[line_of(text, "text: {zh-Hans: 无")]
    assert "amend needs the new `text`" in found[line_of(text, "action: amend")]


# --- bespoke articles and free-text annexes -------------------------------------------------


def test_a_bespoke_article_stands_after_its_clause_in_every_language():
    document = compose(parse(sample(UU)))
    ids = [s.clause_id for s in document.sections]
    at = ids.index("laboratory-safety")
    assert ids[at - 1] == "accommodation-visa" and ids[at + 1] == "responsibilities-universities"
    article = document.sections[at]
    assert article.number == document.sections[at - 1].number + 1
    assert document.sections[at + 1].number == article.number + 1
    assert article.label["zh-Hans"] == "第九条" and article.label["lo"] == "ມາດຕາ 9"
    assert article.heading["en"] == "Laboratory Safety and Specially Controlled Medicines"
    assert body(document, "laboratory-safety", "en").split("\n")[2] == (
        "3. In the event of a laboratory accident, the host Party shall arrange medical treatment "
        "immediately and notify the sending Party in writing within 24 hours."
    )
    assert body(document, "laboratory-safety", "lo").startswith("1. ກ່ອນທີ່ນັກສຶກສາແລກປ່ຽນ")
    assert len(article.body["zh-Hans"]) == 3


def test_a_free_text_annex_follows_the_library_annexes():
    document = compose(parse(sample(UE)))
    annexes = [s for s in document.sections if s.role == "annex"]
    assert [(s.clause_id, s.number) for s in annexes] == [("funding-schedule", 1), ("training-base-rooms", 2)]
    assert (annexes[1].label["zh-Hans"], annexes[1].label["en"]) == ("附件2", "Annex 2")
    assert annexes[1].heading["en"] == "Allocation of Rooms at the Training Base"
    assert (
        body(document, "training-base-rooms", "zh-Hans").split("\n")[3]
        == "4. 教学研讨室及驻校工程师工作室：面积800平方米。"
    )


BESPOKE = """\
articles:
  - id: parking
    after: {after}
    title: {{zh-Hans: 停车, en: Parking}}
    text:
      zh-Hans: |
        {zh}
      en: |
        {en}
"""


def with_bespoke(
    after="curriculum", zh="乙方提供30个车位。", en="Party B provides 30 parking spaces."
) -> str:
    return MINIMAL + BESPOKE.format(after=after, zh=zh, en=en)


def test_bespoke_text_is_printed_verbatim_never_as_a_template():
    zh = "乙方提供30个车位，编号为 {A-1} 至 {A-30}；注意 }} 与 %} 照印。"
    en = "Party B provides 30 parking spaces, numbered {A-1} to {A-30}; note that }} and %} are printed."
    document = compose(parse(with_bespoke(zh=zh, en=en)))
    assert body(document, "parking", "zh-Hans") == zh
    assert body(document, "parking", "en") == en


@pytest.mark.parametrize("mark", ["{{ spec.id }}", "{% if true %}x{% endif %}", "{# note #}"])
def test_placeholders_in_bespoke_text_are_refused_at_their_line(mark):
    text = with_bespoke(en=f"Party B provides 30 spaces. {mark}")
    found = only_problem(text)
    assert (found.line, found.column) == (line_of(text, "      en: |"), 11)
    assert (
        f"`{mark[:2]}` on line 1 of this text" in found.message
        and "cannot hold placeholders" in found.message
    )


def test_a_bespoke_article_after_an_unknown_clause_is_reported_at_its_place():
    text = with_bespoke(after="curiculum")
    found = only_problem(text)
    assert (found.line, found.column) == (line_of(text, "after: curiculum"), 5)
    assert "there is no clause 'curiculum'" in found.message and "curriculum" in found.message


def test_a_bespoke_article_missing_a_language_is_reported_at_its_text():
    text = MINIMAL + (
        "articles:\n  - id: parking\n    after: curriculum\n    title: {zh-Hans: 停车, en: Parking}\n"
        "    text:\n      zh-Hans: 乙方提供30个车位。\n"
    )
    found = only_problem(text)
    assert found.line == line_of(text, "    text:") and "missing the en text" in found.message


def test_bespoke_lines_starting_with_a_bar_are_refused():
    found = only_problem(with_bespoke(zh="| 车位 | 30 |"))
    assert "starts with `|`" in found.message


def test_integrity_compares_the_numbers_a_bespoke_article_states():
    spec = parse(with_bespoke(zh="乙方提供30个车位。", en="Party B provides 300 parking spaces."))
    with pytest.raises(TemplateError) as caught:
        check_document(compose(spec), spec)
    (problem,) = caught.value.problems
    assert problem.path == "the spec's bespoke article 'parking'"
    assert "only in zh-Hans: ['30']; only in en: ['300']" in problem.message
    agreeing = parse(with_bespoke())
    check_document(compose(agreeing), agreeing)


def test_a_bespoke_article_after_a_clause_this_agreement_leaves_out_keeps_its_place():
    document = compose(parse(with_bespoke(after="internships")))  # MINIMAL has no internships
    ids = [s.clause_id for s in document.sections]
    assert ids.index("parking") == ids.index("scope") + 1


# --- built as a user gets them ---------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        (
            MOU,
            [
                "第二条 法律效力",
                "本备忘录仅表达双方的合作意向。",
                "Article 2 Legal Nature",
                "This Memorandum records the intention of the two Parties to cooperate.",
                "签署地点：春武里",
                "Place of signing: Chon Buri",
            ],
        ),
        (
            SUPPLEMENTARY,
            [
                "1. 原协议第二条修改为：",
                "1. Article 2 of the Master Agreement is amended to read as follows:",
                "Special Funding for Internships in Thailand",
                "人民币伍拾万元整（CNY 500,000.00）",
                "授权代表：陈志明，副总经理",
            ],
        ),
    ],
)
def test_memorandum_and_supplementary_build_to_docx_and_pdf(tmp_path, name, phrases):
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(sample(name), encoding="utf-8")
    built = build_agreement(spec, tmp_path / "out")
    assert set(built.outputs) == {f"{name}.docx", f"{name}.pdf"}
    docx = squash(docx_text(tmp_path / "out" / name / f"{name}.docx"))
    pdf = squash(pdf_text(tmp_path / "out" / name / f"{name}.pdf"))
    for phrase in phrases:
        assert squash(phrase) in docx, phrase
        assert squash(phrase) in pdf, phrase


NEW_OPTIONS = (
    "document",
    "electronic",
    "type",
    "credit_code",
    "registration_number",
    "legal_representative",
    "seals",
    "articles",
    "after",
    "annexes",
    "memorandum",
    "areas",
    "coordinators",
    "withdrawal_notice_months",
    "supplementary",
    "master",
    "reason",
    "changes",
    "action",
)


def test_every_new_option_is_in_the_schema_the_skeletons_and_a_sample():
    import json

    from agreements.kinds import KINDS
    from agreements.schema import schema_json
    from agreements.templates import BUILTIN
    from tests.outputs import SAMPLES

    schema = json.loads(schema_json())
    described = {
        name: properties[name].get("description")
        for definition in [schema, *schema["$defs"].values()]
        for properties in [definition.get("properties", {})]
        for name in properties
    }
    samples = [path.read_text(encoding="utf-8") for path in SAMPLES]
    for name in NEW_OPTIONS:
        assert described.get(name), f"{name} has no description in the schema"
        for kind in KINDS.values():
            assert f" {name}:" in BUILTIN.find(kind.skeleton).read_text(encoding="utf-8"), (name, kind.name)
        assert any(f"{name}:" in text for text in samples), name
