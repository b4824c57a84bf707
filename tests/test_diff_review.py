"""What a legal reviewer relies on in `agreements diff` (issue 17): each revision composed with the
templates of its revision, a safe git interface, content alignment, numbers as tokens, tables kept
as tables, and a report that names what changed. The tracked changes themselves are checked in
LibreOffice by test_redline_uno.py."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from agreements.cli import main
from agreements.compare import compare, redline_text
from agreements.revisions import read_revision
from tests.outputs import REPO, W, edited_copy

SAMPLE = REPO / "specs" / "lingnan-vientiane-pharmacy.yaml"
ORDER = REPO / "specs" / "lancang-nanyue-railway-order.yaml"
CLAUSE = REPO / "templates" / "clauses" / "confidentiality.yaml"
PARTY_C = """  - role: C
    name:
      zh-Hans: 万象卫生人员培训中心
      en: Health Personnel Training Centre of Vientiane
      lo: ສູນຝຶກອົບຮົມບຸກຄະລາກອນສາທາລະນະສຸກ ນະຄອນຫຼວງວຽງຈັນ
    country: LA
    address: {zh-Hans: 老挝万象市, en: "Vientiane, Lao PDR", lo: ນະຄອນຫຼວງວຽງຈັນ}
    representative:
      name: {zh-Hans: 坎佩·西丰, en: Khamphet Siphone, lo: ຄຳເພັດ ສີພອນ}
      title: {zh-Hans: 主任, en: Director, lo: ຜູ້ອຳນວຍການ}
    contact:
      name: {zh-Hans: 维莱, en: Vilay, lo: ວິໄລ}
      email: training@hptc.gov.la
      phone: +856 21 250 300
term:
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def workspace_with_history(tmp_path: Path, edit_clause) -> Path:
    """A workspace whose templates/ overrides confidentiality.yaml; the second commit edits it."""
    repo = tmp_path / "college"
    (repo / "specs").mkdir(parents=True)
    (repo / "templates" / "clauses").mkdir(parents=True)
    shutil.copy(SAMPLE, repo / "specs" / "x.yaml")
    override = repo / "templates" / "clauses" / CLAUSE.name
    shutil.copy(CLAUSE, override)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    override.write_text(edit_clause(override.read_text(encoding="utf-8")), encoding="utf-8")
    git(repo, "commit", "-q", "--allow-empty", "-am", "two")
    return repo


def run_diff(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        code = main(["diff", *args])
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# 1. a template change is visible, with the old wording on the old side ---------------------------


def test_each_git_revision_is_composed_with_its_own_templates(tmp_path: Path, capsys):
    repo = workspace_with_history(
        tmp_path, lambda text: text.replace("不得向任何第三方披露", "不得以任何形式向任何第三方披露")
    )
    code, out, _ = run_diff(repo, capsys, "HEAD~1:specs/x.yaml", "HEAD:specs/x.yaml")
    assert code == 1, out
    assert "no differences" not in out
    assert re.search(r"template changed: clauses/confidentiality.yaml, article \d+, zh-Hans", out)
    assert "不得{+以任何形式+}向任何第三方披露" in out  # the old side has the old wording
    assert re.search(
        r"warning: clauses/confidentiality.yaml \(article \d+\) changed in zh-Hans but not in en, lo", out
    )
    assert "built-in templates of agreements" in out
    # the same revision against itself: nothing, in one line
    code, out, _ = run_diff(repo, capsys, "HEAD~1:specs/x.yaml", "HEAD~1:specs/x.yaml")
    assert code == 0 and out.strip().count("\n") == 0 and out.strip().endswith("no differences")


def test_a_template_reworded_in_every_language_is_no_drift(tmp_path: Path, capsys):
    repo = workspace_with_history(
        tmp_path,
        lambda text: (
            text.replace("不得向任何第三方披露", "不得以任何形式向任何第三方披露")
            .replace("to any third party", "to any third party in any form")
            .replace("ບຸກຄົນທີສາມ", "ບຸກຄົນທີສາມໃດໆ", 1)
        ),
    )
    code, out, _ = run_diff(repo, capsys, "HEAD~1:specs/x.yaml", "HEAD:specs/x.yaml", "--format", "json")
    result = json.loads(out)
    assert [t["languages"] for t in result["templates"]] == [["zh-Hans", "en", "lo"]]
    assert result["warnings"] == []


def test_a_linked_template_in_a_revision_is_refused(tmp_path: Path, capsys):
    repo = workspace_with_history(tmp_path, lambda text: text)
    secret = tmp_path / "secret.yaml"
    secret.write_text("zh-Hans: {title: x, text: secret}\n", encoding="utf-8")
    (repo / "templates" / "clauses" / "notices.yaml").symlink_to(secret)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a link")
    (repo / "templates" / "clauses" / "notices.yaml").unlink()  # only the revision has it
    code, _, err = run_diff(repo, capsys, "HEAD~1:specs/x.yaml", "HEAD:specs/x.yaml")
    assert code == 2
    assert "templates/clauses/notices.yaml: not a regular file (a link or a submodule); not read" in err
    assert "secret" not in err.replace("secret.yaml", "")


def test_an_oversized_template_in_a_revision_is_refused_before_reading(tmp_path: Path, capsys):
    repo = workspace_with_history(tmp_path, lambda text: text)
    big = repo / "templates" / "clauses" / "notices.yaml"
    big.write_text("zh-Hans:\n  title: x\n  text: |\n" + "    x\n" * 100_000, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a large clause")
    (repo / "templates" / "clauses" / "notices.yaml").unlink()  # only the revision has it
    code, _, err = run_diff(repo, capsys, "HEAD~1:specs/x.yaml", "HEAD:specs/x.yaml", "--format", "json")
    assert code == 2
    assert "templates/clauses/notices.yaml: too large (600030 bytes; at most 524288); not read" in err


# 4. alignment by content; numbers as tokens ----------------------------------------------------


def test_an_added_party_is_an_inserted_line_and_the_recital_is_compared_with_the_recital(tmp_path: Path):
    new = edited_copy(
        SAMPLE,
        tmp_path / "new.yaml",
        ("term:\n", PARTY_C),
        ("held_by: {A: 3, B: 3}", "held_by: {A: 3, B: 3, C: 1}"),
    )
    result = compare(read_revision(str(SAMPLE)), read_revision(str(new)))
    preamble = next(s for s in result.sections if s.clause_id == "preamble")
    english = preamble.paragraphs["en"]
    inserted = [p[0][1] for p in english if len(p) == 1 and p[0][0] == "+"]
    assert inserted[0].startswith("Party C: Health Personnel Training Centre of Vientiane")
    recital = next(p for p in english if any("principles" in text for _, text in p))
    kept = "On the principles of equality, free will, mutual benefit, complementary strengths"
    assert recital[0][0] == "=" and recital[0][1].startswith(kept)
    # the added party is named in the change list, in every language
    [added] = [c for c in result.changes if c.path == ("parties", "Party C")]
    assert "Health Personnel Training Centre of Vientiane" in added.line(["en"])
    assert "万象卫生人员培训中心" in added.line(["zh-Hans"])
    # 双方 became 各方 while English kept "the Parties": that follows the data, it is no drift
    assert not [w for w in result.warnings if "drifted" in w]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("每年20名", "每年25名", [("=", "每年"), ("-", "20"), ("+", "25"), ("=", "名")]),
        ("40名", "120名", [("-", "40"), ("+", "120"), ("=", "名")]),
        (
            "至2031年8月31日",
            "至2032年10月31日",
            [
                ("=", "至"),
                ("-", "2031"),
                ("+", "2032"),
                ("=", "年"),
                ("-", "8"),
                ("+", "10"),
                ("=", "月31日"),
            ],
        ),
        ("CNY 4,500.00", "CNY 5,200.00", [("=", "CNY "), ("-", "4,500.00"), ("+", "5,200.00")]),
        ("ບໍ່ເກີນ 20 ຄົນ", "ບໍ່ເກີນ 25 ຄົນ", [("=", "ບໍ່ເກີນ "), ("-", "20"), ("+", "25"), ("=", " ຄົນ")]),
    ],
)
def test_numbers_amounts_and_dates_are_one_token(old: str, new: str, expected):
    assert redline_text(old, new) == expected


# 5. tables stay tables --------------------------------------------------------------------------


def test_annex_tables_stay_tables_in_the_redline(tmp_path: Path):
    new = edited_copy(
        ORDER,
        tmp_path / "new.yaml",
        ("amount: {amount: 260.00, currency: USD}", "amount: {amount: 300.00, currency: USD}"),
    )
    out = tmp_path / "redline"
    assert main(["diff", str(ORDER), str(new), "--redline", str(out), "--redline-format", "docx"]) == 1
    (docx,) = out.glob("*.docx")
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in root.iter(f"{W}p")]
    assert not [t for t in texts if " | " in t], "a table row flattened into a paragraph"
    changed_cells = [
        "".join(t.text for t in cell.iter(f"{W}t", f"{W}delText"))
        for cell in root.iter(f"{W}tc")
        if cell.find(f".//{W}ins") is not None and cell.find(f".//{W}tbl") is None
    ]
    assert changed_cells and all("300" in cell and "260" in cell for cell in changed_cells)


# 9. refusals and the identical case -------------------------------------------------------------


def test_two_different_agreements_are_refused_unless_allowed(tmp_path: Path, capsys):
    code = main(["diff", str(SAMPLE), str(ORDER)])
    err = capsys.readouterr().err
    assert code == 2 and "are different agreements" in err and "--allow-different-agreements" in err
    assert main(["diff", str(SAMPLE), str(ORDER), "--allow-different-agreements"]) == 1


def test_identical_revisions_print_one_line_and_write_no_redline(tmp_path: Path, capsys):
    out = tmp_path / "redline"
    assert main(["diff", str(SAMPLE), str(SAMPLE), "--redline", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().splitlines() == [f"{SAMPLE} → {SAMPLE}: no differences"]
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize("date", ["2027-W01-1", "20270105", "2027-1-5", "2027-01-05T00:00"])
def test_the_change_date_is_only_yyyy_mm_dd(tmp_path: Path, capsys, date: str):
    new = edited_copy(SAMPLE, tmp_path / "new.yaml", ("amount: 400000.00", "amount: 455000.00"))
    out = tmp_path / "redline"
    assert main(["diff", str(SAMPLE), str(new), "--redline", str(out), "--date", date]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert not out.exists()


# 8. the report names what changed ---------------------------------------------------------------


def test_report_names_renumbered_articles_and_never_prints_an_empty_title(tmp_path: Path, capsys):
    personal_data = (
        "  personal_data:\n    # the transfer between China and Laos follows from the parties' countries\n"
        "    categories: [identity, contact, academic, passport-visa, health]\n"
    )
    old = edited_copy(SAMPLE, tmp_path / "old.yaml", (personal_data, ""))
    new = edited_copy(
        SAMPLE,
        tmp_path / "new.yaml",
        ("term:\n", PARTY_C),
        ("held_by: {A: 3, B: 3}", "held_by: {A: 3, B: 3, C: 1}"),
    )
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    # the personal data article comes back, so the articles after it move up by one
    law = re.search(
        r"\[renumbered\] 第\S+条 法律适用 / Article (\d+) Governing Law / ມາດຕາ (\d+) ກົດໝາຍທີ່ນຳໃຊ້ "
        r"\(renumbered from 第\S+条 / Article (\d+) / ມາດຕາ (\d+)\)",
        out,
    )
    assert law, out
    now, now_lo, before, before_lo = map(int, law.groups())
    assert now == now_lo == before + 1 == before_lo + 1
    assert re.search(
        r"\[changed\] 第\S+条 不可抗力 / Article \d+ Force Majeure / ມາດຕາ \d+ ເຫດສຸດວິໄສ \(renumbered from",
        out,
    )
    assert "[changed] preamble" in out
    assert not re.search(r"\[\w+\]\s+/", out)
    assert "Party C: added (Health Personnel Training Centre of Vientiane)" in out


def test_the_pdf_redline_marks_changed_table_cells(tmp_path: Path):
    from agreements.html_writer import render_html
    from agreements.redline import redline_document

    new = edited_copy(
        ORDER,
        tmp_path / "new.yaml",
        ("amount: {amount: 260.00, currency: USD}", "amount: {amount: 300.00, currency: USD}"),
    )
    document = redline_document(compare(read_revision(str(ORDER)), read_revision(str(new))))
    html = render_html(document, created=datetime.datetime(2027, 1, 5))
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    changed = [cell for cell in cells if "<del>" in cell and "<ins>" in cell]
    assert changed and all("260" in cell and "300" in cell for cell in changed)


def test_braces_and_markup_in_a_redline_stay_as_written(tmp_path: Path):
    name = "R&D {_{x}} <Ltd> {{ y }}"
    two = REPO / "specs" / "nanshan-xinchuang-battery.yaml"
    new = edited_copy(
        two, tmp_path / "new.yaml", ("en: Shenzhen Xinchuang", f'en: "{name} Shenzhen Xinchuang')
    )
    text = new.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if name in x)
    new.write_text(text.replace(line, line + '"'), encoding="utf-8")
    out = tmp_path / "redline"
    assert main(["diff", str(two), str(new), "--redline", str(out), "--redline-format", "docx"]) == 1
    (docx,) = out.glob("*.docx")
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    inserted = ["".join(t.text for t in e.iter(f"{W}t")) for e in root.iter(f"{W}ins")]
    assert any(name in text for text in inserted), inserted
