"""Every sample in every layout, checked as a user would: the text of both outputs, the fonts,
LibreOffice opening the DOCX, and every amount, date and count of the spec in every language."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from agreements.build import build_agreement
from agreements.compose import compose
from agreements.formatting import Formatter
from agreements.model import Money, Spec, walk
from agreements.validate import read_spec
from tests.outputs import (SAMPLES, docx_text, in_text, libreoffice_convert, pdf_fonts, pdf_text,
                           spec_variant, squash)

LAYOUTS = ("side-by-side", "sequential", "interleaved")
CASES = [(sample, layout) for sample in SAMPLES for layout in LAYOUTS]
HOSTILE = 'R&D <Ltd> "Q" {{ 7*7 }}'


def case_id(case) -> str:
    return f"{case[0].stem}-{case[1]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each sample in each layout, built once: (spec, document, docx path, pdf path)."""
    root = tmp_path_factory.mktemp("samples")
    results = {}
    for sample, layout in CASES:
        text = spec_variant(sample.read_text(encoding="utf-8"), layout=layout)
        assert f"layout: {layout}" in text
        spec_path = root / layout / sample.name
        spec_path.parent.mkdir(parents=True, exist_ok=True)
        spec_path.write_text(text, encoding="utf-8")
        result = build_agreement(spec_path, root / layout / "out")
        spec = read_spec(spec_path)
        folder = root / layout / "out" / spec.id
        results[(sample, layout)] = (spec, compose(spec), folder / f"{spec.id}.docx",
                                     folder / f"{spec.id}.pdf")
        assert set(result.outputs) == {f"{spec.id}.docx", f"{spec.id}.pdf"}
    return results


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_docx_and_pdf_say_the_same_in_every_language(built, case):
    spec, document, docx, pdf = built[case]
    in_docx, in_pdf = squash(docx_text(docx)), squash(pdf_text(pdf))
    for language in document.languages:
        for line in document.text(language):
            assert squash(line) in in_docx, f"{language} line missing from the DOCX: {line}"
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


def expected_values(spec: Spec, language: str) -> list[str]:
    """Every amount, date and count of the spec, formatted as the agreement must show it."""
    f = Formatter(language)
    values = [f.date(spec.signing.date), f.date(spec.term.start), f.date(spec.term.last_day)]
    for path, value in walk(spec):
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
    for language in document.languages:
        for value in expected_values(spec, language):
            assert squash(value) in in_docx, f"{language}: {value!r} is not in the DOCX"
            assert in_text(squash(value), in_pdf), f"{language}: {value!r} is not in the PDF"


def test_libreoffice_opens_every_docx(built, tmp_path):
    copies = []   # each layout's DOCX under its own name: the layouts share the spec's id
    for case in CASES:
        copies.append(tmp_path / f"{case_id(case)}.docx")
        copies[-1].write_bytes(built[case][2].read_bytes())
    for case, pdf in zip(CASES, libreoffice_convert(copies, tmp_path)):
        spec, document, _, _ = built[case]
        assert pdf.exists(), f"LibreOffice did not convert {case_id(case)}"
        text = squash(pdf_text(pdf))
        for party in spec.parties:
            assert squash(party.name[document.languages[-1]])[:12] in text


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
