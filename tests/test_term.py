"""Term and the closing articles: renewal notice apart from the notice to terminate, termination
for convenience excluded, the tie-breaker for equally authentic texts, the language of
arbitration and the force majeure periods, in Chinese, English and Lao; bad options refused at
their line."""

from __future__ import annotations

import pytest

from tests.clause_text import articles
from tests.conftest import MINIMAL, UU, UU3, edit, line_of, only_problem, sample

TERM = "term:\n  start: 2027-04-01\n  years: 3\n"


def with_term(extra: str, text: str = MINIMAL) -> str:
    return edit(text, TERM, TERM + extra)


def refused(text: str, needle: str, fragment: str):
    found = only_problem(text)
    assert found.line == line_of(text, needle), found.format()
    assert fragment in found.message, found.format()
    assert found.format().startswith(f"spec.yaml:{found.line}:{found.column}: error: ")


def test_renewal_notice_and_termination_notice_are_separate():
    texts = articles(
        with_term(
            "  renewal: automatic\n  renewal_years: 2\n  renewal_notice_months: 2\n  notice_months: 9\n"
        )
    )["term"]
    assert "任何一方未在本协议期满前2个月书面通知对方不再续期的，本协议期满后自动续期2年" in texts["zh-Hans"]
    assert "（3）任何一方提前9个月书面通知对方解除本协议；" in texts["zh-Hans"]
    assert "no later than 2 months before this Agreement expires" in texts["en"]
    assert "at least 9 months in advance" in texts["en"]


def test_renewal_notice_defaults_to_the_termination_notice():
    texts = articles(with_term("  renewal: by-agreement\n  notice_months: 4\n"))["term"]
    assert "本协议期满前4个月书面通知对方" in texts["zh-Hans"]
    assert "（3）任何一方提前4个月书面通知对方解除本协议；" in texts["zh-Hans"]


def test_termination_for_convenience_can_be_excluded_in_every_language():
    lingnan = sample(UU)
    text = edit(lingnan, "  notice_months: 12\n", "  termination_for_convenience: false\n")
    texts = articles(text)["term"]
    assert (
        "（3）依照本协议有关违约责任或者不可抗力的约定解除本协议。\n除上述情形外，任何一方不得单方提前解除本协议。"
        in texts["zh-Hans"]
    )
    assert "提前12个月书面通知" not in texts["zh-Hans"]
    assert (
        "Save as provided above, no Party may terminate this Agreement "
        "unilaterally before its expiry." in texts["en"]
    )
    assert "upon written notice of termination" not in texts["en"]
    assert "ບໍ່ມີຝ່າຍໃດມີສິດຍົກເລີກສັນຍາສະບັບນີ້ກ່ອນກຳນົດແຕ່ຝ່າຍດຽວ" in texts["lo"]
    # the renewal notice still stands
    assert "本协议期满前6个月书面通知" in texts["zh-Hans"]


def test_a_termination_notice_without_termination_for_convenience_is_refused():
    text = with_term("  renewal: none\n  termination_for_convenience: false\n  notice_months: 6\n")
    refused(text, "  notice_months: 6", "which this term excludes; remove it")


def test_a_renewal_notice_without_renewal_is_refused():
    refused(
        with_term("  renewal: none\n  renewal_notice_months: 3\n"), "renewal_notice_months", "`renewal: none`"
    )


def test_joint_programme_students_may_finish_after_termination():
    texts = articles(sample(UU3))["term"]
    assert (
        "已经被联合培养项目录取的学生有权完成该项目的学业并获得本协议约定的证书或者学位" in texts["zh-Hans"]
    )
    assert "students already admitted to a joint programme shall be entitled to complete it" in texts["en"]


@pytest.mark.parametrize(
    "rule, expected",
    [
        (
            "consultation",
            {
                "zh-Hans": "2. 各语言文本之间如有不一致，"
                "双方应当根据本协议的目的，本着诚实信用的原则协商解释。",
                "en": "2. In the event of any discrepancy between the texts,"
                " the two Parties shall interpret them by consultation",
            },
        ),
        (
            "purpose",
            {
                "zh-Hans": "2. 各语言文本之间如有不一致，"
                "应当按照本协议的目的，采用最能使各语言文本相互协调的含义。",
                "en": "2. In the event of any discrepancy between the texts, the meaning which best "
                "reconciles the texts, having regard to the purpose of this Agreement, shall be adopted.",
            },
        ),
        (
            "zh-Hans",
            {
                "zh-Hans": "1. 本协议以中文和英语书就，各语言文本具有同等法律效力。\n"
                "2. 各语言文本之间如有不一致，以中文文本作为解释依据。",
                "en": "2. In the event of any discrepancy between the texts, "
                "the Chinese text shall be used for their interpretation.",
            },
        ),
    ],
)
def test_equally_authentic_texts_get_a_tie_breaker(rule, expected):
    texts = articles(
        edit(MINIMAL, "  governing_law: CN\n", f"  governing_law: CN\n  language_discrepancy: {rule}\n")
    )
    for language, sentence in expected.items():
        assert sentence in texts["language"][language], language


def test_the_tie_breaker_in_lao():
    text = edit(sample(UU), "  language_discrepancy: purpose\n", "  language_discrepancy: lo\n")
    texts = articles(text)["language"]
    assert "ໃຫ້ໃຊ້ສະບັບພາສາລາວເປັນພື້ນຖານໃນການຕີຄວາມໝາຍ" in texts["lo"]
    assert "以老挝语文本作为解释依据" in texts["zh-Hans"]
    assert "the Lao text shall be used for their interpretation" in texts["en"]
    purpose = articles(sample(UU))["language"]
    assert "ໃຫ້ຖືເອົາຄວາມໝາຍທີ່ເຮັດໃຫ້ສະບັບແຕ່ລະພາສາສອດຄ່ອງກັນຫຼາຍທີ່ສຸດ" in purpose["lo"]


def test_a_tie_breaker_must_be_a_language_of_the_agreement_and_the_texts_equally_authentic():
    text = edit(MINIMAL, "  governing_law: CN\n", "  governing_law: CN\n  language_discrepancy: lo\n")
    refused(text, "language_discrepancy", "'lo' is not one of this agreement's languages (zh-Hans, en)")
    text = edit(MINIMAL, "  governing_law: CN\n", "  governing_law: CN\n  language_discrepancy: fr\n")
    refused(text, "language_discrepancy", "'consultation' or 'purpose'")
    text = edit(
        sample(UU3), "  governing_law: GB\n", "  governing_law: GB\n  language_discrepancy: zh-Hans\n"
    )
    refused(text, "language_discrepancy", "the en text already prevails")


def test_language_of_arbitration_in_every_language():
    texts = articles(sample(UU))["disputes"]  # CIETAC, in English
    assert "在广州进行仲裁，仲裁语言为英语。" in texts["zh-Hans"]
    assert "The language of the arbitration shall be English." in texts["en"]
    assert "ພາສາທີ່ໃຊ້ໃນການດຳເນີນຄະດີອະນຸຍາໂຕຕຸລາການ ແມ່ນພາສາອັງກິດ" in texts["lo"]
    assert "submit it to the China International Economic and Trade Arbitration Commission for" in texts["en"]
    plain = articles(MINIMAL)["disputes"]
    assert "仲裁语言" not in plain["zh-Hans"] and "language of the arbitration" not in plain["en"]


def test_a_court_has_no_language_of_arbitration():
    text = edit(sample(UU3), "  governing_law: GB\n", "  governing_law: GB\n")
    text = edit(text, "    method: court\n", "    method: court\n    arbitration_language: en\n")
    refused(text, "arbitration_language", "`arbitration_language` does not apply to court")


def test_courts_of_england_and_wales_read_once_with_the():
    texts = articles(sample(UU3))["disputes"]
    assert "any Party may bring proceedings before the courts of England and Wales." in texts["en"]
    assert "the the" not in texts["en"]
    assert "任何一方均可向英格兰及威尔士法院提起诉讼" in texts["zh-Hans"]


def test_force_majeure_periods_default_and_chosen():
    default = articles(MINIMAL)["force-majeure"]
    assert "在不可抗力发生之日起15日内书面通知对方" in default["zh-Hans"]
    assert "不可抗力持续超过6个月" in default["zh-Hans"]
    assert "within 15 days of its occurrence" in default["en"]
    chosen = articles(
        edit(
            sample(UU),
            "  governing_law: CN\n",
            "  governing_law: CN\n  force_majeure: {notice_days: 7, termination_months: 3}\n",
        )
    )["force-majeure"]
    assert (
        "在不可抗力发生之日起7日内书面通知" in chosen["zh-Hans"]
        and "不可抗力持续超过3个月" in chosen["zh-Hans"]
    )
    assert "within 7 days of its occurrence" in chosen["en"] and "lasts more than 3 months" in chosen["en"]
    assert "ພາຍໃນ 7 ມື້" in chosen["lo"] and "ແກ່ຍາວເກີນ 3 ເດືອນ" in chosen["lo"]


def test_force_majeure_periods_are_bounded():
    text = edit(MINIMAL, "  governing_law: CN\n", "  governing_law: CN\n  force_majeure: {notice_days: 0}\n")
    refused(text, "force_majeure", "greater than or equal to 1")
