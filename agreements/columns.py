"""Column widths of a clause's table from its content, and which side-by-side rows may split
across pages, shared by both writers.

A column gets a share of the width by the length of its longest cell (capped, so one long text
does not starve the others), and never less than its longest unbreakable piece: a word, or an
amount, date or phone number the document keeps on one line, or all of a short cell. Widths are
in display columns (half an em): measured in the language's fonts (measure.py), else counted,
East Asian wide characters double.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .document import Paragraph, Table
from .measure import text_width
from .words import ZWSP, break_words, kept_pieces

_SHORT_CELL = 16  # display columns
_CAP = 36  # a cell longer than this wraps anyway: it asks for no more room


def display_width(text: str) -> int:
    """Columns `text` takes: wide characters 2, marks and invisible characters 0, as is a
    consonant stacked under the one before by a virama-class sign (Khmer coeng ្)."""
    width, stacked = 0, False
    for character in text:
        if stacked:
            stacked = False
            continue
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            stacked = unicodedata.combining(character) == _VIRAMA
            continue
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
    return width


_VIRAMA = 9  # canonical combining class


def _width(text: str, language: str | None) -> float:
    """Display columns `text` takes as drawn in `language` (2 per em), counted without it."""
    measured = text_width(text, language) if language else None
    return display_width(text) if measured is None else 2 * measured


def _longest_piece(text: str, keep: tuple[str, ...], language: str | None) -> float:
    pieces = []
    for piece, kept in kept_pieces(text, keep):
        # a line may break between words: spaces, or those a segmenter finds (Khmer, Lao)
        pieces += [piece] if kept else break_words(piece, language).replace(ZWSP, " ").split()
    # a run of wide characters breaks between any two of them
    return max((_width(p, language) if not _all_wide(p) else 2 for p in pieces), default=0)


def _unbroken(cell: str, keep: tuple[str, ...], language: str | None) -> float:
    """The width a cell needs on one line: all of it when it is short (序号; 2027年7月31日前: LibreOffice
    broke "序 / 号" and left "前" alone), else its longest unbreakable piece."""
    width = _width(cell, language)
    return width if width <= _SHORT_CELL else _longest_piece(cell, keep, language)


def _all_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(c) in "WF" for c in text)


def column_shares(table: Table, keep: tuple[str, ...] = (), language: str | None = None) -> list[float]:
    """Each column's share of the table width (they add up to 1); `language`: the table's, whose
    words a segmenter may find. The whole columns (below) get all their longest cell; the others
    what they need in full, what they would like beyond that at _SLACK, scaled to the rest."""
    measured = _measures(table, keep, language)
    whole = _whole(measured)
    weights = [
        column.need + (column.full if index in whole else _SLACK * column.want)
        for index, column in enumerate(measured)
    ]
    if whole and len(whole) < len(weights):
        taken = sum(weights[index] for index in whole)
        rest = sum(weight for index, weight in enumerate(weights) if index not in whole)
        shrink = (TABLE_WIDTH - taken) / rest
        weights = [weight if index in whole else weight * shrink for index, weight in enumerate(weights)]
    total = sum(weights)
    return [weight / total for weight in weights]


def whole_columns(table: Table, keep: tuple[str, ...] = (), language: str | None = None) -> set[int]:
    """The columns given room for their longest cell, while the others keep room for what they
    need: first those that save the most wrapped cells for their width ("per trainee per month"
    in every row on one line, not "… per / month"); the long ones wrap when it does not fit."""
    return _whole(_measures(table, keep, language))


def _whole(measured: list[_Column]) -> set[int]:
    room, whole = TABLE_WIDTH - sum(column.need for column in measured), set()
    for index in sorted(range(len(measured)), key=lambda index: measured[index].cost):
        if measured[index].full <= room:
            whole.add(index)
            room -= measured[index].full
    return whole


@dataclass(frozen=True)
class _Column:
    """A column's widths in display columns."""

    need: float  # its longest unbreakable piece
    full: float  # what its longest cell takes beyond that
    want: float  # the same, capped at _CAP: what it asks for when it cannot have it all
    wrapped: int  # body cells that may wrap unless it gets all it wants

    @property
    def cost(self) -> tuple[bool, float]:
        """Width per wrapped body cell saved; a column whose header alone wraps comes last."""
        return self.wrapped == 0, self.full / max(self.wrapped, 1)


def _measures(table: Table, keep: tuple[str, ...], language: str | None) -> list[_Column]:
    measured = []
    for index in range(max(len(row) for row in table.rows)):
        cells = [(row[index], _BOLD if n == 0 else 1) for n, row in enumerate(table.rows) if index < len(row)]
        widths = [bold * _width(cell, language) for cell, bold in cells]
        piece = max((bold * _unbroken(cell, keep, language) for cell, bold in cells), default=0)
        longest = max(widths, default=0)
        need = max(piece + _PADDING, 5)  # 5: two wide characters at least
        full = max(longest + _PADDING, need) - need
        want = max(min(longest, _CAP) + _PADDING, need) - need
        # body cells on more lines than its widest piece (a header on two lines is usual)
        wrapped = sum(width + _PADDING > need + 0.5 for width in widths[1:])
        measured.append(_Column(need, full, want, wrapped))
    return measured


# display columns: the narrowest text block (side by side, the DOCX's: 164 mm) at a table's 9.5 pt
TABLE_WIDTH = 96
_BOLD = 1.06  # a header cell's bold letters are wider
_SLACK = 0.6
_PADDING = 3  # display columns: LibreOffice broke "No / ." with 2


# A side-by-side row whose longest paragraph is longer than this (about 12 lines in a column) may
# split across pages: moved to the next page whole, it left up to half a page empty
LONG_PARAGRAPH = 500  # display columns


def may_split(cells) -> bool:
    """A side-by-side row (a block or None per language) that may continue on the next page."""
    return any(isinstance(cell, Paragraph) and display_width(cell.text) > LONG_PARAGRAPH for cell in cells)
