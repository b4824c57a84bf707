"""Right to left is data: ar-XB (the English texts in Arabic letters, `direction: rtl`, Arabic
fonts, ar_EG digits), registered from a fixture folder, is laid out right to left in every layout
by both writers: w:bidi paragraphs, w:rtl runs and w:bidiVisual tables in the DOCX, dir="rtl" in
the HTML, and on the pages (ours and LibreOffice's of the DOCX) Arabic lines end at the text
block's right edge, Latin names and phone numbers read left to right, and the layout check passes."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree, html

from agreements.bidi import ltr_pieces
from tests.layout_check import MM, Box, check_layout, described, read_lines, spec_values
from tests.outputs import REPO, libreoffice_convert, run_cli, visible
from tests.pseudo import LAYOUTS, write_layout_specs
from tests.rtl_pseudo import TAG, write_rtl_workspace

SAMPLE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"  # zh-Hans + en, phone numbers, annexes
PDF_BOX = Box(18 * MM, 18 * MM, 24 * MM, 22 * MM)  # @page margin in templates/html/agreement.css
ARABIC = re.compile("[\u0600-\u06ff]")
A4_WIDTH = 595.3
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE = "LangarXB"  # docx_xml.language_style_id(TAG)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = write_rtl_workspace(tmp_path_factory.mktemp("rtl") / "ws")
    write_layout_specs(folder, SAMPLE, TAG)
    return folder


@pytest.fixture(scope="module")
def built(workspace: Path) -> dict[str, tuple[Path, Path, Path]]:
    """layout -> (docx, our pdf, LibreOffice's pdf of the docx)."""
    result = run_cli("build", "specs", "--out", "out", "--jobs", "2", cwd=workspace)
    assert result.returncode == 0, result.stderr
    ids = {layout: f"nanshan-xinchuang-battery-{layout}" for layout in LAYOUTS}
    docx_files = [workspace / "out" / i / f"{i}.docx" for i in ids.values()]
    converted = libreoffice_convert(docx_files, workspace / "libreoffice")
    return {
        layout: (path, path.with_suffix(".pdf"), pdf)
        for layout, path, pdf in zip(LAYOUTS, docx_files, converted, strict=True)
    }


@pytest.fixture(scope="module")
def documents(workspace: Path):
    """layout -> (spec, document), composed with the workspace's languages registered."""
    from agreements.compose import compose
    from agreements.languages import _LIBRARY, LANGUAGES, register_languages
    from agreements.templates import Templates
    from agreements.validate import read_spec

    before, library_before = dict(LANGUAGES), list(_LIBRARY)
    templates = Templates.for_workspace(workspace)
    register_languages(templates)
    out = {}
    for layout in LAYOUTS:
        spec = read_spec(workspace / "specs" / f"{layout}.yaml")
        out[layout] = (spec, compose(spec, templates))
    yield out, templates
    LANGUAGES.clear()
    LANGUAGES.update(before)
    _LIBRARY[:] = library_before


def test_no_code_in_the_package_names_a_direction_by_language():
    for path in (REPO / "agreements").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert TAG not in source, path
        assert not re.search(r"""==\s*["']ar["']|["']ar["']\s*(==|in\b)""", source), path


def test_left_to_right_stretches_in_right_to_left_text():
    pieces = ltr_pieces("الهاتف: +20 2 2345 6789، البريد coop@cairo-tech.edu.eg. شركة Wang Jianjun")
    assert [p for p, ltr in pieces if ltr] == ["+20 2 2345 6789", "coop@cairo-tech.edu.eg", "Wang Jianjun"]
    assert "".join(p for p, _ in pieces).startswith("الهاتف: ")
    assert ltr_pieces("١٥ مارس ٢٠٢٧ بنسبة 50% فقط") == [
        ("١٥ مارس ٢٠٢٧ بنسبة ", False),
        ("50%", True),
        (" فقط", False),
    ]
    # a Latin name that is all its brackets hold takes them into its left-to-right unit:
    # LibreOffice wrapped it inside brackets left outside ("… Equipment)" / "(S.A.E.")
    name = "شركة تيدا السويس (TEDA Suez New Energy Equipment S.A.E.)"
    assert ltr_pieces(name) == [
        ("شركة تيدا السويس ", False),
        ("(TEDA Suez New Energy Equipment S.A.E.)", True),
    ]
    assert [p for p, ltr in ltr_pieces("الفقرة (٣) من المادة (Annex 1) أدناه") if ltr] == ["(Annex 1)"]
    assert [p for p, ltr in ltr_pieces("(Wang Jianjun، مدير)") if ltr] == ["Wang Jianjun"]
    # a kept value's word joiners are transparent: the sign stays with its digits
    kept = "الهاتف +\u20602\u20600\u2060\u202f\u20606\u20602 و 5\u20600\u2060%"
    assert [p for p, ltr in ltr_pieces(kept) if ltr] == [
        "+\u20602\u20600\u2060\u202f\u20606\u20602",
        "5\u20600\u2060%",
    ]


def _paragraph_language(p) -> str | None:
    style = p.find(f"{W}pPr/{W}rPr/{W}rStyle")
    return style.get(f"{W}val") if style is not None else None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_bidi_paragraphs_rtl_runs_and_tables(built, layout):
    with zipfile.ZipFile(built[layout][0]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    paragraphs = list(body.iter(f"{W}p"))
    arabic = [p for p in paragraphs if _paragraph_language(p) == STYLE]
    chinese = [p for p in paragraphs if _paragraph_language(p) == "LangzhHans"]
    assert len(arabic) > 100 and len(chinese) > 100
    assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in arabic)
    assert not any(p.find(f"{W}pPr/{W}bidi") is not None for p in chinese)
    runs = [r for p in arabic for r in p.iter(f"{W}r")]
    texts = [
        (visible("".join(t.text or "" for t in r.iter(f"{W}t"))), r.find(f"{W}rPr/{W}rtl") is not None)
        for r in runs
    ]
    assert all(rtl for text, rtl in texts if ARABIC.search(text))
    latin = [rtl for text, rtl in texts if "Wang Jianjun" in text or "+86 755" in text]
    assert latin and not any(latin)  # a Latin name, a phone number: left to right
    assert any("+86 755" in text for text, _ in texts)  # its sign too (the number is kept)
    tables = list(body.iter(f"{W}tbl"))
    for table in tables:
        first = table.find(f".//{W}p")
        visual = table.find(f"{W}tblPr/{W}bidiVisual") is not None
        style = table.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val")
        if style == "ParallelText":  # zh-Hans on the left, ar-XB on the right
            assert not visual
        elif style == "AgreementTable":
            assert visual == (_paragraph_language(first) == STYLE), style
    assert any(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    for table in tables:  # never two tables in a row: Word and LibreOffice would join them
        following = table.getnext()
        assert following is None or following.tag != f"{W}tbl", layout


def test_docx_header_and_footer_keep_arabic_right_to_left(built):
    with zipfile.ZipFile(built["sequential"][0]) as package:
        footer = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    arabic = footer[footer.index("\u2067") : footer.index("\u2069")]
    assert "NUMPAGES" in arabic and "<w:rtl/>" in arabic and "\u200f" in arabic


def test_html_marks_every_element_with_its_direction(documents):
    from agreements.html_writer import render_html

    composed, templates = documents
    _, document = composed["interleaved"]
    import datetime

    page = html.fromstring(render_html(document, templates=templates, created=datetime.datetime(2027, 1, 1)))
    arabic = page.xpath(f'//*[@lang="{TAG}"]')
    chinese = page.xpath('//body//*[@lang="zh-Hans"][not(@class="keep")]')  # a kept value: as its parent
    assert len(arabic) > 100 and len(chinese) > 100
    assert {e.get("dir") for e in arabic} == {"rtl"}
    assert {e.get("dir") for e in chinese} == {"ltr"}
    spans = [
        e.text_content().replace("\u00a0", " ").replace("\u2060", "")  # a kept value: joined
        for e in page.xpath(f'//*[@lang="{TAG}"]//span[@dir="ltr"]')
    ]
    assert "+86 755 2671 9000" in spans and "Wang Jianjun" in " ".join(spans)


def _docx_box(path: Path) -> Box:
    section = docx.Document(str(path)).sections[-1]
    return Box(
        section.left_margin.pt, section.right_margin.pt, section.top_margin.pt, section.bottom_margin.pt
    )


def _arabic_lines(pdf: Path, box: Box, right_column: bool) -> list[tuple[float, float]]:
    """(left, right) of each body line holding Arabic letters; the pieces poppler reads of one
    line (LibreOffice's text layer cuts lines at its isolates) joined by page and height; side
    by side only the right column (ar-XB)."""
    rows: dict[tuple[int, int], list] = {}
    for line in read_lines(pdf):
        if line.y1 - line.y0 >= 30 or not box.top - 14 <= line.y0 <= line.height - box.bottom:
            continue  # the watermark, the header and footer
        if right_column and line.x0 < line.width / 2:
            continue
        rows.setdefault((line.page, round(line.y0)), []).append(line)
    return [
        (min(ln.x0 for ln in row), max(ln.x1 for ln in row))
        for row in rows.values()
        if any(ARABIC.search(ln.text) for ln in row)
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_arabic_lines_end_at_the_right_edge_of_the_text_block(built, layout):
    """Lines of ar-XB: most end at one right edge, the text block's (side by side: the right
    column's, inside the block by the cell margins), and many start well inside the block
    (short lines right-aligned, not left-aligned or justified); in our PDF and in LibreOffice's
    PDF of the DOCX."""
    docx_path, pdf, libreoffice = built[layout]
    for name, path, box in (("pdf", pdf, PDF_BOX), ("libreoffice", libreoffice, _docx_box(docx_path))):
        lines = _arabic_lines(path, box, layout == "side-by-side")
        edge = Counter(round(right) for _, right in lines).most_common(1)[0][0]
        block_right, block_left = A4_WIDTH - box.right, box.left
        assert block_right - 20 <= edge <= block_right + 1.5, (name, edge, block_right)
        at_edge = [line for line in lines if abs(line[1] - edge) <= 1.5]
        ragged = [line for line in at_edge if line[0] > block_left + 0.25 * (block_right - block_left)]
        assert len(lines) > 150, (name, len(lines))
        assert len(at_edge) >= 0.7 * len(lines), (name, len(at_edge), len(lines))
        assert len(ragged) >= 0.1 * len(lines), (name, len(ragged), len(lines))


def _words(pdf: Path) -> list[tuple[int, float, float, str]]:
    import subprocess
    import xml.etree.ElementTree as ET

    from tests.layout_check import _NS

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xml))
    return [
        (number, float(w.get("yMin")), float(w.get("xMin")), w.text or "")
        for number, page in enumerate(root.iter(f"{_NS}page"), 1)
        for w in page.iter(f"{_NS}word")
    ]


PHONE = ["86", "755", "2671", "9000"]  # +86 755 2671 9000, the groups in reading order


@pytest.mark.parametrize("layout", LAYOUTS)
def test_phone_numbers_and_page_numbers_read_in_the_right_order(built, layout):
    _, pdf, libreoffice = built[layout]
    for path in (pdf, libreoffice):
        words = _words(path)
        groups = [w for w in words if w[3].lstrip("+") in ("86", "755", "2671", "9000")]
        assert groups, path
        for page, y, x0, text in groups:
            if text.lstrip("+") == "2671":  # its row, in its column
                row = sorted(
                    (x, t.lstrip("+"))
                    for p, yy, x, t in groups
                    if p == page and abs(yy - y) < 2 and (x < A4_WIDTH / 2) == (x0 < A4_WIDTH / 2)
                )
                order = [t for _, t in row]
                assert len(order) >= 2 and order == sorted(order, key=PHONE.index), (path.name, row)
    # our footer: "page 1 of N" in Arabic-Indic digits, read right to left (1 right of N)
    footer = [w for w in _words(pdf) if w[0] == 1 and w[1] > PDF_BOX.top + 700]
    one = next(x for _, _, x, t in footer if t == "١")
    total = next(x for _, _, x, t in footer if re.fullmatch("[\u0660-\u0669]{2}", t))
    assert one > total, footer
    # LibreOffice's footer of the DOCX: the same order with its page fields (Latin digits)
    footer = [w for w in _words(libreoffice) if w[0] == 1 and w[1] > 780]
    arabic_x = [x for _, _, x, t in footer if ARABIC.search(t)]
    numbers = [x for _, _, x, t in footer if t.isdigit() and x > min(arabic_x) - 30]
    assert max(numbers) < max(arabic_x) and min(numbers) < min(arabic_x), footer


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_layout_check_passes(built, documents, layout):
    composed, _ = documents
    spec, document = composed[layout]
    docx_path, pdf, libreoffice = built[layout]
    report = check_layout(pdf, document, spec_values(spec), PDF_BOX)
    assert not any(report.values()), described(report)
    section = docx.Document(str(docx_path)).sections[-1]
    box = Box(
        section.left_margin.pt, section.right_margin.pt, section.top_margin.pt, section.bottom_margin.pt
    )
    report = check_layout(libreoffice, document, spec_values(spec), box, tolerance=12.0, justified=False)
    assert not any(report.values()), described(report)
