"""Text is NFC from the moment it is loaded: a spec saved as NFD (macOS, some editors) is the same
spec, never a change, and renders the same bytes. Text of invisible characters only is refused."""

from __future__ import annotations

import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from agreements.errors import SpecError
from agreements.loader import load_spec_bytes
from tests.outputs import run_cli

BASE = Path(__file__).resolve().parent / "hostile" / "_base" / "nanshan.yaml"
NAME = "Société d'Énergie Xinchuang, Zürich"


def _spec(form: str) -> bytes:
    text = BASE.read_text(encoding="utf-8")
    text = text.replace("en: Shenzhen Xinchuang Power Battery Co., Ltd.", f'en: "{NAME}"', 1)
    assert NAME in text
    return unicodedata.normalize(form, text).encode("utf-8")


def test_nfd_and_nfc_load_to_the_same_data():
    nfd, nfc = load_spec_bytes(_spec("NFD"), "nfd.yaml"), load_spec_bytes(_spec("NFC"), "nfc.yaml")
    assert _spec("NFD") != _spec("NFC")
    assert nfd.data == nfc.data
    assert nfd.data["parties"][1]["name"]["en"] == unicodedata.normalize("NFC", NAME)


def test_keys_are_normalized_too_so_an_nfd_duplicate_is_caught():
    raw = ("id: a\nnote:\n  caf\u00e9: 1\n  cafe\u0301: 2\n").encode()
    with pytest.raises(SpecError) as caught:
        load_spec_bytes(raw, "x.yaml")
    assert "duplicate key" in caught.value.problems[0].message


def test_diff_of_nfc_and_nfd_spellings_finds_no_change(tmp_path):
    (tmp_path / "nfc.yaml").write_bytes(_spec("NFC"))
    (tmp_path / "nfd.yaml").write_bytes(_spec("NFD"))
    result = run_cli("diff", "nfc.yaml", "nfd.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.render
def test_the_docx_holds_nfc_text(tmp_path):
    from agreements.build import source_date
    from agreements.compose import compose
    from agreements.docx_writer import render_docx
    from agreements.validate import read_spec_bytes

    spec = read_spec_bytes(_spec("NFD"), "nfd.yaml")
    docx = render_docx(compose(spec), created=source_date(spec.signing.date))
    with zipfile.ZipFile(BytesIO(docx)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    for word in ("Société", "Énergie", "Zürich"):
        assert unicodedata.normalize("NFC", word) in body, word
    assert "e\u0301" not in body and "E\u0301" not in body and "u\u0308" not in body


@pytest.mark.parametrize("text", ["\u200b\u2060\u00ad", "\u200b", " \u00ad ", "\u200c\u200d"])
def test_text_of_only_invisible_characters_is_refused_at_its_column(text):
    raw = f'id: a\ntitle:\n  en: "{text}"\n'.encode()
    with pytest.raises(SpecError) as caught:
        load_spec_bytes(raw, "x.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (3, 8)
    assert "only invisible characters" in problem.message


def test_invisible_characters_inside_real_text_are_still_allowed():
    data = load_spec_bytes('id: a\ntitle:\n  en: "Shen\u200bzhen Poly\u00adtechnic"\n'.encode(), "x").data
    assert data["title"]["en"] == "Shen\u200bzhen Poly\u00adtechnic"
