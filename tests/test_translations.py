"""The translators' round trip: XLIFF 2.0 and PO out (read back by translate-toolkit and Babel),
targets back into the clause files and catalogs of a workspace copy, and every refusal leaving
every file as it was."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import etree
from translate.storage import xliff2

from agreements.clauses import load_clause, placeholders
from agreements.translations import TAG, units
from tests.outputs import REPO, docx_text, pdf_text, run_cli

X = "{urn:oasis:names:tc:xliff:document:2.0}"
SAMPLE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"  # zh-Hans + en, arbitration


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "specs").mkdir()
    shutil.copy(SAMPLE, tmp_path / "specs" / SAMPLE.name)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "templates").rglob("*"))
        if p.is_file()
    }


def cli(workspace: Path, *args: str):
    return run_cli("translations", *args, cwd=workspace)


def export(workspace: Path, language: str, name: str, *extra: str) -> Path:
    result = cli(workspace, "export", language, "-o", name, *extra)
    assert result.returncode == 0, result.stderr
    return workspace / name


def xliff_unit(tree, unit_id: str):
    return tree.find(f".//{X}unit[@id='{unit_id}']")


def set_target(unit, text: str) -> None:
    """Replace the target's words, keeping every <ph> code where the source has it: `text` holds
    one `|` for each code of the source."""
    segment = unit.find(f"{X}segment")
    old = segment.find(f"{X}target")
    if old is not None:
        segment.remove(old)
    target = copy.deepcopy(segment.find(f"{X}source"))
    target.tag = f"{X}target"
    pieces = text.split("|")
    assert len(pieces) == len(target) + 1
    target.text = pieces[0]
    for code, piece in zip(target, pieces[1:], strict=True):
        code.tail = piece
    segment.append(target)


def test_xliff_export_is_read_by_translate_toolkit_with_codes_states_and_languages(workspace):
    path = export(workspace, "lo", "lo.xlf")
    store = xliff2.Xliff2File.parsestring(path.read_bytes())
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("zh-Hans", "lo")
    ours = {unit.id: unit for unit in units("lo", _templates(workspace))}
    assert [unit.getid() for unit in store.units] == list(ours)
    read = {unit.getid(): unit for unit in store.units}
    first = read["clause.disputes.p1"]
    assert first.source == TAG.sub("", ours["clause.disputes.p1"].source)  # the codes are not text
    codes = [str(e) for e in first.rich_source[0].sub if "ph" in type(e).__name__ + repr(e)]
    assert len(codes) == 3  # {% if both %}, {% else %}, {% endif %} as inline codes
    assert "ທັງສອງຝ່າຍ" in first.target and first.istranslated()
    tree = etree.fromstring(path.read_bytes())
    ph = xliff_unit(tree, "clause.disputes.p2").find(f"{X}segment/{X}source/{X}ph")
    assert ph.get("disp") == ph.get("equiv") == "{{ days(d.negotiation_days) }}"
    assert ph.get("canDelete") == "no"
    condition = xliff_unit(tree, "clause.disputes.p1").find(f"{X}segment/{X}source/{X}ph")
    assert (condition.get("disp"), condition.get("canCopy")) == ("{% if both %}", "no")
    data = xliff_unit(tree, "clause.disputes.p2").find(f"{X}originalData/{X}data[@id='{ph.get('dataRef')}']")
    assert data.text == "{{ days(d.negotiation_days) }}"


def test_po_export_is_read_by_babel_and_marks_stale_units_fuzzy(workspace):
    clause = workspace / "templates" / "clauses" / "disputes.yaml"
    clause.write_text(
        clause.read_text(encoding="utf-8").replace("各方应当继续履行", "各方仍应当继续履行"), "utf-8"
    )
    path = export(workspace, "lo", "lo.po", "--format", "po")
    catalog = read_po(io.BytesIO(path.read_bytes()))
    by_context = {message.context: message for message in catalog if message.id}
    assert len(by_context) == len(units("lo", _templates(workspace)))
    disputes = [m for c, m in by_context.items() if c.startswith("clause.disputes.")]
    assert disputes and all(m.fuzzy for m in disputes)  # the clause's source changed: all stale
    assert not by_context["clause.confidentiality.p1"].fuzzy
    p2 = by_context["clause.disputes.p2"]
    assert any("{{ t(d.institution) }}" in c for c in p2.auto_comments if c.startswith("keep these"))
    assert any(c.startswith("en: 2. If the dispute") for c in p2.auto_comments)
    stale_only = export(workspace, "lo", "stale.po", "--format", "po", "--stale-only")
    contexts = {m.context for m in read_po(io.BytesIO(stale_only.read_bytes())) if m.id}
    assert contexts == {c for c in by_context if c.startswith("clause.disputes.")}


@pytest.mark.parametrize(("language", "name"), [("lo", "lo.xlf"), ("en", "en.xlf"), ("ar", "ar.po")])
def test_export_then_import_without_change_leaves_every_file_byte_identical(workspace, language, name):
    before = snapshot(workspace)
    extra = ("--format", "po") if name.endswith(".po") else ()
    export(workspace, language, name, *extra)
    result = cli(workspace, "import", name)
    assert result.returncode == 0, result.stderr
    assert "0 unit(s) changed, 0 refused" in result.stdout
    assert snapshot(workspace) == before


def test_edited_targets_reach_the_docx_and_pdf_and_change_only_their_lines(workspace):
    path = export(workspace, "en", "en.xlf")
    tree = etree.fromstring(path.read_bytes())
    sentence = (
        "3. Pending the settlement of a dispute, each Party shall keep performing its other obligations."
    )
    set_target(xliff_unit(tree, "clause.disputes.p4"), sentence)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    clause = workspace / "templates" / "clauses" / "disputes.yaml"
    old_lines = clause.read_text("utf-8").splitlines()
    result = cli(workspace, "import", "en.xlf")
    assert result.returncode == 0, result.stderr
    new_lines = clause.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [(next(line for line in old_lines if "While a dispute" in line), "    " + sentence)]
    assert run_cli("lint", cwd=workspace).returncode == 0
    built = run_cli("build", "specs", "--out", "out", "--to", "docx", "--to", "pdf", cwd=workspace)
    assert built.returncode == 0, built.stderr
    out = next((workspace / "out").iterdir())
    assert sentence in docx_text(next(out.glob("*.docx")))
    assert "Pending the settlement of a dispute" in " ".join(pdf_text(next(out.glob("*.pdf"))).split())


def test_units_marked_reviewed_are_recorded_until_their_text_changes(workspace):
    path = export(workspace, "lo", "lo.xlf")
    tree = etree.fromstring(path.read_bytes())
    for unit_id in ("clause.disputes.p1", "clause.disputes.p4"):
        xliff_unit(tree, unit_id).find(f"{X}segment").set("state", "reviewed")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 0, result.stderr
    assert "2 unit(s) marked reviewed" in result.stderr
    status = json.loads(cli(workspace, "status", "--format", "json").stdout)
    assert status["lo"]["reviewed"] == 2
    assert status["lo"]["translated"] == len(units("lo", _templates(workspace))) - 2
    again = etree.fromstring(export(workspace, "lo", "again.xlf").read_bytes())
    assert xliff_unit(again, "clause.disputes.p4").find(f"{X}segment").get("state") == "reviewed"
    assert xliff_unit(again, "clause.disputes.p2").find(f"{X}segment").get("state") == "translated"
    before = snapshot(workspace)
    assert cli(workspace, "import", "again.xlf").returncode == 0
    assert snapshot(workspace) == before  # the states round-trip too
    set_target(xliff_unit(again, "clause.disputes.p4"), "3. ຂໍ້ຄວາມໃໝ່.")  # edited: needs review again
    xliff_unit(again, "clause.disputes.p4").find(f"{X}segment").set("state", "translated")
    (workspace / "again.xlf").write_bytes(etree.tostring(again, xml_declaration=True, encoding="UTF-8"))
    assert cli(workspace, "import", "again.xlf").returncode == 0
    assert json.loads(cli(workspace, "status", "--format", "json").stdout)["lo"]["reviewed"] == 1


def test_only_a_qualified_reader_makes_a_unit_final_never_a_translators_file(workspace):
    path = export(workspace, "lo", "lo.xlf")
    tree = etree.fromstring(path.read_bytes())
    xliff_unit(tree, "clause.disputes.p1").find(f"{X}segment").set("state", "final")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    assert cli(workspace, "import", "lo.xlf").returncode == 0
    status = json.loads(cli(workspace, "status", "--format", "json").stdout)["lo"]
    assert (status["reviewed"], status["final"]) == (1, 0)  # the file's claim: reviewed, not final
    reviewed = run_cli("review", "lo", "disputes", "--by", "A. Reader, sworn translator", cwd=workspace)
    assert reviewed.returncode == 0, reviewed.stderr
    status = json.loads(cli(workspace, "status", "--format", "json").stdout)["lo"]
    assert status["final"] == len([u for u in units("lo", _templates(workspace)) if u.name == "disputes"])
    again = etree.fromstring(export(workspace, "lo", "again.xlf").read_bytes())
    assert xliff_unit(again, "clause.disputes.p2").find(f"{X}segment").get("state") == "final"


def test_a_stale_unit_is_refused_by_id_and_nothing_is_written_unless_partial(workspace):
    path = export(workspace, "lo", "lo.xlf")
    tree = etree.fromstring(path.read_bytes())
    set_target(xliff_unit(tree, "clause.disputes.p4"), "3. ຂໍ້ຄວາມໃໝ່.")
    set_target(xliff_unit(tree, "clause.confidentiality.title"), "ຄວາມລັບ (ໃໝ່)")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    clause = workspace / "templates" / "clauses" / "disputes.yaml"
    clause.write_text(clause.read_text("utf-8").replace("各方应当继续履行", "各方仍应当继续履行"), "utf-8")
    before = snapshot(workspace)
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2
    assert "unit clause.disputes.p4: stale: its Chinese source changed since the export" in result.stderr
    assert "lo.xlf:" in result.stderr and result.stderr.count("error:") == 1
    assert snapshot(workspace) == before
    partial = cli(workspace, "import", "lo.xlf", "--partial")
    assert partial.returncode == 1 and "stale" in partial.stderr
    assert (
        load_clause(workspace / "templates/clauses/confidentiality.yaml").texts["lo"].title == "ຄວາມລັບ (ໃໝ່)"
    )
    assert "ຂໍ້ຄວາມໃໝ່" not in clause.read_text("utf-8")


def test_a_stale_clause_confirmed_by_the_translator_gets_the_new_source_hash(workspace):
    clause = workspace / "templates" / "clauses" / "disputes.yaml"
    clause.write_text(clause.read_text("utf-8").replace("各方应当继续履行", "各方仍应当继续履行"), "utf-8")
    lint = run_cli("lint", cwd=workspace)
    assert lint.returncode == 2 and "lo translation is older than the zh-Hans source" in lint.stderr
    path = export(workspace, "lo", "lo.xlf", "--stale-only")
    tree = etree.fromstring(path.read_bytes())
    stale = [u.get("id") for u in tree.iter(f"{X}unit")]
    assert stale == [u.id for u in units("lo", _templates(workspace)) if u.name == "disputes"]
    assert {u.find(f"{X}segment").get("subState") for u in tree.iter(f"{X}unit")} == {"agreements:stale"}
    for unit in tree.iter(f"{X}unit"):
        unit.find(f"{X}segment").set("state", "translated")  # the translator confirmed each one
    set_target(xliff_unit(tree, "clause.disputes.p4"), "3. ໃນໄລຍະການແກ້ໄຂຂໍ້ຂັດແຍ່ງ, ຄູ່ສັນຍາຍັງຕ້ອງສືບຕໍ່ປະຕິບັດ.")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 0, result.stderr
    from agreements.clauses import source_hash

    loaded = load_clause(clause)
    assert loaded.texts["lo"].source == source_hash(loaded.texts["zh-Hans"])
    assert "ຍັງຕ້ອງສືບຕໍ່ປະຕິບັດ" in loaded.texts["lo"].text
    lint = run_cli("lint", cwd=workspace)
    older = [line for line in lint.stderr.splitlines() if "disputes.yaml" in line and "older" in line]
    assert older and not [line for line in older if "lo translation" in line]  # en is still stale


def test_a_deleted_or_changed_placeholder_is_refused_by_unit_id(workspace):
    path = export(workspace, "lo", "lo.xlf")
    text = path.read_text("utf-8")
    tree = etree.fromstring(path.read_bytes())
    unit = xliff_unit(tree, "label." + _hash("Article {number}"))
    target = unit.find(f"{X}segment/{X}target")
    target.remove(target[0])  # the translator deleted {number}
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    before = snapshot(workspace)
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2 and result.stderr.count("error:") == 1
    assert f"unit label.{_hash('Article {number}')}: placeholders differ from the source" in result.stderr
    assert "{number}" in result.stderr
    assert snapshot(workspace) == before
    path.write_text(text.replace("{{ t(d.court) }}</data>", "{{ t(d.courts) }}</data>"), "utf-8")
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2
    assert "unit clause.disputes.p3: placeholder(s) not in the source: {{ t(d.courts) }}" in result.stderr
    assert snapshot(workspace) == before


def test_a_malformed_file_and_an_unknown_unit_are_refused_and_change_nothing(workspace):
    path = export(workspace, "lo", "lo.xlf")
    text = path.read_text("utf-8")
    before = snapshot(workspace)
    path.write_text(text.replace("</segment>", "</segmnt>", 1), "utf-8")
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2
    assert "lo.xlf:" in result.stderr and "not well-formed XML" in result.stderr
    path.write_text(text.replace('id="clause.disputes.p4"', 'id="clause.disputes.p99"'), "utf-8")
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2 and "unit clause.disputes.p99: unknown unit" in result.stderr
    path.write_text(text.replace('id="clause.disputes.p4"', 'id="clause.disputes.p3"'), "utf-8")
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2 and "unit clause.disputes.p3: given twice in the file" in result.stderr
    assert snapshot(workspace) == before
    po = export(workspace, "ar", "ar.po", "--format", "po")
    lines = po.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line == f'msgctxt "label.{_hash("Seal")}"') + 1
    assert lines[at + 1].startswith('msgstr "') and len(lines[at + 1]) > len('msgstr ""')
    lines[at + 1] = lines[at + 1].replace('msgstr "', "msgstr ", 1)  # a lost quote: Babel drops the entry
    po.write_text("\n".join(lines) + "\n", "utf-8")
    result = cli(workspace, "import", "ar.po")
    assert result.returncode == 2 and "not a valid PO line" in result.stderr
    assert f"ar.po:{at + 2}:" in result.stderr
    assert snapshot(workspace) == before


def test_arabic_xliff_round_trip_writes_a_new_block_in_the_clause_file(workspace):
    costs = workspace / "templates/clauses/memorandum-costs.yaml"
    without = re.sub(r"\nar:\n(?:[ \t].*\n|\n)*", "\n", costs.read_text("utf-8"))  # its ar block removed
    assert "\nar:" not in without
    costs.write_text(without, "utf-8")
    path = export(workspace, "ar", "ar.xlf")
    tree = etree.fromstring(path.read_bytes())
    clause_units = [u for u in tree.iter(f"{X}unit") if u.get("id").startswith("clause.memorandum-costs.")]
    assert clause_units and all(u.find(f"{X}segment/{X}target") is None for u in clause_units)
    assert all(u.find(f"{X}segment").get("state") == "initial" for u in clause_units)
    ours = [u for u in units("ar", _templates(workspace)) if u.name == "memorandum-costs"]
    arabic = {"title": "التكاليف", "p1": "يتحمل كل طرف تكاليفه", "p2": "ولا ينشئ هذا"}
    for unit in ours:
        words = arabic[unit.id.rsplit(".", 1)[1]]
        set_target(xliff_unit(tree, unit.id), words + "|" * len(unit.codes) + ".")
    set_target(xliff_unit(tree, "label." + _hash("Seal")), "الختم الرسمي")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    catalog = workspace / "templates/locale/ar/LC_MESSAGES/agreements.po"
    old_catalog = catalog.read_text("utf-8").splitlines()
    result = cli(workspace, "import", "ar.xlf")
    assert result.returncode == 0, result.stderr
    new_catalog = catalog.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old_catalog, new_catalog, strict=True) if a != b]
    assert [b for _, b in changed] == ['msgstr "الختم الرسمي"']  # only that line, in place
    assert read_po(io.BytesIO(catalog.read_bytes())).get("Seal").string == "الختم الرسمي"
    clause = load_clause(workspace / "templates/clauses/memorandum-costs.yaml")
    assert clause.texts["ar"].title.startswith("التكاليف")
    assert "يتحمل كل طرف تكاليفه" in clause.texts["ar"].text
    assert placeholders(clause.texts["ar"]) == placeholders(clause.texts["zh-Hans"])
    store = xliff2.Xliff2File.parsestring(path.read_bytes())
    assert next(u for u in store.units if u.getid() == ours[0].id).target.startswith("التكاليف")


def test_thai_po_round_trip_writes_a_new_block_in_the_clause_file(workspace):
    path = export(workspace, "th", "th.po", "--format", "po")
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.context and message.context.startswith("clause.memorandum-costs."):
            message.string = " ".join(["ค่าใช้จ่าย", *TAG.findall(message.id)])
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())
    result = cli(workspace, "import", "th.po")
    assert result.returncode == 0, result.stderr
    clause = load_clause(workspace / "templates/clauses/memorandum-costs.yaml")
    assert clause.texts["th"].title == "ค่าใช้จ่าย"
    assert placeholders(clause.texts["th"]) == placeholders(clause.texts["zh-Hans"])


def _hash(message: str) -> str:
    from agreements.reviews import text_hash

    return text_hash(message)


def _templates(workspace: Path):
    from agreements.templates import Templates

    return Templates.for_workspace(workspace)


def test_a_tool_that_drops_the_metadata_still_gets_its_source_checked(workspace):
    path = export(workspace, "lo", "lo.xlf", "--kind", "order-based-training")
    tree = etree.fromstring(path.read_bytes())
    names = {u.get("name") for u in tree.iter(f"{X}unit") if u.get("id").startswith("clause.")}
    assert "cohort" in names and "student-exchange" not in names  # only that kind's outline
    for metadata in tree.iter("{urn:oasis:names:tc:xliff:metadata:2.0}metadata"):
        metadata.getparent().remove(metadata)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    before = snapshot(workspace)
    assert cli(workspace, "import", "lo.xlf").returncode == 0
    assert snapshot(workspace) == before
    clause = workspace / "templates" / "clauses" / "disputes.yaml"
    clause.write_text(clause.read_text("utf-8").replace("各方应当继续履行", "各方仍应当继续履行"), "utf-8")
    changed = snapshot(workspace)
    result = cli(workspace, "import", "lo.xlf")
    assert result.returncode == 2 and "unit clause.disputes.p4: stale" in result.stderr
    assert snapshot(workspace) == changed
