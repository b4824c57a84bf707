"""Which face of the Noto CJK collection LibreOffice draws for the DOCX's Chinese font.

LibreOffice's PDF names the font "NotoSerifCJKjp" even for "Noto Serif CJK SC": every face of
the collection (jp, kr, sc, tc, hk) shares one CFF table whose FontName is NotoSerifCJKjp-Regular,
and LibreOffice names an embedded font by its CFF name. No DOCX font name avoids that. What it
draws is the SC face (fontconfig gives face 2 for the name): 直, 骨 and 角 differ between the
Japanese and the Simplified Chinese forms, and the DOCX's Chinese font draws them unlike the JP face.
"""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from agreements.docx_xml import slot_fonts, word_language
from tests.outputs import libreoffice_convert, pdf_fonts

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
GLYPHS = "直骨角"  # Japanese and Simplified Chinese forms differ


def _docx(path, font: str, language: str) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run(GLYPHS)
    run.font.size = Pt(48)
    properties = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(slot), font)
    properties.append(fonts)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), language)
    properties.append(lang)
    document.save(str(path))


def _pixels(pdf) -> bytes:
    return subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout


def test_libreoffice_draws_the_sc_face_under_the_collections_jp_name(tmp_path):
    ours = slot_fonts("zh-Hans")["east-asian"]
    assert ours == "Noto Serif CJK SC"
    _docx(tmp_path / "ours.docx", ours, word_language("zh-Hans"))
    _docx(tmp_path / "japanese.docx", "Noto Serif CJK JP", "ja-JP")
    ours_pdf, japanese_pdf = libreoffice_convert(
        [tmp_path / "ours.docx", tmp_path / "japanese.docx"], tmp_path
    )
    assert ours_pdf.exists() and japanese_pdf.exists()
    names = {row["name"].split("+")[-1] for row in pdf_fonts(ours_pdf) + pdf_fonts(japanese_pdf)}
    assert len(names) == 1 and "NotoSerifCJKjp" in names.pop()  # one name for both faces
    assert _pixels(ours_pdf) != _pixels(japanese_pdf)  # but not the same glyphs
    sc = subprocess.run(
        ["fc-match", "-f", "%{postscriptname}", ours], capture_output=True, text=True, check=True
    ).stdout
    assert sc == "NotoSerifCJKsc-Regular"
