"""The translators' round trip: clause paragraphs and catalog labels out as units, targets back in.

A unit is one paragraph line of a clause text (Jinja control lines such as `{% if %}` alone on
a line stay out of it: they are copied from the Chinese), a clause title, or a catalog label. Its
source is the Chinese (zh-Hans); English, where it exists, is a note. Its state comes from our
records: `initial` (no target), `translated` (not reviewed), `final` (a qualified reader's review
record matches, see reviews.py); a target older than its source is `stale`. The file formats are
in translation_files.py. An import writes the clause files in place (only the changed lines) and
the catalogs, all files or none.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import safe_io
from .clauses import (
    SOURCE,
    Clause,
    ClauseText,
    environment,
    form_problems,
    library,
    outline,
    placeholders,
    source_hash,
    tag_key,
    translated,
)
from .errors import Problem, TemplateError, display_path
from .labels import SOURCE_LANGUAGE, _catalog, all_messages, catalog_path
from .languages import LANGUAGES
from .reviews import records, text_hash
from .templates import Templates
from .translation_states import read_states, render_states, state_file

TAG = re.compile(r"{{-?.*?-?}}|{%-?.*?-?%}|{#.*?#}|\{[A-Za-z_][A-Za-z0-9_]*\}", re.S)
JINJA_TAG = re.compile(r"{{-?.*?-?}}|{%-?.*?-?%}|{#.*?#}", re.S)
STATES = ("initial", "translated", "reviewed", "final")


@dataclass
class Unit:
    id: str  # clause.<id>.title, clause.<id>.p<n>, label.<hash of the msgid>
    source: str  # the Chinese
    target: str  # "" when untranslated
    state: str  # one of STATES
    stale: bool  # the target follows an older source
    source_hash: str  # of this unit's source text
    note: str = ""  # the English text, for reference
    name: str = ""  # clause id, or the label's msgid

    @property
    def hashes(self) -> tuple[str, str]:
        return self.source_hash, text_hash(self.target)

    @property
    def codes(self) -> list[str]:
        """The placeholders and Jinja tags of the source, in order: protected inline codes."""
        return TAG.findall(self.source)


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # unit ids whose target changed
    refused: list[Problem] = field(default_factory=list)  # kept out with --partial
    claimed_reviewed: int = 0  # units the file marks reviewed/final: `agreements review` records them


def _is_structure(line: str) -> bool:
    return not JINJA_TAG.sub("", line).strip()


def paragraph_lines(text: str) -> list[int]:
    """Indexes of the text's lines that hold translatable words (not Jinja control alone)."""
    return [i for i, line in enumerate(text.split("\n")) if not _is_structure(line)]


def _skeleton(text: str) -> list[str]:
    return [line.strip() if _is_structure(line) else "" for line in text.split("\n")]


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise TemplateError(f"no language {language!r}; languages: {', '.join(LANGUAGES)}")
    if language == SOURCE:
        raise TemplateError(f"{SOURCE} is the source language: there is nothing to translate into it")


def units(language: str, templates: Templates, kind: str | None = None) -> list[Unit]:
    """Every unit of `language`: the clauses (of one kind's outline, or all) and the labels."""
    check_language(language)
    clauses = library(templates)
    chosen = outline(kind, templates) if kind else sorted(clauses)
    reviewed = records(language, templates)
    found: list[Unit] = []
    for clause_id in chosen:
        if clause_id in clauses:
            found += clause_units(clauses[clause_id], language, reviewed)
    if language != SOURCE_LANGUAGE:
        found += label_units(language, templates, reviewed)
    marked = read_states(language, templates)
    for unit in found:
        if unit.state == "translated" and not unit.stale and marked.get(unit.id) == unit.hashes:
            unit.state = "reviewed"
    return found


def clause_units(clause: Clause, language: str, reviewed: dict) -> list[Unit]:
    source = clause.texts[SOURCE]
    target = clause.texts.get(language) if translated(clause, language) else None
    english = clause.texts.get(SOURCE_LANGUAGE) if language != SOURCE_LANGUAGE else None
    if target is not None and _skeleton(target.text) != _skeleton(source.text):
        raise TemplateError(
            f"{display_path(clause.path)}:{target.line}: the {language} text's Jinja control lines "
            f"differ from the {SOURCE} text's; align them before exporting"
        )
    stale = target is not None and target.source != source_hash(source)
    record = reviewed.get(("clause", clause.id))
    state = "initial"
    if target is not None:
        hashes = (source_hash(source), source_hash(target))
        state = "final" if record and (record.source, record.translation) == hashes else "translated"
    pairs = []
    if source.title.strip():
        pairs.append(
            ("title", source.title, target.title if target else "", english.title if english else "")
        )
    source_lines, target_lines = source.text.split("\n"), (target.text.split("\n") if target else [])
    english_lines = (
        english.text.split("\n") if english and _skeleton(english.text) == _skeleton(source.text) else []
    )
    for n, i in enumerate(paragraph_lines(source.text), 1):
        pairs.append(
            (
                f"p{n}",
                source_lines[i].strip(),
                target_lines[i].strip() if target_lines else "",
                english_lines[i].strip() if english_lines else "",
            )
        )
    return [
        Unit(
            f"clause.{clause.id}.{part}",
            text,
            target_text,
            state if target_text else "initial",
            stale and bool(target_text),
            text_hash(text),
            note,
            clause.id,
        )
        for part, text, target_text, note in pairs
    ]


def label_units(language: str, templates: Templates, reviewed: dict) -> list[Unit]:
    chinese, catalog = _catalog(SOURCE, templates), _catalog(language, templates)
    found = []
    for message in all_messages():
        zh = chinese.get(message)
        source = zh.string if zh is not None and zh.string else message
        entry = catalog.get(message)
        target = entry.string if entry is not None and entry.string else ""
        record = reviewed.get(("label", message))
        state = "initial"
        if target:
            hashes = (text_hash(message), text_hash(target))
            state = "final" if record and (record.source, record.translation) == hashes else "translated"
        stale = bool(target) and bool(entry.fuzzy)
        found.append(
            Unit(
                f"label.{text_hash(message)}",
                source,
                target,
                state,
                stale,
                text_hash(source),
                message,
                message,
            )
        )
    return found


def status(templates: Templates) -> dict[str, dict[str, int]]:
    """Per language with a catalog or clause texts: counts of units by state, and the stale ones."""
    result = {}
    for language in LANGUAGES:
        if language == SOURCE:
            continue
        counts = Counter({state: 0 for state in (*STATES, "stale")})
        for unit in units(language, templates):
            counts["stale" if unit.stale else unit.state] += 1
        result[language] = dict(counts)
    return result


# --- import ----------------------------------------------------------------------------------------


@dataclass
class Incoming:
    """One unit as a translator's file gives it back."""

    id: str
    source_hash: str
    target: str  # with the codes restored to their original text
    state: str
    position: str  # file:line, for messages


def check_codes(unit: Unit, target: str, allowed: set[str] | None = None) -> str | None:
    """Why `target` cannot replace the unit's text, or None. A label keeps exactly its source's
    placeholders; a clause paragraph may use only codes of its clause's source (`allowed`), and
    the whole clause is checked after the edit (balanced tags, the same placeholders as its source)."""
    if "\n" in target:
        return "a unit is one paragraph: the target must not contain a line break"
    given = TAG.findall(target)
    if allowed is None:
        if Counter(unit.codes) != Counter(given):
            missing = sorted((Counter(unit.codes) - Counter(given)).elements())
            extra = sorted((Counter(given) - Counter(unit.codes)).elements())
            return f"placeholders differ from the source: missing {missing or '-'}, extra {extra or '-'}"
        return None
    # tags as Jinja reads them (`{% endif +%}` is `{% endif %}`), and a form of an inflected label
    # (`{{ this.genitive }}`) stands for the label (`{{ this }}`)
    known = {tag_key(code) for code in allowed}
    if extra := sorted(code for code in set(given) if tag_key(code) not in known):
        return f"placeholder(s) not in the source: {', '.join(extra)}"
    return None


def apply(
    language: str, incoming: list[Incoming], templates: Templates, workspace: Path, partial: bool
) -> Outcome:
    """Write the incoming targets into the workspace's clause files and catalog; all or nothing."""
    check_language(language)
    known = {unit.id: unit for unit in units(language, templates)}
    clauses = library(templates)
    allowed = {
        name: set(TAG.findall(f"{c.texts[SOURCE].title}\n{c.texts[SOURCE].text}"))
        for name, c in clauses.items()
    }
    outcome, accepted, seen = Outcome(), [], set()
    for item in incoming:
        unit = known.get(item.id)
        problem = None
        if item.id in seen:
            problem = f"unit {item.id}: given twice in the file"
        elif unit is None:
            problem = f"unit {item.id}: unknown unit (not in the {language} clauses and labels)"
        elif item.source_hash != unit.source_hash:
            problem = f"unit {item.id}: stale: its Chinese source changed since the export; export it again"
        elif item.target and (
            reason := check_codes(
                unit, item.target, allowed.get(unit.name) if unit.id.startswith("clause.") else None
            )
        ):
            problem = f"unit {item.id}: {reason}"
        seen.add(item.id)
        if problem:
            file, _, line = item.position.rpartition(":")
            outcome.refused.append(Problem(file, int(line or 1), 1, problem))
        elif item.target:
            accepted.append((unit, item))
            outcome.claimed_reviewed += item.state in ("reviewed", "final")
    if outcome.refused and not partial:
        raise TemplateError(
            f"{len(outcome.refused)} unit(s) refused; nothing was written (--partial imports the others)",
            outcome.refused,
        )
    files: dict[Path, bytes] = {}
    by_clause: dict[str, list] = {}
    labels = []
    for unit, item in accepted:
        (by_clause.setdefault(unit.name, []) if unit.id.startswith("clause.") else labels).append(
            (unit, item)
        )
    for clause_id, pairs in by_clause.items():
        clause = clauses[clause_id]
        all_units = [u for u in known.values() if u.name == clause_id and u.id.startswith("clause.")]
        data = _clause_file(clause, language, pairs, all_units, workspace, outcome, templates)
        if data is not None:
            files[_own(clause.path, workspace)] = data
    if labels:
        data = _catalog_file(language, labels, templates, workspace, outcome)
        if data is not None:
            files[workspace / "templates" / catalog_path(language)] = data
    if outcome.refused and not partial:
        raise TemplateError(f"{len(outcome.refused)} unit(s) refused; nothing was written", outcome.refused)
    marked = read_states(language, templates)
    wanted = dict(marked)
    for unit, item in accepted:
        if item.state in ("reviewed", "final") and not (unit.state == "final" and item.target == unit.target):
            wanted[unit.id] = (unit.source_hash, text_hash(item.target))
        else:
            wanted.pop(unit.id, None)
    if wanted != marked:
        files[state_file(workspace, language)] = render_states(language, wanted)
    if files:
        from .files import write_all

        write_all(files)
        outcome.written = sorted(files)
    return outcome


def _own(path: Path, workspace: Path) -> Path:
    absolute = Path(path).absolute()
    if not absolute.is_relative_to(workspace.absolute()):
        raise TemplateError(
            f"{path} is a built-in clause: copy templates/ into the workspace to translate it"
        )
    return absolute


def _clause_file(clause, language, pairs, all_units, workspace, outcome, templates) -> bytes | None:
    from .translation_edits import edit_clause

    targets = {unit.id.rsplit(".", 1)[1]: item.target for unit, item in pairs}
    changed = [unit.id for unit, item in pairs if item.target != unit.target]
    confirmed = {unit.id for unit, item in pairs if item.state != "initial"}
    complete = all(u.id in confirmed or (u.target and not u.stale) for u in all_units)
    path = _own(clause.path, workspace)
    raw = safe_io.read_input(path, limit=safe_io.MAX_SPEC_BYTES, root=workspace, what="a clause file")
    try:
        data = edit_clause(
            raw.decode(), clause, language, targets, source_hash(clause.texts[SOURCE]) if complete else None
        )
    except TemplateError as exc:
        outcome.refused.append(Problem(display_path(path), 1, 1, str(exc)))
        return None
    if data == raw.decode():
        return None
    from .loader import load_spec_bytes

    entry = load_spec_bytes(data.encode(), display_path(path)).data[language]
    edited = ClauseText(str(entry.get("title") or ""), str(entry.get("text") or ""), None, 1)
    try:
        environment().parse(edited.text)
    except jinja2.TemplateSyntaxError as exc:
        message = f"unit {', '.join(changed) or clause.id}: the control tags do not balance ({exc.message})"
        outcome.refused.append(Problem(display_path(path), 1, 1, message))
        return None
    if placeholders(edited) != placeholders(clause.texts[SOURCE]):
        wanted = placeholders(clause.texts[SOURCE])
        missing = sorted(wanted - placeholders(edited))
        extra = sorted(placeholders(edited) - wanted)
        units_named = ", ".join(changed) or clause.id
        outcome.refused.append(
            Problem(
                display_path(path),
                1,
                1,
                f"unit {units_named}: the {language} clause would lose or add placeholders "
                f"(missing {missing or '-'}, not in the source {extra or '-'})",
            )
        )
        return None
    if forms := form_problems(dataclasses.replace(clause, texts={language: edited}), language, templates):
        said = f"unit {', '.join(changed) or clause.id}: {forms[0].message}"
        outcome.refused.append(Problem(display_path(path), 1, 1, said))
        return None
    outcome.changed += changed
    return data.encode()


def _catalog_file(language, labels, templates, workspace, outcome) -> bytes | None:
    from .translation_edits import edit_catalog

    path = workspace / "templates" / catalog_path(language)
    catalog = _catalog(language, templates)
    if Path(catalog.path).absolute() != path.absolute():  # type: ignore[attr-defined]
        raise TemplateError(f"the {language} catalog is built in: copy templates/ into the workspace first")
    raw = safe_io.read_input(path, limit=safe_io.MAX_TEMPLATE_BYTES, root=workspace, what="a catalog")
    changes = []
    for unit, item in labels:
        entry = catalog.get(unit.name)
        fuzzy = item.state == "initial"
        if entry is None or entry.string != item.target or bool(entry.fuzzy) != fuzzy:
            changes.append((unit.name, item.target, fuzzy, entry.lineno if entry is not None else None))
        if item.target != unit.target:
            outcome.changed.append(unit.id)
    if not changes:
        return None
    return edit_catalog(raw.decode(), changes).encode()
