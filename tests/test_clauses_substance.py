"""What the clause library says, checked article by article in every language of the samples and
of variants of them: the legal substance a party's lawyer reads, not the layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agreements.compose import compose
from agreements.document import Paragraph, Table
from agreements.model import Spec
from agreements.validate import read_spec

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
SAMPLES = sorted(SPECS.glob("*.yaml"))
# a memorandum or a supplementary agreement does not restate the standard articles
AGREEMENTS = [path for path in SAMPLES if read_spec(path).document == "agreement"]
NEW_ARTICLES = ("names-and-logos", "anti-bribery", "sanctions-export-control")


def sample(name: str) -> Spec:
    return read_spec(SPECS / f"{name}.yaml")


def variant(name: str, tmp_path: Path, *replacements: tuple[str, str]) -> Spec:
    """A sample with its text edited, read and validated like any spec."""
    text = (SPECS / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return read_spec(path)


def articles(spec: Spec) -> dict[str, dict[str, str]]:
    """clause id -> language -> the article's heading and text, one paragraph a line."""
    document = compose(spec)
    found = {}
    for section in document.sections:
        found[section.clause_id] = {
            language: "\n".join(
                [section.heading[language]]
                + [
                    block.text if isinstance(block, Paragraph) else " | ".join(map(" | ".join, block.rows))
                    for block in section.body[language]
                    if isinstance(block, Paragraph | Table)
                ]
            ).replace("\u00a0", " ")
            for language in document.languages
        }
    return found


def numbers(text: str) -> list[str]:
    """The paragraph numbers, as values (Khmer ២ is 2)."""
    return [str(int(line.split(".")[0])) for line in text.splitlines()[1:] if re.match(r"\d+\. ", line)]


# --- the IP article: owners exploit their results; no 以对方式 ---------------------------------


def test_a_joint_owner_may_exploit_the_results_and_file_with_the_others(tmp_path):
    ip = articles(sample("nanshan-xinchuang-battery"))["intellectual-property"]
    zh, en = ip["zh-Hans"], ip["en"]
    assert "各共有方均可以自行实施（包括为生产经营目的使用），无需征得其他共有方同意" in zh
    assert "由共有方共同申请" in zh and "放弃申请权的一方可以免费实施该专利" in zh
    assert "Each joint owner may exploit jointly owned Results itself" in en
    assert "shall be filed jointly by the joint owners" in en
    # the teaching licence restricts only a party that does not own the results
    assert "非权利人一方的上述使用权是非独占、不可转让的，不包括商业使用" in zh
    assert "不得将其用于商业目的，也不得向第三方转让" not in zh
    # the old rule: every patent application needed the consent of every party
    assert "申请专利、登记著作权或者转让、许可他人使用的，应经各方书面同意" not in zh
    assert "requires the written consent of every Party" not in en
    # names and logos left the IP article, and the word for a school emblem with it
    assert "校徽" not in zh and "emblem" not in en


def test_joint_owners_can_agree_that_every_use_needs_consent(tmp_path):
    spec = variant(
        "nanshan-xinchuang-battery",
        tmp_path,
        (
            "    licence_for_teaching: true\n",
            "    licence_for_teaching: true\n    joint_results_use: consent\n",
        ),
    )
    ip = articles(spec)["intellectual-property"]
    assert "均应当事先取得全体共有方的书面同意" in ip["zh-Hans"]
    assert "without the prior written consent of all joint owners" in ip["en"]
    assert "无需征得其他共有方同意" not in ip["zh-Hans"]


def test_a_sole_owner_files_and_licenses_without_the_others_consent(tmp_path):
    spec = variant("nanshan-xinchuang-battery", tmp_path, ("results_owned_by: joint", "results_owned_by: B"))
    ip = articles(spec)["intellectual-property"]
    assert (
        "乙方有权自行实施合作成果，并有权以自己的名义就其申请专利、登记著作权、转让或者许可他人使用，无需征得其他方同意"
        in (ip["zh-Hans"])
    )
    assert "Party B may exploit the Results itself and may, in its own name, apply for patents" in ip["en"]
    assert "共有方共同申请" not in ip["zh-Hans"]  # no joint-owner rules for a sole owner


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_substitution_ran_inside_a_word(path):
    """`{% if both %}对方{% else %}其他方{% endif %}` once replaced 其他方 inside 其他方式."""
    spec = read_spec(path)
    text = "\n".join("\n".join(compose(spec).text(language)) for language in spec.languages)
    assert "对方式" not in text
    if spec.clauses.intellectual_property:
        assert "或者以其他方式公开合作成果" in text


# --- names and logos, anti-bribery, sanctions: in every language, numbers matching -----------


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_the_standard_articles_are_in_every_sample_in_every_language(path):
    spec = read_spec(path)
    found = articles(spec)
    for clause in NEW_ARTICLES:
        texts = found[clause]
        assert set(texts) == set(spec.languages)
        counts = {language: numbers(text) for language, text in texts.items()}
        assert len(set(map(tuple, counts.values()))) == 1 and counts[spec.languages[0]] == [
            str(n) for n in range(1, len(counts[spec.languages[0]]) + 1)
        ]
    zh = found["names-and-logos"]["zh-Hans"]
    assert "徽标、商标或者其他标识" in zh and "校徽" not in zh
    assert "3个月" in zh  # printed material may be used up for three months after termination
    assert "《中华人民共和国反不正当竞争法》" in found["anti-bribery"]["zh-Hans"]
    assert "《中华人民共和国出口管制法》" in found["sanctions-export-control"]["zh-Hans"]


def test_a_kind_may_switch_the_standard_articles_off(tmp_path):
    spec = variant(
        "lingnan-vientiane-pharmacy",
        tmp_path,
        (
            "  governing_law: CN\n",
            "  governing_law: CN\n  names_and_logos: false\n  anti_bribery: false\n"
            "  sanctions_and_export_control: false\n",
        ),
    )
    assert not set(NEW_ARTICLES) & set(articles(spec))


def test_anti_bribery_names_the_steps_of_each_kind():
    assert (
        "学员的选拔、录取、考核和录用，不得以任何财物"
        in (articles(sample("lancang-nanyue-railway-order"))["anti-bribery"]["zh-Hans"])
    )
    uu = articles(sample("lingnan-vientiane-pharmacy"))["anti-bribery"]
    assert "学生的选拔、录取、成绩评定和学分认定" in uu["zh-Hans"]
    assert "The selection, admission, grading and recognition of credits of students" in uu["en"]


# --- liability cap ---------------------------------------------------------------------------


def test_the_liability_cap_states_the_amount_and_excludes_injury_and_intent():
    found = articles(sample("nanshan-xinchuang-battery"))
    cap = found["liability-cap"]
    assert "累计不超过人民币叁佰万元整（CNY 3,000,000.00）" in cap["zh-Hans"]
    assert "shall not exceed CNY 3,000,000.00 in aggregate" in cap["en"]
    assert "（1）造成人身损害的责任；（2）因故意或者重大过失造成财产损失的责任" in cap["zh-Hans"]
    assert "(1) liability for personal injury" in cap["en"]
    # the indirect-loss sentence moved from the breach article into the cap article
    assert "间接损失" not in found["liability"]["zh-Hans"]
    assert numbers(found["liability"]["zh-Hans"]) == ["1", "2", "3"] == numbers(found["liability"]["en"])


def test_a_cap_of_direct_loss_only_has_no_amount():
    cap = articles(sample("jinjihu-pennine-mechatronics"))["liability-cap"]
    assert numbers(cap["zh-Hans"]) == ["1", "2"] == numbers(cap["en"])
    assert "仅对对方因其违约而遭受的直接损失" not in cap["zh-Hans"]  # three parties: 其他方
    assert "仅对其他方因其违约而遭受的直接损失承担赔偿责任" in cap["zh-Hans"]
    assert "累计不超过" not in cap["zh-Hans"]


def test_without_a_cap_the_breach_article_keeps_its_indirect_loss_rule():
    found = articles(sample("lingnan-vientiane-pharmacy"))
    assert "liability-cap" not in found
    assert "间接损失" in found["liability"]["zh-Hans"]
    assert numbers(found["liability"]["lo"]) == ["1", "2", "3", "4"]


# --- safety, insurance and indemnity ------------------------------------------------------------


def test_the_safety_article_names_the_insurer_the_cover_and_the_indemnity():
    found = articles(sample("lancang-nanyue-railway-order"))["safety-and-insurance"]
    zh, lo = found["zh-Hans"], found["lo"]
    assert "乙方负责为学员投保" in zh and "不低于人民币伍拾万元整（CNY 500,000.00）" in zh
    assert "保险费不得向学员收取" in zh
    assert "该方应当赔偿对方因此遭受的全部损失" in zh
    assert "ຝ່າຍ ຂ ຕ້ອງຊື້ປະກັນໄພຄວາມຮັບຜິດຊອບ" in lo and "500.000,00" in lo
    assert numbers(zh) == numbers(lo) == ["1", "2", "3", "4", "5"]


# --- Party C as a course provider ---------------------------------------------------------------


def test_party_c_has_the_duties_of_a_course_provider():
    found = articles(sample("jinjihu-pennine-mechatronics"))
    zh, en = found["course-provision"]["zh-Hans"], found["course-provision"]["en"]
    assert "（1）丙方为甲方学生开设雅思备考课程，教学时数不少于240学时，教学地点为甲方校内" in zh
    assert "学生雅思（学术类）总分达到6.0分，且单项成绩均不低于5.5分" in zh
    assert (
        "(1) Party C shall teach an IELTS preparation course to students of Party A, for at least 240" in en
    )
    assert "选派具有相应学历、教学资格和教学经验的教师任教" in zh
    assert "assign teachers with the appropriate qualifications" in en
    assert "书面报告学生的出勤、学习进展和测试成绩" in zh and "attendance, progress and test results" in en
    # the company does not carry the duties of a sending or host university
    duties = found["responsibilities-universities"]
    assert "甲方和乙方作为派出方时，各自应当" in duties["zh-Hans"]
    assert "Party A and Party B, each when acting as a sending Party, shall" in duties["en"]
    assert "language-training" not in found  # the course is no longer squeezed into that article
    assert "（4）课程教学服务；" in found["scope"]["zh-Hans"]
    assert "(4) teaching services;" in found["scope"]["en"]


def test_without_a_course_provider_every_party_sends_and_hosts():
    duties = articles(sample("lingnan-vientiane-pharmacy"))["responsibilities-universities"]
    assert "1. 各方作为派出方时，应当：" in duties["zh-Hans"]
    assert "1. ໃນຖານະເປັນຝ່າຍສົ່ງ, ແຕ່ລະຝ່າຍຕ້ອງ:" in duties["lo"]


def test_language_training_says_who_receives_it_in_good_chinese():
    zh = articles(sample("lingnan-vientiane-pharmacy"))["language-training"]["zh-Hans"]
    assert (
        "1. 双方均可以应对方的请求，为提出请求一方的学生和教职工提供下列培训：汉语及中国医药文化短期培训。"
        in zh
    )


# --- personal data ------------------------------------------------------------------------------


def test_personal_data_lists_the_categories_and_the_sensitive_ones():
    found = articles(sample("lancang-nanyue-railway-order"))["personal-data"]
    zh, lo = found["zh-Hans"], found["lo"]
    assert "限于下列种类：身份信息（姓名、性别、出生日期、国籍及身份证件号码）；" in zh
    assert "前款所列健康状况及体检信息和用于发放补贴或者工资的银行账户信息属于敏感个人信息" in zh
    assert "取得个人的单独同意" in zh and "最小范围" in zh
    assert "ຂໍ້ມູນສຸຂະພາບ ແລະ ຜົນການກວດສຸຂະພາບ ແລະ ຂໍ້ມູນບັນຊີທະນາຄານ" in lo
    assert len(numbers(zh)) == len(numbers(lo)) == 7


def test_personal_data_without_sensitive_categories_has_no_sensitive_paragraph(tmp_path):
    spec = variant(
        "lingnan-vientiane-pharmacy",
        tmp_path,
        (
            "categories: [identity, contact, academic, passport-visa, health]",
            "categories: [identity, contact]",
        ),
    )
    found = articles(spec)["personal-data"]
    assert "敏感个人信息" not in found["zh-Hans"]
    assert len(numbers(found["zh-Hans"])) == len(numbers(found["en"])) == len(numbers(found["lo"])) == 6


def test_cross_border_transfer_follows_from_the_parties_countries(tmp_path):
    # two Shenzhen parties: no "between the parties' countries"
    spec = variant(
        "nanshan-xinchuang-battery",
        tmp_path,
        (
            "    # both parties are in China, but interns' data goes to the plant in Thailand\n"
            "    cross_border_transfer: true\n",
            "",
        ),
    )
    domestic = articles(spec)["personal-data"]
    assert "本协议的履行不涉及个人信息的跨境传输" in domestic["zh-Hans"]
    assert "各方所在国家之间" not in domestic["zh-Hans"]
    assert "《中华人民共和国个人信息保护法》等有关个人信息保护的法律法规" in domestic["zh-Hans"]
    # the same parties, data sent to the plant abroad: out of China, not "between their countries"
    abroad = articles(sample("nanshan-xinchuang-battery"))["personal-data"]
    assert "履行本协议需要向中国境外提供个人信息" in abroad["zh-Hans"]
    assert "provided outside China" in abroad["en"]
    assert "数据出境安全评估、订立个人信息出境标准合同并备案或者取得个人信息保护认证" in abroad["zh-Hans"]
    # a Chinese and a UK party: between their countries, derived without the option
    uk = articles(sample("jinjihu-pennine-mechatronics"))["personal-data"]
    assert "履行本协议需要在各方所在国家之间传输个人信息" in uk["zh-Hans"]


# --- internships abroad ----------------------------------------------------------------------


def test_internships_abroad_cover_visa_insurance_teachers_currency_posts_and_hours():
    found = articles(sample("nanshan-xinchuang-battery"))["internships"]
    zh, en = found["zh-Hans"], found["en"]
    assert "实习学生可以从事的岗位为：电芯装配操作工、化成分容设备操作工、电池包检测员" in zh
    assert "实习补贴以泰铢支付" in zh and "不得低于实习所在地的法定最低工资标准" in zh
    assert "上述保险应当在泰国有效，并包括当地的医疗费用和紧急救援（含医疗转运）" in zh
    assert "乙方负责为赴泰国实习的学生办理签证和工作或者实习许可并承担相关费用" in zh
    assert "甲方选派不少于2名带队教师全程随同学生赴泰国" in zh
    assert "学生每日实习时间不超过8小时，每周不超过40小时；不得安排学生加班、上夜班或者在法定节假日实习" in zh
    assert "专项安全培训并经考核合格" in zh and "不得安排未满18周岁的学生从事危险作业" in zh
    assert "the stipend shall be paid in Thai Baht" in en
    assert "at least 2 accompanying teacher(s)" in en
    assert numbers(zh) == numbers(en) == ["1", "2", "3", "4", "5", "6", "7"]


def test_internships_at_home_ban_hazardous_work_and_name_no_visa(tmp_path):
    text = (SPECS / "nanshan-xinchuang-battery.yaml").read_text(encoding="utf-8")
    start, end = text.index("    posts:\n"), text.index("      stipend_currency: THB\n")
    path = tmp_path / "home.yaml"
    path.write_text(text[:start] + text[end + len("      stipend_currency: THB\n") :], encoding="utf-8")
    found = articles(read_spec(path))["internships"]
    assert "不得安排学生从事高空、井下、放射性、高毒、易燃易爆等危险作业" in found["zh-Hans"]
    assert "签证" not in found["zh-Hans"] and "visa" not in found["en"]
    assert numbers(found["zh-Hans"]) == numbers(found["en"]) == ["1", "2", "3", "4", "5", "6"]


# --- every article: paragraphs are not run together ---------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_numbered_paragraph_runs_into_the_previous_one(path):
    """A `{% endif %}` at the end of a line eats the line break: 2. then follows 1. on one line."""
    spec = read_spec(path)
    for clause, texts in articles(spec).items():
        for language, text in texts.items():
            assert not re.search(r"(?<!\d)[。.;；:：)）។][1-9១-៩]\d?\. \S", text), (clause, language)


def test_the_lao_name_of_the_railway_company_does_not_repeat_laos():
    spec = sample("lancang-nanyue-railway-order")
    lao = "\n".join(compose(spec).text("lo"))
    assert "(ລາວ) ຈຳກັດ (ລາວ)" not in lao
    assert "ບໍລິສັດ ນານເຢວ ດຳເນີນງານທາງລົດໄຟ ຈຳກັດ" in lao


def test_anti_bribery_names_the_uk_bribery_act_when_a_party_is_british():
    found = articles(sample("jinjihu-pennine-mechatronics"))["anti-bribery"]
    assert "包括《中华人民共和国反不正当竞争法》和英国《2010年反贿赂法》" in found["zh-Hans"]
    assert "and the Bribery Act 2010 of the United Kingdom" in found["en"]
    assert "2010" not in articles(sample("lingnan-vientiane-pharmacy"))["anti-bribery"]["lo"]


def test_an_amendment_is_sealed_only_by_a_party_that_uses_a_seal():
    spec = sample("jinjihu-pennine-mechatronics")
    assert [party.seals for party in spec.parties] == [True, False, False]  # the UK parties sign only
    found = articles(spec)["amendments"]
    assert "由各方法定代表人或者授权代表签字、甲方加盖公章后方可生效" in found["zh-Hans"]
    assert "of each Party and sealed by Party A." in found["en"]
