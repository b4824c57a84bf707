"""Khmer in the PDF, on the zh-Hans + km sample (an order class with a plant in the Sihanoukville
SEZ, side by side: the narrowest column): lines end only between words, and the text layer gives
the source text back although Khmer glyphs are not drawn in text order (agreements/pdf_text_layer.py).
The checks are shown to fail on text that breaks inside words and on glyphs without ActualText.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import unicodedata
import unittest.mock
import zipfile
from pathlib import Path

import pytest
import weasyprint
from weasyprint.draw import text as weasyprint_text

from agreements import pdf_text_layer
from agreements.compose import compose
from agreements.docx_writer import render_docx
from agreements.pdf_fonts import finish
from agreements.pdf_writer import font_configuration, render_pdf
from agreements.validate import read_spec
from agreements.words import ZWSP, break_words, for_layout, unbreakable
from tests.layout_check import line_breaks, text_layer
from tests.outputs import REPO

SAMPLE = REPO / "specs" / "nanyue-sihanoukville-automation-order.yaml"
CREATED = datetime.datetime(2027, 4, 20, tzinfo=datetime.UTC)
# words of the sample's Khmer text, as a reader of Khmer splits them
WORDS = ["កិច្ចព្រមព្រៀង", "នេះ", "ត្រូវ", "បណ្តុះបណ្តាល", "សិក្ខាកាម", "សេចក្តី", "ក្រុមហ៊ុន", "ព្រះសីហនុ"]
# single words (not compounds) of the contract register, none of which a line may split
WHOLE = (
    "កិច្ចព្រមព្រៀង បណ្តុះបណ្តាល សិក្ខាកាម ជំនាញ បង្រៀន លាយលក្ខណ៍ អក្សរ បទប្បញ្ញត្តិ ទទួលខុសត្រូវ "
    "សុវត្ថិភាព ឧបសម្ព័ន្ធ ទិន្នន័យ ព័ត៌មាន រយៈពេល មាត្រា និស្សិត ពាណិជ្ជកម្ម មជ្ឈត្តកម្ម "
    "ព្រះរាជាណាចក្រ កម្ពុជា សាធារណរដ្ឋ ទិដ្ឋាការ ធានារ៉ាប់រង បច្ចេកវិទ្យា អគ្គិសនី ស្តង់ដារ "
    "កាតព្វកិច្ច សញ្ញាបត្រ វិញ្ញាបនបត្រ ឧបត្ថម្ភ ឧបករណ៍ រោងចក្រ សេដ្ឋកិច្ច គោលបំណង អនុវត្ត "
    "ហត្ថលេខា វិសាលភាព លក្ខខណ្ឌ អាជ្ញាធរ បរិក្ខារ"
).split()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    document = compose(read_spec(SAMPLE))
    pdf = tmp_path_factory.mktemp("khmer") / "sample.pdf"
    pdf.write_bytes(
        render_pdf(document, spec_bytes=SAMPLE.read_bytes(), spec_name=SAMPLE.name, created=CREATED)
    )
    return document, pdf


class Text:
    """A document of one paragraph in one language (what the checks read)."""

    def __init__(self, language: str, text: str):
        self.languages, self._text = (language,), text

    def text(self, language: str) -> list[str]:
        return [self._text]


def _pdf(path: Path, text: str, css: str = "") -> Path:
    html = f'<p lang="km" style="font-family: Noto Serif Khmer; width: 40mm; {css}">{text}</p>'
    weasyprint.HTML(string=html).write_pdf(path, font_config=font_configuration(), finisher=finish)
    return path


def test_khmer_lines_of_the_pdf_end_only_between_words(sample):
    document, pdf = sample
    checked, problems = line_breaks(pdf, document, "km")
    assert checked > 300, checked  # the Khmer paragraphs were found and their lines read
    assert problems == []


def test_the_text_layer_of_khmer_is_the_source_text(sample):
    document, pdf = sample
    assert text_layer(pdf, document) == []
    words = re.sub(r"\s+", "", "".join(document.text("km")))
    assert all(word in words for word in WORDS)  # the words the check looked for are there


def test_the_line_check_finds_a_break_inside_a_word(tmp_path):
    text = "កិច្ចព្រមព្រៀងនេះត្រូវបានធ្វើឡើងជាពីរច្បាប់ដើម ដែលមានអានុភាពគតិយុត្តស្មើគ្នា។ " * 4
    pdf_text_layer.install()
    broken = _pdf(tmp_path / "broken.pdf", text, "word-break: break-all")
    checked, problems = line_breaks(broken, Text("km", text), "km")
    assert checked >= 5 and problems, (checked, problems)
    whole = _pdf(tmp_path / "whole.pdf", for_layout(text, "km"))
    assert line_breaks(whole, Text("km", text), "km")[1] == []


def test_without_actual_text_the_glyphs_do_not_give_khmer_back(tmp_path, monkeypatch):
    """Why the ActualText spans exist: the same line drawn as bare glyphs reads otherwise."""
    text = "ស សេ សេចក្តីព្រាង កិច្ច ព្រមព្រៀង"  # glyphs in several clusters, as on any page
    monkeypatch.setattr(weasyprint_text, "draw_first_line", pdf_text_layer._draw_first_line)
    bare = _pdf(tmp_path / "bare.pdf", text)
    assert text_layer(bare, Text("km", text))
    monkeypatch.setattr(weasyprint_text, "draw_first_line", pdf_text_layer.draw_line)
    assert text_layer(_pdf(tmp_path / "spans.pdf", text), Text("km", text)) == []


def test_only_languages_that_ask_for_it_get_actual_text():
    assert pdf_text_layer.actual_text("សេ\u200bចក្តី") == "សេចក្តី"
    assert pdf_text_layer.actual_text("ສັນຍາ\u200bສະບັບນີ້") is None  # Lao: its glyphs map back
    assert pdf_text_layer.actual_text("本协议 Agreement") is None


def test_numbers_the_clauses_print_bare_are_khmer_digits(sample):
    """{{ n.i }}. and {{ loop.index }}. print the language's digits, as number() does."""
    document, _ = sample
    khmer = document.text("km")
    assert not [p for p in khmer if re.match(r"\(?[0-9]+[.)]", p)]
    assert [p for p in khmer if p.startswith("២. ")] and [p for p in khmer if p.startswith("(២) ")]
    assert [p for p in document.text("zh-Hans") if p.startswith("2. ")]  # Chinese keeps its digits


def test_page_numbers_and_revision_are_in_khmer_digits(sample):
    document, pdf = sample
    assert document.labels["km"]["revision"] == "ការកែសម្រួលលើកទី ១"
    assert document.labels["zh-Hans"]["revision"] == "第1版"
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        .stdout.split("Pages:")[1]
        .split()[0]
    )
    khmer_pages = "".join("០១២៣៤៥៦៧៨៩"[int(d)] for d in str(pages))
    assert f"ទំព័រ ២ នៃ {khmer_pages}" in second and f"第2页，共{pages}页" in second


def test_the_segmenter_never_cuts_a_word_of_the_sample():
    """Lines end only where words.break_words puts a U+200B (the tests above); here, independently
    of khmercut, none of those falls inside a word (it once cut ជំនា|ញ៖ before the punctuation)."""
    found, cut = 0, []
    for paragraph in compose(read_spec(SAMPLE)).text("km"):
        boundaries, position = set(), 0
        for char in break_words(paragraph, "km"):
            if char == ZWSP:
                boundaries.add(position)
            else:
                position += 1
        for word in WHOLE:
            for match in re.finditer(word, paragraph):
                found += 1
                if any(match.start() < b < match.end() for b in boundaries):
                    cut.append(
                        break_words(paragraph, "km")[match.start() : match.end() + 4].replace(ZWSP, "|")
                    )
    assert found > 500, found
    assert cut == []


def test_no_docx_run_of_khmer_starts_inside_a_syllable(sample):
    """A value kept on one line (ភាគី ក, a date, ៣៦ ខែ) had a word joiner between every
    character, each character its own run: LibreOffice drew ភ ា គ ី with dotted circles."""
    document, _ = sample
    with zipfile.ZipFile(io.BytesIO(render_docx(document, created=CREATED))) as package:
        xml = package.read("word/document.xml").decode()
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    khmer = [t for t in texts if re.search("[\u1780-\u17ff]", t)]
    assert len(khmer) > 500
    inside = [t for t in khmer if unicodedata.category(t[0]) in ("Mn", "Mc") or t[0] == "\u17d2"]
    assert inside == []
    # joiners between clusters only (none before a vowel sign or after the coeng)
    assert unbreakable("ភាគី ក") == "ភា\u2060គី\u2060\u202f\u2060ក"
    assert unbreakable("ស្តី") == "ស្តី"
    assert unbreakable("9月") == "9\u2060月"  # Chinese keeps a joiner between every character


def test_dates_are_written_as_cambodian_contracts_write_them():
    """ថ្ងៃទី ១ ខែកញ្ញា ឆ្នាំ២០២៧: ថ្ងៃទី + day, ខែ + month, ឆ្នាំ + year, in Khmer digits (CLDR's
    long date is "១ កញ្ញា ២០២៧"); ថ្ងៃទី is part of the date, kept on its line with the number
    (a line of the term article ended on "…រហូតដល់ថ្ងៃទី", the number on the next)."""
    from agreements.formatting import Formatter

    assert Formatter("km").date(datetime.date(2027, 9, 1)) == "ថ្ងៃទី ១ ខែកញ្ញា ឆ្នាំ២០២៧"
    assert Formatter("km").date(datetime.date(2028, 12, 25)) == "ថ្ងៃទី ២៥ ខែធ្នូ ឆ្នាំ២០២៨"
    spec = read_spec(REPO / "specs" / "nanyue-sihanoukville-automation-order.yaml")
    document = compose(spec)
    text = "\n".join(document.text("km"))
    start = Formatter("km").date(spec.term.start)
    assert f"ចាប់ពី{start}" in text and "ថ្ងៃទី ថ្ងៃទី" not in text, start
    assert start in document.keep_together["km"]
    assert not re.search("ថ្ងៃទី ?ថ្ងៃទី", text)


def test_table_columns_measure_khmer_as_drawn():
    """A Khmer cell's width: marks and subscript consonants take no column of their own, and a
    line breaks between the words the segmenter finds (the cell has no spaces): the amount column
    of a Khmer cost table gets room for its amount (LibreOffice wrapped "CNY ១២.០០០,០០")."""
    from agreements import columns
    from agreements.columns import _longest_piece, column_shares, display_width, whole_columns
    from agreements.document import Table

    assert display_width("ស្រី") == 1  # ស, coeng + រ stacked, ី above
    assert display_width("កិច្ចព្រមព្រៀង") == 7  # ក ច ព ម ព ង and ៀ (a spacing vowel), of 14 code points
    text = "ថ្លៃឈ្នួលកន្លែងស្នាក់នៅនិងអាហារសម្រាប់សិក្ខាកាម"
    assert " " not in text
    assert _longest_piece(text, (), "km") < display_width(text) / 2
    table = Table(rows=(("ការចំណាយ", "ចំនួនទឹកប្រាក់"), (text, "CNY ១២.០០០,០០")))
    assert 1 in whole_columns(table, ("CNY ១២.០០០,០០",), "km")
    # where no column gets all it wants (no budget), the shares follow what each needs: a Khmer
    # cell needs its longest word, not all of it
    with unittest.mock.patch.object(columns, "TABLE_WIDTH", 0):
        without, with_words = (
            column_shares(table, ("CNY ១២.០០០,០០",)),
            column_shares(table, ("CNY ១២.០០០,០០",), "km"),
        )
    assert with_words[1] > without[1]
