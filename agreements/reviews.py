"""Translation review state: which translations a qualified reader of the language has reviewed.

templates/reviews/<tag>.yaml records, for each clause and catalog label of one language, what was
reviewed (the hash of the source and of the translation at the time) and who reviewed it:

    clauses:
      confidentiality: {source: 1a2b3c4d5e6f, translation: 6f5e4d3c2b1a, by: "A. Name", date: 2027-01-05}
    labels:
      "Seal": {source: ..., translation: ..., by: ..., date: ...}

A translation without a record for its current source and text is unreviewed: a draft, however
good. `agreements lint` counts them per language (a warning); a final agreement whose text uses
one is refused. The records live beside the clause files, not in them, so that a review never
touches the legal texts. Sources are never reviewed: the Chinese clause texts and the English
label msgids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from .clauses import SOURCE, Clause, library, source_hash, translated
from .errors import Problem, TemplateError
from .labels import SOURCE_LANGUAGE, _catalog, all_messages
from .languages import LANGUAGES
from .templates import BUILTIN, Templates


@dataclass(frozen=True)
class Reviewed:
    source: str
    translation: str
    by: str
    date: str = ""


def review_path(language: str) -> str:
    return f"reviews/{language}.yaml"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def records(language: str, templates: Templates = BUILTIN) -> dict[tuple[str, str], Reviewed]:
    """(kind, name) -> what was reviewed; kind is "clause" or "label". No file: no reviews."""
    found_file = templates.data_file(review_path(language), "review records")
    if found_file is None:
        return {}
    path, data = found_file
    found = {}
    for kind, section in (("clause", "clauses"), ("label", "labels")):
        for name, entry in (data.get(section) or {}).items():
            if not isinstance(entry, dict) or not {"source", "translation", "by"} <= set(entry):
                raise TemplateError(f"{path}: {section}: {name}: give source, translation and by")
            found[(kind, str(name))] = Reviewed(
                str(entry["source"]),
                str(entry["translation"]),
                str(entry["by"]),
                str(entry.get("date") or ""),
            )
    return found


def current(language: str, templates: Templates = BUILTIN) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, name) -> (source hash, translation hash) of every translation into `language` now."""
    state: dict[tuple[str, str], tuple[str, str]] = {}
    if language != SOURCE:
        for clause in library(templates).values():
            if translated(clause, language) and SOURCE in clause.texts:
                state[("clause", clause.id)] = _clause_hashes(clause, language)
    if language != SOURCE_LANGUAGE:
        catalog = _catalog(language, templates)
        for message in all_messages():
            entry = catalog.get(message)
            if entry is not None and entry.string:
                state[("label", message)] = (text_hash(message), text_hash(entry.string))
    return state


def _clause_hashes(clause: Clause, language: str) -> tuple[str, str]:
    return source_hash(clause.texts[SOURCE]), source_hash(clause.texts[language])


def unreviewed(
    language: str, templates: Templates = BUILTIN, used: set | None = None
) -> list[tuple[str, str]]:
    """The translations into `language` (of `used`, default all) no qualified reader has reviewed."""
    reviewed = records(language, templates)
    result = []
    for key, (source, translation) in current(language, templates).items():
        if used is not None and key not in used:
            continue
        record = reviewed.get(key)
        if record is None or (record.source, record.translation) != (source, translation):
            result.append(key)
    return result


def lint_reviews(templates: Templates = BUILTIN, languages=None) -> list[Problem]:
    """One warning per language with unreviewed translations (how many clauses and labels)."""
    problems = []
    for language in languages or LANGUAGES:
        if not _has_catalog(language, templates) and language != SOURCE_LANGUAGE:
            continue
        missing = unreviewed(language, templates)
        clauses = sum(kind == "clause" for kind, _ in missing)
        labels = len(missing) - clauses
        if missing:
            problems.append(
                Problem(
                    f"templates/{review_path(language)}",
                    1,
                    1,
                    f"{language}: {clauses} clause and {labels} label translation(s) not reviewed by a "
                    "qualified reader (a final agreement that uses them is refused)",
                    severity="warning",
                )
            )
    return problems


def _has_catalog(language: str, templates: Templates) -> bool:
    from .labels import catalog_path

    return any((folder / catalog_path(language)).is_file() for folder in templates.folders)


def require_reviewed(document, templates: Templates = BUILTIN) -> None:
    """Refuse a final agreement whose text uses a translation no qualified reader reviewed."""
    if document.status != "final":
        return
    lines = []
    for language in document.languages:
        used = {("clause", section.clause_id) for section in document.sections}
        used |= {("label", message) for message in document.used_labels.get(language, ())}
        missing = unreviewed(language, templates, used)
        if missing:
            clauses = [name for kind, name in missing if kind == "clause"]
            labels = [repr(name) for kind, name in missing if kind == "label"]
            parts = ([f"clauses {', '.join(clauses)}"] if clauses else []) + (
                [f"labels {', '.join(labels)}"] if labels else []
            )
            lines.append(f"{language}: {'; '.join(parts)}")
    if lines:
        raise TemplateError(
            f"{document.id} is final, but its text uses translations no qualified reader has reviewed "
            f"(record reviews in templates/reviews/<language>.yaml, or build it as a draft):\n  "
            + "\n  ".join(lines)
        )


def record_reviews(language: str, by: str, templates: Templates, names: list[str] | None = None) -> int:
    """Record the current translations into `language` (those named, default all) as reviewed by
    `by` today, in the first template folder's review file; the number of records written."""
    from .files import write_atomic

    if language not in LANGUAGES:
        raise TemplateError(f"no language {language!r}; languages: {', '.join(LANGUAGES)}")
    if not by.strip():
        raise TemplateError("say who reviewed the translations (--by)")
    now = current(language, templates)
    chosen = [key for key in now if names is None or key[1] in names]
    unknown = sorted(set(names or ()) - {name for _, name in now})
    if unknown:
        raise TemplateError(f"no {language} translation named {', '.join(map(repr, unknown))}")
    kept = records(language, templates)
    today = dt.date.today().isoformat()
    for key in chosen:
        kept[key] = Reviewed(*now[key], by.strip(), today)
    lines = [f"# {language}: translations reviewed by a qualified reader (agreements/reviews.py)\n"]
    for kind, section in (("clause", "clauses"), ("label", "labels")):
        entries = sorted((name, record) for (k, name), record in kept.items() if k == kind)
        if entries:
            lines.append(f"{section}:\n")
            for name, record in entries:
                date = f", date: {record.date}" if record.date else ""
                lines.append(
                    f"  {_quote(name)}: {{source: {record.source}, translation: {record.translation}, "
                    f"by: {_quote(record.by)}{date}}}\n"
                )
    write_atomic(templates.folders[0] / review_path(language), "".join(lines).encode())
    return len(chosen)


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
