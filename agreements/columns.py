"""Column widths of a clause's table from its content, and which side-by-side rows may split
across pages, shared by both writers.

A column gets a share of the width by the length of its longest cell (capped, so one long text
does not starve the others), and never less than its longest unbreakable piece: a word, or an
amount, date or phone number the document keeps on one line, or all of a short cell. East Asian
wide characters count double.
"""

from __future__ import annotations

import unicodedata

from .document import Paragraph, Table
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


def _longest_piece(text: str, keep: tuple[str, ...], language: str | None) -> int:
    pieces = []
    for piece, kept in kept_pieces(text, keep):
        # a line may break between words: spaces, or those a segmenter finds (Khmer, Lao)
        pieces += [piece] if kept else break_words(piece, language).replace(ZWSP, " ").split()
    # a run of wide characters breaks between any two of them
    return max((display_width(p) if not _all_wide(p) else 2 for p in pieces), default=0)


def _unbroken(cell: str, keep: tuple[str, ...], language: str | None) -> int:
    """The width a cell needs on one line: all of it when it is short (序号; 2027年7月31日前: LibreOffice
    broke "序 / 号" and left "前" alone), else its longest unbreakable piece."""
    width = display_width(cell)
    return width if width <= _SHORT_CELL else _longest_piece(cell, keep, language)


def _all_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(c) in "WF" for c in text)


def column_shares(table: Table, keep: tuple[str, ...] = (), language: str | None = None) -> list[float]:
    """Each column's share of the table width (they add up to 1); `language`: the table's, whose
    words a segmenter may find."""
    columns = max(len(row) for row in table.rows)
    needs, wants = [], []
    for index in range(columns):
        cells = [row[index] for row in table.rows if index < len(row)]
        longest = max((display_width(cell) for cell in cells), default=0)
        piece = max((_unbroken(cell, keep, language) for cell in cells), default=0)
        need = max(piece + _PADDING, 5)  # 5: two wide characters at least
        needs.append(need)
        wants.append(max(min(longest, _CAP), need) - need)
    # what a column needs counts in full, what it would like beyond that at _SLACK
    weights = [need + _SLACK * want for need, want in zip(needs, wants)]
    total = sum(weights)
    return [weight / total for weight in weights]


_SLACK = 0.6
_PADDING = 3  # display columns: LibreOffice broke "No / ." with 2


# A side-by-side row whose longest paragraph is longer than this (about 12 lines in a column) may
# split across pages: moved to the next page whole, it left up to half a page empty
LONG_PARAGRAPH = 500  # display columns


def may_split(cells) -> bool:
    """A side-by-side row (a block or None per language) that may continue on the next page."""
    return any(isinstance(cell, Paragraph) and display_width(cell.text) > LONG_PARAGRAPH for cell in cells)
