"""Redlines: accepting every tracked change gives the new text, rejecting gives the old one."""

from __future__ import annotations

import copy
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from agreements.compare import compare
from agreements.document import Document
from agreements.docx_writer import language_style_id
from agreements.redline import write_redlines
from agreements.revisions import read_revision
from agreements.templates import Templates
from tests.outputs import REPO, W, edited_copy, pdf_text, squash, texts_by_language

SAMPLE = REPO / "specs" / "lingnan-vientiane-pharmacy.yaml"
TWO_LANGUAGE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"


def write(tmp_path: Path, name: str, source: Path, *replacements: tuple[str, str]) -> Path:
    return edited_copy(source, tmp_path / name, *replacements)


def body_xml(docx: Path) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def accept_all(root: etree._Element) -> etree._Element:
    root = copy.deepcopy(root)
    for deleted in root.iter(f"{W}del"):
        deleted.getparent().remove(deleted)
    for inserted in list(root.iter(f"{W}ins")):
        _unwrap(inserted)
    return root


def reject_all(root: etree._Element) -> etree._Element:
    root = copy.deepcopy(root)
    for inserted in list(root.iter(f"{W}ins")):
        inserted.getparent().remove(inserted)
    for text in root.iter(f"{W}delText"):
        text.tag = f"{W}t"
    for deleted in list(root.iter(f"{W}del")):
        _unwrap(deleted)
    return root


def _unwrap(element: etree._Element) -> None:
    parent, index = element.getparent(), element.getparent().index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def text_of(root: etree._Element, language: str) -> str:
    """Every run of one language, in document order (runs carry their language's style)."""
    return squash("".join(texts_by_language(root).get(language_style_id(language), [])))


def expected_text(document: Document, language: str) -> str:
    """The document's text in one language, table cells included, in the DOCX's reading order:
    the signature table row by row (one row per field, as in the PDF)."""
    lines = document.text(language)  # the signature blocks party by party
    start = lines.index(document.signing_line[language]) + 1
    by_party = [line.text[language] for signatory in document.signatories for line in signatory.lines]
    assert lines[start : start + len(by_party)] == by_party
    by_field = [cell.lines[0][1] for row in document.signature_table((language,)) for cell in row if cell]
    return squash("".join(lines[:start] + by_field + lines[start + len(by_party) :]))


def expected_party_by_party(document: Document, language: str) -> str:
    """A redline whose parties changed lays the signature blocks out one row per party
    (docx_redline._party_rows): the document's text as it is."""
    return squash("".join(document.text(language)))


EDITS = {
    "changed amount": (SAMPLE, [("amount: 400000.00", "amount: 455000.00")]),
    "changed date": (SAMPLE, [("start: 2027-01-01", "start: 2027-02-15")]),
    "added clause option": (
        SAMPLE,
        [
            (
                "  personal_data:\n"
                "    # the transfer between China and Laos follows from the parties' countries\n"
                "    categories: [identity, contact, academic, passport-visa, health]\n",
                "",
            )
        ],
    ),
    "removed party contact phone": (TWO_LANGUAGE, []),
    "changed party name with &": (TWO_LANGUAGE, [("en: Shenzhen", "en: R&D <Shenzhen>")]),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_accept_gives_new_and_reject_gives_old(tmp_path: Path, edit: str):
    source, replacements = EDITS[edit]
    if edit == "added clause option":
        old_path, new_path = write(tmp_path, "old.yaml", source, *replacements), source
    elif edit == "removed party contact phone":
        old_path = source
        text = source.read_text(encoding="utf-8").splitlines(keepends=True)
        phone = next(i for i, line in enumerate(text) if line.strip().startswith("phone:"))
        new_path = tmp_path / "new.yaml"
        new_path.write_text("".join(text[:phone] + text[phone + 1 :]), encoding="utf-8")
    else:
        old_path, new_path = source, write(tmp_path, "new.yaml", source, *replacements)
    result = compare(read_revision(str(old_path)), read_revision(str(new_path)))
    assert result.differs
    out = tmp_path / "redline"
    docx, pdf = write_redlines(result, out, author="Legal Office")
    root = body_xml(docx)
    assert root.find(f".//{W}ins") is not None or root.find(f".//{W}del") is not None
    authors = {e.get(f"{W}author") for e in root.iter(f"{W}ins", f"{W}del")}
    assert authors == {"Legal Office"}
    for language in result.languages:
        assert text_of(accept_all(root), language) == expected_text(result.new.document, language)
        assert text_of(reject_all(root), language) == expected_text(result.old.document, language)
    summary = pdf_text(pdf)
    assert "Changes from revision" in summary


def test_redline_is_deterministic_and_dated(tmp_path: Path):
    new = write(tmp_path, "new.yaml", SAMPLE, ("amount: 400000.00", "amount: 455000.00"))
    result = compare(read_revision(str(SAMPLE)), read_revision(str(new)))
    import datetime as dt

    first = [
        p.read_bytes() for p in write_redlines(result, tmp_path / "a", author="x", date=dt.date(2027, 1, 5))
    ]
    second = [
        p.read_bytes() for p in write_redlines(result, tmp_path / "b", author="x", date=dt.date(2027, 1, 5))
    ]
    assert first == second
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(first[0])).read("word/document.xml"))
    assert {e.get(f"{W}date") for e in root.iter(f"{W}ins", f"{W}del")} == {"2027-01-05T00:00:00Z"}


def docx_for_libreoffice(folder: Path) -> None:
    """For the run's one LibreOffice call (conftest.py): a redline of a changed city name."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        new = write(work, "new.yaml", TWO_LANGUAGE, ("en: Shenzhen", "en: Shenzhen City"))
        result = compare(read_revision(str(TWO_LANGUAGE)), read_revision(str(new)))
        (docx,) = write_redlines(result, work / "redline", author="x", formats=("docx",))
        shutil.copy(docx, folder / "redline.docx")


def test_libreoffice_opens_the_redline(libreoffice_pdfs):
    assert "Shenzhen City" not in TWO_LANGUAGE.read_text(encoding="utf-8")  # only in the new text
    converted = libreoffice_pdfs["redline"]
    assert converted.exists(), "LibreOffice did not convert the redline"
    assert "Shenzhen City" in pdf_text(converted)


def test_added_and_removed_party_are_tracked_everywhere(tmp_path: Path):
    three = REPO / "specs" / "jinjihu-pennine-mechatronics.yaml"
    text = three.read_text(encoding="utf-8")
    two = text[: text.index("  - role: C")] + text[text.index("term:") :]
    two = two.replace("held_by: {A: 2, B: 2, C: 1}", "held_by: {A: 2, B: 2}")
    # Party C's courses go with it
    two = two[: two.index("\n  taught_courses:\n") + 1] + two[two.index("\n  tuition:\n") + 1 :]
    two_path = tmp_path / "two.yaml"
    two_path.write_text(two, encoding="utf-8")
    with_two, with_three = read_revision(str(two_path)), read_revision(str(three))
    for old, new, kind in ((with_two, with_three, "added"), (with_three, with_two, "removed")):
        result = compare(old, new)
        assert any(c.kind == kind and c.path == ("parties", "Party C") for c in result.changes)
        (docx,) = write_redlines(result, tmp_path / kind, author="x", formats=("docx",))  # PDFs: tests above
        root = body_xml(docx)
        for language in result.languages:
            assert text_of(accept_all(root), language) == expected_party_by_party(new.document, language)
            assert text_of(reject_all(root), language) == expected_party_by_party(old.document, language)


def test_template_wording_change_is_tracked(tmp_path: Path, monkeypatch):
    old = read_revision(str(SAMPLE))
    clause = REPO / "templates" / "clauses" / "confidentiality.yaml"
    override = tmp_path / "templates" / "clauses" / clause.name
    override.parent.mkdir(parents=True)
    text = clause.read_text(encoding="utf-8")
    assert "不得向任何第三方披露" in text and "to any third party" in text
    override.write_text(
        text.replace("不得向任何第三方披露", "不得以任何形式向任何第三方披露").replace(
            "to any third party", "to any third party in any form"
        ),
        encoding="utf-8",
    )
    new = read_revision(str(SAMPLE), Templates.for_workspace(tmp_path))
    result = compare(old, new)
    assert result.changes == [] and result.differs
    [docx] = write_redlines(result, tmp_path / "redline", author="x", formats=("docx",))
    root = body_xml(docx)
    for language in result.languages:
        assert text_of(accept_all(root), language) == expected_text(new.document, language)
        assert text_of(reject_all(root), language) == expected_text(old.document, language)
    inserted = "".join(t.text for e in root.iter(f"{W}ins") for t in e.iter(f"{W}t"))
    assert squash(inserted) == "以任何形式inanyform"
