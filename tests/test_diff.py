"""`agreements diff`: the change list, the article redline, git revisions, and drift warnings."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agreements.cli import main
from agreements.compare import compare, redline_text
from agreements.revisions import read_revision
from agreements.templates import Templates
from agreements.words import tokens
from tests.outputs import REPO, edited_copy, run_cli

SAMPLE = REPO / "specs" / "lingnan-vientiane-pharmacy.yaml"


def edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    return edited_copy(SAMPLE, tmp_path / name, *replacements)


def comparison(tmp_path: Path, *replacements: tuple[str, str]):
    new = edited(tmp_path, "new.yaml", *replacements)
    return compare(read_revision(str(SAMPLE)), read_revision(str(new)))


def test_same_revision_twice_shows_nothing(capsys):
    assert main(["diff", str(SAMPLE), str(SAMPLE)]) == 0
    assert "no differences" in capsys.readouterr().out


def test_changed_amount_is_listed_in_every_language(tmp_path: Path):
    result = comparison(tmp_path, ("amount: 400000.00", "amount: 450000.00"))
    [change] = result.changes
    assert change.kind == "changed"
    assert change.label["en"] == "Insurance › Minimum cover"
    assert change.label["zh-Hans"] == "保险 › 最低保额"
    assert change.old["zh-Hans"] == "人民币肆拾万元整（CNY\u00a0400,000.00）"
    assert change.new["zh-Hans"] == "人民币肆拾伍万元整（CNY\u00a0450,000.00）"
    assert change.new["en"] == "CNY\u00a0450,000.00"
    assert change.new["lo"] == "CNY\u00a0450.000,00"
    line = change.line(["zh-Hans", "en"])
    assert line == (
        "保险 › 最低保额：人民币肆拾万元整（CNY\u00a0400,000.00） → "
        "人民币肆拾伍万元整（CNY\u00a0450,000.00） / "
        "Insurance › Minimum cover: CNY\u00a0400,000.00 → CNY\u00a0450,000.00"
    )
    changed = [s for s in result.sections if s.status == "changed"]
    assert changed and all(set(s.changed_languages) == {"zh-Hans", "en", "lo"} for s in changed)
    inserted = {text for s in changed for p in s.paragraphs["en"] for op, text in p if op == "+"}
    assert any("450" in text for text in inserted)
    assert not result.warnings


def test_changed_date_and_duration(tmp_path: Path):
    result = comparison(
        tmp_path, ("start: 2027-01-01", "start: 2027-03-01"), ("  years: 5\n", "  years: 3\n")
    )
    by_label = {c.label["en"]: c for c in result.changes}
    assert by_label["Term › Start date"].new["en"] == "1 March 2027"
    assert by_label["Term › Start date"].new["zh-Hans"] == "2027年3月1日"
    assert by_label["Term › Years"].old["en"] == "5 years"
    assert by_label["Term › Years"].new["zh-Hans"] == "3年"


def test_added_clause_option_is_an_added_article(tmp_path: Path):
    old = edited(tmp_path, "old.yaml", ("  confidentiality:\n    years_after_termination: 3\n", ""))
    result = compare(read_revision(str(old)), read_revision(str(SAMPLE)))
    assert [c.kind for c in result.changes] == ["added"]
    assert result.changes[0].label["en"] == "Clauses › Confidentiality"
    added = [s for s in result.sections if s.status == "added"]
    assert [s.clause_id for s in added] == ["confidentiality"]
    renumbered = [s for s in result.sections if s.renumbered]
    assert renumbered, "articles after the new one move down"
    assert all(s.status == "changed" or s.status == "same" for s in renumbered)


def test_exit_codes_and_json(tmp_path: Path, capsys):
    new = edited(tmp_path, "new.yaml", ("amount: 400000.00", "amount: 450000.00"))
    assert main(["diff", str(SAMPLE), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["differs"] is True
    assert data["changes"][0]["path"] == ["university_university", "insurance", "minimum_cover"]
    assert main(["diff", str(SAMPLE), str(tmp_path / "missing.yaml")]) == 2


def test_diff_against_a_git_revision(tmp_path: Path):
    repo = tmp_path / "college"
    (repo / "specs").mkdir(parents=True)
    shutil.copy(SAMPLE, repo / "specs" / "x.yaml")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "revision 3")
    spec = repo / "specs" / "x.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("revision: 3", "revision: 4"), encoding="utf-8")
    git("commit", "-qam", "revision 4")
    result = run_cli("diff", "HEAD~1:specs/x.yaml", "HEAD:specs/x.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 1, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["label"]["en"], c["old"]["en"], c["new"]["en"]) for c in changes] == [("Revision", "3", "4")]
    missing = run_cli("diff", "HEAD~5:specs/x.yaml", "specs/x.yaml", cwd=repo)
    assert missing.returncode == 2 and "git cannot show it" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_revision_that_git_would_read_as_an_option_is_refused(tmp_path: Path):
    repo = tmp_path / "college"
    (repo / "specs").mkdir(parents=True)
    shutil.copy(SAMPLE, repo / "specs" / "x.yaml")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    # where `git show --output=../pwn:./specs/x.yaml` would write, were it given as an option
    (tmp_path / "pwn:." / "specs").mkdir(parents=True)
    before = sorted(tmp_path.rglob("*"))
    result = run_cli("diff", "--", "--output=../pwn:specs/x.yaml", "specs/x.yaml", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "'--output=../pwn' is not a git revision (a revision never starts with '-')" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_git_never_reads_the_revision_as_an_option(tmp_path: Path):
    from agreements.revisions import DiffError, git_show

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    with pytest.raises(DiffError, match="git cannot show it"):
        git_show(f"--output={tmp_path / 'pwn'}", tmp_path, "x")
    assert not (tmp_path / "pwn").exists()


def test_whitespace_ampersand_and_line_break_edits_show():
    assert redline_text("R&D centre", "R & D centre") != [("=", "R & D centre")]
    assert any(op != "=" for op, _ in redline_text("two  spaces", "two spaces"))
    assert any(op != "=" for op, _ in redline_text("line\nbreak", "line break"))
    assert redline_text("A&B", "A and B") == [("=", "A"), ("-", "&"), ("+", " and "), ("=", "B")]


def test_tokens_are_words_for_latin_and_lao_and_characters_for_chinese():
    assert tokens("two words") == ["two", " ", "words"]
    assert tokens("药学") == ["药", "学"]
    lao = tokens("ມະຫາວິທະຍາໄລວິທະຍາສາດ")
    assert "".join(lao) == "ມະຫາວິທະຍາໄລວິທະຍາສາດ" and 1 < len(lao) < 10


def test_template_change_in_one_language_warns_of_drift(tmp_path: Path, monkeypatch):
    workspace = tmp_path / "ws"
    clause = REPO / "templates" / "clauses" / "confidentiality.yaml"
    (workspace / "templates" / "clauses").mkdir(parents=True)
    old = read_revision(str(SAMPLE))
    text = clause.read_text(encoding="utf-8")
    assert "不得向任何第三方披露" in text
    (workspace / "templates" / "clauses" / clause.name).write_text(
        text.replace("不得向任何第三方披露", "不得以任何形式向任何第三方披露"), encoding="utf-8"
    )
    new = read_revision(str(SAMPLE), Templates.for_workspace(workspace))
    result = compare(old, new)
    assert result.changes == []
    [section] = [s for s in result.sections if s.status == "changed"]
    assert section.clause_id == "confidentiality" and section.changed_languages == ["zh-Hans"]
    [warning] = result.warnings
    assert "changed in zh-Hans but not in en, lo" in warning
    inserted = [text for p in section.paragraphs["zh-Hans"] for op, text in p if op == "+"]
    assert inserted == ["以任何形式"]


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_text_report_marks_insertions_and_deletions(tmp_path: Path, layout: str, capsys):
    new = edited(
        tmp_path,
        "new.yaml",
        ("amount: 400000.00", "amount: 450000.00"),
        ("layout: interleaved", f"layout: {layout}"),
    )
    assert main(["diff", str(SAMPLE), str(new)]) == 1
    out = capsys.readouterr().out
    assert "Changed terms" in out and "{+" in out and "[-" in out


def test_redline_docx_only(tmp_path: Path, capsys):
    new = edited(tmp_path, "new.yaml", ("amount: 400000.00", "amount: 450000.00"))
    assert (
        main(["diff", str(SAMPLE), str(new), "--redline", str(tmp_path / "r"), "--redline-format", "docx"])
        == 1
    )
    assert [p.name for p in (tmp_path / "r").iterdir()] == ["lingnan-vientiane-pharmacy.redline.docx"]


ORDER = REPO / "specs" / "lancang-nanyue-railway-order.yaml"


def test_choices_and_parties_are_shown_in_words_and_list_items_by_name(tmp_path: Path):
    new = edited_copy(
        ORDER,
        tmp_path / "order.yaml",
        ("amount: {amount: 1800.00, currency: CNY}", "amount: {amount: 2000.00, currency: CNY}"),
        ("      per: trainee-month", "      per: trainee-year"),
        # travel: a cost the refund is not computed on (refund_base), so Party A may pay it
        ("- item: travel\n      paid_by: B", "- item: travel\n      paid_by: A"),
    )
    result = compare(read_revision(str(ORDER)), read_revision(str(new)))
    lines = {c.label["zh-Hans"]: c for c in result.changes}
    payer = lines["费用 5（往返交通费） › 支付方"]
    assert (payer.old["zh-Hans"], payer.new["zh-Hans"]) == ("乙方", "甲方")
    assert (payer.old["lo"], payer.new["lo"]) == ("ຝ່າຍ ຂ", "ຝ່າຍ ກ")
    unit = lines["费用 3（生活补助） › 计费单位"]
    assert (unit.old["zh-Hans"], unit.new["zh-Hans"]) == ("每人每月", "每人每年")
    assert unit.label["lo"] == "ຄ່າໃຊ້ຈ່າຍ 3 (ເງິນອຸດໜູນຄ່າຄອງຊີບ) › ຫົວໜ່ວຍ"
    assert (unit.old["lo"], unit.new["lo"]) == ("ຕໍ່ຄົນ ຕໍ່ເດືອນ", "ຕໍ່ຄົນ ຕໍ່ປີ")
    assert "费用 2（住宿费） › 金额" in lines
    shown = "\n".join(c.line(["zh-Hans", "lo"]) for c in result.changes)
    assert not any(raw in shown for raw in ("trainee", "tuition", "stipend", " B ", " A "))


def test_list_items_are_named_in_each_language(tmp_path: Path):
    result = comparison(tmp_path, ("credits_recognised: 45", "credits_recognised: 50"))
    [change] = result.changes
    assert change.label["zh-Hans"] == "联合培养项目 1（药品生产技术“2+1”联合培养项目） › 认可学分"
    assert change.label["en"] == (
        "Joint programmes 1 (Pharmaceutical Manufacturing Technology 2+1 Programme) › Credits recognised"
    )


def test_every_choice_of_the_spec_has_words_for_the_change_list():
    """A new Literal value in the model needs a label (and `agreements lint` its translations)."""
    import typing

    from agreements.labels import VALUE_LABELS
    from agreements.model import Spec, unit_of

    missing, checked = [], 0
    for cls in models_below(Spec):
        for name, field in cls.model_fields.items():
            if typing.get_origin(field.annotation) is not typing.Literal:
                continue
            checked += 1
            unit = unit_of(cls, name)
            for value in typing.get_args(field.annotation):
                party = unit == "party" and value in ("A", "B", "C")
                language = unit == "language" and value != "equally-authentic"
                if not (party or language or (name, value) in VALUE_LABELS):
                    missing.append(f"{cls.__name__}.{name} = {value!r}")
    assert not missing, missing
    assert checked >= 20


def models_below(cls) -> list:
    """cls and every model its fields hold, at any depth."""
    import typing

    from pydantic import BaseModel

    def held(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from held(arg)

    found = [cls]
    for model in found:
        found += [
            m for field in model.model_fields.values() for m in held(field.annotation) if m not in found
        ]
    return found


def test_durations_percents_countries_and_parties_are_found_from_the_field_types():
    """The change list reads a field's unit from its type: a new field of type Months, Percent,
    Country or PartyRole needs no table entry anywhere."""
    from agreements.model import Spec, unit_of

    units = {
        (cls.__name__, name): unit
        for cls in models_below(Spec)
        for name in cls.model_fields
        if (unit := unit_of(cls, name)) and cls.__name__ not in ("Text", "ClerkText")
    }
    assert units == {
        ("Spec", "languages"): "language",
        ("Spec", "prevailing_language"): "language",
        ("Originals", "held_by"): "party",
        ("Party", "role"): "party",
        ("Party", "country"): "country",
        ("Term", "years"): "year",
        ("Term", "months"): "month",
        ("Term", "renewal_years"): "year",
        ("Term", "notice_months"): "month",
        ("Term", "renewal_notice_months"): "month",
        ("Clauses", "language_discrepancy"): "language",
        ("Clauses", "governing_law"): "country",
        ("UniversityEnterprise", "enterprise"): "party",
        ("Confidentiality", "years_after_termination"): "year",
        ("IntellectualProperty", "results_owned_by"): "party",
        ("SafetyAndInsurance", "insured_by"): "party",
        ("InternshipsAbroad", "country"): "country",
        ("InternshipsAbroad", "visa_by"): "party",
        ("TaughtCourse", "provider"): "party",
        ("TaughtCourse", "students_of"): "party",
        ("ForceMajeure", "notice_days"): "day",
        ("ForceMajeure", "termination_months"): "month",
        ("Disputes", "negotiation_days"): "day",
        ("Disputes", "arbitration_language"): "language",
        ("StudentExchange", "sender"): "party",
        ("StudentExchange", "host"): "party",
        ("StudentExchange", "months"): "month",
        ("StaffExchange", "weeks"): "week",
        ("JointProgramme", "credits_recognised_by"): "party",
        ("Internships", "months"): "month",
        ("Secondment", "hours_per_year"): "hour",
        ("Cohort", "months"): "month",
        ("Cohort", "instruction_languages"): "language",
        ("Selection", "by"): "party",
        ("Selection", "minimum_age"): "year",
        ("TeachingSplit", "school_percent"): "percent",
        ("TeachingSplit", "enterprise_percent"): "percent",
        ("Cost", "paid_by"): "party",
        ("Employment", "employer"): "party",
        ("Employment", "hired_percent"): "percent",
        ("Employment", "service_years"): "year",
        ("Memorandum", "withdrawal_notice_months"): "month",
        ("TraineeDuties", "governing_law"): "country",
        ("ForeignTrainees", "visa_by"): "party",
        ("ForeignTrainees", "visa_costs_by"): "party",
        ("ForeignTrainees", "accommodation_by"): "party",
        ("Award", "by"): "party",
        ("RefundCap", "percent"): "percent",
    }


def test_a_new_field_with_a_duration_type_is_shown_in_its_unit():
    from typing import Annotated

    from pydantic import Field

    from agreements.formatting import Formatter
    from agreements.model import Strict, Weeks, unit_of

    class Probation(Strict):
        length: Annotated[Weeks, Field(ge=1)]
        extension: Annotated[Weeks, Field(ge=1)] | None = None

    assert unit_of(Probation, "length") == unit_of(Probation, "extension") == "week"
    assert Formatter("en").duration(2, unit_of(Probation, "extension")) == "2 weeks"


def test_a_persons_name_and_title_are_named_as_a_persons(tmp_path: Path):
    """姓名 and 职务 (ຕຳແໜ່ງ), not 名称 and 标题 (ຫົວຂໍ້): a job title is not a heading."""
    result = comparison(
        tmp_path,
        (
            "title: {zh-Hans: 院长, en: President, lo: ອະທິການບໍດີ}",
            "title: {zh-Hans: 党委书记, en: Secretary, lo: ເລຂາ}",
        ),
        (
            "name: {zh-Hans: 林晓燕, en: Lin Xiaoyan, lo: ຫຼິນ ຊຽວເຢັນ}",
            "name: {zh-Hans: 林小燕, en: Lin Xiao, lo: ຫຼິນ ຊຽວ}",
        ),
    )
    labels = {change.label["zh-Hans"]: change.label for change in result.changes}
    assert set(labels) == {"甲方 › 法定代表人 › 职务", "甲方 › 联系人 › 姓名"}
    assert labels["甲方 › 法定代表人 › 职务"]["lo"].endswith("› ຕຳແໜ່ງ")
    assert labels["甲方 › 法定代表人 › 职务"]["en"].endswith("› Job title")
    assert labels["甲方 › 联系人 › 姓名"]["en"].endswith("› Full name")


def test_a_folder_in_git_is_named_as_a_folder(tmp_path: Path):
    """`diff HEAD:. x` said "a spec must be a mapping" (git showed a tree listing)."""
    repo = tmp_path / "college"
    (repo / "specs").mkdir(parents=True)
    shutil.copy(SAMPLE, repo / "specs" / "x.yaml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=repo, check=True)
    for folder in ("HEAD:.", "HEAD:specs"):
        result = run_cli("diff", folder, "specs/x.yaml", cwd=repo)
        assert result.returncode == 2, result.stderr
        assert f"{folder}: is a folder in git, not a spec file" in result.stderr
        assert "mapping" not in result.stderr
