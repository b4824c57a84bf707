"""Font checks against the fonts really installed (fontconfig + fontTools). No mocks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from agreements import fonts
from agreements.compose import compose
from agreements.document import Paragraph
from agreements.errors import FontError
from agreements.fonts import coverage, doctor, find_face, font_stack, require_fonts
from agreements.languages import LANGUAGES, SUPPORTED
from agreements.validate import read_spec

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "specs" / "lingnan-vientiane-pharmacy.yaml"


@pytest.fixture(scope="module")
def document():
    return compose(read_spec(SAMPLE))


def with_title(document, language: str, title: str):
    return dataclasses.replace(document, title={**document.title, language: title})


def _families_in(path: Path) -> list[str]:
    """The family names the font file itself declares (every face of a .ttc), via fontTools."""
    from fontTools.ttLib import TTCollection, TTFont

    faces = (
        TTCollection(path, lazy=True).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    )
    return [face["name"].getDebugName(16) or face["name"].getDebugName(1) for face in faces]


def test_doctor_lists_every_supported_language_with_its_files():
    rows = doctor()
    assert [row.language for row in rows] == list(SUPPORTED)
    for row in rows:
        language = LANGUAGES[row.language]
        assert (row.serif, row.sans) == (language.serif, language.sans)
        for family, path in ((row.serif, row.serif_file), (row.sans, row.sans_file)):
            assert path is not None and path.is_file(), row
            assert family in _families_in(path), (family, path)  # the file really is that family
        assert row.ok and row.serif in _families_in(row.serif_file)
        assert row.describe() == f"{row.serif}: {row.serif_file}; {row.sans}: {row.sans_file}"
        assert row.hint == f"apt-get install {language.font_package}"


def test_doctor_row_of_a_missing_font_is_not_ok_and_says_how_to_install_it():
    found = doctor()[0]
    for missing in (dataclasses.replace(found, serif_file=None), dataclasses.replace(found, sans_file=None)):
        assert not missing.ok
        assert missing.describe().endswith(f" (install: {found.hint})")
        assert "not installed" in missing.describe()


def test_the_sample_passes(document):
    require_fonts(document)


def test_cjk_family_is_the_simplified_chinese_face_of_the_collection():
    face = find_face("Noto Serif CJK SC")
    assert face is not None and face.family == "Noto Serif CJK SC"
    if face.file.suffix.lower() == ".ttc":
        from fontTools.ttLib import TTCollection

        collection = TTCollection(face.file, lazy=True)
        names = [font["name"].getDebugName(1) for font in collection.fonts]
        assert names[face.index] == "Noto Serif CJK SC", names
    assert ord("药") in coverage(face) and ord("，") in coverage(face)


def test_coverage_is_the_cmap_of_every_face_we_use():
    """fontconfig's character set (what we check) against the font file's own cmap (fontTools)."""
    from fontTools.ttLib import TTFont

    families = {
        family
        for language in LANGUAGES
        for style in ("serif", "sans")
        for family in font_stack(language, style)
    }
    for family in sorted(families):
        face = find_face(family)
        assert face is not None, family
        cmap = set(TTFont(face.file, fontNumber=face.index, lazy=True).getBestCmap())
        assert len(coverage(face)) > 70
        assert set(coverage(face)) == cmap - {0x0, 0xD}, family


def test_a_substitute_is_not_taken_for_the_wanted_family():
    assert find_face("Noto Serif Klingon Nonexistent") is None


def test_lao_text_falls_back_to_noto_serif_for_digits_not_to_fontconfig():
    lao_face = find_face("Noto Serif Lao")
    assert ord("3") not in coverage(lao_face)  # hence the stack
    assert font_stack("lo")[:2] == ("Noto Serif Lao", "Noto Serif")
    assert font_stack("zh-Hans", "sans")[0] == "Noto Sans CJK SC"
    assert all(
        "CJK" not in family or family.endswith(" SC")
        for language in LANGUAGES
        for style in ("serif", "sans")
        for family in font_stack(language, style)
    )


@pytest.mark.parametrize("char", ["\U0010fffd", "\U00013000"], ids=["U+10FFFD", "hieroglyph"])
def test_a_character_no_font_has_is_a_font_error_naming_it(document, char):
    bad = with_title(document, "en", f"Agreement {char}")
    with pytest.raises(FontError) as error:
        require_fonts(bad)
    message = str(error.value)
    assert f"U+{ord(char):04X}" in message
    assert char in message
    assert "en" in message and "Noto Serif" in message and "apt-get install" in message


def test_missing_glyph_in_a_clause_paragraph(document):
    section = document.sections[-1]
    extra = (Paragraph("见附件\U0001f600"),)
    body = {**section.body, "zh-Hans": section.body["zh-Hans"] + extra}
    bad = dataclasses.replace(
        document, sections=document.sections[:-1] + (dataclasses.replace(section, body=body),)
    )
    with pytest.raises(FontError, match="U\\+1F600"):
        require_fonts(bad)


def test_zero_width_space_and_newlines_need_no_glyph(document):
    require_fonts(with_title(document, "lo", document.title["lo"] + "\u200b\n"))


def test_a_missing_font_family_is_a_font_error_with_the_install_hint(document, monkeypatch):
    missing = dataclasses.replace(
        LANGUAGES["lo"], serif="Noto Serif Lao Nonexistent", font_package="fonts-noto-extra-lao"
    )
    monkeypatch.setitem(LANGUAGES, "lo", missing)
    with pytest.raises(FontError) as error:
        require_fonts(document)
    message = str(error.value)
    assert "Noto Serif Lao Nonexistent" in message
    assert "apt-get install fonts-noto-extra-lao" in message
    assert "lo" in message


def test_cmaps_are_read_once_per_process():
    fonts.coverage.cache_clear()
    face = find_face("Noto Sans CJK SC")
    coverage(face)
    coverage(face)
    assert fonts.coverage.cache_info().hits >= 1
