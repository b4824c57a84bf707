"""Column widths of a clause's table from its content, shared by both writers.

A column gets a share of the width by the length of its longest cell (capped, so one long text
does not starve the others), and never less than its longest unbreakable piece: a word, or an
amount, date or phone number the document keeps on one line. East Asian wide characters count
double.
"""

from __future__ import annotations

import unicodedata

from .document import Table
from .words import kept_pieces

_CAP = 36  # a cell longer than this wraps anyway: it asks for no more room


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _longest_piece(text: str, keep: tuple[str, ...]) -> int:
    pieces = []
    for piece, kept in kept_pieces(text, keep):
        pieces += [piece] if kept else piece.split()
    # a run of wide characters breaks between any two of them
    return max((display_width(p) if not _all_wide(p) else 2 for p in pieces), default=0)


def _all_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(c) in "WF" for c in text)


def column_shares(table: Table, keep: tuple[str, ...] = ()) -> list[float]:
    """Each column's share of the table width (they add up to 1)."""
    columns = max(len(row) for row in table.rows)
    needs, wants = [], []
    for index in range(columns):
        cells = [row[index] for row in table.rows if index < len(row)]
        longest = max((display_width(cell) for cell in cells), default=0)
        piece = max((_longest_piece(cell, keep) for cell in cells), default=0)
        need = max(piece + 2, 5)  # + 2: the cell padding; 5: two wide characters at least
        needs.append(need)
        wants.append(max(min(longest, _CAP), need) - need)
    # what a column needs counts in full, what it would like beyond that at _SLACK
    weights = [need + _SLACK * want for need, want in zip(needs, wants)]
    total = sum(weights)
    return [weight / total for weight in weights]


_SLACK = 0.6
