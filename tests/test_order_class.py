"""Order classes (订单班): refund base, cap and pro rata, release events, the law of the trainee
obligations, posts, foreign trainees, early termination and the tripartite agreement annex, in
Chinese, English and Lao; and each bad option refused at its line."""

from __future__ import annotations

import pytest

from tests.clause_text import articles, money
from tests.conftest import OBT, edit, line_of, only_problem, sample

# A trilingual order class: a Yunnan college (A) trains 20 Lao trainees for a Lao company (B).
ORDER = """\
id: order-three-languages
kind: order-based-training
revision: 1
status: draft
languages: [zh-Hans, en, lo]
title: {zh-Hans: 订单培养协议, en: Order Class Agreement, lo: ສັນຍາຝຶກອົບຮົມຕາມສັ່ງ}
purpose: {zh-Hans: 定向培养技术人员, en: To train technicians, lo: ເພື່ອຝຶກອົບຮົມນັກວິຊາການ}
signing:
  date: 2027-03-01
  place: {zh-Hans: 昆明, en: Kunming, lo: ຄຸນໝິງ}
originals:
  held_by: {A: 2, B: 2}
parties:
  - role: A
    name: {zh-Hans: 甲学院, en: College A, lo: ວິທະຍາໄລ ກ}
    country: CN
    address: {zh-Hans: 昆明市, en: Kunming, lo: ຄຸນໝິງ}
    representative:
      name: {zh-Hans: 王一, en: Wang Yi, lo: ຫວາງ ອີ}
      title: {zh-Hans: 院长, en: President, lo: ອະທິການບໍດີ}
    contact:
      name: {zh-Hans: 李二, en: Li Er, lo: ລີ ເອີ}
      email: intl@college-a.edu.cn
  - role: B
    name: {zh-Hans: 乙公司, en: Company B, lo: ບໍລິສັດ ຂ}
    country: LA
    address: {zh-Hans: 万象市, en: Vientiane, lo: ວຽງຈັນ}
    representative:
      name: {zh-Hans: 张三, en: Zhang San, lo: ຈາງ ຊານ}
      title: {zh-Hans: 总经理, en: General Manager, lo: ຜູ້ອຳນວຍການໃຫຍ່}
    contact:
      name: {zh-Hans: 赵四, en: Zhao Si, lo: ເຈົ້າ ສີ}
      email: hr@company-b.la
term:
  start: 2027-04-01
  years: 4
  renewal: none
clauses:
  disputes:
    method: arbitration
    institution:
      zh-Hans: 昆明仲裁委员会
      en: the Kunming Arbitration Commission
      lo: ຄະນະກຳມະການອະນຸຍາໂຕຕຸລາການນະຄອນຄຸນໝິງ
    seat: {zh-Hans: 昆明, en: Kunming, lo: ຄຸນໝິງ}
  governing_law: CN
order_based_training:
  cohort:
    programme: {zh-Hans: 机车检修, en: Locomotive Maintenance, lo: ການສ້ອມແປງຫົວລາກ}
    trainees: 20
    intake: 2027-09-01
    months: 36
    place: {zh-Hans: 甲方校区, en: Party A's campus, lo: ວິທະຍາເຂດຂອງຝ່າຍ ກ}
    instruction_languages: [zh-Hans]
  selection:
    criteria: {zh-Hans: 高中毕业, en: Secondary school graduates, lo: ຮຽນຈົບມັດທະຍົມຕອນປາຍ}
  teaching:
    school_percent: 70
    enterprise_percent: 30
    enterprise_teaches: {zh-Hans: 岗位实训, en: on-the-job training, lo: ການຝຶກພາກປະຕິບັດ}
  costs:
    - item: tuition
      paid_by: B
      amount: {amount: 9000.00, currency: CNY}
      per: trainee-year
    - item: living-stipend
      paid_by: B
      amount: {amount: 800.00, currency: CNY}
      per: trainee-month
    - item: travel
      paid_by: A
      amount: {amount: 300.00, currency: USD}
      per: trainee-year
  employment:
    employer: B
    hired_percent: 90
    minimum_monthly_salary: {amount: 6000000, currency: LAK}
    service_years: 3
  trainee_duties:
    refund_on_breach: pro-rata
    refund_base: [tuition]
"""
LANGUAGES = ("zh-Hans", "en", "lo")


def obligations(text: str) -> dict[str, str]:
    return articles(text)["trainee-obligations"]


def test_refund_is_computed_on_tuition_paid_by_the_employer_never_the_stipend():
    texts = obligations(ORDER)
    assert "以乙方为该学员实际支付的学费为计算基数" in texts["zh-Hans"]
    assert "学员的生活补助、工资和社会保险费用，以及非由乙方支付的费用，均不计入计算基数" in texts["zh-Hans"]
    assert "computed on the tuition actually paid by Party B" in texts["en"]
    assert (
        "living stipend, wages and social insurance contributions, and any costs not paid by Party "
        "B, shall not be included" in texts["en"]
    )
    assert "ແມ່ນຄິດໄລ່ຈາກຄ່າຮຽນ ທີ່ ຝ່າຍ ຂ ໄດ້ຈ່າຍໃຫ້" in texts["lo"]
    assert "ເງິນອຸດໜູນຄ່າຄອງຊີບ, ເງິນເດືອນ" in texts["lo"]


def test_pro_rata_is_of_the_unserved_part_of_the_service_period():
    texts = obligations(ORDER)
    assert "返还金额按照3年服务期中尚未履行部分所占的比例计算" in texts["zh-Hans"]
    assert "仅返还服务期尚未履行部分所应分摊的数额" in texts["zh-Hans"]
    assert "in proportion to the part of the service period of 3 years not yet served" in texts["en"]
    assert "shall repay only the share attributable to the part not yet served" in texts["en"]
    assert "ຕາມອັດຕາສ່ວນຂອງໄລຍະເວລາການເຮັດວຽກ 3 ປີ ທີ່ຍັງບໍ່ທັນໄດ້ປະຕິບັດ" in texts["lo"]
    # the old wording: a share of the whole agreed period, stipend included
    assert "占约定期间的比例" not in texts["zh-Hans"]


def test_refund_cap_amount_and_share_in_every_language():
    text = edit(
        ORDER,
        "    refund_base: [tuition]\n",
        "    refund_base: [tuition]\n    refund_cap: {amount: {amount: 15000.00, currency: CNY}, "
        "percent: 50}\n",
    )
    texts = obligations(text)
    for language, sentence in {
        "zh-Hans": "返还金额不得超过{money}，且不得超过计算基数的50%。",
        "en": "The repayment shall not exceed {money}, nor 50% of that amount.",
        "lo": "ຈຳນວນເງິນທີ່ສົ່ງຄືນຕ້ອງບໍ່ເກີນ {money} ແລະ ບໍ່ເກີນ 50% ຂອງຈຳນວນທີ່ຄິດໄລ່ໄດ້.",
    }.items():
        assert sentence.format(money=money(language, "15000.00", "CNY")) in texts[language], language
    only_share = obligations(
        edit(
            ORDER,
            "    refund_base: [tuition]\n",
            "    refund_base: [tuition]\n    refund_cap: {percent: 40}\n",
        )
    )
    assert "返还金额不得超过计算基数的40%。" in only_share["zh-Hans"]
    assert "The repayment shall not exceed 40% of that amount." in only_share["en"]


def test_full_repayment_and_no_repayment():
    full = obligations(edit(ORDER, "refund_on_breach: pro-rata", "refund_on_breach: full"))
    assert "返还金额为计算基数的全额。" in full["zh-Hans"]
    assert "The repayment shall be that amount in full." in full["en"]
    none = obligations(edit(ORDER, "refund_on_breach: pro-rata", "refund_on_breach: none"))
    assert "无须返还已为其支付的培养费用" in none["zh-Hans"] and "计算基数" not in none["zh-Hans"]
    assert "need not repay" in none["en"] and "owe no repayment" not in none["en"]


def test_every_release_event_by_default_and_a_chosen_few():
    texts = obligations(ORDER)
    assert (
        "5. 学员有下列情形之一的，其就业和服务期约定随之解除，且不承担返还培养费用的义务："
        in texts["zh-Hans"]
    )
    for phrase in (
        "入学体检或者入职体检不合格",
        "乙方提供的月工资低于本协议约定的标准",
        "乙方被宣告破产",
        "因不可抗力",
    ):
        assert phrase in texts["zh-Hans"]
    assert "(7) serious family hardship" in texts["en"] and "; or\n(7)" in texts["en"]
    few = obligations(
        edit(
            ORDER,
            "    refund_base: [tuition]\n",
            "    refund_base: [tuition]\n    release_events: [post-not-offered, employer-insolvency]\n",
        )
    )
    assert (
        "（1）乙方未在本协议约定的期限内向其提供约定岗位并签订劳动合同；\n（2）乙方被宣告破产"
        in few["zh-Hans"]
    )
    assert "体检" not in few["zh-Hans"]
    assert "(1) Party B does not offer him or her the agreed post" in few["en"]
    assert "(2) ຝ່າຍ ຂ ຖືກຕັດສິນໃຫ້ລົ້ມລະລາຍ" in few["lo"]


def test_trainee_obligations_follow_the_employers_law_unless_another_is_named():
    texts = obligations(ORDER)  # Party B is a Lao company
    assert "学员的服务期、培养费用返还和劳动关系，适用老挝人民民主共和国法律。" in texts["zh-Hans"]
    assert "governed by the laws of the Lao People's Democratic Republic" in texts["en"]
    assert "ແມ່ນຢູ່ພາຍໃຕ້ກົດໝາຍຂອງສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ" in texts["lo"]
    assert "劳动合同法" not in texts["zh-Hans"]
    chinese = obligations(
        edit(ORDER, "    refund_base: [tuition]\n", "    refund_base: [tuition]\n    governing_law: CN\n")
    )
    assert "适用中华人民共和国法律。依照《中华人民共和国劳动合同法》第22条、第25条" in chinese["zh-Hans"]
    assert "违约金不得超过服务期尚未履行部分所应分摊的培训费用" in chinese["zh-Hans"]
    assert (
        "Under Articles 22 and 25 of the Labour Contract Law of the People's Republic of China"
        in chinese["en"]
    )
    assert "ມາດຕາ 22 ແລະ ມາດຕາ 25" in chinese["lo"]


def test_posts_and_talent_specification():
    text = edit(
        ORDER,
        "    service_years: 3\n",
        "    service_years: 3\n    posts:\n      - name: {zh-Hans: 检修工, en: maintenance "
        "technician, lo: ຊ່າງສ້ອມແປງ}\n        places: 12\n",
    )
    text = edit(
        text,
        "    instruction_languages: [zh-Hans]\n",
        "    instruction_languages: [zh-Hans]\n    talent_specification: {zh-Hans: 取得检修工证书, "
        "en: a maintenance certificate, lo: ມີໃບຢັ້ງຢືນຊ່າງ}\n",
    )
    found = articles(text)
    employment = found["employment"]
    assert "3. 被录用学员的工作岗位为：检修工（12人）。" in employment["zh-Hans"]
    assert (
        "3. The trainees employed shall be employed in the following posts: maintenance technician (12)."
        in employment["en"]
    )
    assert "3. ຜູ້ທີ່ໄດ້ຮັບເຂົ້າເຮັດວຽກ ຈະໄດ້ເຮັດວຽກໃນຕຳແໜ່ງດັ່ງຕໍ່ໄປນີ້: ຊ່າງສ້ອມແປງ (12 ຄົນ)." in employment["lo"]
    assert "\n5. " in employment["en"] and "\n6. " not in employment["en"]  # renumbered after the posts
    assert "（7）人才规格：取得检修工证书。" in found["cohort"]["zh-Hans"]
    assert "(7) talent specification: a maintenance certificate." in found["cohort"]["en"]
    assert (
        "employment" in articles(ORDER)
        and "\n3. This Agreement imposes" not in articles(ORDER)["employment"]["en"]
    )


@pytest.mark.parametrize("age, minors", [(None, True), (16, True), (18, False)])
def test_guardians_only_when_minors_may_be_admitted(age, minors):
    text = (
        ORDER
        if age is None
        else edit(
            ORDER,
            "    criteria: {zh-Hans: 高中毕业",
            f"    minimum_age: {age}\n    criteria: {{zh-Hans: 高中毕业",
        )
    )
    found = articles(text)
    for clause in ("selection", "trainee-contract"):
        assert ("学员未成年的" in found[clause]["zh-Hans"]) == minors
        assert ("for a minor" in found[clause]["en"]) == minors
        assert ("ຜູ້ທີ່ຍັງບໍ່ທັນບັນລຸນິຕິພາວະ" in found[clause]["lo"]) == minors


def test_foreign_trainees_article_only_when_asked():
    assert "trainee-residence" not in articles(ORDER)
    text = ORDER + "  foreign_trainees: {visa_by: A, visa_costs_by: trainee, accommodation_by: B}\n"
    texts = articles(text)["trainee-residence"]
    assert texts["zh-Hans"].startswith("外籍学员的签证、居留与住宿\n1. 甲方负责为学员出具录取通知书")
    assert "2. 签证费和居留许可费由学员本人承担。" in texts["zh-Hans"]
    assert "3. 乙方负责在培养期间为学员安排安全、卫生的住宿。" in texts["zh-Hans"]
    assert "2. Visa and residence permit fees shall be borne by the trainee." in texts["en"]
    assert "3. Party B shall provide the trainees with safe and sanitary accommodation" in texts["en"]
    assert "ຜູ້ເຂົ້າຮັບການຝຶກອົບຮົມເປັນຜູ້ຮັບຜິດຊອບເອງ" in texts["lo"]


def test_tripartite_agreement_is_an_annex_rendered_from_the_spec():
    texts = articles(ORDER)["trainee-contract"]
    salary = {language: money(language, "6000000", "LAK") for language in LANGUAGES}
    assert texts["zh-Hans"].startswith("学员三方培养协议主要条款\n本附件是本协议不可分割的组成部分。")
    assert f"月工资不低于{salary['zh-Hans']}" in texts["zh-Hans"]
    assert "5. 服务期：3年，自劳动合同生效之日起计算。" in texts["zh-Hans"]
    assert "不得要求学员提供担保或者扣押其身份证件" in texts["zh-Hans"]
    assert "7. 法律适用与争议解决：三方培养协议适用老挝人民民主共和国法律" in texts["zh-Hans"]
    assert texts["en"].startswith("Main Terms of the Tripartite Training Agreement\n")
    assert f"monthly salary of no less than {salary['en']}" in texts["en"]
    assert texts["lo"].startswith("ເນື້ອໃນຫຼັກຂອງສັນຍາຝຶກອົບຮົມສາມຝ່າຍ\n")
    selection = articles(ORDER)["selection"]
    assert "依照本协议附件“学员三方培养协议主要条款”签订三方培养协议" in selection["zh-Hans"]
    assert 'on the terms of the annex “Main Terms of the Tripartite Training Agreement”' in selection["en"]


def test_early_termination_keeps_enrolled_trainees_funded_or_pays_an_exit_payment():
    funded = articles(ORDER)["term"]
    assert (
        "各方（包括提出终止的一方）应当按照本协议的约定，继续承担该等学员的培养费用和生活补助，直至其完成培养"
        in funded["zh-Hans"]
    )
    assert (
        "each Party (including a Party that terminates this Agreement) shall continue to bear" in funded["en"]
    )
    assert "ລວມທັງຝ່າຍທີ່ຍົກເລີກສັນຍາ" in funded["lo"]
    text = (
        ORDER + "  on_early_termination:\n    enrolled: exit-payment\n"
        "    exit_payment: {amount: 20000.00, currency: CNY}\n"
    )
    paid = articles(text)["term"]
    for language, sentence in {
        "zh-Hans": "按照每名在读学员{money}的标准向对方一次性支付退出补偿",
        "en": "a one-off exit payment of {money} for each trainee then enrolled",
        "lo": "ໃນອັດຕາ {money} ຕໍ່ຜູ້ເຂົ້າຮັບການຝຶກອົບຮົມທີ່ກຳລັງຮຽນຢູ່ແຕ່ລະຄົນ",
    }.items():
        assert sentence.format(money=money(language, "20000.00", "CNY")) in paid[language], language


def test_lancang_sample_uses_the_new_options():
    texts = articles(sample(OBT))
    obligations_zh = texts["trainee-obligations"]["zh-Hans"]
    assert "学费、住宿费和教材及实训耗材费为计算基数" in obligations_zh
    assert f"不得超过{money('zh-Hans', '20000.00', 'CNY')}，且不得超过计算基数的60%" in obligations_zh
    assert "适用老挝人民民主共和国法律" in obligations_zh
    assert "岗位实习" in texts["cohort"]["zh-Hans"] and "顶岗" not in texts["cohort"]["zh-Hans"]
    assert "学员未成年的" not in texts["selection"]["zh-Hans"]  # ages 18 to 25
    assert "trainee-residence" in texts and "trainee-contract" in texts
    assert "任何一方不得单方提前解除本协议" in texts["term"]["zh-Hans"]
    assert "ບໍ່ມີຝ່າຍໃດມີສິດຍົກເລີກສັນຍາສະບັບນີ້ກ່ອນກຳນົດແຕ່ຝ່າຍດຽວ" in texts["term"]["lo"]


# --- refused options, each at its line -----------------------------------------------------------


def refused(text: str, needle: str, fragment: str, column: int | None = None):
    found = only_problem(text)
    assert (found.line, fragment in found.message) == (line_of(text, needle), True), found.format()
    if column is not None:
        assert found.column == column, found.format()
    assert found.format().startswith(f"spec.yaml:{found.line}:{found.column}: error: ")


def test_the_living_stipend_is_never_a_refund_base():
    text = edit(ORDER, "    refund_base: [tuition]\n", "    refund_base: [tuition, living-stipend]\n")
    refused(text, "refund_base:", "'tuition', 'travel', 'insurance', 'accommodation' or 'materials'")


def test_a_refund_base_the_employer_does_not_pay_is_refused():
    text = edit(ORDER, "    refund_base: [tuition]\n", "    refund_base:\n      - tuition\n      - travel\n")
    refused(text, "      - travel", "no `travel` cost is paid by the employer (Party B)", column=9)


def test_pro_rata_needs_a_service_period():
    text = edit(ORDER, "    service_years: 3\n", "    service_years: 0\n")
    refused(text, "refund_on_breach: pro-rata", "pro-rata repayment is reckoned on the service period")


def test_a_cap_needs_an_amount_or_a_share():
    text = edit(ORDER, "    refund_base: [tuition]\n", "    refund_base: [tuition]\n    refund_cap: {}\n")
    refused(text, "refund_cap:", "give `amount`, `percent` or both")


def test_an_exit_payment_needs_its_amount():
    text = ORDER + "  on_early_termination:\n    enrolled: exit-payment\n"
    refused(text, "  on_early_termination:", "give `exit_payment` exactly when enrolled is exit-payment")


def test_posts_cannot_take_more_graduates_than_trainees():
    text = edit(
        ORDER,
        "    service_years: 3\n",
        "    service_years: 3\n    posts:\n      - name: {zh-Hans: 检修工, en: technician, lo: "
        "ຊ່າງ}\n        places: 21\n",
    )
    refused(text, "    posts:", "the posts take 21 graduates, more than the 20 trainees")


def test_visa_costs_are_paid_by_a_party_or_the_trainee():
    text = ORDER + "  foreign_trainees: {visa_by: A, visa_costs_by: school, accommodation_by: A}\n"
    refused(text, "foreign_trainees:", "'A', 'B', 'C' or 'trainee'")


def test_governing_law_article_names_the_exception_for_the_trainee_obligations():
    texts = articles(ORDER)["governing-law"]  # the agreement under CN law, the employer in Laos
    assert (
        "均适用中华人民共和国法律，但学员的服务期、培养费用返还和劳动关系依照本协议"
        "“学员的义务与违约处理”条的约定适用老挝人民民主共和国法律。" in texts["zh-Hans"]
    )
    assert (
        "save that the service period, the repayment of training costs and the employment of the "
        "trainees shall be governed by the laws of the Lao People's Democratic Republic" in texts["en"]
    )
    assert "ທີ່ໃຫ້ນຳໃຊ້ກົດໝາຍຂອງສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ" in texts["lo"]
    same = articles(
        edit(ORDER, "    refund_base: [tuition]\n", "    refund_base: [tuition]\n    governing_law: CN\n")
    )
    assert "但学员" not in same["governing-law"]["zh-Hans"] and "save that" not in same["governing-law"]["en"]


def test_the_change_list_names_refund_bases_and_release_events_in_words(tmp_path):
    from agreements.compare import compare
    from agreements.revisions import read_revision

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(ORDER, encoding="utf-8")
    new.write_text(
        edit(
            ORDER,
            "    refund_base: [tuition]\n",
            "    refund_base: [tuition]\n    release_events: [post-not-offered, force-majeure]\n",
        ),
        encoding="utf-8",
    )
    [change] = compare(read_revision(str(old)), read_revision(str(new))).changes
    assert change.label["zh-Hans"] == "学员义务 › 解除学员义务的情形"
    assert change.new["zh-Hans"] == "未提供约定岗位和不可抗力"
    assert change.new["en"] == "post not offered and force majeure"
    assert change.new["lo"] == "ບໍ່ໄດ້ສະໜອງຕຳແໜ່ງງານ ແລະ ເຫດສຸດວິໄສ"
    assert "family-hardship" not in change.old["en"] and "serious family hardship" in change.old["en"]


def test_without_a_refund_base_every_cost_the_employer_pays_but_the_stipend_counts():
    text = edit(ORDER, "    refund_base: [tuition]\n", "")
    text = edit(text, "    - item: travel\n      paid_by: A\n", "    - item: travel\n      paid_by: B\n")
    texts = obligations(text)
    assert "以乙方为该学员实际支付的学费和往返交通费为计算基数" in texts["zh-Hans"]
    assert "computed on the tuition and travel to and from the place of training actually paid" in texts["en"]
    assert "ແມ່ນຄິດໄລ່ຈາກຄ່າຮຽນ ແລະ ຄ່າເດີນທາງໄປ-ກັບ ທີ່ ຝ່າຍ ຂ ໄດ້ຈ່າຍໃຫ້" in texts["lo"]


def test_an_employer_paying_only_the_stipend_leaves_nothing_to_repay():
    text = edit(ORDER, "    refund_base: [tuition]\n", "")
    text = edit(text, "    - item: tuition\n      paid_by: B\n", "    - item: tuition\n      paid_by: A\n")
    refused(text, "refund_on_breach: pro-rata", "pays no cost a refund could be computed on")


@pytest.mark.parametrize(
    "country, age, minors",
    [("LA", 18, False), ("TH", 18, True), ("TH", 20, False), ("EG", 20, True), ("EG", 21, False)],
)
def test_guardians_follow_the_age_of_majority_of_every_partys_country(country, age, minors):
    """A trainee of 18 is a minor in Thailand (Civil and Commercial Code s. 19: 20) and in Egypt
    and Indonesia (21): with a party there, an 18-year-old trainee signs with a guardian."""
    text = edit(
        ORDER,
        "    criteria: {zh-Hans: 高中毕业",
        f"    minimum_age: {age}\n    criteria: {{zh-Hans: 高中毕业",
    )
    text = edit(text, "    country: LA\n", f"    country: {country}\n")
    found = articles(text)
    for clause in ("selection", "trainee-contract"):
        assert ("学员未成年的" in found[clause]["zh-Hans"]) == minors
        assert ("for a minor" in found[clause]["en"]) == minors
