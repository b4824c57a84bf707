"""The redline parts of the DOCX writer: tracked changes as WordprocessingML.

Text changes are w:ins / w:del around runs; a whole paragraph inserted or deleted also carries the
change on its paragraph mark (w:pPr/w:rPr), a whole table row on its row properties (w:trPr), so
that Accept All and Reject All leave no empty paragraph or row behind. A mixin of docx_writer's
writer: it needs `doc`, `author`, `date`, `change_ids`, `languages`, `width` and `_runs` from it.
"""

from __future__ import annotations

from docx.oxml.ns import nsdecls
from lxml import etree

from .bidi import is_rtl
from .document import Section, Table
from .docx_xml import (
    FIELD,
    FIELD_CODE,
    LIST_SEPARATOR,
    language_style_id,
    paragraph,
    runs,
    split_width,
    table,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKS = (f"{W}ins", f"{W}del")


class RedlineWriter:
    def settled(self, xml: str) -> str:
        """`xml` (body or header) with paragraph-mark changes that cannot stand where they are moved
        to where Word puts them: a paragraph inserted or deleted just before a table or at the end
        of a cell has no paragraph after it to join, so Reject All (Accept All) would leave it
        empty; its mark change goes to the paragraph before the run instead (that paragraph's
        text then joins the run's last, kept, mark). Unchanged when nothing is tracked."""
        if not self.change_ids:
            return xml
        root = etree.fromstring(f"<root {nsdecls('w')}>{xml}</root>")
        for container in [root, *root.iter(f"{W}tc")]:
            _settle(container)
        xml = "".join(etree.tostring(child, encoding="unicode") for child in root)
        # braces stay character references, as docx_xml.xml_text writes them (docxtpl rewrites "{_{")
        return xml.replace("{", "&#123;").replace("}", "&#125;")

    def _tracked(self, segments, tag: str | None, keep: tuple[str, ...] | None = None) -> str:
        """Tracked changes: ("=", kept), ("+", inserted) and ("-", deleted) text."""
        out = []
        for op, text in segments:
            if not text:
                continue
            if op == "=":
                out.append(self._runs(text, tag, keep=keep))
                continue
            element = {"+": "w:ins", "-": "w:del"}[op]
            inner = self._runs(text, tag, deleted=op == "-", keep=keep)
            out.append(f"<{element} {self._change_attributes()}>{inner}</{element}>")
        return "".join(out)

    def _tracked_page_label(self, pattern: str, tag: str, status: str) -> str:
        """A language's page label ("Page {page} of {pages}") inserted or deleted as a whole: its
        fields as complex fields, whose runs can stand inside w:ins / w:del."""
        deleted = status == "-"
        text_tag, code_tag = ("w:delText", "w:delInstrText") if deleted else ("w:t", "w:instrText")
        style = f'<w:rPr><w:rStyle w:val="{language_style_id(tag)}"/></w:rPr>'
        out = []
        for index, piece in enumerate(FIELD.split(pattern)):
            if not index % 2:
                out.append(runs(piece, tag, deleted=deleted) if piece else "")
                continue
            code = f'<{code_tag} xml:space="preserve"> {FIELD_CODE[piece]} \\* MERGEFORMAT </{code_tag}>'
            out += [
                f'<w:r>{style}<w:fldChar w:fldCharType="begin"/></w:r>',
                f"<w:r>{style}{code}</w:r>",
                f'<w:r>{style}<w:fldChar w:fldCharType="separate"/></w:r>',
                f"<w:r>{style}<{text_tag}>1</{text_tag}></w:r>",
                f'<w:r>{style}<w:fldChar w:fldCharType="end"/></w:r>',
            ]
        element = {"+": "w:ins", "-": "w:del"}[status]
        return f"<{element} {self._change_attributes()}>{''.join(out)}</{element}>"

    def _change_attributes(self) -> str:
        self.change_ids += 1
        return f'w:id="{self.change_ids}" w:author="{self.author}" w:date="{self.date}"'

    def _mark_change(self, status: str) -> str:
        """The w:ins or w:del of a whole paragraph's mark or a whole row ("" when kept)."""
        if not status:
            return ""
        return f"<{ {'+': 'w:ins', '-': 'w:del'}[status] } {self._change_attributes()}/>"

    def _row_change(self, section: Section, cells=None) -> str:
        """A side-by-side row: inserted or deleted when its section is, in every language, or
        (a row of `cells`, one block per language) when each of its paragraphs is."""
        statuses = {section.status.get(tag, "") for tag in self.languages}
        if statuses == {""} and cells is not None:
            statuses = {getattr(cell, "status", "") if cell is not None else "" for cell in cells}
        return self._mark_change(statuses.pop()) if len(statuses) == 1 else ""

    def _tracked_table(self, block: Table, tag: str, width: int) -> str:
        """A table of a redline: cell by cell, inserted and deleted rows as row changes."""
        columns = max(len(row.cells) for row in block.changes)
        rows, row_changes = [], []
        for index, row in enumerate(block.changes):
            style = "table_heading" if index == 0 else "table_text"
            cells = list(row.cells) + [()] * (columns - len(row.cells))
            rows.append([paragraph(style, self._tracked(cell, tag), tag) for cell in cells])
            row_changes.append(self._mark_change(row.status))
        return table(
            "table", split_width(width, columns), rows, header=True, row_changes=row_changes, rtl=is_rtl(tag)
        )

    def _party_rows(self, cells: list[str]) -> str:
        """A redline whose parties changed: one row per party, so that a party added or removed
        is a row inserted or deleted (Accept All and Reject All leave as many cells as parties)."""
        changes = [self._mark_change(signatory.status) for signatory in self.doc.signatories]
        rows = [[cell] for cell in cells]
        return table("signature_table", [self.width], rows, cant_split=True, row_changes=changes)

    def _tracked_header(self) -> str:
        """The header of a redline: the title in the first language, the revision, the draft mark
        and the languages tracked (the watermark of a draft that stays a draft, untracked)."""
        first = self.languages[0]
        title = self._text("title", self.doc.title[first], first)
        parts = [paragraph("header", title + runs(" · ", None) + self._header_line("revision"))]
        draft = self.doc.marks.get("draft", {})
        if self.doc.status == "draft" or draft:
            ops = {op for segments in draft.values() for op, _ in segments}
            whole = ops.pop() if len(draft) == len(self.languages) and len(ops) == 1 else ""
            line = self._header_line("draft", whole)
            if self.doc.status == "draft" and not draft:
                line += self._watermark()
            parts.append(paragraph("draft", line, mark_change=self._mark_change(whole)))
        return "".join(parts)

    def _header_line(self, key: str, whole: str = "") -> str:
        """One header line, each language's label tracked; `whole`: the line inserted or deleted."""
        pieces = []
        for index, tag in enumerate(self.languages):
            status = whole or self.doc.status_of(tag)
            if index:
                separator = ((status or "=", LIST_SEPARATOR),)
                pieces.append(self._tracked(separator, None))
            text = self.doc.labels[tag][key] if key in self.doc.labels[tag] else ""
            pieces.append(self._text(key, text, tag))
        return "".join(pieces)


def _mark(paragraph) -> etree._Element | None:
    """The w:ins or w:del on a paragraph's mark, if any."""
    rpr = paragraph.find(f"{W}pPr/{W}rPr")
    if rpr is None:
        return None
    return next((child for child in rpr if child.tag in _MARKS), None)


def _settle(container) -> None:
    children = list(container)
    for index, child in enumerate(children):
        mark = _mark(child) if child.tag == f"{W}p" else None
        if mark is None or (index + 1 < len(children) and children[index + 1].tag == f"{W}p"):
            continue  # kept, or a paragraph follows to join
        start = index
        while (
            start > 0 and children[start - 1].tag == f"{W}p" and _same_kind(_mark(children[start - 1]), mark)
        ):
            start -= 1
        before = children[start - 1] if start else None
        if before is None or before.tag != f"{W}p" or _mark(before) is not None:
            continue  # no paragraph before the run to carry the change
        ppr = before.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.SubElement(before, f"{W}pPr")
            before.insert(0, ppr)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, f"{W}rPr")
        mark.getparent().remove(mark)
        rpr.insert(0, mark)


def _same_kind(a, b) -> bool:
    return a is not None and b is not None and a.tag == b.tag
