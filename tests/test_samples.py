"""Every sample in every layout, checked as a user would: the text of both outputs, the fonts,
LibreOffice opening the DOCX, and every amount, date and count of the spec in every language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from agreements.build import build_agreement
from agreements.compose import compose
from agreements.formatting import Formatter
from agreements.languages import LANGUAGES
from agreements.model import Money, Spec, Text
from agreements.validate import read_spec
from tests.layout_check import page_words, words_of
from tests.outputs import SAMPLES, docx_text, in_text, pdf_fonts, pdf_text, spec_variant, squash
from tests.shared import once, shared_root

LAYOUTS = ("side-by-side", "sequential", "interleaved")
CASES = [(sample, layout) for sample in SAMPLES for layout in LAYOUTS]
HOSTILE = 'R&D <Ltd> "Q" {{ 7*7 }}'


def case_id(case) -> str:
    return f"{case[0].stem}-{case[1]}"


def _build_case(folder: Path, sample: Path, layout: str) -> None:
    text = spec_variant(sample.read_text(encoding="utf-8"), layout=layout)
    assert f"layout: {layout}" in text
    spec_path = folder / sample.name
    spec_path.write_text(text, encoding="utf-8")
    result = build_agreement(spec_path, folder / "out")
    assert set(result.outputs) == {f"{result.spec_id}.docx", f"{result.spec_id}.pdf"}


class Built:
    """Each sample in each layout, built once per run and shared by the xdist workers, on first
    use: built[(sample, layout)] is (spec, document, docx path, pdf path). A sample in its own
    layout is the run's shared CLI build of the samples (`sample_build`): its spec is the
    committed file, byte for byte; the other layouts are built here with build_agreement."""

    def __init__(self, root: Path, sample_build: Path):
        self.root, self.sample_build, self.cases = root, sample_build, {}

    def __getitem__(self, case):
        if case not in self.cases:
            sample, layout = case
            text = sample.read_text(encoding="utf-8")
            if spec_variant(text, layout=layout) == text:  # the sample's own layout
                spec_path, out = self.sample_build / "specs" / sample.name, self.sample_build / "out"
            else:
                folder = once(
                    self.root, f"sample-{case_id(case)}", lambda folder: _build_case(folder, sample, layout)
                )
                spec_path, out = folder / sample.name, folder / "out"
            spec = read_spec(spec_path)
            files = sorted(p.name for p in (out / spec.id).iterdir())
            assert files == [f"{spec.id}.docx", f"{spec.id}.pdf"], files
            self.cases[case] = (
                spec,
                compose(spec),
                out / spec.id / f"{spec.id}.docx",
                out / spec.id / f"{spec.id}.pdf",
            )
        return self.cases[case]


@pytest.fixture(scope="session")
def built(tmp_path_factory, sample_build) -> Built:
    return Built(shared_root(tmp_path_factory), sample_build)


def docx_for_libreoffice(folder: Path, built: Built) -> None:
    """For the run's one LibreOffice call (conftest.py): each layout's DOCX under its own name
    (the layouts share the spec's id)."""
    for case in CASES:
        shutil.copy(built[case][2], folder / f"samples-{case_id(case)}.docx")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_docx_and_pdf_say_the_same_in_every_language(built, case):
    spec, document, docx, pdf = built[case]
    in_docx, in_pdf = squash(docx_text(docx)), squash(pdf_text(pdf))
    pdf_words = page_words(pdf)
    for language in document.languages:
        for line in document.text(language):
            assert squash(line) in in_docx, f"{language} line missing from the DOCX: {line}"
            if LANGUAGES[language].direction == "rtl":  # poppler's raw text is in visual order
                assert words_of(line) <= pdf_words, f"{language} words missing from the PDF: {line}"
            else:
                assert in_text(squash(line), in_pdf), f"{language} line missing from the PDF: {line}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_pdf_fonts_are_embedded_and_chinese_uses_the_sc_face(built, case):
    spec, document, _, pdf = built[case]
    rows = pdf_fonts(pdf)
    assert rows and all(row["emb"] == "yes" for row in rows), rows
    names = [row["name"] for row in rows]
    assert not [n for n in names if re.search(r"CJK(jp|kr|tc|hk)|CJK-?(JP|KR|TC|HK)", n)], names
    if "zh-Hans" in document.languages:
        assert any(re.search(r"CJK-?SC|CJKsc", n) for n in names), names
    assert any("Lao" in n for n in names) == ("lo" in document.languages)


@pytest.mark.parametrize("sample", SAMPLES[:3], ids=lambda path: path.stem)
def test_one_house_style_the_final_pdf_is_set_in_the_docx_s_serif_faces(built, sample, tmp_path):
    """Header, footer, headings and text of a final agreement (no draft watermark) are in the
    serif faces the DOCX's styles name; the PDF's header and footer were sans."""
    from agreements.pdf_writer import render_pdf

    spec, document, docx_path, _ = built[(sample, "interleaved")]
    final = dataclasses.replace(document, status="final")
    pdf = tmp_path / "final.pdf"
    pdf.write_bytes(render_pdf(final, spec_bytes=b"", spec_name="x.yaml", created=dt.datetime(2027, 1, 1)))
    names = [row["name"] for row in pdf_fonts(pdf)]
    assert names and not [n for n in names if "Sans" in n], names
    styles = zipfile.ZipFile(docx_path).read("word/styles.xml").decode()
    assert "Sans" not in styles


def written(node, path: tuple = ()):
    """(path, value) for every value the spec writes out; defaults it leaves alone (e.g. the
    force majeure periods of a memorandum, which has no such article) are not printed."""
    if isinstance(node, BaseModel) and not isinstance(node, Text):
        for name in type(node).model_fields:
            if name in node.model_fields_set:
                yield path + (name,), getattr(node, name)
                yield from written(getattr(node, name), path + (name,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield path + (index,), item
            yield from written(item, path + (index,))


def expected_values(spec: Spec, language: str) -> list[str]:
    """Every amount, date and count of the spec, formatted as the agreement must show it."""
    f = Formatter(language)
    values = [f.date(spec.signing.date), f.date(spec.term.start), f.date(spec.term.last_day)]
    for path, value in written(spec):
        name = path[-1]
        if isinstance(value, Money):
            values.append(f.money(value))
        elif isinstance(value, dt.date):
            values.append(f.date(value))
        elif isinstance(value, int) and not isinstance(value, bool) and name not in ("revision",):
            values.append(f.number(value))
        elif isinstance(value, Decimal) and name.endswith("percent"):
            values.append(f.percent(value))
    return values


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_amount_date_and_count_appears_formatted(built, sample):
    spec, document, docx, pdf = built[(sample, "sequential")]
    in_docx, in_pdf = squash(docx_text(docx)), squash(pdf_text(pdf))
    pdf_words = page_words(pdf)
    for language in document.languages:
        for value in expected_values(spec, language):
            assert squash(value) in in_docx, f"{language}: {value!r} is not in the DOCX"
            if LANGUAGES[language].direction == "rtl":  # poppler's raw text is in visual order
                assert words_of(value) <= pdf_words, f"{language}: {value!r} is not in the PDF"
            else:
                assert in_text(squash(value), in_pdf), f"{language}: {value!r} is not in the PDF"


def test_libreoffice_opens_every_docx(built, libreoffice_pdfs):
    for case in CASES:
        spec, document, _, _ = built[case]
        pdf = libreoffice_pdfs[f"samples-{case_id(case)}"]
        assert pdf.exists(), f"LibreOffice did not convert {case_id(case)}"
        text, last = squash(pdf_text(pdf)), document.languages[-1]
        for party in spec.parties:
            name = party.name[last]
            if LANGUAGES[last].direction == "rtl":  # poppler's raw text is in visual order
                assert words_of(name) <= page_words(pdf), f"{name!r} is not in LibreOffice's PDF"
            else:
                assert squash(name)[:12] in text


def test_hostile_party_name_appears_verbatim(tmp_path):
    sample = next(s for s in SAMPLES if "nanshan" in s.name)
    text = sample.read_text(encoding="utf-8")
    spec = read_spec(sample)
    original = spec.parties[1].name["en"]
    assert original in text
    path = tmp_path / sample.name
    path.write_text(text.replace(original, f"'{HOSTILE}'", 1), encoding="utf-8")
    build_agreement(path, tmp_path / "out")
    folder = tmp_path / "out" / spec.id
    assert HOSTILE in docx_text(folder / f"{spec.id}.docx")
    assert squash(HOSTILE) in squash(pdf_text(folder / f"{spec.id}.pdf"))
