"""The three layouts of the DOCX body (a mixin of docx_writer's writer): the same blocks in the
same order as the PDF, laid out sequentially, interleaved or side by side."""

from __future__ import annotations

from .columns import may_split
from .document import Section, Table, keeps_with_next
from .docx_xml import PARALLEL_CELL_MARGIN, Span, paragraph, split_width, table


class Layouts:
    def body(self) -> str:
        layouts = {
            "side-by-side": self._side_by_side,
            "sequential": self._sequential,
            "interleaved": self._interleaved,
        }
        if self.doc.layout == "side-by-side" and len(self.languages) != 2:
            raise ValueError("side-by-side holds two languages (compose chooses another layout)")
        return layouts[self.doc.layout]()

    # The same blocks in the same order as the PDF: the articles, "no text below", the signing
    # line and signature block, then the annexes (each on a new page); in sequential layout all
    # of it once per language.
    def _sequential(self) -> str:
        parts = []
        front, annexes = self._front_and_annexes()
        for index, tag in enumerate(self.languages):
            parts.append(self._title(tag, page_break=bool(index)))
            parts += [self._section(section, tag, self.width, "heading1") for section in front]
            last = index == len(self.languages) - 1
            parts.append(self._signatures((tag,), ends_body=last and not annexes))
            parts += [
                self._section(section, tag, self.width, "heading1", new_page=True) for section in annexes
            ]
        return "".join(parts)

    def _interleaved(self) -> str:
        front, annexes = self._front_and_annexes()
        parts = [self._titles()]
        parts += [self._interleaved_section(section) for section in front]
        parts.append(self._signatures(self.languages, ends_body=not annexes))
        parts += [self._interleaved_section(section) for section in annexes]
        return "".join(parts)

    def _interleaved_section(self, section: Section) -> str:
        parts = []
        for index, tag in enumerate(self.languages):
            if index and not any(section.label.values()) and not any(section.heading.values()):
                # no heading marks where a language begins
                parts.append(paragraph("body", "", mark_change=self._mark_change(self.doc.status_of(tag))))
            parts.append(
                self._section(
                    section,
                    tag,
                    self.width,
                    "heading1" if index == 0 else "heading2",
                    new_page=section.role == "annex" and index == 0,
                )
            )
        return "".join(parts)

    def _front_and_annexes(self) -> tuple[list[Section], list[Section]]:
        sections = self.doc.sections
        return [s for s in sections if s.role != "annex"], [s for s in sections if s.role == "annex"]

    def _side_by_side(self) -> str:
        """One table row per paragraph, so that paragraph n of each language starts on the same
        line; a row never splits (cantSplit) unless it is long, a heading row keeps with the next
        row; a clause's table spans both columns, one language after the other."""
        widths = split_width(self.width, 2)
        inner = min(widths) - 2 * PARALLEL_CELL_MARGIN
        front, annexes = self._front_and_annexes()
        rows = [[self._title(tag) for tag in self.languages]]
        row_changes, whole = [""], [True]
        for section in front:
            section_rows, changes, section_whole = self._parallel_rows(section, inner)
            rows += section_rows
            row_changes += changes
            whole += section_whole
        parts = [table("parallel", widths, rows, cant_split=whole, row_changes=row_changes)]
        # as in the PDF: "no text below", the signing lines and the signature table at full width
        # (paragraphs keep with the table; a table row would not)
        parts.append(self._signatures(self.languages, ends_body=not annexes))
        for section in annexes:  # the separator (a new page) keeps the two tables apart
            section_rows, changes, section_whole = self._parallel_rows(section, inner)
            parts.append(paragraph("separator", ""))
            parts.append(
                table("parallel", widths, section_rows, cant_split=section_whole, row_changes=changes)
            )
            parts.append(paragraph("body", ""))
        return "".join(parts)

    def _parallel_rows(self, section: Section, inner: int) -> tuple[list, list[str], list[bool]]:
        """The rows of one section, for a redline each row's change (docx_redline), and whether
        each row must stay on one page (all but a long paragraph's: columns.may_split)."""
        rows: list = []
        changes: list[str] = []
        if section.role != "preamble":
            rows.append([self._heading(section, tag, "heading1", keep_next=True) for tag in self.languages])
            changes.append(self._row_change(section))
        whole = [True] * len(rows)
        bodies = [section.body[tag] for tag in self.languages]
        for index in range(max(len(body) for body in bodies)):
            cells = [body[index] if index < len(body) else None for body in bodies]
            changes.append(self._row_change(section, cells))
            whole.append(not may_split(cells))
            if any(isinstance(cell, Table) for cell in cells):
                full = self.width - 2 * PARALLEL_CELL_MARGIN
                rows.append(
                    Span(
                        # an empty paragraph between two tables: Word and LibreOffice join
                        # adjacent tables into one (a zh-Hans table took the Arabic one's
                        # right-to-left column order)
                        paragraph("table_text", "").join(
                            self._block(cell, tag, full) for cell, tag in zip(cells, self.languages) if cell
                        )
                    )
                )
            else:
                keep = keeps_with_next(cells)
                rows.append(
                    [
                        self._block(cell, tag, inner, keep_next=keep) if cell else ""
                        for cell, tag in zip(cells, self.languages)
                    ]
                )
        return rows, changes, whole
