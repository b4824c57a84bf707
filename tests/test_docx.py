"""The DOCX writer, checked like a user would: python-docx text, run XML, LibreOffice, bytes."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from agreements.columns import may_split
from agreements.compose import compose
from agreements.document import Paragraph, Section, Table
from agreements.docx_writer import STYLE, language_style_id, render_docx
from agreements.errors import TemplateError
from agreements.reproducible import normalize_zip
from agreements.validate import read_spec
from tests.outputs import W, pdf_text, run_text, spec_variant, squash, style_of, texts_by_language, visible

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "lingnan-vientiane-pharmacy.yaml"
CREATED = datetime.datetime(2026, 12, 18, 9, 30, tzinfo=datetime.UTC)
LAYOUTS = ("side-by-side", "sequential", "interleaved")
NS = {"w": W[1:-1]}
NASTY = 'R&D <Ltd> "Q" \'q\' {{ 7*7 }} {% if x %} {_{ }_} {# c #} 😀 ລາວ 中文 a\tb'


def two_language(folder: Path):
    """The trilingual sample without its Lao texts, side by side (written to folder/two.yaml)."""
    path = folder / "two.yaml"
    path.write_text(
        spec_variant(SPEC.read_text(encoding="utf-8"), layout="side-by-side", drop_lao=True), encoding="utf-8"
    )
    return compose(read_spec(path))


@pytest.fixture(scope="module")
def three():
    return compose(read_spec(SPEC))


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    document = two_language(tmp_path_factory.mktemp("spec"))
    assert document.languages == ("zh-Hans", "en") and document.layout == "side-by-side"
    return document


def variants(three, two):
    for name, base in (("three", three), ("two", two)):
        for layout in LAYOUTS:
            if len(base.languages) == 2 or layout != "side-by-side":  # compose never asks for it
                yield f"{name}-{layout}", dataclasses.replace(base, layout=layout)


@pytest.fixture(scope="module")
def rendered(three, two):
    return {key: (document, render_docx(document, created=CREATED)) for key, document in variants(three, two)}


def all_paragraph_texts(data: bytes) -> list[str]:
    """Text of every paragraph: body (tables and nested tables included), headers and footers."""
    word = docx.Document(io.BytesIO(data))
    texts = [visible(DocxParagraph(p, None).text) for p in word.element.body.iter(qn("w:p"))]
    for section in word.sections:
        for part in (section.header, section.footer):
            texts += [visible(DocxParagraph(p, None).text) for p in part._element.iter(qn("w:p"))]
    return texts


def part_xml(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return parse_xml(package.read(name))  # python-docx element classes, for .text


# --- text ---------------------------------------------------------------------------------------

KEYS = [
    f"{n}-{layout}" for n in ("three", "two") for layout in LAYOUTS if n == "two" or layout != "side-by-side"
]  # compose never lays out three side by side


@pytest.mark.parametrize("key", KEYS)
def test_every_line_of_every_language_is_in_the_docx(rendered, key):
    document, data = rendered[key]
    text = "\n".join(all_paragraph_texts(data)).replace("\u00a0", " ")  # kept values: U+202F
    for language in document.languages:
        for line in document.text(language):
            assert line.replace("\u00a0", " ") in text, (language, line)
    assert document.layout_note not in text or not document.layout_note


@pytest.mark.parametrize("key", KEYS)
def test_runs_carry_the_style_of_their_language(rendered, key):
    document, data = rendered[key]
    root = part_xml(data, "word/document.xml")
    by_language = texts_by_language(root)
    for language in document.languages:
        style = language_style_id(language)
        pieces = by_language.get(style, [])
        spaced = [piece.replace("\u00a0", " ") for piece in pieces]  # kept values: U+202F in the DOCX
        for line in document.text(language):
            assert any(line.replace("\u00a0", " ") in piece for piece in spaced), (language, line)
    for run in root.iter(f"{W}r"):
        text = run_text(run)
        if re.search(r"[\u4e00-\u9fff]", text):
            assert style_of(run) == "LangzhHans", text
        if re.search(r"[\u0e80-\u0eff]", text):
            assert style_of(run) == "Langlo", text
            assert run.find(f"{W}rPr/{W}cs") is not None, text  # Word: complex-script font slot
        if style_of(run) == "Langlo" and run.find(f"{W}rPr/{W}cs") is not None:
            assert not re.search(r"[0-9A-Za-z]", text), text  # Noto Serif Lao has no digits
        if text.strip() and style_of(run) is None:
            assert text in {document.id, " · ", " / "}, text  # ids and separators only


def test_language_styles_set_fonts_and_proofing_language(rendered):
    _, data = rendered["three-interleaved"]
    styles = part_xml(data, "word/styles.xml")

    def style(style_id):
        found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert found is not None, style_id
        return found

    zh, en, lo = style("LangzhHans"), style("Langen"), style("Langlo")
    for element in (zh, en, lo):
        assert element.get(f"{W}type") == "character"
        fonts = element.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}ascii") == "Noto Serif"
        assert fonts.get(f"{W}eastAsia") == "Noto Serif CJK SC"
        assert fonts.get(f"{W}cs") == "Noto Serif Lao"
    assert zh.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia"
    assert zh.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert en.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en-GB"
    assert lo.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "lo-LA"
    for style_id in STYLE.values():
        style(style_id)


# --- layouts ------------------------------------------------------------------------------------


def top_tables(data: bytes):
    body = part_xml(data, "word/document.xml").find(f"{W}body")
    return body.findall(f"{W}tbl")


def table_style(tbl) -> str:
    return tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val")


def test_side_by_side_is_a_fixed_two_column_table(rendered, two):
    _, data = rendered["two-side-by-side"]
    tables = top_tables(data)
    parallel = [t for t in tables if table_style(t) == "ParallelText"]
    assert len(parallel) == 1
    table = parallel[0]
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    widths = [int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")][:2]
    assert len(table.find(f"{W}tblGrid")) == 2 and abs(widths[0] - widths[1]) <= 1
    rows = table.findall(f"{W}tr")
    front = [s for s in two.sections if s.role != "annex"]
    paragraphs = sum(max(len(s.body[lang]) for lang in two.languages) for s in front)
    headings = sum(1 for s in front if s.role != "preamble")
    # title; per section a heading row and one row per paragraph (the signing lines follow the
    # table at full width, as in the PDF)
    assert len(rows) == 1 + headings + paragraphs
    # every row stays on one page but a long paragraph's, which may go on on the next page
    # (as in the PDF: columns.may_split)
    whole = [True]
    for section in front:
        whole += [True] if section.role != "preamble" else []
        bodies = [section.body[lang] for lang in two.languages]
        for index in range(max(len(body) for body in bodies)):
            whole.append(not may_split([body[index] if index < len(body) else None for body in bodies]))
    assert [row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows] == whole
    assert True in whole and False in whole  # the sample has both
    left, right = (visible(DocxParagraph(p, None).text) for p in rows[0].iter(f"{W}p"))
    assert (left, right) == (two.title["zh-Hans"], two.title["en"])
    preamble = max(len(two.sections[0].body[lang]) for lang in two.languages)
    article = rows[1 + preamble]
    cells = article.findall(f"{W}tc")
    heading = cells[0].find(f"{W}p")
    assert heading.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
    section = two.sections[1]
    assert (
        visible(DocxParagraph(heading, None).text)
        == f"{section.label['zh-Hans']} {section.heading['zh-Hans']}"
    )


def test_signature_block_has_one_column_per_party_and_one_row_per_field(rendered):
    """As in the PDF: a party's lines one under the other in its column, a field's lines (the
    signature, the seal, the date) side by side in one row, every row kept with the next."""
    for key in ("three-interleaved", "two-side-by-side", "two-sequential"):
        document, data = rendered[key]
        signature = [t for t in top_tables(data) if table_style(t) == "SignatureTable"]
        blocks = [(lang,) for lang in document.languages] if "sequential" in key else [document.languages]
        assert len(signature) == len(blocks), key  # as in the PDF: one per language when sequential
        for table, languages in zip(signature, blocks):
            rows = table.findall(f"{W}tr")
            fields = [line.field for line in document.signatories[0].lines]
            assert len(rows) == len(fields), key
            for index, row in enumerate(rows):
                cells = row.findall(f"{W}tc")
                assert len(cells) == len(document.signatories)
                for cell, signatory in zip(cells, document.signatories):
                    text = [visible(DocxParagraph(p, None).text) for p in cell.iter(f"{W}p")]
                    line = signatory.lines[index]
                    assert text == [line.text[language] for language in languages], (key, index)
                keep = [p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")]
                assert all(keep) if index < len(rows) - 1 else not any(keep), (key, index)


def test_sequential_breaks_page_between_languages(rendered, three):
    _, data = rendered["three-sequential"]
    body = part_xml(data, "word/document.xml").find(f"{W}body")
    breaks = [
        visible(DocxParagraph(p, None).text)
        for p in body.findall(f"{W}p")
        if p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    ]
    titles_broken = [text for text in breaks if text in three.title.values()]
    assert titles_broken == [three.title["en"], three.title["lo"]]
    annexes = {
        f"{s.label[t]} {s.heading[t]}" for s in three.sections if s.role == "annex" for t in three.languages
    }
    assert set(breaks) - set(titles_broken) <= annexes  # each annex also starts a page
    titles = [
        visible(DocxParagraph(p, None).text)
        for p in body.findall(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Title"
    ][:3]
    assert titles == [three.title[t] for t in three.languages]  # every title at the top


def with_annex(document):
    annex = Section(
        "annex-budget",
        "annex",
        1,
        label={
            lang: {"zh-Hans": "附件1", "en": "Annex 1", "lo": "ເອກະສານຊ້ອນທ້າຍ 1"}[lang]
            for lang in document.languages
        },
        heading={
            lang: {"zh-Hans": "预算", "en": "Budget", "lo": "ງົບປະມານ"}[lang] for lang in document.languages
        },
        body={
            lang: (
                Paragraph(f"intro {lang}"),
                Table(((f"item {lang}", f"amount {lang}"), ("books", "1,000.00"), ("R&D <x>",))),
            )
            for lang in document.languages
        },
    )
    return dataclasses.replace(document, sections=document.sections + (annex,))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_annex_on_a_new_page_and_tables_are_word_tables(two, layout):
    document = with_annex(dataclasses.replace(two, layout=layout))
    data = render_docx(document, created=CREATED)
    root = part_xml(data, "word/document.xml")
    tables = [t for t in root.iter(f"{W}tbl") if table_style(t) == "AgreementTable"]
    assert len(tables) == len(document.languages)
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert len(rows) == 3 and len(table.find(f"{W}tblGrid")) == 2
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert rows[0].find(f".//{W}pStyle").get(f"{W}val") == "TableHeading"
        # the header row shaded as the PDF's (one house style), the others not
        fills = [{shd.get(f"{W}fill") for shd in row.iter(f"{W}shd")} for row in rows]
        assert fills == [{_css_header_background()}, set(), set()], fills
        assert len(rows[2].findall(f"{W}tc")) == 2  # a short row is padded
    broken = [
        p
        for p in root.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pageBreakBefore") is not None
        or p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Separator"
    ]
    texts = [visible(DocxParagraph(p, None).text) for p in broken]
    if layout == "side-by-side":
        assert texts == [""]  # separator paragraph between the tables
    elif layout == "interleaved":
        assert texts == ["附件1 预算"]
    else:
        assert texts == ["附件1 预算", document.title["en"], "Annex 1 Budget"]
    text = "\n".join(all_paragraph_texts(data))
    assert "R&D <x>" in text and "1,000.00" in text


def _css_header_background() -> str:
    """The PDF's table header background (agreement.css), as a DOCX fill: "F0F0F0"."""
    from agreements.templates import BUILTIN

    css = BUILTIN.find("html/agreement.css").read_text(encoding="utf-8")
    return re.search(r"table\.data th \{ background: #([0-9a-f]{6});", css).group(1).upper()


def test_redline_paragraphs_become_tracked_changes(two):
    article = two.sections[1]
    changes = (("=", "1. Each Party "), ("-", "may"), ("+", "shall"), ("=", " keep <R&D> secret."))
    body = dict(article.body, en=(Paragraph("1. Each Party shall keep <R&D> secret.", changes),))
    marks = {"heading": {"en": (("-", "Secrecy"), ("+", "Confidentiality"))}}
    document = dataclasses.replace(
        two,
        sections=(two.sections[0], dataclasses.replace(article, body=body, marks=marks)) + two.sections[2:],
    )
    for layout in LAYOUTS:
        data = render_docx(
            dataclasses.replace(document, layout=layout), created=CREATED, author='Legal "A" & Co'
        )
        root = part_xml(data, "word/document.xml")
        inserted = root.findall(f".//{W}ins")
        deleted = root.findall(f".//{W}del")
        assert ["".join(run_text(r) for r in e.iter(f"{W}r")) for e in inserted] == [
            "Confidentiality",
            "shall",
        ]
        assert ["".join(t.text for t in e.iter(f"{W}delText")) for e in deleted] == ["Secrecy", "may"]
        ids = [e.get(f"{W}id") for e in inserted + deleted]
        assert len(set(ids)) == 4
        assert {e.get(f"{W}author") for e in inserted + deleted} == {'Legal "A" & Co'}
        assert {e.get(f"{W}date") for e in inserted} == {"2026-12-18T09:30:00Z"}
        for element in inserted + deleted:
            for run in element.iter(f"{W}r"):
                assert style_of(run) == "Langen"
        assert (
            render_docx(
                dataclasses.replace(document, layout=layout), created=CREATED, author='Legal "A" & Co'
            )
            == data
        )


# --- header and footer --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["three-interleaved", "two-side-by-side"])
def test_header_and_footer(rendered, key):
    document, data = rendered[key]
    word = docx.Document(io.BytesIO(data))
    header = "\n".join(visible(p.text) for p in word.sections[0].header.paragraphs)
    assert document.title[document.languages[0]] in header and document.id not in header
    for language in document.languages:
        assert document.labels[language]["revision"] in header
        assert document.labels[language]["draft"] in header  # the spec is a draft
    footer = word.sections[0].footer._element
    codes = [f.get(f"{W}instr").split()[0] for f in footer.iter(f"{W}fldSimple")]
    assert codes == ["PAGE", "NUMPAGES"] * len(document.languages)
    footer_text = "".join(run_text(r) for r in footer.iter(f"{W}r"))
    for language in document.languages:
        for piece in re.split(r"\{pages?\}", document.labels[language]["page"]):
            assert piece in footer_text
    for root in (word.sections[0].header._element, footer):
        for run in root.iter(f"{W}r"):
            text = run_text(run)
            if re.search(r"[\u4e00-\u9fff\u0e80-\u0effA-Za-z]", text) and text != document.id:
                assert style_of(run) and style_of(run).startswith("Lang"), text


def test_final_has_no_draft_mark(three):
    data = render_docx(dataclasses.replace(three, status="final"), created=CREATED)
    header = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).sections[0].header.paragraphs)
    assert "DRAFT" not in header and "草稿" not in header and "Revision 3" in header


# --- escaping -----------------------------------------------------------------------------------


def test_markup_and_template_syntax_survive_verbatim(three):
    nasty = {lang: f"{NASTY} {lang}" for lang in three.languages}
    first = three.sections[0]
    body = {lang: (Paragraph(nasty[lang] + "\nsecond line"),) + first.body[lang] for lang in three.languages}
    party_line = dataclasses.replace(three.signatories[0].lines[0], text=nasty)
    signatory = dataclasses.replace(
        three.signatories[0], lines=(party_line,) + three.signatories[0].lines[1:]
    )
    document = dataclasses.replace(
        three,
        id="id&<x>",
        title=nasty,
        sections=(dataclasses.replace(first, body=body),) + three.sections[1:],
        signatories=(signatory,) + three.signatories[1:],
    )
    for layout in ("sequential", "interleaved"):  # side-by-side holds two languages
        data = render_docx(dataclasses.replace(document, layout=layout), created=CREATED)
        texts = all_paragraph_texts(data)
        for lang in three.languages:
            assert texts.count(nasty[lang]) >= 2, (layout, lang)  # title and signature block
            assert nasty[lang] + "\nsecond line" in texts
        assert any(text.startswith(nasty["zh-Hans"] + " · ") for text in texts)  # the header
        assert "49" not in "".join(texts).replace("2026", "")
        assert docx.Document(io.BytesIO(data)).core_properties.title.startswith(nasty["zh-Hans"])


# --- reproducibility ----------------------------------------------------------------------------


def test_two_renders_and_two_processes_give_the_same_bytes(rendered, three, tmp_path):
    _, data = rendered["three-interleaved"]
    assert render_docx(three, created=CREATED) == data
    script = (
        "import sys, datetime; from pathlib import Path; from agreements.validate import read_spec;"
        "from agreements.compose import compose; from agreements.docx_writer import render_docx;"
        f"d = compose(read_spec(Path({str(SPEC)!r})));"
        "sys.stdout.buffer.write(render_docx(d, created=datetime.datetime(2026, 12, 18, 9, 30,"
        " tzinfo=datetime.timezone.utc)))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "123", "TZ": "Asia/Shanghai", "HOME": str(tmp_path)},
    )
    assert other.stdout == data


def test_package_dates_and_properties(rendered, three):
    _, data = rendered["three-interleaved"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(2026, 12, 18, 9, 30, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        names = package.namelist()
        assert not any("thumbnail" in name for name in names)
        core = package.read("docProps/core.xml").decode()
        everything = b"".join(package.read(n) for n in names if n.endswith((".xml", ".rels")))
    assert core.count("2026-12-18T09:30:00Z") == 2
    assert b"rsid" not in everything and b"w14:docId" not in everything
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == " / ".join(three.title[t] for t in three.languages)
    assert props.identifier == three.id


def test_normalize_zip_clamps_orders_and_is_idempotent():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("b.txt", "b")
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("a.txt", "a")
    early = datetime.datetime(1970, 1, 1)
    once = normalize_zip(raw.getvalue(), early)
    assert normalize_zip(once, early) == once
    with zipfile.ZipFile(io.BytesIO(once)) as z:
        assert z.namelist() == ["[Content_Types].xml", "a.txt", "b.txt"]
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- the template -------------------------------------------------------------------------------


def test_side_by_side_of_three_languages_is_never_written(three):
    with pytest.raises(ValueError, match="two languages"):
        render_docx(dataclasses.replace(three, layout="side-by-side"), created=CREATED)


def test_a_template_without_a_language_style_gets_it_from_the_language_data(three, tmp_path):
    from agreements.templates import BUILTIN, Templates

    word = docx.Document(str(BUILTIN.find("docx/agreement.docx")))
    styles = word.styles.element
    original = styles.find(f"{W}style[@{W}styleId='Langlo']")
    styles.remove(original)
    (tmp_path / "templates" / "docx").mkdir(parents=True)
    word.save(str(tmp_path / "templates" / "docx" / "agreement.docx"))
    data = render_docx(three, templates=Templates.for_workspace(tmp_path), created=CREATED)
    added = part_xml(data, "word/styles.xml").find(f"{W}style[@{W}styleId='Langlo']")
    assert added is not None
    assert added.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == "Noto Serif Lao"
    assert added.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "lo-LA"
    for part in (f"{W}rPr/{W}rFonts", f"{W}rPr/{W}lang"):  # as the generator writes it
        assert dict(added.find(part).attrib) == dict(original.find(part).attrib)


def test_a_workspace_template_without_a_paragraph_style_is_rejected(three, tmp_path):
    from agreements.templates import BUILTIN, Templates

    word = docx.Document(str(BUILTIN.find("docx/agreement.docx")))
    styles = word.styles.element
    styles.remove(styles.find(f"{W}style[@{W}styleId='SigningLine']"))
    (tmp_path / "templates" / "docx").mkdir(parents=True)
    word.save(str(tmp_path / "templates" / "docx" / "agreement.docx"))
    with pytest.raises(TemplateError, match="SigningLine"):
        render_docx(three, templates=Templates.for_workspace(tmp_path), created=CREATED)


def test_committed_template_matches_its_generator(tmp_path):
    out = tmp_path / "agreement.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_docx_template.py"), str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (ROOT / "templates" / "docx" / "agreement.docx").read_bytes()


# --- LibreOffice --------------------------------------------------------------------------------

LIBREOFFICE_KEYS = ["three-interleaved", "three-sequential", "two-side-by-side"]


def docx_for_libreoffice(folder: Path) -> None:
    """For the run's one LibreOffice call (conftest.py): the DOCX of three of the variants."""
    documents = dict(variants(compose(read_spec(SPEC)), two_language(folder)))
    for key in LIBREOFFICE_KEYS:
        (folder / f"docx-{key}.docx").write_bytes(render_docx(documents[key], created=CREATED))


def test_libreoffice_opens_and_prints_every_language(rendered, libreoffice_pdfs):
    for key in LIBREOFFICE_KEYS:
        document, data = rendered[key]
        pdf = libreoffice_pdfs[f"docx-{key}"]
        assert pdf.with_name(f"docx-{key}.docx").read_bytes() == data  # what LibreOffice opened
        assert pdf.is_file() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {key}"
        text = squash(pdf_text(pdf))
        for signatory in document.signatories:
            for language in document.languages:
                name = signatory.lines[0].text[language].split(":")[-1].split("：")[-1]
                assert squash(name) in text, (key, language, name)
        assert squash(document.title[document.languages[0]]) in text  # the running header


def test_a_workspace_docx_template_is_sandboxed(three, tmp_path, monkeypatch):
    from agreements.templates import BUILTIN, Templates

    word = docx.Document(str(BUILTIN.find("docx/agreement.docx")))
    word.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    (tmp_path / "templates" / "docx").mkdir(parents=True)
    word.save(str(tmp_path / "templates" / "docx" / "agreement.docx"))
    with pytest.raises(TemplateError, match="unsafe|not safely|access to attribute"):
        render_docx(three, templates=Templates.for_workspace(tmp_path), created=CREATED)
