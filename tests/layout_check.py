"""A layout check that reads positions from a PDF (`pdftotext -bbox-layout`, poppler), as a signer
would see the pages: the PDF we write and LibreOffice's PDF of the DOCX alike.

`check_layout` returns {check name: [problem, ...]}; every check is computed, so a report shows
all of them at once:
- margin: a line runs outside the text block (left/right margins);
- split_value: an amount, date, phone number or e-mail address of the spec, or a figure and the
  word counting it (language data count_units: "2份", "20 ຄົນ"), is cut across two lines;
- word_cut: a word of the source (Latin, Vietnamese or Cyrillic letters) is cut across two lines
  without a hyphen ("P / ihak Kedua");
- title_break: a title in a language with a title segmenter (Chinese) breaks inside a word
  ("…人才订 / 单式培养协议");
- hyphenation: a word of fewer than 8 letters is hyphenated, or fewer than 4 letters stay on a
  side of the hyphen ("ta- / hun", "me- / nanggungnya"), or where the hyphenation patterns of
  none of the document's languages (language data `hyphenation`, else its own) put a break
  ("Art- / icle": British English patterns);
- heading_at_foot: a heading, or a one-line paragraph that introduces the next one (ends with a
  colon, opens a quotation), is the last line of its column on a page;
- drift: in side-by-side, paragraph n of one language starts beside another line than paragraph n
  of the other;
- block_order: articles, signature blocks and annexes are not in the model's order;
- signature_apart: a signing line ("Signed at ... on ...") is not on the page of its signature
  blocks, or the blocks do not end on that page;
- text_layer: a line of the source text is not in the PDF's text (e.g. Lao marks reordered), as
  written or as laid out (the language's layout_replacements);
- ragged: in a justified language (language data `justify`), a line of a paragraph that is not
  its last line ends short of the column's right edge (unless justifying it would spread its
  letters too far: pdf_justify.MAX_SPREAD);
- blank_page: a page with nothing in its text block (the draft watermark aside);
- wrapped_cell: a table cell of a column given room for its longest cell (columns.whole_columns)
  is not on one line ("ต่อผู้รับการฝึกอบรมต่อ / เดือน", per trainee per / month);
- lone_last: in a language whose data keeps a paragraph's last letters together
  (`paragraph_keep_last`), a paragraph's last line holds fewer letters ("…共同遵 / 守。").

Positions are matched by a tolerant key (without whitespace and combining marks), so a text layer
defect is reported once, by `text_layer`, not by every other check.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pyphen

from agreements.bidi import is_rtl
from agreements.columns import display_width, whole_columns
from agreements.document import Document, Paragraph, Table
from agreements.languages import LANGUAGES
from agreements.words import title_segments
from tests.outputs import in_text, pdftotext, squash

MM = 72 / 25.4
CHECKS = (
    "margin",
    "split_value",
    "word_cut",
    "hyphenation",
    "title_break",
    "heading_at_foot",
    "drift",
    "block_order",
    "signature_apart",
    "text_layer",
    "ragged",
    "lone_last",
    "blank_page",
    "wrapped_cell",
    "hyphen_at_foot",
)
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Box:
    """The text block of a page, as margins in points."""

    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    width: float  # of the page
    height: float

    @cached_property
    def key(self) -> str:
        return key(self.text)

    def column(self, columns: int) -> int:
        return min(int((self.x0 + self.x1) / 2 / (self.width / columns)), columns - 1)


def key(text: str) -> str:
    """Text to find positions by: NFC, no whitespace, no zero-width characters, no combining
    marks (their order in the text layer is checked on its own)."""
    text = squash(unicodedata.normalize("NFC", text))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def read_lines(pdf: Path) -> list[Line]:
    """The PDF's lines with their boxes (poppler's reading order)."""
    return list(_read_lines(pdf, *_version(pdf)))


def _version(pdf: Path) -> tuple[int, int]:
    """What the caches below are keyed on besides the path: a PDF written again is read again."""
    info = pdf.stat()
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=64)  # the tests of a worker check each PDF several times
def _read_lines(pdf: Path, *_version) -> tuple[Line, ...]:
    xml = pdftotext(pdf, "-bbox-layout")
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xml))
    pieces = []
    for number, page in enumerate(root.iter(f"{_NS}page"), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for line in page.iter(f"{_NS}line"):
            words = list(line.iter(f"{_NS}word"))
            x0, y0, x1, y1 = (float(line.get(a)) for a in ("xMin", "yMin", "xMax", "yMax"))
            pieces.append(
                (Line(number, x0, y0, x1, y1, " ".join(w.text or "" for w in words), width, height), words)
            )
    return tuple(_read(line, words) for line, words in _joined(pieces))


def _read(line: Line, words: list) -> Line:
    """A line's text in reading order (poppler gives right-to-left text in visual order)."""
    if any(_RTL.search(word.text or "") for word in words):
        return dataclasses.replace(line, text=" ".join(logical_words(words)))
    return line


def _joined(pieces: list[tuple[Line, list]]) -> list[tuple[Line, list]]:
    """Pieces of one line rejoined: LibreOffice draws a Khmer line as overlapping pieces (a mark
    or a subscript apart from its letter) that poppler reads as lines of their own at one height
    ("ឧបសម្ព ន" / "័ ្ធ ១ តារាង..."), and a right-to-left line with a left-to-right stretch in two
    ("Allocation" / "of Rooms ... ٢ اننعخ"). Pieces that touch or overlap are joined: left to
    right their texts, right to left their words (read again in reading order)."""
    joined: list[tuple[Line, list]] = []
    for line, words in pieces:
        while True:  # a joined line may now reach a piece joined before
            follows = next((i for i in _same_page(joined, line.page) if _continues(joined[i][0], line)), None)
            if follows is None:
                break
            first, first_words = joined.pop(follows)
            ordered = sorted(((first, first_words), (line, words)), key=lambda piece: piece[0].x0)
            line = dataclasses.replace(
                first,
                x0=min(first.x0, line.x0),
                y0=min(first.y0, line.y0),
                x1=max(first.x1, line.x1),
                y1=max(first.y1, line.y1),
                text=" ".join(piece.text for piece, _ in ordered),
            )
            words = [word for _, piece_words in ordered for word in piece_words]
        joined.append((line, words))
    return joined


def _same_page(pieces: list[tuple[Line, list]], page: int):
    """Indexes of the last pieces that are on `page`, last first."""
    index = len(pieces) - 1
    while index >= 0 and pieces[index][0].page == page:
        yield index
        index -= 1


def _continues(line: Line, piece: Line) -> bool:
    heights = sorted((line.y1 - line.y0, piece.y1 - piece.y0))
    middle = abs(line.y0 + line.y1 - piece.y0 - piece.y1) / 2
    same_height = middle <= 2.5 and heights[1] <= 1.5 * heights[0]  # never a watermark's letter
    # LibreOffice leaves about 3 pt between a left-to-right stretch and the isolate after it
    touching = piece.x0 <= line.x1 + 4 and line.x0 <= piece.x1 + 4
    return line.page == piece.page and same_height and touching


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew and Arabic letters
_LTR = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")  # Latin letters and digits
_NUMBER_RUN = re.compile(r"[\d\u0660-\u0669\u06f0-\u06f9][\d\u0660-\u0669\u06f0-\u06f9٫٬.,:/-]*")


def logical_words(words) -> list[str]:
    """A right-to-left line's words in reading order: poppler gives each word's characters and
    the words in visual order (left to right). Read right to left, each right-to-left word
    reversed (its numbers, written left to right, kept), each run of left-to-right words kept in
    its own order."""
    visual = sorted(words, key=lambda w: float(w.get("xMin")))
    ordered: list[list[str]] = []  # runs, right to left
    for word in reversed(visual):
        text = word.text or ""
        if all(unicodedata.category(char) == "Cf" for char in text):
            continue  # LibreOffice draws the isolates around a left-to-right stretch as words
        if _RTL.search(text):
            ordered.append([_reversed_word(text)])
        elif (
            _LTR.search(text) and ordered and _LTR.search(ordered[-1][0]) and not _RTL.search(ordered[-1][0])
        ):
            ordered[-1].insert(0, text)  # the left-to-right run continues to the left
        else:
            ordered.append([text])
    return [word for run in ordered for word in run]


def _reversed_word(text: str) -> str:
    pieces = re.split(f"({_NUMBER_RUN.pattern})", text)
    return "".join(piece if index % 2 else piece[::-1] for index, piece in enumerate(reversed(pieces)))


def page_text(pdf: Path, raw: bool = True) -> str:
    """The PDF's text: in drawing order (raw), or in poppler's reading order."""
    return _page_text(pdf, raw, *_version(pdf))


@lru_cache(maxsize=64)
def _page_text(pdf: Path, raw: bool, *_version) -> str:
    return pdftotext(pdf, *(["-raw"] if raw else [])).decode("utf-8")


# --- the checks ----------------------------------------------------------------------------------


def check_layout(
    pdf: Path,
    document: Document,
    values: dict[str, list[str]],
    box: Box,
    *,
    tolerance: float = 1.5,
    justified: bool = True,
) -> dict[str, list[str]]:
    """Every check on one PDF; `values` are the spec's amounts, dates and phone numbers as each
    language shows them. `justified`: the output justifies the languages whose data says so (our
    PDF; not the DOCX: LibreOffice drops a line-final ， from justified Chinese)."""
    lines = read_lines(pdf)
    body = body_lines(lines, box)
    values = {
        language: [*values.get(language, ()), *counted(document, language)] for language in document.languages
    }
    columns = 2 if document.layout == "side-by-side" else 1
    return {
        "margin": margins(lines, box, tolerance),
        "split_value": split_values(body, values),
        "word_cut": word_cuts(body, document),
        "hyphenation": short_hyphenations(body, document),
        "title_break": title_breaks(body, document),
        "heading_at_foot": headings_at_foot(body, document, columns),
        "drift": drift(body, document) if columns == 2 else [],
        "block_order": block_order(body, document, columns),
        "signature_apart": signature_apart(body, document),
        "text_layer": text_layer(pdf, document),
        "ragged": ragged(body, document, columns) if justified else [],
        "lone_last": lone_last(body, document, columns),
        "blank_page": blank_pages(lines, body, document),
        "wrapped_cell": wrapped_cells(body, document),
        "hyphen_at_foot": hyphens_at_foot(body),
    }


def body_lines(lines: list[Line], box: Box) -> list[Line]:
    """The lines of the text block: not the running header and footer."""
    return [ln for ln in lines if box.top - 14 <= ln.y0 and ln.y1 <= ln.height - box.bottom + 14]


def margins(lines: list[Line], box: Box, tolerance: float) -> list[str]:
    return [
        f"p. {ln.page}: {ln.text[:40]!r} spans x {ln.x0:.1f}-{ln.x1:.1f} pt, text block "
        f"{box.left:.1f}-{ln.width - box.right:.1f} pt"
        for ln in lines
        if ln.x0 < box.left - tolerance or ln.x1 > ln.width - box.right + tolerance
    ]


def next_line(line: Line, lines: list[Line]) -> Line | None:
    """The line below `line` on its page that overlaps it horizontally (same column or cell)."""
    below = [
        ln
        for ln in _on_page(lines, line.page)
        if ln.y0 > line.y0 + (line.y1 - line.y0) / 2 and min(ln.x1, line.x1) - max(ln.x0, line.x0) > 0
    ]
    return min(below, key=lambda ln: ln.y0, default=None)


_PAGES: dict[int, tuple[list[Line], dict[int, list[Line]]]] = {}  # id of a list of lines -> its pages


def _on_page(lines: list[Line], page: int) -> list[Line]:
    """The lines of `lines` on `page`, in their order. The checks look below a line thousands of
    times per PDF: each list is split by page once (kept with the list, so its id stays its own)."""
    kept = _PAGES.get(id(lines))
    if kept is None or kept[0] is not lines or sum(map(len, kept[1].values())) != len(lines):
        pages: dict[int, list[Line]] = {}
        for ln in lines:
            pages.setdefault(ln.page, []).append(ln)
        if len(_PAGES) >= 8:
            _PAGES.clear()
        kept = _PAGES[id(lines)] = (lines, pages)
    return kept[1].get(page, [])


def split_values(lines: list[Line], values: dict[str, list[str]]) -> list[str]:
    keys = sorted({key(v) for vs in values.values() for v in vs if len(key(v)) > 1})
    heads: dict[str, list[str]] = {}  # each head a value may be cut after -> the tails after it
    for value in keys:
        for cut in range(1, len(value)):
            if value[cut] not in "(（":  # 人民币壹万元整 / （CNY 10,000.00）: a fair break
                heads.setdefault(value[:cut], []).append(value[cut:])
    longest = max(map(len, heads), default=0)
    problems = []
    for line in lines:
        end = line.key
        following = None
        for size in range(1, min(longest, len(end)) + 1):
            head = end[-size:]
            for tail in heads.get(head, ()):
                following = following or next_line(line, lines) or _NOWHERE
                if following.key.startswith(tail):
                    problems.append(f"p. {line.page}: {head!r} / {tail!r}")
    return problems


_NOWHERE = Line(0, 0, 0, 0, 0, "", 0, 0)

# letters of the scripts whose words are separated by spaces and read left to right
_SPACED = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff"
_LAST_WORD, _FIRST_WORD = re.compile(f"[{_SPACED}]+$"), re.compile(f"[{_SPACED}]+")


def title_breaks(lines: list[Line], document: Document) -> list[str]:
    """Where a title of a language with a title segmenter breaks, but not between its words."""
    problems = []
    for language in document.languages:
        if not LANGUAGES[language].title_segmenter:
            continue
        title = key(document.title[language])
        between = set(itertools.accumulate(len(key(s)) for s in title_segments(title, language)))
        for line in (ln for ln in lines if ln.key and len(ln.key) < len(title) and title.startswith(ln.key)):
            position, current = len(line.key), line
            while (
                (below := next_line(current, lines)) and below.key and title[position:].startswith(below.key)
            ):
                if position not in between:
                    problems.append(f"p. {line.page}: {title[:position]!r} / {title[position:]!r}")
                position, current = position + len(below.key), below
    return problems


def _text_sized(lines: list[Line]) -> list[Line]:
    """The lines of text size: not the draft watermark's letters (each a line of its own)."""
    heights = sorted(ln.y1 - ln.y0 for ln in lines)
    usual = heights[len(heights) // 2] if heights else 0
    return [ln for ln in lines if ln.y1 - ln.y0 <= 2.5 * usual]


_HYPHENATED = re.compile(f"([{_SPACED}]+)[\u2010-]$")
SHORTEST_HYPHENATED, SHORTEST_PIECE = 8, 4  # hyphenate-limit-chars in templates/html/agreement.css


def short_hyphenations(lines: list[Line], document: Document) -> list[str]:
    """Hyphenated words shorter than SHORTEST_HYPHENATED or with a piece shorter than
    SHORTEST_PIECE, at a break no language's patterns give (not a hyphen of the text: "order- /
    based"), or never to be hyphenated (a name of a party or a place: Document.unhyphenated);
    and a hyphen of the text that leaves one letter alone ("e- / mail")."""
    source = "\n".join(text for lang in document.languages for text in document.text(lang))
    names = {word for words in document.unhyphenated.values() for word in words}
    patterns = [
        pyphen.Pyphen(lang=found)
        for lang in document.languages
        if (found := pyphen.language_fallback(LANGUAGES[lang].hyphenation or lang.replace("-", "_")))
    ]
    lines, problems = _text_sized(lines), []
    for line in lines:
        end = _HYPHENATED.search(line.text.rstrip())
        below = next_line(line, lines) if end else None
        start = below and _FIRST_WORD.match(below.text.lstrip())
        if start and f"{end.group(1)}-{start.group()}" in source:
            if min(len(end.group(1)), len(start.group())) == 1:
                problems.append(f"p. {line.page}: {end.group()!r} / {start.group()!r}")
            continue
        word = start and end.group(1) + start.group()
        if start and (
            len(word) < SHORTEST_HYPHENATED
            or min(len(end.group(1)), len(start.group())) < SHORTEST_PIECE
            or not any(len(end.group(1)) in p.positions(word) for p in patterns)
            or word in names
        ):
            problems.append(f"p. {line.page}: {end.group()!r} / {start.group()!r}")
    return problems


def word_cuts(lines: list[Line], document: Document) -> list[str]:
    """Lines that end inside a word of the document (the line's last letters and the next line's
    first ones make a word, one of the two pieces is none) without a hyphen, or before the
    punctuation after a word ("No / ."): no line may break there."""
    words = {
        w for lang in document.languages for text in document.text(lang) for w in _FIRST_WORD.findall(text)
    }
    lines, problems = _text_sized(lines), []
    right_to_left = any(is_rtl(language) for language in document.languages)
    for line in lines:
        end = _LAST_WORD.search(line.text.rstrip())
        below = next_line(line, lines) if end else None
        start = below and _FIRST_WORD.match(below.text.lstrip())
        if start and end.group() + start.group() in words and not {end.group(), start.group()} <= words:
            problems.append(f"p. {line.page}: {end.group()!r} / {start.group()!r}")
        elif below and not right_to_left and _AFTER_A_WORD.match(below.text.strip()):
            problems.append(f"p. {line.page}: {end.group()!r} / {below.text.lstrip()[:1]!r}")
    return problems


def hyphens_at_foot(lines: list[Line]) -> list[str]:
    """A word hyphenated across a page break: a line ending in the hyphen of hyphenation (U+2010,
    as WeasyPrint writes it) with no line below it on its page, in its column or cell."""
    return [
        f"p. {line.page}: {line.text[-30:]!r} ends the page"
        for line in lines
        if line.text.endswith("\u2010") and next_line(line, lines) is None
    ]


def wrapped_cells(lines: list[Line], document: Document) -> list[str]:
    """Cells of the columns given room for their longest cell (columns.whole_columns) that no line
    holds whole: none has the cell's text, nor is a line of just its letters in another order
    (LibreOffice's text layer of Khmer puts subscript consonants apart: "បត្ថម កា ្ភ"), nor, in a
    right-to-left language, has all its words."""
    keys = [line.key for line in lines]
    reordered = {"".join(sorted(line_key)) for line_key in keys}
    problems = []
    for section in document.sections:
        for language, blocks in section.body.items():
            keep = document.kept_in_pdf(language)
            for table in (block for block in blocks if isinstance(block, Table)):
                for index in sorted(whole_columns(table, keep, language)):
                    for cell in (row[index] for row in table.rows if index < len(row)):
                        text = key(cell)
                        whole = (
                            any(text in line_key for line_key in keys) or "".join(sorted(text)) in reordered
                        )
                        if is_rtl(language):  # poppler reads "CNY ٩٥٠" as "٩٥٠ CNY"
                            whole = whole or any(all(key(w) in k for w in cell.split()) for k in keys)
                        if len(text) > 1 and not whole:
                            problems.append(f"{language}: {cell!r} is not on one line")
    return problems


# punctuation that follows a word, alone at a line's start (not checked with a right-to-left
# language: poppler reads a right-to-left line's last period at its start)
_AFTER_A_WORD = re.compile(r"[.,;:!?)](?!\s)")


def _starts(line: Line, text_key: str, length: int = 12) -> bool:
    """`line` begins with the text of `text_key` (as far as the line or `length` go)."""
    line_key = line.key.removesuffix("\u2010")  # a hyphen where a word breaks ("Poly‐")
    n = min(len(line_key), len(text_key), length)
    # at least 6 characters where the text has them: poppler reads an Arabic mark (shadda) with
    # the letters before it as a line of its own ("الم"), which starts many texts
    return n >= min(6, max(3, len(text_key))) and line_key[:n] == text_key[:n]


def heading_key(section, language: str) -> str:
    return key(" ".join(x for x in (section.label[language], section.heading[language]) if x))


def _ordered(lines: list[Line], columns: int) -> list[Line]:
    return sorted(lines, key=lambda ln: (ln.page, ln.column(columns), ln.y0, ln.x0))


def headings_at_foot(lines: list[Line], document: Document, columns: int) -> list[str]:
    problems = []
    for language in document.languages:
        for section in document.sections:
            heading = heading_key(section, language)
            if not heading:
                continue
            for line in lines:
                if line.key == heading[: len(line.key)] and len(line.key) >= min(len(heading), 6):
                    below = next_line(line, lines)
                    if below is None and heading.endswith(line.key):
                        problems.append(f"p. {line.page}: heading {line.text!r} is the last line")
        # a one-line paragraph that introduces the next one ("修改为：", a quoted title)
        for block in (b for s in document.sections for b in s.body[language]):
            if isinstance(block, Paragraph) and block.keep_with_next:
                text_key = key(block.text)
                for line in (ln for ln in lines if ln.key == text_key):
                    if next_line(line, lines) is None:
                        problems.append(
                            f"p. {line.page}: {line.text!r} ends the page, not the paragraph it introduces"
                        )
    return problems


def _paragraph_starts(lines: list[Line], texts: list[str]) -> list[Line | None]:
    """The line each text starts on, searching forward in reading order (None: not found)."""
    found, cursor = [], 0
    for text in texts:
        text_key = key(text)
        hit = next((i for i in range(cursor, len(lines)) if _starts(lines[i], text_key)), None)
        found.append(None if hit is None else lines[hit])
        if hit is not None:
            cursor = hit + 1
    return found


def drift(lines: list[Line], document: Document, tolerance: float = 6.0) -> list[str]:
    """Side-by-side: each paragraph (and heading) starts at the height of its counterpart."""
    ordered = _ordered(lines, 2)
    per_column = [[ln for ln in ordered if ln.column(2) == c] for c in (0, 1)]
    texts = []
    for section in document.sections:
        blocks = [section.body[lang] for lang in document.languages]
        if all(heading_key(section, lang) for lang in document.languages):
            texts.append(
                [
                    " ".join(x for x in (section.label[lg], section.heading[lg]) if x)
                    for lg in document.languages
                ]
            )
        for pair in zip(*blocks):
            if all(isinstance(b, Paragraph) for b in pair):
                texts.append([b.text for b in pair])
    starts = [_paragraph_starts(per_column[c], [t[c] for t in texts]) for c in (0, 1)]
    problems = []
    for pair, left, right in zip(texts, *starts):
        if left is None or right is None:
            continue
        if left.page != right.page or abs(left.y0 - right.y0) > tolerance:
            problems.append(
                f"{pair[0][:16]!r} at p. {left.page} y {left.y0:.0f} beside "
                f"{pair[1][:16]!r} at p. {right.page} y {right.y0:.0f}"
            )
    return problems


def ragged(lines: list[Line], document: Document, columns: int, tolerance: float = 1.5) -> list[str]:
    """Justified languages: every line of a paragraph but its last ends at the column's right
    edge."""
    problems = []
    for language in document.languages:
        if not LANGUAGES[language].justify:
            continue
        texts = [b.text for s in document.sections for b in s.body[language] if isinstance(b, Paragraph)]
        ordered = _ordered(lines, columns)
        starts = _paragraph_starts(ordered, texts)
        inner = [ln for text, start in zip(texts, starts) for ln in _inner_lines(start, key(text), lines)]
        # the edge: where the longest such line ends, but one ending in punctuation (LibreOffice
        # hangs a final 、 or ， into the margin)
        edge = max((ln.x1 for ln in inner if ln.text[-1:].isalnum()), default=0)
        problems += [
            f"{language} p. {ln.page}: {ln.text[:30]!r} ends at x {ln.x1:.1f} pt, the column at {edge:.1f} pt"
            for ln in inner
            if ln.x1 < edge - tolerance
            and not _spread_too_far(edge - ln.x1, ln.text, LANGUAGES[language].letters)
        ]
    return problems


def blank_pages(lines: list[Line], body: list[Line], document: Document) -> list[str]:
    """Pages whose text block holds nothing but the draft watermark ("草稿 / DRAFT")."""
    watermark = set(key("/".join(document.labels[lg].get("draft", "") for lg in document.languages)))
    written = {ln.page for ln in body if not set(ln.key) <= watermark}
    return [f"p. {page} is blank" for page in sorted({ln.page for ln in lines} - written)]


def lone_last(lines: list[Line], document: Document, columns: int) -> list[str]:
    """A paragraph or table cell of more than one line whose last line holds fewer letters or
    digits than its language keeps together (language data paragraph_keep_last)."""
    problems = []
    for language in document.languages:
        least = LANGUAGES[language].paragraph_keep_last
        if not least:
            continue
        blocks = [b for s in document.sections for b in s.body[language]]
        texts = [b.text for b in blocks if isinstance(b, Paragraph)]
        cells = [c for b in blocks if not isinstance(b, Paragraph) for row in b.rows for c in row]
        starts = _paragraph_starts(_ordered(lines, columns), texts)
        starts += [
            next((ln for ln in lines if _starts(ln, cell_key, 40)), None) for cell_key in map(key, cells)
        ]
        for text, start in zip(texts + cells, starts):
            text_key = key(text)
            inner = _inner_lines(start, text_key, lines)
            last = next_line(inner[-1], lines) if inner else None
            if last is None or "".join(ln.key for ln in (*inner, last)) != text_key:
                continue  # one line, or its last line on the next page (not followed here)
            letters = sum(1 for c in last.key if unicodedata.category(c)[0] in "LN")
            if letters < least:
                problems.append(f"{language} p. {last.page}: {last.text!r} ends {text[:20]!r}...")
    return problems


BODY_EM = 10.5  # pt, the body text (templates/html/agreement.css)


def _spread_too_far(short: float, text: str, letters: str) -> bool:
    """Justifying the line would put more than MAX_SPREAD of an em between its letters (those of
    the language, and spaces): it stays start-aligned by design (an amount or e-mail address
    that does not fit follows it)."""
    from agreements.pdf_justify import MAX_SPREAD

    gaps = len(re.findall(f"[{letters}]", text)) - 1 + len(text.split()) - 1
    return gaps <= 0 or short / gaps > MAX_SPREAD * BODY_EM


def _inner_lines(start: Line | None, text_key: str, lines: list[Line]) -> list[Line]:
    """The lines of the paragraph that begins on `start` that another line of it follows (on the
    same page), found by following the text line by line."""
    inner, line, read = [], start, start.key if start else ""
    while line is not None and len(read) < len(text_key) and text_key.startswith(read):
        below = next_line(line, lines)
        if below is None or not below.key or not text_key[len(read) :].startswith(below.key):
            break
        inner.append(line)
        line, read = below, read + below.key
    return inner


def expected_blocks(document: Document) -> list[tuple[str, str]]:
    """(language, marker) in the order the model sets: per language in sequential layout, else
    every language at each step; articles, then the signature blocks, then the annexes."""
    front = [s for s in document.sections if s.role != "annex"]
    annexes = [s for s in document.sections if s.role == "annex"]

    def part(languages) -> list[tuple[str, str]]:
        out = [(lg, "heading:" + heading_key(s, lg)) for s in front for lg in languages]
        out += [(lg, "signing:" + key(document.signing_line[lg])) for lg in languages]
        out += [(lg, "heading:" + heading_key(s, lg)) for s in annexes for lg in languages]
        return [item for item in out if item[1].split(":", 1)[1]]

    if document.layout == "sequential":
        return [item for lg in document.languages for item in part([lg])]
    return part(document.languages)


def block_order(lines: list[Line], document: Document, columns: int) -> list[str]:
    """Per language: the headings and signing line appear, in the model's order (one language is
    in one column, so the page and height order it)."""
    ordered = _ordered(lines, 1)
    problems = []
    for language in document.languages:
        markers = [m for lg, m in expected_blocks(document) if lg == language]
        positions = []
        for marker in markers:
            text_key = marker.split(":", 1)[1]
            hit = next((i for i, ln in enumerate(ordered) if _starts(ln, text_key, 40)), -1)
            if hit < 0:
                problems.append(f"{language}: {marker[:30]!r} not found")
            positions.append(hit)
        found = [(p, m) for p, m in zip(positions, markers) if p >= 0]
        if [m for _, m in sorted(found)] != [m for _, m in found]:
            shown = [m.split(":", 1)[1][:10] for _, m in sorted(found)]
            problems.append(f"{language}: blocks out of order: {shown}")
    return problems


def signature_apart(lines: list[Line], document: Document) -> list[str]:
    """Every signing line ("Signed at ... on ...") on the page of the signature blocks after it, and
    the blocks in one piece: the last party's last line ("Date:") on that page too."""
    if not document.signatories:
        return []
    ordered = _ordered(lines, 1)
    first, last = document.signatories[0].lines[0].text, document.signatories[-1].lines[-1].text
    problems = []
    for language in document.languages:
        signing, name, end = key(document.signing_line[language]), key(first[language]), key(last[language])
        for index, line in enumerate(ordered):
            if not _starts(line, signing, 40):
                continue
            # the party's role is enough: LibreOffice's text layer of a right-to-left party line
            # puts the Latin name's words on lines of their own
            block = next((ln for ln in ordered[index + 1 :] if _starts(ln, name, 6)), None)
            if block is None or block.page != line.page:
                where = f"p. {block.page}" if block else "nowhere"
                problems.append(f"p. {line.page}: {line.text[:30]!r}, its signature blocks on {where}")
                continue
            # and the blocks end there: the last party's last line ("Date:") on the same page
            after = ordered[ordered.index(block) :]
            closing = next((ln for ln in after if _starts(ln, end, 6)), None)
            if closing is None or closing.page != line.page:
                where = f"p. {closing.page}" if closing else "nowhere"
                problems.append(f"p. {line.page}: signature blocks begin, their last line on {where}")
    return problems


def text_layer(pdf: Path, document: Document) -> list[str]:
    """Every line of source text, in each language, is in the PDF's text layer as written
    (whitespace and zero-width characters aside: lines break anywhere)."""
    raw = _strict(re.sub("[\u2010\u00ad]\n", "", page_text(pdf)))  # a hyphen of hyphenation
    # right to left: every word of the source is one of the PDF's words (poppler's raw text is in
    # visual order, and its reading order cuts lines at Arabic marks), compared by letters and
    # digits without marks, lam and alef (a lam-alef ligature comes out as alef-lam)
    rtl = [lang for lang in document.languages if LANGUAGES[lang].direction == "rtl"]
    words = page_words(pdf) if rtl else set()
    problems = []
    for language in document.languages:
        replacements = LANGUAGES[language].layout_replacements
        for source in document.text(language):
            if LANGUAGES[language].direction == "rtl":
                missing = sorted(words_of(source) - words)
                if missing:
                    problems.append(f"{language}: {source[:40]!r} ({missing[:3]})")
                continue
            wanted = _strict(source)
            laid_out = _strict(_replaced(source, replacements))  # as laid out (Lao ຳ as ໍາ)
            if wanted and not in_text(wanted, raw) and not in_text(laid_out, raw):
                problems.append(f"{language}: {source[:40]!r}")
    return problems


def page_words(pdf: Path) -> set[str]:
    """The words of a PDF's text, as `words_of` compares them (for right-to-left text)."""
    return {_letters(word) for word in _WORD.findall(page_text(pdf, raw=False))}


def words_of(text: str) -> set[str]:
    """The words of right-to-left source text that its PDF must hold: letters and digits, without
    lam and alef; a word with a mark (shadda, tanwin), which poppler cuts at the mark, left out."""
    return {_letters(word) for word in _WORD.findall(text) if not _MARK.search(word)} - {""}


def _letters(text: str) -> str:
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text)
        if unicodedata.category(c) in _LETTERS and c not in _LAM_ALEF
    )


_LETTERS = ("Lu", "Ll", "Lt", "Lo", "Nd")
# words: runs of Arabic letters (with their marks), of other letters, or of digits (poppler parts
# "و٤٠" and "وBattery" where the direction changes); a word with a mark (shadda, tanwin) poppler
# cuts at the mark, so it is not compared
_ARABIC_LETTERS = "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f"
_WORD = re.compile(rf"[{_ARABIC_LETTERS}]+|[^\W\d_{_ARABIC_LETTERS}]+|\d+")
_MARK = re.compile("[\u064b-\u065f\u0670]")
_LAM_ALEF = "\u0644\u0627\u0623\u0625\u0622"


def _replaced(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def _strict(text: str) -> str:
    return re.sub(r"[\s\u200b\u200c\u200d\u2060\u00ad\u2028]+", "", unicodedata.normalize("NFC", text))


def summary(report: dict[str, list[str]]) -> str:
    return ", ".join(f"{name} {len(found)}" for name, found in report.items() if found) or "clean"


def described(report: dict[str, list[str]]) -> str:
    """The summary, then the first five problems of each check."""
    return "\n".join(
        [summary(report)] + [f"{name}: {problem}" for name, found in report.items() for problem in found[:5]]
    )


def counted(document: Document, language: str) -> list[str]:
    """The figures of the document's text with the word counting them ("2份", "20 ຄົນ"), found
    as compose finds them (language data count_units)."""
    from agreements.kept import counts

    return [found for text in document.text(language) for found in counts(text, language)]


def spec_values(spec) -> dict[str, list[str]]:
    """The spec's amounts, dates, durations, phone numbers, e-mail addresses (up to 32 columns),
    postcodes and signatories' names (up to 24 columns) as each language of its agreement shows
    them."""
    import datetime as dt

    from agreements.formatting import Formatter
    from agreements.kept import kept_parts
    from agreements.model import DURATION_UNITS, Money, walk, with_unit

    out = {}
    for language in spec.languages:
        f = Formatter(language)
        found = [f.date(spec.signing.date), f.date(spec.term.start), f.date(spec.term.last_day)]
        for path, value in walk(spec):
            if isinstance(value, Money):
                found += kept_parts(f.money(value))  # an amount in words may wrap
            elif isinstance(value, dt.date):
                found.append(f.date(value))
            elif path[-1] == "phone" and isinstance(value, str):
                found.append(value)
            elif path[-1] == "email" and isinstance(value, str) and display_width(value) <= 32:
                found.append(value)
        found += [code for party in spec.parties for code in party.postcodes(language)]
        found += [f.duration(n, unit) for unit in DURATION_UNITS for n in with_unit(spec, unit)]
        names = [
            p.name[language]
            for party in spec.parties
            for p in (party.legal_representative, party.representative)
            if p
        ]
        found += [name for name in names if display_width(name) <= 24]  # "Chen / Xiaoming" was cut
        out[language] = found
    return out


def line_breaks(pdf: Path, document: Document, language: str) -> tuple[int, list[str]]:
    """Where the PDF's lines of `language` end inside a word: (lines checked, problems).

    A line may end where the source has whitespace, where the language's segmenter finds a word
    boundary (words.break_words), or next to a character that is not a letter of the language
    (punctuation, digits, Latin, CJK). The paragraphs are found in the text layer in reading
    order (pdftotext -raw); one not found (split by a page break) is not checked.
    """
    from agreements.words import break_words

    info = LANGUAGES[language]
    letter = re.compile(f"[{info.letters}]")
    flat, ends = [], set()  # the text layer without whitespace; where its lines end
    for line in page_text(pdf).splitlines():
        line = _strict(line)
        if line:
            flat.append(line)
            ends.add(sum(map(len, flat)))
    text = "".join(flat)
    checked, problems = 0, []
    for source in document.text(language):
        allowed, position, last = set(), 0, ""
        for char in unicodedata.normalize("NFC", break_words(source, language)):
            if char.isspace() or char == "\u200b":
                allowed.add(position)
            elif char not in "\u200c\u200d\u2060\u00ad\u2028":
                if not (letter.match(char) and letter.match(last)):
                    allowed.add(position)
                position, last = position + 1, char
        wanted = _strict(source)
        start = text.find(wanted)
        if len(wanted) < 2 or start < 0:
            continue
        for end in sorted(e - start for e in ends if start < e < start + len(wanted)):
            checked += 1
            if end not in allowed:
                problems.append(f"{language}: …{wanted[max(0, end - 12) : end]}|{wanted[end : end + 12]}…")
    return checked, problems
