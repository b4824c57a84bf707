"""Joint programmes and exchange streams: who awards which degree, who recognises which credits,
progression criteria, programme students versus non-degree exchange students, and tuition per
stream, in Chinese, English and Lao; bad options refused at their line."""

from __future__ import annotations

from tests.clause_text import articles, money
from tests.conftest import UU, UU3, edit, line_of, only_problem, sample


def refused(text: str, needle: str, fragment: str):
    found = only_problem(text)
    assert found.line == line_of(text, needle), found.format()
    assert fragment in found.message, found.format()
    assert found.format().startswith(f"spec.yaml:{found.line}:{found.column}: error: ")


def test_top_up_degree_partner_recognises_the_home_years_and_each_party_awards_its_own():
    texts = articles(sample(UU3))["joint-programmes"]
    zh, en = texts["zh-Hans"], texts["en"]
    assert (
        "乙方认可学生在甲方修读并考核合格的课程学分共计240学分，并据此录取学生进入其学位课程的相应年级学习。"
        in zh
    )
    assert "甲方认可" not in zh
    assert "Party B shall recognise 240 credits for courses taken and passed at Party A" in en
    assert "由甲方授予机电一体化技术专业专科毕业证书，由乙方授予机电一体化工程荣誉工学学士学位。" in zh
    assert (
        "awarded the Diploma in Mechatronics Technology by Party A, and the BEng (Hons) "
        "Mechatronic Engineering by Party B." in en
    )


def test_progression_criteria():
    texts = articles(sample(UU3))["joint-programmes"]
    assert (
        "学生赴乙方学习，应当同时符合下列条件：在甲方所修课程的平均成绩不低于70分（满分100分）；语言成绩达到雅思总分6.0分且各单项不低于5.5分。"
        in texts["zh-Hans"]
    )
    assert (
        "To continue at Party B, a student shall meet all of the following requirements: a grade "
        "average of no less than 70 out of 100 in the courses taken at Party A; a language score "
        "of IELTS 6.0 overall with no band below 5.5." in texts["en"]
    )


def test_credits_recognised_by_the_home_party_and_progression_in_lao():
    text = edit(
        sample(UU),
        "      credits_recognised: 45\n",
        "      credits_recognised: 45\n      progression:\n        minimum_average: 75\n   "
        "     other: {zh-Hans: 无不及格课程, en: no failed course, lo: "
        "ບໍ່ມີວິຊາທີ່ສອບເສັງບໍ່ຜ່ານ}\n",
    )
    texts = articles(text)["joint-programmes"]
    assert "甲方认可学生在乙方修读并考核合格的课程学分，认可学分总计不超过45学分。" in texts["zh-Hans"]
    assert "在甲方所修课程的平均成绩不低于75分（满分100分）；无不及格课程。" in texts["zh-Hans"]
    assert (
        "a grade average of no less than 75 out of 100 in the courses taken at Party A; no failed course."
        in texts["en"]
    )
    assert "ມີຄະແນນສະເລ່ຍຂອງວິຊາທີ່ຮຽນຢູ່ ຝ່າຍ ກ ບໍ່ຕ່ຳກວ່າ 75 ຄະແນນ (ຈາກ 100 ຄະແນນ); ບໍ່ມີວິຊາທີ່ສອບເສັງບໍ່ຜ່ານ." in texts["lo"]


def test_programme_students_are_not_non_degree_exchange_students():
    texts = articles(sample(UU3))["student-exchange"]
    zh, en = texts["zh-Hans"], texts["en"]
    assert "3. 甲方按照联合培养项目派往乙方学习机电一体化工程（本科第四学年）的学生，为联合培养项目学生" in zh
    assert "注册为接收方学位课程学生" in zh and "其他交流学生在接收方学习期间为非学位交流生" in zh
    assert (
        "3. Students of Party A going to Party B to study Mechatronic Engineering (final honours "
        "year) under a joint programme are joint programme students" in en
    )
    assert "While at the host Party, exchange students are non-degree" not in en


def test_exchange_only_streams_keep_the_non_degree_wording():
    texts = articles(sample(UU))["student-exchange"]
    assert "3. 交流学生在接收方学习期间为非学位交流生" in texts["zh-Hans"]
    assert "ນັກສຶກສາແລກປ່ຽນທີ່ບໍ່ຮັບປະລິນຍາ" in texts["lo"]


def test_each_stream_its_own_tuition_so_summer_school_students_owe_nothing():
    texts = articles(sample(UU3))["tuition"]
    fee = {language: money(language, "16950.00", "GBP") for language in ("zh-Hans", "en")}
    zh, en = texts["zh-Hans"].split("\n"), texts["en"].split("\n")
    programme = next(line for line in zh if line.startswith("（1）"))
    summer = next(line for line in zh if line.startswith("（2）"))
    assert programme.startswith(
        "（1）甲方赴乙方学习机电一体化工程（本科第四学年）的学生：向乙方缴纳学费，标准为每人每学年"
        + fee["zh-Hans"]
    )
    assert (
        summer == "（2）乙方赴甲方学习汉语与中国智能制造暑期项目的学生："
        "免交甲方的学费、注册费和考试费，并按照乙方的规定向其缴纳学费（如有）。"
    )
    assert fee["zh-Hans"] not in summer
    summer_en = next(line for line in en if line.startswith("(2)"))
    assert (
        summer_en.startswith("(2) students of Party B studying Summer school")
        and "shall be exempt from the tuition" in summer_en
    )
    assert fee["en"] not in summer_en and fee["en"] in next(line for line in en if line.startswith("(1)"))


def test_a_stream_without_its_own_tuition_follows_the_agreement_in_lao():
    text = edit(
        sample(UU),
        "    - sender: A\n      host: B\n",
        "    - sender: A\n      host: B\n      tuition: {arrangement: fee, fee: {amount: 1200.00, "
        "currency: USD}}\n",
    )
    texts = articles(text)["tuition"]
    assert texts["lo"].split("\n")[1] == "1. ຄ່າຮຽນຂອງແຕ່ລະໂຄງການແລກປ່ຽນນັກສຶກສາ ໃຫ້ປະຕິບັດດັ່ງຕໍ່ໄປນີ້:"
    # stream 1 follows the agreement's tuition (waiver); stream 2 pays its own fee to Party B
    assert "(1) ນັກສຶກສາຂອງ ຝ່າຍ ຂ ທີ່ໄປຮຽນ ເພສັດສາດ (ການກວດສອບຢາ) ຢູ່ ຝ່າຍ ກ: ໄດ້ຮັບການຍົກເວັ້ນຄ່າຮຽນ" in texts["lo"]
    assert f"ຕ້ອງຈ່າຍຄ່າຮຽນໃຫ້ ຝ່າຍ ຂ ໃນອັດຕາ {money('lo', '1200.00', 'USD')} ຕໍ່ຄົນ ຕໍ່ສົກຮຽນ" in texts["lo"]
    assert f"向乙方缴纳学费，标准为每人每学年{money('zh-Hans', '1200.00', 'USD')}" in texts["zh-Hans"]


def test_award_and_awards_are_exclusive():
    text = edit(
        sample(UU3),
        "      awards:\n",
        "      award: {zh-Hans: 学位, en: a degree}\n      awards:\n",
    )
    refused(text, "      awards:", "give either `award` or `awards`, not both")


def test_programme_students_need_a_joint_programme():
    text = edit(
        sample(UU),
        "    - sender: A\n      host: B\n",
        "    - sender: A\n      host: B\n      enrolment: programme\n",
    )
    start, end = text.index("  joint_programmes:\n"), text.index("  language_training:\n")
    text = text[:start] + text[end:]
    refused(text, "enrolment: programme", "programme students need a joint programme")


def test_progression_needs_a_condition():
    text = edit(
        sample(UU), "      credits_recognised: 45\n", "      credits_recognised: 45\n      progression: {}\n"
    )
    refused(text, "progression:", "give at least one of minimum_average, language_requirement or other")
