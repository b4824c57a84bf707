"""Aligning two versions of a text by content: blocks (paragraphs, tables) within an article, rows
within a table, tokens within a paragraph.

Paragraphs are matched by similarity, not position: an inserted party line shows as inserted, and
the recital after it is still compared with the old recital. Within a paragraph, numbers, words
and (for character languages) characters are the tokens (words.tokens).
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

from .document import Block, RowChange, Segment, Table
from .words import tokens

SIMILAR = 0.5  # two paragraphs at least this similar are one paragraph changed


@dataclass
class BlockChange:
    """One block of an article in one language: kept ("="), changed ("~"), inserted or deleted."""

    status: str
    old: Block | None
    new: Block | None
    segments: tuple[Segment, ...] = ()  # a paragraph: its text as tracked changes
    rows: tuple[RowChange, ...] = ()  # a table: one change per row

    @property
    def is_table(self) -> bool:
        return isinstance(self.new or self.old, Table)


def align_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> list[BlockChange]:
    """The blocks of both versions in reading order, each kept, changed, inserted or deleted."""
    result = []
    for i, j in align(old, new, _block_key, _block_similarity):
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        result.append(_block_change(a, b))
    return result


def _block_change(a: Block | None, b: Block | None) -> BlockChange:
    if isinstance(a or b, Table):
        old_rows = a.rows if isinstance(a, Table) else ()
        new_rows = b.rows if isinstance(b, Table) else ()
        rows = tuple(_row_change(old_rows, new_rows, i, j) for i, j in align(old_rows, new_rows, _row_key))
        status = "+" if a is None else "-" if b is None else "=" if a == b else "~"
        return BlockChange(status, a, b, rows=rows)
    if a is None:
        return BlockChange("+", a, b, (("+", b.text),) if b.text else ())
    if b is None:
        return BlockChange("-", a, b, (("-", a.text),) if a.text else ())
    if a.text == b.text:
        return BlockChange("=", a, b, (("=", b.text),) if b.text else ())
    return BlockChange("~", a, b, tuple(redline_text(a.text, b.text)))


def _row_change(old_rows, new_rows, i, j) -> RowChange:
    if i is None:
        return RowChange("+", tuple((("+", cell),) if cell else () for cell in new_rows[j]))
    if j is None:
        return RowChange("-", tuple((("-", cell),) if cell else () for cell in old_rows[i]))
    cells = tuple(
        tuple(redline_text(a, b)) if a != b else ((("=", b),) if b else ())
        for a, b in itertools.zip_longest(old_rows[i], new_rows[j], fillvalue="")
    )
    return RowChange("", cells)


def _block_key(block: Block) -> str:
    if isinstance(block, Table):
        return "\x00table\x00" + "\x00".join("\x01".join(row) for row in block.rows)
    return block.text


def _block_similarity(a: Block, b: Block) -> float:
    if isinstance(a, Table) or isinstance(b, Table):
        # a table matches a table of the same columns (its rows are aligned in turn)
        same = isinstance(a, Table) and isinstance(b, Table) and _columns(a) == _columns(b)
        return 1.0 if same else 0.0
    return similarity(a.text, b.text)


def _columns(table: Table) -> int:
    return len(table.rows[0]) if table.rows else 0


def _row_key(row: tuple[str, ...]) -> str:
    return "\x01".join(row)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, over their tokens."""
    if not a and not b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def align(old, new, key, similar=None) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in reading order; None where one side has nothing.
    Identical items are matched first (longest common runs), then, in each stretch between them,
    the pairing that maximises the total similarity (only pairs at least SIMILAR alike)."""
    old_keys, new_keys = [key(x) for x in old], [key(x) for x in new]
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
        else:
            pairs += _best_pairing(old, new, range(i1, i2), range(j1, j2), similar or _by_key(key))
    return pairs


def _by_key(key):
    return lambda a, b: similarity(key(a), key(b))


def _best_pairing(old, new, rows: range, columns: range, similar) -> list[tuple[int | None, int | None]]:
    n, m = len(rows), len(columns)
    if not n or not m:
        return [(i, None) for i in rows] + [(None, j) for j in columns]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    alike = [[0.0] * m for _ in range(n)]
    for a in range(n):
        for b in range(m):
            value = similar(old[rows[a]], new[columns[b]])
            alike[a][b] = value if value >= SIMILAR else 0.0
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best = max(score[a + 1][b], score[a][b + 1])
            if alike[a][b]:
                best = max(best, score[a + 1][b + 1] + alike[a][b])
            score[a][b] = best
    pairs: list[tuple[int | None, int | None]] = []
    deleted: list[tuple[int | None, int | None]] = []
    inserted: list[tuple[int | None, int | None]] = []
    a = b = 0
    while a < n and b < m:
        if alike[a][b] and score[a][b] == score[a + 1][b + 1] + alike[a][b]:
            pairs += deleted + inserted + [(rows[a], columns[b])]
            deleted, inserted = [], []
            a, b = a + 1, b + 1
        elif score[a][b] == score[a + 1][b]:
            deleted.append((rows[a], None))
            a += 1
        else:
            inserted.append((None, columns[b]))
            b += 1
    deleted += [(rows[x], None) for x in range(a, n)]
    inserted += [(None, columns[y]) for y in range(b, m)]
    return pairs + deleted + inserted


def redline_text(old: str, new: str) -> list[Segment]:
    """One paragraph's change as kept, deleted and inserted text, token by token."""
    a, b = tokens(old), tokens(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            append_segment(segments, "=", "".join(a[i1:i2]))
        else:
            append_segment(segments, "-", "".join(a[i1:i2]))
            append_segment(segments, "+", "".join(b[j1:j2]))
    return segments


def append_segment(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def accepted(segments) -> str:
    return "".join(text for op, text in segments if op != "-")


def rejected(segments) -> str:
    return "".join(text for op, text in segments if op != "+")
