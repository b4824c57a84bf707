"""The layout check (tests/layout_check.py) on every sample in every layout, on our PDF and on
LibreOffice's PDF of the DOCX; and the check failing when one of the old defects is put back."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import io
import re
import unittest.mock
import zipfile

import docx
import pytest
from docx.oxml.ns import nsdecls
from lxml import etree
from weasyprint.layout import block as weasyprint_block

from agreements import columns, docx_xml, pdf_page_ends, pdf_writer, words
from agreements import kept as keeping
from agreements.compose import compose
from agreements.document import Paragraph, Table
from agreements.docx_writer import render_docx
from agreements.languages import LANGUAGES
from agreements.pdf_writer import render_pdf
from agreements.templates import BUILTIN, Templates
from tests.layout_check import (
    MM,
    Box,
    body_lines,
    check_layout,
    described,
    expected_blocks,
    heading_key,
    hyphens_at_foot,
    key,
    line_breaks,
    next_line,
    page_text,
    read_lines,
    short_hyphenations,
    signature_apart,
    spec_values,
    split_values,
    title_breaks,
    word_cuts,
    wrapped_cells,
)
from tests.outputs import SAMPLES, W, squash
from tests.shared import shared_root
from tests.test_samples import CASES, LAYOUTS, Built, case_id
from tests.test_samples import docx_for_libreoffice as samples_docx_for_libreoffice

PDF_BOX = Box(18 * MM, 18 * MM, 24 * MM, 22 * MM)  # @page margin in templates/html/agreement.css
# LibreOffice hangs a line-final Chinese punctuation mark (、，) into the right margin despite
# w:overflowPunct="0": at most one full-width character
LIBREOFFICE_TOLERANCE = 12.0
NANSHAN = next(path for path in SAMPLES if path.stem == "nanshan-xinchuang-battery")  # with annexes
DONGGUAN = next(path for path in SAMPLES if path.stem == "dongguan-bayanlepas-exchange-ms")  # 3 languages
LANCANG = next(path for path in SAMPLES if path.stem == "lancang-nanyue-railway-order")  # Lao
YANGJIANG = next(path for path in SAMPLES if path.stem == "yangjiang-morowali-nickel-order")  # id amounts
BINHAI = next(path for path in SAMPLES if path.stem == "binhai-teda-suez-energy")  # zh-Hans + ar


@pytest.fixture(scope="session")
def built(tmp_path_factory, sample_build) -> Built:
    return Built(shared_root(tmp_path_factory), sample_build)


def docx_for_libreoffice(folder, built: Built) -> None:
    """The same files as test_samples gives LibreOffice (one conversion serves both modules), and
    the three-language sample with two old defects put back: its signing lines on one page and its
    signature table on the next; its signature table split before the row of the dates; the
    Indonesian sample's annex table as it was: amounts in words kept whole, 2 columns of padding;
    the Lao sample side by side without its words' letters joined; the Arabic sample side by side
    with narrow no-break spaces between word joiners in its kept values. And two plain documents
    that show LibreOffice's keep-with-next defect (KNOWN_LIBREOFFICE)."""
    samples_docx_for_libreoffice(folder, built)
    for total in (131, 90):
        (folder / f"keep-chain-{total}.docx").write_bytes(_keep_chain_document(total))
    data = built[(DONGGUAN, "interleaved")][2].read_bytes()
    (folder / "signatures-apart.docx").write_bytes(_edited(data, _table_on_next_page))
    (folder / "signatures-split.docx").write_bytes(_edited(data, _table_split_before_its_last_row))
    data = built[(NANSHAN, "side-by-side")][2].read_bytes()
    (folder / "spacer-after-signatures.docx").write_bytes(_edited(data, _spacer_after_the_signatures))
    spec = built[(YANGJIANG, "interleaved")][0]
    with (
        unittest.mock.patch.object(keeping, "_WORDS_KEPT", 10**6),
        unittest.mock.patch.object(columns, "_PADDING", 2),
        unittest.mock.patch.object(columns, "TABLE_WIDTH", 0),  # no column given all it wants
        unittest.mock.patch.object(columns, "text_width", lambda *args: None),  # counted, not measured
    ):
        data = render_docx(compose(spec), created=datetime.datetime(2027, 1, 1))
    (folder / "old-annex-table.docx").write_bytes(data)
    document = built[(LANCANG, "side-by-side")][1]
    with unittest.mock.patch.object(words, "unbreakable", lambda text: text):  # Lao words not joined
        data = render_docx(document, created=datetime.datetime(2027, 1, 1))
    (folder / "lao-words-loose.docx").write_bytes(data)
    document = built[(BINHAI, "side-by-side")][1]
    with unittest.mock.patch.object(docx_xml, "_plain_joints", lambda stretches: stretches):
        data = render_docx(document, created=datetime.datetime(2027, 1, 1))
    (folder / "arabic-narrow-joints.docx").write_bytes(data)


def _edited(data: bytes, edit) -> bytes:
    """The DOCX with its document.xml changed by `edit` (given the root element)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _signature_table(root):
    return next(
        t for t in root.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "SignatureTable"
    )


def _page_break():
    return etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}"><w:r><w:br w:type="page"/></w:r></w:p>')


def _table_on_next_page(root) -> None:
    """A page break between the signing lines and the signature table."""
    _signature_table(root).addprevious(_page_break())


def _table_split_before_its_last_row(root) -> None:
    """The signature table's last row (the dates) in a table of its own on the next page."""
    table = _signature_table(root)
    rest = etree.SubElement(table.getparent(), f"{W}tbl")
    table.addnext(rest)
    rest.append(copy.deepcopy(table.find(f"{W}tblPr")))
    rest.append(copy.deepcopy(table.find(f"{W}tblGrid")))
    rest.append(table.findall(f"{W}tr")[-1])
    table.addnext(_page_break())


def _spacer_after_the_signatures(root) -> None:
    """An empty 1 pt paragraph between the signature table and the annex's page break, as the
    DOCX had: where the table fills its page, the paragraph makes a page of its own."""
    spacer = _page_break()
    spacer.remove(spacer.find(f"{W}r"))
    spacer.insert(0, etree.fromstring(f'<w:pPr xmlns:w="{W[1:-1]}"><w:pStyle w:val="Spacer"/></w:pPr>'))
    _signature_table(root).addnext(spacer)


def test_the_check_finds_a_word_cut_at_a_letter(built, libreoffice_pdfs):
    """The Indonesian sample's annex table has no word cut in LibreOffice (test above); as it was
    (no column given all it wants, widths counted), its amounts in words kept whole ("(sepuluh ribu Yuan
    Tiongkok)") took the width the party column needed and LibreOffice cut "P / ihak Kedua" and
    "Tiongkok" ("Tiongkok / )" once, "Tiongko / k" since header cells count bold), and with 2
    columns of padding the number column's "N / o."."""
    spec, document, docx_path, _ = built[(YANGJIANG, "interleaved")]
    lines = body_lines(read_lines(libreoffice_pdfs["old-annex-table"]), _docx_box(docx_path))
    cuts = " ".join(word_cuts(lines, document))
    assert all(cut in cuts for cut in ("'P' / 'ihak'", "'N' / 'o'")), cuts
    assert "'Tiongkok' / ')'" in cuts or "'Tiongko' / 'k'" in cuts, cuts


def test_the_check_finds_a_chinese_title_broken_inside_a_word(built, tmp_path):
    """No Chinese title breaks inside a word in either output (tests above); with the title's
    words not kept, the Indonesian sample's title side by side read "…技术人才订 / 单式培养协议"."""
    spec, document, _, _ = built[(YANGJIANG, "side-by-side")]
    loose = dataclasses.replace(document, sections=(), keep_in_title=document.keep_together)
    pdf = tmp_path / "loose.pdf"
    pdf.write_bytes(
        render_pdf(loose, spec_bytes=b"", spec_name="spec.yaml", created=datetime.datetime(2027, 1, 1))
    )
    breaks = title_breaks(body_lines(read_lines(pdf), PDF_BOX), loose)
    assert any("订' / '单式" in problem for problem in breaks), breaks


LAO_CASES = [
    case for case in CASES if re.search(r"^languages: \[.*\blo\b", case[0].read_text(encoding="utf-8"), re.M)
]


@pytest.mark.parametrize("case", LAO_CASES, ids=case_id)
def test_libreoffice_breaks_lao_lines_between_words_only(built, libreoffice_pdfs, case):
    """A Lao line of LibreOffice's PDF of the DOCX ends where our segmenter puts a word boundary
    (or a space), as in our PDF (test_lao.py)."""
    spec, document, _, _ = built[case]
    assert "lo" in document.languages
    checked, problems = line_breaks(libreoffice_pdfs[f"samples-{case_id(case)}"], document, "lo")
    assert checked > 100 and problems == [], problems


def test_the_lao_check_finds_libreoffice_breaking_inside_words(built, libreoffice_pdfs):
    """Without each word's letters joined, LibreOffice broke Lao by its own dictionary too:
    "ເມືອງໄຊເສດ / ຖາ" (Xaysettha), 40 line ends of the sample side by side."""
    document = built[(LANCANG, "side-by-side")][1]
    checked, problems = line_breaks(libreoffice_pdfs["lao-words-loose"], document, "lo")
    assert len(problems) > 10, problems


def test_the_check_finds_an_arabic_amount_split_by_libreoffice(built, libreoffice_pdfs):
    """The Arabic sample's amounts stay whole side by side in LibreOffice (test above); with a
    narrow no-break space between word joiners after "CNY", as the DOCX had it, LibreOffice broke
    "CNY" / "٥٠٠٬٠٠٠٫٠٠" and the check reports it."""
    spec, document, docx_path, _ = built[(BINHAI, "side-by-side")]
    lines = body_lines(read_lines(libreoffice_pdfs["arabic-narrow-joints"]), _docx_box(docx_path))
    split = split_values(lines, {"ar": spec_values(spec)["ar"]})
    assert any(problem.endswith("'CNY' / '٥٠٠٬٠٠٠٫٠٠'") for problem in split), split


ADDRESS_NUMBERS = {  # as the sample specs write them in their addresses
    "yangjiang-morowali-nickel-order": ("No. 168",),
    "khorgos-almaty-exchange-ru": ("д. 66", "д. 120"),
    "huanan-huaxin-rayong-ev-order": ("7/128",),
}


@pytest.mark.parametrize("case", [c for c in CASES if c[0].stem in ADDRESS_NUMBERS], ids=case_id)
def test_an_address_number_stays_with_its_abbreviation_in_both_outputs(built, libreoffice_pdfs, case):
    """ "No. / 168" (ours, Indonesian side by side), "д. / 66" (LibreOffice, Russian side by side)
    and "7/ / 128" (ours, Thai) were cut; the numbers of the spec's addresses are kept."""
    spec, document, docx_path, pdf = built[case]
    numbers = ADDRESS_NUMBERS[case[0].stem]
    assert all(
        any(n in party.address[lang] for party in spec.parties for lang in spec.languages) for n in numbers
    )
    for lines in (
        body_lines(read_lines(pdf), PDF_BOX),
        body_lines(read_lines(libreoffice_pdfs[f"samples-{case_id(case)}"]), _docx_box(docx_path)),
    ):
        assert split_values(lines, {"any": list(numbers)}) == []


HUANAN = next(path for path in SAMPLES if path.stem == "huanan-huaxin-rayong-ev-order")  # Thai
# a Thai line never ends on a leading vowel (เ แ โ ใ ไ) nor starts with a following vowel, a mark
# or the repetition mark ๆ ("ใด / ๆ")
_THAI_CUT = re.compile("[\u0e40-\u0e44]$|^[\u0e30-\u0e3a\u0e45-\u0e4e]")


_THAI_END, _THAI_START = re.compile("[\u0e01-\u0e4e]+$"), re.compile("^[\u0e01-\u0e4e]+")


def _thai_cuts(pdf, by_dictionary: bool = True) -> list[str]:
    """Thai line ends inside a syllable, and (`by_dictionary`) inside a word. LibreOffice's PDF
    is read by syllables only: its text layer parts Thai marks from their letters ("ซ ่ ึ ง")."""
    lines = [ln for ln in read_lines(pdf) if ln.y1 - ln.y0 < 20]  # not the watermark's letters
    cuts = []
    for line in lines:
        below = next_line(line, lines)
        if below is None:
            continue
        end, start = (text.strip().replace("\u0e4d\u0e32", "\u0e33") for text in (line.text, below.text))
        if _THAI_CUT.search(end) or _THAI_CUT.search(start) or (by_dictionary and _inside_a_word(end, start)):
            cuts.append(f"p. {line.page}: {end[-8:]!r} / {start[:8]!r}")
    return cuts


def _inside_a_word(end: str, start: str) -> bool:
    """A line break between Thai letters that is not between two words of pythainlp's dictionary
    (its segmentation of the two runs joined has no boundary there, and a side is no word)."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    before, after = _THAI_END.search(end), _THAI_START.search(start)
    if not (before and after):
        return False
    left, right = before.group(), after.group()
    boundaries, position = set(), 0
    for word in word_tokenize(left + right, engine="newmm"):
        position += len(word)
        boundaries.add(position)
    if len(left) in boundaries:
        return False
    words = thai_words()
    return (
        word_tokenize(left, engine="newmm")[-1] not in words
        or word_tokenize(right, engine="newmm")[0] not in words
    )


@pytest.mark.parametrize("layout", LAYOUTS)
def test_thai_lines_break_between_syllables_and_ours_between_words(built, libreoffice_pdfs, layout):
    """Pango breaks Thai between words (libthai, which must see the words as written: see the next
    test but one); the PDF gives it no other place to break.
    LibreOffice breaks the DOCX's Thai by its dictionary. Neither starts a line with ๆ: the space
    before it is a no-break space (language data no_break_before; both outputs had "ใด / ๆ")."""
    assert _thai_cuts(built[(HUANAN, layout)][3]) == []
    assert _thai_cuts(libreoffice_pdfs[f"samples-{case_id((HUANAN, layout))}"], by_dictionary=False) == []


def test_the_thai_check_finds_a_syllable_cut(built, tmp_path):
    """A U+200B every 20 letters in a long run (words.py: against quadratic layout time) once went
    into Thai too, which has no spaces between words: "ปร / ะเทศ", "ลายลั / กษณ์" side by side."""
    spec, document, _, _ = built[(HUANAN, "side-by-side")]
    with unittest.mock.patch.object(words, "_long_run", lambda letters: re.compile("[^\\s\u200b]{40,}")):
        data = render_pdf(
            document, spec_bytes=b"", spec_name="spec.yaml", created=datetime.datetime(2027, 1, 1)
        )
    (tmp_path / "old.pdf").write_bytes(data)
    cuts = _thai_cuts(tmp_path / "old.pdf")
    assert any("ปร' / 'ะเทศ" in cut for cut in cuts), cuts


def test_the_thai_check_finds_a_word_cut_by_a_decomposed_vowel(built, tmp_path):
    """SARA AM (ำ) was once decomposed (ํา) for the PDF's text layer; libthai's dictionary then
    did not know the words it is in, and Pango broke "จำนวน" as "จำน / วน". Thai lines now carry
    their source text (ActualText) instead."""
    spec, document, _, _ = built[(HUANAN, "side-by-side")]
    old = dataclasses.replace(
        LANGUAGES["th"], actual_text=False, layout_replacements={"\u0e33": "\u0e4d\u0e32"}
    )
    with unittest.mock.patch.dict(LANGUAGES, {"th": old}):
        data = render_pdf(
            document, spec_bytes=b"", spec_name="spec.yaml", created=datetime.datetime(2027, 1, 1)
        )
    (tmp_path / "old.pdf").write_bytes(data)
    cuts = _thai_cuts(tmp_path / "old.pdf")
    assert any("จำน' / 'วน" in cut for cut in cuts), cuts


YANGJIANG = next(path for path in SAMPLES if path.stem == "yangjiang-morowali-nickel-order")  # id


def test_the_check_finds_a_hyphenated_name_of_a_place(built, tmp_path):
    """The capitalised words of the parties' names and addresses are never hyphenated in the PDF
    (Document.unhyphenated); without, the Indonesian sample side by side has "Guang- / dong",
    "Sula- / wesi", "Indo- / nesia", "Meta- / lurgi"."""
    spec, document, _, pdf = built[(YANGJIANG, "side-by-side")]
    assert {"Kabupaten", "Sulawesi", "Morowali"} <= set(document.unhyphenated["id"])
    assert short_hyphenations(body_lines(read_lines(pdf), PDF_BOX), document) == []
    data = render_pdf(
        dataclasses.replace(document, unhyphenated={}),
        spec_bytes=b"",
        spec_name="spec.yaml",
        created=datetime.datetime(2027, 1, 1),
    )
    (tmp_path / "hyphenated.pdf").write_bytes(data)
    found = short_hyphenations(body_lines(read_lines(tmp_path / "hyphenated.pdf"), PDF_BOX), document)
    assert "p. 2: 'Sula\u2010' / 'wesi'" in found and len(found) >= 4, found


def test_the_check_finds_a_hyphenated_country(built, tmp_path):
    """A country the spec names is a place too: "students interning in Thai- / land" (the
    battery sample, its internships abroad) before country names were kept unhyphenated; a
    country named in a typed text as well ("in Rayong, Thai- / land": the supplement, whose
    layout check reads it from Document.unhyphenated)."""
    spec, document, _, pdf = built[(NANSHAN, "sequential")]
    assert "Thailand" in document.unhyphenated["en"]
    assert not any("Thailand" in party.address["en"] for party in spec.parties)  # from the country
    supplement = next(path for path in SAMPLES if path.stem == "nanshan-xinchuang-supplementary-1")
    assert "Thailand" in built[(supplement, "side-by-side")][1].unhyphenated["en"]  # from its text
    assert short_hyphenations(body_lines(read_lines(pdf), PDF_BOX), document) == []
    without = {lang: tuple(set(words) - {"Thailand"}) for lang, words in document.unhyphenated.items()}
    data = render_pdf(
        dataclasses.replace(document, unhyphenated=without),
        spec_bytes=b"",
        spec_name="spec.yaml",
        created=datetime.datetime(2027, 1, 1),
    )
    (tmp_path / "hyphenated.pdf").write_bytes(data)
    found = short_hyphenations(body_lines(read_lines(tmp_path / "hyphenated.pdf"), PDF_BOX), document)
    assert any(problem.endswith("'Thai\u2010' / 'land'") for problem in found), found


JINJIHU = next(path for path in SAMPLES if path.stem == "jinjihu-pennine-mechatronics")  # en


def test_the_check_finds_english_hyphenated_by_british_patterns(built, tmp_path):
    """English is hyphenated by the US patterns (language data `hyphenation`); pyphen's British
    ones, the language's own, gave "Art- / icle", "Secur- / ity" side by side (with 4 letters
    on each side now: "applic- / able", "specific- / ation")."""
    spec, document, _, _ = built[(JINJIHU, "side-by-side")]
    british = dataclasses.replace(LANGUAGES["en"], hyphenation="")
    with unittest.mock.patch.dict(LANGUAGES, {"en": british}):
        data = render_pdf(
            document, spec_bytes=b"", spec_name="spec.yaml", created=datetime.datetime(2027, 1, 1)
        )
    (tmp_path / "british.pdf").write_bytes(data)
    found = short_hyphenations(body_lines(read_lines(tmp_path / "british.pdf"), PDF_BOX), document)
    assert (
        found
        and short_hyphenations(body_lines(read_lines(built[(JINJIHU, "side-by-side")][3]), PDF_BOX), document)
        == []
    )
    assert any("applic‐' / 'able" in problem for problem in found), found


def test_the_check_finds_a_word_hyphenated_across_a_page_break(built, tmp_path):
    """No page of our PDFs ends in a hyphenated word (test_pdf_layout); without pdf_page_ends,
    which gives such a line to the next page, the three-language sample read "the sending Party
    shall recog‐" at the foot of p. 3 and "nise" at the top of p. 4."""
    document, pdf = built[(DONGGUAN, "interleaved")][1::2]
    assert hyphens_at_foot(body_lines(read_lines(pdf), PDF_BOX)) == []
    with (
        unittest.mock.patch.object(pdf_writer, "install_page_ends", lambda: None),
        unittest.mock.patch.object(weasyprint_block, "_break_line", pdf_page_ends._break_line),
    ):
        data = render_pdf(
            document, spec_bytes=b"", spec_name="spec.yaml", created=datetime.datetime(2027, 1, 1)
        )
    (tmp_path / "old.pdf").write_bytes(data)
    found = hyphens_at_foot(body_lines(read_lines(tmp_path / "old.pdf"), PDF_BOX))
    assert any("recog‐" in problem for problem in found), found


def test_the_check_finds_a_short_word_hyphenated(built, tmp_path):
    """No word of fewer than 8 letters is hyphenated in our PDFs (test_pdf_layout); without the
    stylesheet's hyphenate-limit-chars the Indonesian annex table read "per peserta per ta- / hun"."""
    spec, document, _, pdf = built[(YANGJIANG, "interleaved")]
    css = (BUILTIN.find("html/agreement.css")).read_text(encoding="utf-8")
    assert "hyphenate-limit-chars: 8 4 4;" in css
    (tmp_path / "templates" / "html").mkdir(parents=True)
    (tmp_path / "templates" / "html" / "agreement.css").write_text(
        css.replace("hyphenate-limit-chars: 8 4 4;", ""), encoding="utf-8"
    )
    with unittest.mock.patch.object(columns, "TABLE_WIDTH", 0):  # as the column was: narrower
        data = render_pdf(
            document,
            templates=Templates.for_workspace(tmp_path),
            spec_bytes=b"",
            spec_name="spec.yaml",
            created=datetime.datetime(2027, 1, 1),
        )
    (tmp_path / "old.pdf").write_bytes(data)
    short = " ".join(short_hyphenations(body_lines(read_lines(tmp_path / "old.pdf"), PDF_BOX), document))
    assert "'ta‐' / 'hun'" in short, short


def test_the_check_finds_a_blank_page(built, libreoffice_pdfs):
    """The side-by-side sample's DOCX has no blank page in LibreOffice (test above); with the
    spacer paragraph it had after the signature table, LibreOffice left the page after the
    signatures blank before the annex (the page reviewer's find) and the check reports it."""
    spec, document, docx_path, _ = built[(NANSHAN, "side-by-side")]
    pdf = libreoffice_pdfs["spacer-after-signatures"]
    report = check_layout(
        pdf, document, {}, _docx_box(docx_path), tolerance=LIBREOFFICE_TOLERANCE, justified=False
    )
    assert report["blank_page"], report


def test_the_check_finds_signing_lines_apart_from_their_table(built, libreoffice_pdfs):
    """The signing lines stay with the signature table in every sample (test above, both outputs);
    with the table on the next page, as LibreOffice once laid out the three-language samples, the
    check reports each language's signing line; with the table split, its last row on the next
    page, it reports the blocks' end."""
    document = built[(DONGGUAN, "interleaved")][1]
    apart = signature_apart(read_lines(libreoffice_pdfs["signatures-apart"]), document)
    assert len(apart) == len(document.languages), apart
    split = signature_apart(read_lines(libreoffice_pdfs["signatures-split"]), document)
    assert len(split) == len(document.languages), split
    assert all("their last line on p." in problem for problem in split), split


def _docx_box(path) -> Box:
    section = docx.Document(str(path)).sections[-1]
    return Box(
        section.left_margin.pt, section.right_margin.pt, section.top_margin.pt, section.bottom_margin.pt
    )


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_pdf_layout(built, case):
    spec, document, _, pdf = built[case]
    report = check_layout(pdf, document, spec_values(spec), PDF_BOX)
    assert not any(report.values()), described(report)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_libreoffice_layout_of_the_docx(built, libreoffice_pdfs, case):
    spec, document, docx_path, _ = built[case]
    pdf = libreoffice_pdfs[f"samples-{case_id(case)}"]
    assert pdf.exists(), f"LibreOffice did not convert {case_id(case)}"
    report = check_layout(
        pdf,
        document,
        spec_values(spec),
        _docx_box(docx_path),
        tolerance=LIBREOFFICE_TOLERANCE,
        justified=False,
    )
    # LibreOffice's own text layer of Lao is not ours to fix (see test_pdf_layout for ours)
    report["text_layer"] = [p for p in report["text_layer"] if not p.startswith("lo:")]
    known = {
        check: report.pop(check) for check in KNOWN_LIBREOFFICE.get(case_id(case), ()) if report.get(check)
    }
    assert not any(report.values()), described(report)

    if known:  # shown as xfailed in the summary, never hidden
        pytest.xfail(f"known LibreOffice defect: {known}")


KNOWN_LIBREOFFICE = {
    # 第二条 and "1. 双方同意按照下列安排开展学生交流：" (both w:keepNext) end p. 2: LibreOffice 7.4
    # ignores keep-with-next at the end of its first guess of a page (the test below); our PDF
    # keeps the three together (Word not checked)
    "khorgos-almaty-exchange-ru-interleaved": ("heading_at_foot",),
}


def test_libreoffice_ignores_keep_with_next_at_the_end_of_its_first_guess_of_a_page(libreoffice_pdfs):
    """Why khorgos interleaved is a known defect. Before laying out a document of more than 100
    paragraphs, LibreOffice 7.4 puts 20 on each page as a first guess (25 in a shorter one;
    sw/source/core/layout/laycache.cxx), and a w:keepNext paragraph that ends a guessed page
    stays where it is. In a plain document of 131 paragraphs, the heading and introduction that
    end page 2 are paragraphs 40 and 41: they stay there, their item on page 3. The same page in
    a document of 90 paragraphs: all three on page 3. No style, font or setting is involved; the
    paragraph count decides. If this test fails, LibreOffice changed: look again at
    KNOWN_LIBREOFFICE."""
    ends = {}
    for total in (131, 90):
        pages = page_text(libreoffice_pdfs[f"keep-chain-{total}"], raw=False).split("\f")
        ends[total] = (pages[1].split()[-2:], pages[2].split()[:2])
    assert ends[131] == (["HEADING", "INTRODUCTION"], ["ITEM", "(1)"]), ends
    assert ends[90] == (["paragraph", "38"], ["HEADING", "INTRODUCTION"]), ends


def _keep_chain_document(total: int) -> bytes:
    """A DOCX of `total` plain paragraphs, lines of exactly 20 pt (35 to an A4 page): page 2
    (paragraph 20 on, after a page break) holds 19 paragraphs of 33 lines, then a heading and an
    introduction, both w:keepNext, and the item they introduce, which does not fit."""
    spacing = '<w:spacing w:before="0" w:after="0" w:line="400" w:lineRule="exact"/>'

    def paragraph(text: str, *, lines: int = 1, keep: bool = False, new_page: bool = False) -> str:
        properties = (
            ("<w:keepNext/>" if keep else "") + ("<w:pageBreakBefore/>" if new_page else "") + spacing
        )
        text = "<w:br/>".join([f"<w:t>{text}</w:t>"] * lines)
        return f"<w:p><w:pPr>{properties}</w:pPr><w:r>{text}</w:r></w:p>"

    body = [paragraph(f"page 1 paragraph {n}") for n in range(20)]
    body += [
        paragraph(f"page 2 paragraph {20 + n}", lines=2 if n < 14 else 1, new_page=n == 0) for n in range(19)
    ]
    body += [paragraph("HEADING", keep=True), paragraph("INTRODUCTION", keep=True), paragraph("ITEM (1)")]
    body += [paragraph(f"paragraph {n}") for n in range(len(body), total)]
    section = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1134" '
    section += 'w:bottom="1418" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    document = f'<w:document {nsdecls("w")}><w:body>{"".join(body)}{section}</w:body></w:document>'
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", relationships)
        package.writestr("word/document.xml", document)
    return out.getvalue()


def test_block_order_is_the_model_order_in_both_outputs(built):
    """Articles, the signature block, then the annexes: per language in sequential layout."""
    case = (NANSHAN, "sequential")  # with annexes
    spec, document, _, _ = built[case]
    blocks = expected_blocks(document)
    kinds = [marker.split(":")[0] for _, marker in blocks]
    assert kinds.count("signing") == len(document.languages)
    first = [marker for language, marker in blocks if language == document.languages[0]]
    signing = max(index for index, marker in enumerate(first) if marker.startswith("signing:"))
    annexes = [s for s in document.sections if s.role == "annex"]
    after = first[signing + 1 :]
    assert annexes and len(after) == len(annexes), first[signing:]
    assert all(marker.startswith("heading:") for marker in after), after


FILLERS = {"en": ("The sum of ", "ab ", "is {amount} in all."), "zh-Hans": ("金额", "甲", "为{amount}。")}


def _amount_paragraphs(document, language: str, amount: str):
    """A document of one article: many paragraphs with `amount` at every offset."""
    article = next(s for s in document.sections if s.role == "article")
    start, filler, end = FILLERS[language]
    body = tuple(Paragraph(start + filler * n + end.format(amount=amount)) for n in range(30, 70))
    return dataclasses.replace(
        document, sections=(dataclasses.replace(article, body={**article.body, language: body}),)
    )


@pytest.mark.parametrize(
    "language, amount",
    [
        ("en", "CNY 4,500.00"),
        ("en", "1 November 2028"),
        ("zh-Hans", "人民币4,500.00元"),
        ("zh-Hans", "2027年7月31日"),
    ],
)
def test_the_check_finds_an_amount_with_a_breakable_space(built, tmp_path, language, amount):
    """Today's defect put back: the amount's pieces not kept together (as before
    Document.keep_together) -> the check reports split values; kept -> it reports none (kept
    with word joiners, or in a no-wrap span where a word could be hyphenated)."""
    spec, document, _, _ = built[(NANSHAN, "sequential")]
    values = {language: [amount]}
    variant = _amount_paragraphs(dataclasses.replace(document, layout="sequential"), language, amount)
    kept = {**variant.keep_together, language: (amount,)}
    found = {}
    for name, keep in (("kept", kept), ("not kept", {})):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(
            render_pdf(
                dataclasses.replace(variant, keep_together=keep),
                spec_bytes=b"id: x\n",
                spec_name="x.yaml",
                created=__import__("datetime").datetime(2027, 1, 1),
            )
        )
        found[name] = split_values(body_lines(read_lines(pdf), PDF_BOX), values)
    assert found["kept"] == []
    assert len(found["not kept"]) >= 3, found["not kept"]


def test_the_check_finds_a_figure_cut_from_the_word_counting_it(built, tmp_path):
    """Today's defect put back: "2份" not kept together (as before language data count_units) ->
    the check, which finds such values in the document's text, reports "2 / 份"; kept as compose
    keeps it -> none."""
    from agreements.kept import counts

    spec, document, _, _ = built[(NANSHAN, "sequential")]
    variant = _amount_paragraphs(dataclasses.replace(document, layout="sequential"), "zh-Hans", "2份")
    kept = {piece for text in variant.text("zh-Hans") for piece in counts(text, "zh-Hans")}
    assert kept == {"2份"}, kept
    found = {}
    for name, keep in (("kept", tuple(kept)), ("not kept", ())):
        pdf = tmp_path / f"{name}.pdf"
        document = dataclasses.replace(variant, keep_together={**variant.keep_together, "zh-Hans": keep})
        pdf.write_bytes(
            render_pdf(
                document, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1)
            )
        )
        found[name] = check_layout(pdf, document, {}, PDF_BOX)["split_value"]
    assert found["kept"] == []
    assert found["not kept"] and all("'2' / '份'" in p for p in found["not kept"]), found


def test_the_check_finds_a_cell_wrapped_that_its_column_has_room_for(built, tmp_path):
    """Today's defect put back: the narrow columns given what they need only, as before the widest
    fit (the budget columns.TABLE_WIDTH at 0) -> the Thai cost table wraps "ต่อผู้รับการฝึกอบรมต่อ /
    เดือน" (per trainee per / month) and the check reports it; as built -> on one line."""
    spec, document, _, _ = built[(HUANAN, "sequential")]
    annexes = dataclasses.replace(document, sections=tuple(s for s in document.sections if s.role == "annex"))
    found = {}
    for name, budget in (("as built", columns.TABLE_WIDTH), ("what they need", 0)):
        pdf = tmp_path / f"{name}.pdf"
        with unittest.mock.patch.object(columns, "TABLE_WIDTH", budget):
            data = render_pdf(
                annexes, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1)
            )
        pdf.write_bytes(data)
        found[name] = wrapped_cells(body_lines(read_lines(pdf), PDF_BOX), annexes)
    assert found["as built"] == []
    assert any("ต่อผู้รับการฝึกอบรมต่อเดือน" in problem for problem in found["what they need"]), found


def test_a_latin_name_in_arabic_text_reads_left_to_right(built):
    """Party B's name in the Arabic text ends "(TEDA Suez New Energy Equipment S.A.E.)". Its
    word "Equipment", kept from hyphenation (a proper noun), once cut the Latin stretch into three
    spans, which an Arabic line lays out right to left: our PDF read "(S.A.E. Equipment TEDA Suez
    New Energy)" (the page reviewer's find; LibreOffice's was right). Every Latin stretch of the
    Arabic text is now one left-to-right span, and our PDF reads the name in order."""
    from lxml import html

    from agreements.bidi import ltr_pieces
    from agreements.html_writer import render_html

    spec, document, _, pdf = built[(BINHAI, "sequential")]
    page = html.fromstring(render_html(document, created=datetime.datetime(2027, 1, 1)))
    spans = {
        re.sub("[\u00a0\u2060]", lambda m: " " if m.group() == "\u00a0" else "", e.text_content())
        for e in page.xpath('//*[@lang="ar"]//span[@dir="ltr"]')
    }
    stretches = {
        piece.strip()
        for text in document.text("ar")
        for piece, ltr in ltr_pieces(text)
        if ltr and " " in piece
    }
    assert "(TEDA Suez New Energy Equipment S.A.E.)" in stretches
    assert stretches <= spans, sorted(stretches - spans)[:5]
    # poppler's reading order of our PDF follows the page (LibreOffice's it cuts at the isolates)
    assert squash("TEDA Suez New Energy Equipment S.A.E.") in squash(page_text(pdf, raw=False))


NANYUE = next(path for path in SAMPLES if path.stem == "nanyue-sihanoukville-automation-order")  # Khmer


@pytest.mark.parametrize("sample", [HUANAN, NANYUE, LANCANG, YANGJIANG, BINHAI], ids=lambda path: path.stem)
def test_table_cells_are_measured_as_drawn(built, sample):
    """Column widths come from each cell's width as HarfBuzz shapes it in the language's fonts
    (measure.py); a cell alone on its line in our PDF is drawn that wide (9.5 pt type), within 3 %.
    Counting characters took a Thai letter for a Latin one: "ต่อผู้รับการฝึกอบรมต่อเดือน", 20
    columns counted, is 23.3 drawn."""
    from agreements.measure import text_width

    spec, document, _, pdf = built[(sample, "sequential")]
    lines = {line.key: line for line in read_lines(pdf)}
    compared = []
    for section in document.sections:
        for language, blocks in section.body.items():
            for table in (block for block in blocks if isinstance(block, Table)):
                for cell in (cell for row in table.rows[1:] for cell in row if len(cell) > 3):
                    line = lines.get(key(cell))
                    if line is not None:
                        compared.append((cell, (line.x1 - line.x0) / (9.5 * text_width(cell, language))))
    assert len(compared) >= 8, compared
    assert all(0.97 < ratio < 1.03 for _, ratio in compared), compared


def test_the_check_finds_ragged_chinese_lines(built, tmp_path, monkeypatch):
    """Today's defect put back: Chinese not justified (WeasyPrint stretches only spaces) -> the
    check reports lines short of the column's edge; justified between characters -> none, and the
    Chinese lines start and end flush with the text block."""
    spec, document, _, _ = built[(NANSHAN, "sequential")]
    articles = [s for s in document.sections if s.role == "article"][:12]
    short = dataclasses.replace(document, sections=tuple(articles), layout="sequential")
    chinese = LANGUAGES["zh-Hans"]
    found = {}
    for name, justify in (("justified", chinese.justify), ("ragged", "")):
        monkeypatch.setitem(LANGUAGES, "zh-Hans", dataclasses.replace(chinese, justify=justify))
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(
            render_pdf(
                short, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1)
            )
        )
    monkeypatch.setitem(LANGUAGES, "zh-Hans", chinese)  # the check expects Chinese justified
    for name in ("justified", "ragged"):
        found[name] = check_layout(tmp_path / f"{name}.pdf", short, {}, PDF_BOX)
        assert not found[name]["margin"], found[name]["margin"]
    assert chinese.justify == "inter-character"
    assert found["justified"]["ragged"] == []
    assert len(found["ragged"]["ragged"]) >= 5, found["ragged"]["ragged"]
    lines = [
        ln
        for ln in read_lines(tmp_path / "justified.pdf")
        if re.match("[\u4e00-\u9fff（]", ln.text) and PDF_BOX.top <= ln.y0 <= ln.height - PDF_BOX.bottom
    ]
    right = lines[0].width - PDF_BOX.right
    flush = [ln for ln in lines if abs(ln.x1 - right) < 0.5]
    assert len(flush) >= 10, sorted({round(ln.x1, 1) for ln in lines})
    assert all(abs(ln.x0 - PDF_BOX.left) < 0.5 for ln in flush), [ln for ln in flush if ln.x0 > PDF_BOX.left][
        :3
    ]


def test_justified_chinese_letters_are_never_spread_far_apart(built, tmp_path):
    """A line followed by an amount that does not fit stays start-aligned rather than spreading
    its letters more than pdf_justify.MAX_SPREAD of an em apart (they were spread 0.3-0.8 em)."""
    from agreements.pdf_justify import MAX_SPREAD
    from tests.layout_check import BODY_EM

    spec, document, _, _ = built[(NANSHAN, "sequential")]
    amount = "人民币肆仟伍佰元整（CNY 4,500.00）"
    variant = _amount_paragraphs(dataclasses.replace(document, layout="side-by-side"), "zh-Hans", amount)
    variant = dataclasses.replace(variant, keep_together={**variant.keep_together, "zh-Hans": (amount,)})
    pdf = tmp_path / "amounts.pdf"
    pdf.write_bytes(
        render_pdf(variant, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1))
    )
    lines = [ln for ln in read_lines(pdf) if re.fullmatch("[金额甲为]{8,}", ln.text)]
    assert len(lines) >= 40, len(lines)
    spreads = [(ln.x1 - ln.x0 - len(ln.text) * BODY_EM) / (len(ln.text) - 1) for ln in lines]
    assert max(spreads) <= MAX_SPREAD * BODY_EM + 0.05, sorted(spreads)[-5:]
    assert sum(s > 0.01 for s in spreads) >= 10  # and the others are justified, spread a little
    report = check_layout(pdf, variant, {}, PDF_BOX)
    assert report["ragged"] == [] and report["margin"] == [], report


def test_an_item_number_never_ends_a_line(built, tmp_path):
    """ "(3)" or "2." at the end of a line, its words on the next, is sent back (Vietnamese "(3)",
    Lao "2."): a no-break space binds the number to its first word, in both outputs."""
    from agreements.words import bound_item_numbers, for_layout, for_word_processors

    assert bound_item_numbers("sau: (3) khi bất kỳ") == "sau: (3)\u00a0khi bất kỳ"
    assert "2.\u00a0" in for_layout("2. ຄຳສັນຍາ", "lo") and "2.\u00a0" in for_word_processors(
        "2. ຄຳສັນຍາ", "lo"
    )
    assert bound_item_numbers("within 30 days. The") == "within 30 days. The"
    spec, document, _, _ = built[(NANSHAN, "sequential")]
    variant = _amount_paragraphs(
        dataclasses.replace(document, layout="sequential"), "en", "(3) notwithstanding"
    )
    pdf = tmp_path / "items.pdf"
    pdf.write_bytes(
        render_pdf(variant, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1))
    )
    lines = read_lines(pdf)
    assert sum("(3)" in ln.text for ln in lines) >= 40
    assert not [ln.text for ln in lines if ln.text.rstrip().endswith("(3)")]


TYPED = {  # with the abbreviation or label that introduces it, if any
    "nanshan-xinchuang-supplementary-1": (
        "CNY 4,500.00",
        "CNY 500,000.00",
        "No. NSPT-XC-2027-003",
        "编号：NSPT-XC-2027-003",
    ),
    "yangjiang-morowali-nickel-order": ("12441700MB2D40618J",),  # a credit code, hyphenated in id
    "jinjihu-pennine-mechatronics": ("BD7 1DP",),  # a UK postcode in an address
}


@pytest.mark.parametrize("stem", TYPED)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_typed_amounts_codes_and_reference_numbers_stay_on_one_line(built, stem, layout):
    """Amounts and reference numbers the clerk typed into a text, and the parties' registration
    codes and postcodes, are kept together like the values the tool formats (they were cut:
    "CNY / 500,000.00", "NSPT- / XC-2027-003", "12441700M- / B2D40618J", "BD7 / 1DP"; and
    "No. / NSPT-XC-2027-003", "编号：/ NSPT-XC-2027-003")."""
    sample = next(path for path in SAMPLES if path.stem == stem)
    spec, document, _, pdf = built[(sample, layout)]
    values = {
        lang: [v for v in TYPED[stem] if v in document.keep_together[lang]] for lang in document.languages
    }
    assert all(any(value in kept for kept in values.values()) for value in TYPED[stem]), values
    assert split_values(body_lines(read_lines(pdf), PDF_BOX), values) == []


def test_side_by_side_pages_of_running_text_are_filled(built):
    """A paragraph row too long to move whole (columns.may_split) continues on the next page:
    every side-by-side page followed by more running text (not by the signing line or an annex,
    which start where they must) is at least 70 % full. Rows that all moved whole left khorgos
    p. 12 at 64 % and nanyue p. 13 at 65 %."""
    checked, problems = 0, []
    for sample in SAMPLES:
        spec, document, _, pdf = built[(sample, "side-by-side")]
        if document.layout != "side-by-side":  # three languages: interleaved instead
            continue
        checked += 1
        lines = [ln for ln in read_lines(pdf) if ln.y1 <= ln.height - PDF_BOX.bottom]
        starts = [key(document.signing_line[lang]) for lang in document.languages]
        starts += [
            heading_key(s, lang)
            for s in document.sections
            if s.role == "annex"
            for lang in document.languages
        ]
        for page in range(1, max(ln.page for ln in lines)):
            following = [ln for ln in lines if ln.page == page + 1 and ln.y0 >= PDF_BOX.top - 2]
            first = min(following, key=lambda ln: ln.y0).key
            if any(start and first.startswith(start[:12]) for start in starts):
                continue
            bottom = max(ln.y1 for ln in lines if ln.page == page)
            fill = (bottom - PDF_BOX.top) / (lines[0].height - PDF_BOX.top - PDF_BOX.bottom)
            if fill < 0.7:
                problems.append(f"{sample.stem} p. {page}: {fill:.0%} full")
    assert checked >= 8, checked
    assert not problems, problems


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_text_below_ends_the_page_of_the_last_text(built, case):
    """ "（以下无正文）/ (No further text below)" stands on the page of the text it closes, never
    alone on a page of its own before the signatures (it went with a three-language signature
    block that needed the next page)."""
    spec, document, _, pdf = built[case]
    lines = [ln for ln in read_lines(pdf) if PDF_BOX.top - 2 <= ln.y0 and ln.y1 <= ln.height - PDF_BOX.bottom]
    first = document.languages[0]
    note = key(document.labels[first]["no_text_below"])
    notes = [ln for ln in lines if ln.key == note]
    assert notes, note
    for found in notes:
        before = [ln for ln in lines if ln.page == found.page and ln.y1 <= found.y0]
        assert before, f"p. {found.page}: {found.text!r} begins its page"


def test_signature_block_leaves_room_for_a_seal(built):
    """Between "Seal" and the next line of the signature block: at least 4 cm."""
    spec, document, _, pdf = built[(NANSHAN, "sequential")]
    seal = document.signatories[0].lines[3].text["en"]
    lines = read_lines(pdf)
    label = next(ln for ln in lines if ln.text.replace("\u00a0", " ").startswith(seal[:8]))
    below = min(
        (ln for ln in lines if ln.page == label.page and ln.y0 > label.y1 and abs(ln.x0 - label.x0) < 3),
        key=lambda ln: ln.y0,
    )
    assert below.y0 - label.y1 >= 40 * MM, (label, below)


def test_draft_docx_has_words_diagonal_watermark(built):
    """A VML text path in the header, as Word writes its own watermark, saying DRAFT in every
    language; LibreOffice draws it (looked at) and Word shows it behind the text."""
    import zipfile

    spec, document, docx_path, _ = built[(SAMPLES[2], "interleaved")]  # lingnan: a draft, 3 languages
    assert document.status == "draft"
    with zipfile.ZipFile(docx_path) as package:
        headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    shape = next(h for h in headers if "<v:textpath" in h)
    assert "PowerPlusWaterMarkObject" in shape and "rotation:315" in shape
    for language in document.languages:
        assert document.labels[language]["draft"] in shape


def test_libreoffice_embeds_no_fallback_font(built, libreoffice_pdfs):
    """The DOCX names serif faces only, and LibreOffice finds a glyph in each: Lao text with
    curly quotes fell back to DejaVu Sans (the Lao font has no “ ”), the Thai abbreviation
    "ปวช." in Chinese text to Noto Sans Thai (the Chinese style's complex-script font was Lao).
    Nor a face of a language the agreement is not in: the Arabic header's closing isolate was
    drawn in Noto Serif Lao, the first complex script's font (Word's default for that slot)."""
    from agreements.docx_xml import slot_fonts
    from tests.outputs import pdf_fonts

    def family(name: str) -> str:
        return name.split("+")[-1].split("-")[0].replace(" ", "")

    for case in CASES:
        document = built[case][1]
        names = [row["name"] for row in pdf_fonts(libreoffice_pdfs[f"samples-{case_id(case)}"])]
        assert not [name for name in names if "DejaVu" in name or "Sans" in name], (case_id(case), names)
        own = {family(LANGUAGES[tag].serif) for tag in document.languages} | {family(slot_fonts()["latin"])}
        foreign = {family(info.serif) for info in LANGUAGES.values()} - own
        assert not [name for name in names if family(name) in foreign], (case_id(case), names)


def test_the_check_finds_a_lone_character_on_a_paragraph_s_last_line(built, tmp_path):
    """Today's defect put back: the ends of Chinese paragraphs not kept together -> the check
    reports last lines of one character ("守。"); kept (language data paragraph_keep_last) -> none,
    and the sample's own PDF has none either."""
    from agreements.kept import paragraph_ends

    spec, document, _, pdf = built[(NANSHAN, "side-by-side")]
    ends = paragraph_ends(document.sections, "zh-Hans")
    assert LANGUAGES["zh-Hans"].paragraph_keep_last == 2 and len(ends) > 50
    assert ends <= set(document.keep_together["zh-Hans"])
    loose = dataclasses.replace(
        document,
        keep_together={
            **document.keep_together,
            "zh-Hans": tuple(k for k in document.keep_together["zh-Hans"] if k not in ends),
        },
    )
    loose_pdf = tmp_path / "loose.pdf"
    loose_pdf.write_bytes(
        render_pdf(loose, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1))
    )
    found = check_layout(loose_pdf, document, {}, PDF_BOX)["lone_last"]
    assert len(found) >= 3, found
    assert all(re.search(r"'[^\W\d_][^\w]*'", problem) for problem in found), found
    assert check_layout(pdf, document, {}, PDF_BOX)["lone_last"] == []


def _rules(pdf, page: int) -> list[tuple[float, list[tuple[float, float]]]]:
    """The signing rules drawn on a page: (y, [(x0, x1) of each rule at that height]) in points,
    read from the rendered page (#777 lines; the watermark is lighter, text makes no long runs)."""
    import subprocess

    from PIL import Image

    scale = 2  # pixels per point
    png = subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", str(72 * scale), "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.tobytes()
    long_dark = re.compile(rb"[\x00-\xc7]{%d,}" % (60 * scale))  # darker than 200, 60 pt or longer
    found = []
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        runs = [(m.start() / scale, m.end() / scale) for m in long_dark.finditer(row)]
        if runs and not (found and found[-1][0] >= y / scale - 1):  # a rule's second pixel row
            found.append((y / scale, runs))
    return found


def test_each_party_signs_on_a_rule_of_its_own_right_to_left_too(built):
    """Sequential Chinese and Arabic: every signing rule is two rules, one per party's column,
    with a gap between them and inside the text block (in Arabic the columns touched: one rule
    ran under both parties)."""
    spec, document, _, pdf = built[(BINHAI, "sequential")]
    lines = read_lines(pdf)
    signature = next(line for line in document.signatories[0].lines if line.field == "signature")
    labels = tuple(key(signature.text[language]) for language in document.languages)
    pages = sorted({ln.page for ln in lines if ln.key.startswith(labels)})
    assert len(pages) == 2, pages  # one signature page per language
    width = lines[0].width
    for page in pages:
        rules = _rules(pdf, page)
        assert len(rules) >= 2, (page, rules)  # signature and date
        for y, runs in rules:
            assert len(runs) == 2, (page, y, runs)
            (left_start, left_end), (right_start, right_end) = runs
            assert right_start - left_end >= 12, (page, y, runs)
            assert left_start >= PDF_BOX.left - 1 and right_end <= width - PDF_BOX.right + 1, (page, y, runs)


def test_the_check_finds_an_amended_article_s_quoted_title_at_the_foot_of_a_page(built, tmp_path):
    """Today's defect put back: the supplementary agreement's "“第二条 学生实习" / "“Article 2
    Student Internships" at the foot of p. 1, its text on p. 2, when no paragraph keeps with the
    next -> heading_at_foot reports it; kept (Paragraph.keep_with_next) -> the sample has none."""
    supplementary = next(path for path in SAMPLES if path.stem == "nanshan-xinchuang-supplementary-1")
    spec, document, _, pdf = built[(supplementary, "side-by-side")]
    quoted = [
        block.text
        for section in document.sections
        for block in section.body["zh-Hans"]
        if isinstance(block, Paragraph) and block.keep_with_next and block.text.startswith("“")
    ]
    assert quoted[0] == "“第二条 学生实习", quoted
    loose = dataclasses.replace(
        document,
        sections=tuple(
            dataclasses.replace(
                section,
                body={
                    language: tuple(
                        dataclasses.replace(b, keep_with_next=False) if isinstance(b, Paragraph) else b
                        for b in blocks
                    )
                    for language, blocks in section.body.items()
                },
            )
            for section in document.sections
        ),
    )
    loose_pdf = tmp_path / "loose.pdf"
    loose_pdf.write_bytes(
        render_pdf(loose, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1))
    )
    found = check_layout(loose_pdf, document, {}, PDF_BOX)["heading_at_foot"]
    assert any("第二条学生实习" in p.replace(" ", "") for p in found), found
    assert check_layout(pdf, document, {}, PDF_BOX)["heading_at_foot"] == []


def test_side_by_side_annex_table_cells_keep_their_padding(built):
    """The cells of a table inside a side-by-side column keep the data table's padding (the
    column's own rules took it away: text touched the cell borders): the first column's text
    starts as far from the table's edge as in the sequential layout, ~4.5 pt."""
    starts = {}
    for layout in ("side-by-side", "sequential"):
        spec, document, _, pdf = built[(NANSHAN, layout)]
        tables = [
            b
            for s in document.sections
            if s.role == "annex"
            for b in s.body["zh-Hans"]
            if isinstance(b, Table)
        ]
        cells = {key(row[0]) for table in tables for row in table.rows[1:]}
        starts[layout] = sorted(
            round(ln.x0 - PDF_BOX.left, 1)
            for ln in read_lines(pdf)
            if ln.key in cells and PDF_BOX.left - 1 <= ln.x0 < PDF_BOX.left + 12
        )
    assert starts["side-by-side"] and starts["sequential"], starts
    assert min(starts["side-by-side"]) >= 3, starts
    assert abs(min(starts["side-by-side"]) - min(starts["sequential"])) < 0.5, starts


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_word_is_hyphenated_in_the_signature_blocks(built, case):
    """Names and titles on the signature page are never hyphenated ("Abdul-lah", "Poly-technic",
    "Pro-fessor" were), though the text above them is."""
    spec, document, _, pdf = built[case]
    lines = read_lines(pdf)
    hyphenated = []
    for language in document.languages:
        signing = key(document.signing_line[language])
        for start in (ln for ln in lines if ln.key.startswith(signing[:12])):
            block = [ln for ln in lines if ln.page == start.page and ln.y0 > start.y0]
            # U+2010: the hyphen hyphenation adds ("Vice- / Chancellor" breaks after its own "-")
            hyphenated += [ln.text for ln in block if ln.text.rstrip().endswith("\u2010")]
    assert not hyphenated, hyphenated


@pytest.mark.parametrize("case", [c for c in CASES if c[1] != "sequential"], ids=case_id)
def test_the_no_text_below_notes_share_a_page_in_both_outputs(built, libreoffice_pdfs, case):
    """Interleaved and side by side, "（以下无正文）" and its translations stand together: in
    LibreOffice the Khmer one opened the signature page while the Chinese one ended the page
    before."""
    spec, document, _, pdf = built[case]
    for path in (pdf, libreoffice_pdfs[f"samples-{case_id(case)}"]):
        lines = read_lines(path)
        pages = {
            language: {ln.page for ln in lines if ln.key == key(document.labels[language]["no_text_below"])}
            for language in document.languages
        }
        assert all(len(found) == 1 for found in pages.values()), (path.name, pages)
        assert len(set().union(*pages.values())) == 1, (path.name, pages)
