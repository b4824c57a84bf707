"""The redline parts of the DOCX writer: tracked changes as WordprocessingML.

Text changes are w:ins / w:del around runs; a whole paragraph inserted or deleted also carries the
change on its paragraph mark (w:pPr/w:rPr), a whole table row on its row properties (w:trPr), so
that Accept All and Reject All leave no empty paragraph or row behind. A mixin of docx_writer's
writer: it needs `doc`, `author`, `date`, `change_ids`, `languages` and `width` from it.
"""

from __future__ import annotations

from .document import Section, Table
from .docx_xml import LIST_SEPARATOR, paragraph, runs, split_width, table


class RedlineWriter:
    def _tracked(self, segments, tag: str | None) -> str:
        """Tracked changes: ("=", kept), ("+", inserted) and ("-", deleted) text."""
        out = []
        for op, text in segments:
            if not text:
                continue
            if op == "=":
                out.append(runs(text, tag))
                continue
            element = {"+": "w:ins", "-": "w:del"}[op]
            out.append(
                f"<{element} {self._change_attributes()}>{runs(text, tag, deleted=op == '-')}</{element}>"
            )
        return "".join(out)

    def _change_attributes(self) -> str:
        self.change_ids += 1
        return f'w:id="{self.change_ids}" w:author="{self.author}" w:date="{self.date}"'

    def _mark_change(self, status: str) -> str:
        """The w:ins or w:del of a whole paragraph's mark or a whole row ("" when kept)."""
        if not status:
            return ""
        return f"<{ {'+': 'w:ins', '-': 'w:del'}[status] } {self._change_attributes()}/>"

    def _row_change(self, section: Section) -> str:
        """A side-by-side row: inserted or deleted when its section is, in every language."""
        statuses = {section.status.get(tag, "") for tag in self.languages}
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
        return table("table", split_width(width, columns), rows, header=True, row_changes=row_changes)

    def _party_rows(self, cells: list[str]) -> str:
        """A redline whose parties changed: one row per party, so that a party added or removed
        is a row inserted or deleted (Accept All and Reject All leave as many cells as parties)."""
        changes = [self._mark_change(signatory.status) for signatory in self.doc.signatories]
        rows = [[cell] for cell in cells]
        return table("signature_table", [self.width], rows, cant_split=True, row_changes=changes)

    def _tracked_header(self) -> str:
        """The header of a redline: the revision, the draft mark and the languages tracked."""
        parts = [
            paragraph("header", runs(self.doc.id, None) + runs(" · ", None) + self._header_line("revision"))
        ]
        draft = self.doc.marks.get("draft", {})
        if self.doc.status == "draft" or draft:
            ops = {op for segments in draft.values() for op, _ in segments}
            whole = ops.pop() if len(draft) == len(self.languages) and len(ops) == 1 else ""
            line = self._header_line("draft", whole)
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
