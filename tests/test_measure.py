"""Table cells measured in the language's fonts (agreements/measure.py); how that matches the
PDF is tests/test_layout.py::test_table_cells_are_measured_as_drawn."""

from __future__ import annotations

import datetime
import unittest.mock

from agreements import fonts, measure
from agreements.columns import column_shares
from agreements.compose import compose
from agreements.document import Table
from agreements.docx_writer import render_docx
from agreements.validate import read_spec
from tests.conftest import ROOT

HUANAN = ROOT / "specs" / "huanan-huaxin-rayong-ev-order.yaml"


def _forget() -> None:
    for cached in (measure.text_width, measure._faces, fonts.find_face):
        cached.cache_clear()


def test_thai_is_measured_wider_than_counted():
    """20 characters counted (marks take no column), 11.7 em drawn: a Thai letter is wider than
    half an em (the counted column)."""
    _forget()
    width = measure.text_width("ต่อผู้รับการฝึกอบรมต่อเดือน", "th")
    assert width is not None and 11.0 < width < 12.5, width
    assert measure.text_width("ต่อ", "th") < width


def test_a_docx_is_written_without_fontconfig_its_widths_counted():
    """The DOCX needs no fonts (formats.py): with no fc-match, widths are counted, not measured,
    and the Thai sample's tables still get their shares."""
    document = compose(read_spec(HUANAN))
    tables = [
        (block, language)
        for section in document.sections
        for language, blocks in section.body.items()
        for block in blocks
        if isinstance(block, Table)
    ]
    assert tables
    _forget()
    try:
        with unittest.mock.patch.object(fonts.shutil, "which", lambda name: None):
            assert measure.text_width("ต่อ", "th") is None
            shares = [column_shares(table, (), language) for table, language in tables]
            data = render_docx(document, created=datetime.datetime(2027, 1, 1))
    finally:
        _forget()
    assert data[:2] == b"PK" and all(abs(sum(share) - 1) < 1e-9 for share in shares)
