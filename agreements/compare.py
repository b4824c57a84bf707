"""Comparing two revisions of an agreement: the changed terms, the articles aligned by clause id,
and the text of each changed article as redline segments.

Both revisions are composed into Documents, so articles align by clause id rather than by text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .align import BlockChange, align_blocks, append_segment
from .align import redline_text as redline_text  # (re-exported)
from .change_values import ABSENT, shown_value
from .document import Document, Section, Segment
from .formatting import Formatter
from .kinds import KINDS
from .labels import (
    FIELD_LABELS,
    ITEM_WITH_NAME,
    PERSON_FIELD_LABELS,
    SOURCE_LANGUAGE,
    VALUE_LABELS,
    Labels,
)
from .model import Money, Spec, Text, unit_of
from .model.bespoke import ClerkText
from .model.parties import Contact, Person
from .revisions import DiffError, Revision
from .template_changes import TemplateChange, drift_warnings, template_changes
from .templates import BUILTIN, Templates

TEXTS = (Text, ClerkText)  # text per language: one term, shown in each language


@dataclass
class Change:
    """One changed term of the agreement, with its label and values in every language."""

    path: tuple
    kind: str  # changed, added or removed
    label: dict[str, str]
    old: dict[str, str | None]
    new: dict[str, str | None]

    def line(self, languages, templates: Templates = BUILTIN) -> str:
        parts = []
        for lang in languages:
            get = Labels(lang, templates).get
            if self.kind == "changed":
                value = f"{self.old[lang]} → {self.new[lang]}"
            else:
                value = get("added" if self.kind == "added" else "removed")
                shown = self.new[lang] if self.kind == "added" else self.old[lang]
                value += f" ({shown})" if shown else ""
            parts.append(get("{label}: {value}", label=self.label[lang], value=value))
        return " / ".join(parts)


@dataclass
class SectionChange:
    """One article (or the preamble, or an annex) compared in every language."""

    clause_id: str
    status: str  # same, changed, added or removed
    old: Section | None
    new: Section | None
    paragraphs: dict[str, list[list[Segment]]] = field(default_factory=dict)  # for text reports
    blocks: dict[str, list[BlockChange]] = field(default_factory=dict)  # every language of either
    changed_languages: list[str] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.number != self.new.number)


@dataclass
class Comparison:
    old: Revision
    new: Revision
    changes: list[Change]
    sections: list[SectionChange]
    warnings: list[str]
    templates: Templates
    template_changes: list[TemplateChange] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return [lang for lang in self.new.spec.languages if lang in self.old.spec.languages]

    @property
    def differs(self) -> bool:
        return (
            bool(self.changes)
            or bool(self.template_changes)
            or any(s.status != "same" for s in self.sections)
        )


# --- the comparison ------------------------------------------------------------------------------


def compare(
    old: Revision, new: Revision, templates: Templates = BUILTIN, *, different_agreements: bool = False
) -> Comparison:
    """`different_agreements`: compare two revisions whose ids differ (else refused)."""
    if old.spec.id != new.spec.id and not different_agreements:
        raise DiffError(
            f"{old.name} ({old.spec.id}) and {new.name} ({new.spec.id}) are different agreements; "
            "compare them anyway with --allow-different-agreements"
        )
    languages = [lang for lang in new.spec.languages if lang in old.spec.languages]
    if not languages:
        raise DiffError(f"{old.name} and {new.name} have no language in common")
    changes = list(_term_changes(old.spec, new.spec, languages, templates))
    sections = align_sections(old.document, new.document, languages)
    reworded = template_changes(old.templates, new.templates, old.document, new.document, languages)
    # drift: what one language says changed at its source (a clause's wording, a text the spec
    # gives per language) while the other languages' did not. Wording that follows the data (双方
    # becoming 各方 with a third party, where English keeps "the Parties") is not drift.
    warnings = drift_warnings(reworded, languages) + _text_drift(old.spec, new.spec, languages, templates)
    if old.spec.languages != new.spec.languages:
        warnings.append(
            f"languages changed: {', '.join(old.spec.languages)} → "
            f"{', '.join(new.spec.languages)}; only {', '.join(languages)} are compared"
        )
    return Comparison(old, new, changes, sections, warnings, templates, reworded)


def _text_drift(old: Spec, new: Spec, languages: list[str], templates: Templates) -> list[str]:
    """A text given per language in the spec that changed in some languages only."""
    before = {path: value for path, value, _ in _leaves(old)}
    warnings = []
    for path, value, _ in _leaves(new):
        was = before.get(path)
        if isinstance(value, Text) and isinstance(was, Text):
            changed = [lang for lang in languages if was.root.get(lang) != value.root.get(lang)]
            if 0 < len(changed) < len(languages):
                unchanged = [lang for lang in languages if lang not in changed]
                label = _path_label(path, new, Labels(SOURCE_LANGUAGE, templates))
                warnings.append(
                    f"{label} changed in {', '.join(changed)} but not in {', '.join(unchanged)}: "
                    "the language versions may have drifted apart"
                )
    return warnings


# --- change list ---------------------------------------------------------------------------------


def _term_changes(old: Spec, new: Spec, languages: list[str], templates: Templates):
    formatters = {lang: Formatter(lang) for lang in languages}
    labels = {lang: Labels(lang, templates) for lang in languages}
    old_leaves, new_leaves = list(_leaves(old)), list(_leaves(new))
    old_values = {path: value for path, value, _ in old_leaves}
    new_values = {path: value for path, value, _ in new_leaves}
    units = {path: unit for path, _, unit in old_leaves + new_leaves}
    reported: set[tuple] = set()
    for path in _ordered_union(list(old_values), list(new_values)):
        a, b = old_values.get(path, ABSENT), new_values.get(path, ABSENT)
        if _same(a, b, languages):
            continue
        if a is ABSENT or b is ABSENT:
            # a whole section added or removed is one change, named by the section
            path = _outermost_absent(path, old_values if a is ABSENT else new_values)
            if path in reported:
                continue
            reported.add(path)
            a = ABSENT if a is ABSENT else _at(old, path)
            b = ABSENT if b is ABSENT else _at(new, path)
        kind = "changed" if a is not ABSENT and b is not ABSENT else ("added" if a is ABSENT else "removed")
        unit, name = units.get(path), next((p for p in reversed(path) if isinstance(p, str)), "")
        yield Change(
            path,
            kind,
            {lang: _path_label(path, old if b is ABSENT else new, labels[lang]) for lang in languages},
            {lang: shown_value(a, unit, name, formatters[lang], labels[lang]) for lang in languages},
            {lang: shown_value(b, unit, name, formatters[lang], labels[lang]) for lang in languages},
        )


SHORT_LIST = 12  # a list of values up to this long is shown whole when it changes


def _leaves(node: Any, path: tuple = (), unit: str | None = None):
    """(path, value, unit) for every term given, with the Unit of the field that holds it."""
    if isinstance(node, (*TEXTS, Money)) or not isinstance(node, (BaseModel, list)):
        yield path, node, unit
        return
    if isinstance(node, list):
        if node and all(
            isinstance(item, BaseModel) and not isinstance(item, (*TEXTS, Money)) for item in node
        ):
            for index, item in enumerate(node):
                key = f"Party {item.role}" if getattr(item, "role", None) and path == ("parties",) else index
                yield from _leaves(item, path + (key,))
        elif len(node) > SHORT_LIST:  # one renamed course of 200 is one change, not the whole list
            for index, item in enumerate(node):
                yield path + (index,), item, unit
        else:
            yield path, node, unit
        return
    for name in type(node).model_fields:
        value = getattr(node, name)
        if value is None:
            continue
        yield from _leaves(value, path + (name,), unit_of(type(node), name))


def _outermost_absent(path: tuple, other: dict) -> tuple:
    """The shortest prefix of `path` under which the other revision has nothing at all."""
    for cut in range(1, len(path) + 1):
        prefix = path[:cut]
        if not any(key[:cut] == prefix for key in other):
            return prefix
    return path


def _at(spec: Spec, path: tuple) -> Any:
    node: Any = spec
    for part in path:
        node = _step(spec, node, part)
    return node


def _step(spec: Spec, node: Any, part) -> Any:
    if isinstance(part, int):
        return node[part]
    if part.startswith("Party "):
        return spec.party(part[-1])
    return getattr(node, part)


def _ordered_union(first: list, second: list) -> list:
    seen = dict.fromkeys(second)
    for index, key in enumerate(first):
        if key not in seen:
            seen[key] = None
    return list(seen)


def _same(a: Any, b: Any, languages: list[str]) -> bool:
    if isinstance(a, TEXTS) and isinstance(b, TEXTS):
        return all(a.root.get(lang) == b.root.get(lang) for lang in languages)
    return a == b


def _path_label(path: tuple, spec: Spec, labels: Labels) -> str:
    parts = []
    node: Any = spec
    for part in path:
        parent, node = node, _step(spec, node, part)
        if isinstance(parent, (Person, Contact)) and part in PERSON_FIELD_LABELS:
            parts.append(labels.get(PERSON_FIELD_LABELS[part]))
        elif isinstance(part, int):
            item = f"{parts.pop()} {part + 1}" if parts else str(part + 1)
            name = _item_name(node, labels)
            parts.append(labels.get(ITEM_WITH_NAME, item=item, name=name) if name else item)
        elif part.startswith("Party "):
            parts[-1] = labels.get(part)
        elif any(part == kind.section for kind in KINDS.values()):
            continue  # the kind's own section: its fields speak for themselves
        elif part in FIELD_LABELS:
            parts.append(labels.get(FIELD_LABELS[part]))
        else:
            parts.append(part)
    return " › ".join(parts)


def _item_name(item: Any, labels: Labels) -> str | None:
    """What names a list item for a reader: its name, field of study or purpose, or cost item."""
    for name in ("name", "field", "purpose", "course"):
        text = getattr(item, name, None)
        if isinstance(text, Text):
            return text.root.get(labels.language)
    cost = getattr(item, "item", None)
    return labels.get(VALUE_LABELS[("item", cost)]) if ("item", cost) in VALUE_LABELS else None


# --- text redline --------------------------------------------------------------------------------


def align_sections(old: Document, new: Document, languages: list[str]) -> list[SectionChange]:
    """Sections of both revisions in reading order, matched by clause id."""
    old_by_id = {s.clause_id: s for s in old.sections}
    new_ids = {s.clause_id for s in new.sections}
    order: list[tuple[Section | None, Section | None]] = []
    pending_removed = [s for s in old.sections if s.clause_id not in new_ids]
    for section in new.sections:
        previous = old_by_id.get(section.clause_id)
        # removed sections that stood before this one in the old revision come first
        while (
            pending_removed
            and previous is not None
            and old.sections.index(pending_removed[0]) < old.sections.index(previous)
        ):
            order.append((pending_removed.pop(0), None))
        order.append((previous, section))
    order += [(section, None) for section in pending_removed]
    every = list(dict.fromkeys([*new.languages, *old.languages]))
    return [_compare_section(a, b, languages, every) for a, b in order]


def _compare_section(
    old: Section | None, new: Section | None, languages: list[str], every: list[str]
) -> SectionChange:
    """`languages`: those both revisions have (they decide the status); `every`: all of them."""
    clause_id = (new or old).clause_id  # type: ignore[union-attr]
    change = SectionChange(clause_id, "same", old, new)
    for lang in every:
        a = old.body.get(lang, ()) if old else ()
        b = new.body.get(lang, ()) if new else ()
        change.blocks[lang] = align_blocks(a, b)
        if lang not in languages:
            continue
        change.paragraphs[lang] = [p for block in change.blocks[lang] for p in _as_paragraphs(block)]
        heading_changed = bool(old and new and old.heading[lang] != new.heading[lang])
        if heading_changed or a != b:
            change.changed_languages.append(lang)
    if old is None:
        change.status = "added"
    elif new is None:
        change.status = "removed"
    elif change.changed_languages:
        change.status = "changed"
    return change


def _as_paragraphs(block: BlockChange) -> list[list[Segment]]:
    """A block as text lines of segments: a table row is one line, its cells joined by ' | '."""
    if not block.is_table:
        return [list(block.segments)]
    lines = []
    for row in block.rows:
        line: list[Segment] = []
        for index, cell in enumerate(row.cells):
            for op, text in ((("=", " | "),) if index else ()) + cell:
                append_segment(line, op if not row.status else row.status, text)
        lines.append(line)
    return lines
