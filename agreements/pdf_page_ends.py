"""No word hyphenated across a page break: a page's last line never ends in a hyphen of hyphenation.

WeasyPrint 70 has no `hyphenate-limit-last` (CSS Text 4). When a paragraph runs over a page, it
keeps on the page as many lines as fit (orphans and widows aside: layout/block.py _break_line).
Where the last of them ends in the hyphen of hyphenation (the box's hyphenate-character), that
line goes to the next page too; where the page would then keep fewer than the paragraph's
`orphans` lines, the whole paragraph goes (WeasyPrint's own rule for orphans).
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block

_break_line = block._break_line


def install() -> None:
    """Keep hyphenated words off the foot of a page (idempotent)."""
    block._break_line = break_line


def break_line(context, box, line, new_children, needed, page_is_empty, *rest):
    """WeasyPrint's _break_line, with `needed` (the lines given to the next page) raised while
    the line that would end the page is hyphenated."""
    while needed < len(new_children) and hyphenated(new_children[-needed - 1]):
        needed += 1
    return _break_line(context, box, line, new_children, needed, page_is_empty, *rest)


def hyphenated(line) -> bool:
    """The line ends in the hyphen WeasyPrint adds where it hyphenates a word."""
    texts = [child for child in line.descendants() if isinstance(child, boxes.TextBox) and child.text]
    return bool(texts) and texts[-1].text.endswith(texts[-1].style["hyphenate_character"])
