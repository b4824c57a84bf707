"""Spec file -> typed Spec, or one SpecError that lists every mistake with its position."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, SpecError, display_path
from .languages import MAX_PER_AGREEMENT, agreement_languages, unavailable
from .loader import PLACEHOLDER, Loaded, parse_spec_bytes, read_input
from .model import ISO_DATE, Rule, RuleGroup, Spec
from .suggest import closest_choice
from .templates import BUILTIN, Templates


def read_spec(path: Path, templates: Templates = BUILTIN) -> Spec:
    """Load and validate one spec file."""
    return read_spec_bytes(read_input(path), display_path(path), templates)


def read_spec_bytes(raw: bytes, shown: str, templates: Templates = BUILTIN) -> Spec:
    """Load and validate spec text (a file's, or e.g. a git revision's).

    A language that cannot be an agreement language is reported first and alone with the other
    load problems, without the TODO placeholders: the clerk changes `languages` before filling in.
    """
    loaded = parse_spec_bytes(raw, shown)
    first = language_problems(loaded)
    if first:
        others = [p for p in loaded.problems if not p.message.startswith(PLACEHOLDER)]
        raise SpecError(sorted(first + others, key=lambda p: (p.line, p.column)))
    return validate(loaded, templates)


def language_problems(loaded: Loaded) -> list[Problem]:
    """One problem per entry of `languages:` that is no agreement language (yet)."""
    languages = loaded.data.get("languages")
    if not isinstance(languages, list):
        return []
    return [
        loaded.problem(("languages", index), problem)
        for index, tag in enumerate(languages)
        if isinstance(tag, str) and (problem := unavailable(tag))
    ]


def validate(loaded: Loaded, templates: Templates = BUILTIN) -> Spec:
    """The typed Spec, or one SpecError with the loader's problems (`Loaded.problems`) and every
    mistake the model finds, each once, in line order; `templates` give the clause ids a bespoke
    article may follow."""
    languages = loaded.data.get("languages")
    # Check texts against the languages only when the list itself is valid: a misspelt or
    # repeated tag is reported once, at `languages`, not once in every text.
    valid = (
        isinstance(languages, list)
        and 1 <= len(languages) <= MAX_PER_AGREEMENT
        and all(isinstance(x, str) and x in agreement_languages() for x in languages)
        and len(set(languages)) == len(languages)
    )
    parties = loaded.data.get("parties")
    roles = [p.get("role") for p in parties if isinstance(p, dict)] if isinstance(parties, list) else []
    kind = loaded.data.get("kind")
    document = loaded.data.get("document", "agreement")
    term = loaded.data.get("term")
    context = {
        "languages": languages if valid else [],
        "kind": kind if isinstance(kind, str) else None,
        "roles": roles if roles and all(r in ("A", "B", "C") for r in roles) else [],
        "keys": {key for key, value in loaded.data.items() if value is not None},
        "term_start": _date(term.get("start")) if isinstance(term, dict) else None,
        "document": document if isinstance(document, str) else None,
        "clause_ids": _clause_ids(document, kind, templates),
        "prevailing": loaded.data.get("prevailing_language"),
    }
    try:
        spec = Spec.model_validate(loaded.data, context=context)
        found = []
    except ValidationError as exc:
        found = [problem for error in exc.errors(include_url=False) for problem in _problems(loaded, error)]
    # a line the loader already faulted (a slip, a TODO, a duplicate) is not faulted twice
    faulted = {problem.line for problem in loaded.problems}
    problems = loaded.problems + [problem for problem in found if problem.line not in faulted]
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        raise SpecError(_unique(problems))
    return spec


def _clause_ids(document: Any, kind: Any, templates: Templates) -> list[str]:
    """The clauses of the outline this spec is composed from (empty when kind or document is bad)."""
    from .clauses import outline_at
    from .documents import DOCUMENTS, outline_template
    from .kinds import KINDS

    if not (isinstance(document, str) and document in DOCUMENTS and isinstance(kind, str) and kind in KINDS):
        return []
    return outline_at(outline_template(document, kind), templates)


def _date(value: Any) -> dt.date | None:
    """A date as the spec writes it (YYYY-MM-DD), or None when it is not one."""
    if not (isinstance(value, str) and ISO_DATE.fullmatch(value.strip())):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:  # e.g. 2027-02-30: reported at the date itself
        return None


def _problems(loaded: Loaded, error: dict) -> list[Problem]:
    path = tuple(part for part in error["loc"] if part not in ("[key]",))
    kind = error["type"]
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, RuleGroup):
        return [loaded.problem(path + rule.path, str(rule), key=True) for rule in cause.rules]
    if isinstance(cause, Rule):
        return [loaded.problem(path + cause.path, str(cause), key=True)]
    if kind == "missing":
        parent, name = path[:-1], path[-1]
        if not parent:  # at the top of the file, not at the first key (which is fine)
            return [loaded.source.problem(1, 1, f"missing required key `{name}`; add a `{name}:` line")]
        return [loaded.problem(parent, f"missing required key `{name}`", key=True)]
    if kind == "extra_forbidden":
        return [loaded.problem(path, _unknown_key(path), key=True)]
    if "[key]" in error["loc"]:
        return [loaded.problem(path, f"`{path[-1]}`: {_message(error)}", key=True)]
    return [loaded.problem(path, _message(error))]


def _unknown_key(path: tuple) -> str:
    name = str(path[-1])
    known = _fields_at(path[:-1])
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = (
        f"; did you mean `{close[0]}`?"
        if close
        else (f"; expected one of: {', '.join(known)}" if known and len(known) <= 12 else "")
    )
    return f"unknown key `{name}`{hint}"


def _fields_at(path: tuple) -> list[str]:
    """Field names allowed at a path of the Spec model (for "did you mean")."""
    model: Any = Spec
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return list(model.model_fields) if _is_model(model) else []


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(error: dict) -> str:
    kind, given = error["type"], error.get("input")
    shown = f"'{given}'" if isinstance(given, str) else "this value"
    if given is None and kind != "value_error":
        return "a value is required here"
    friendly = {
        "int_parsing": f"{shown} is not a whole number",
        "int_from_float": f"{shown} is not a whole number",
        "decimal_parsing": f"{shown} is not a number (write e.g. 100000.00, without commas)",
        "decimal_max_places": f"{shown} has more than {(error.get('ctx') or {}).get('decimal_places')} "
        "decimal places",
        "date_from_datetime_parsing": f"{shown} is not a real date (YYYY-MM-DD)",
        "date_parsing": f"{shown} is not a real date (YYYY-MM-DD)",
        "date_from_datetime_inexact": f"{shown} is not a date (YYYY-MM-DD)",
        "bool_parsing": f"{shown} is not yes/no (write true or false)",
        "string_type": "expected text here, not a list or mapping",
        "dict_type": "expected `key: value` lines here",
        "model_type": "expected `key: value` lines here",
        "list_type": "expected a list (lines starting with '- ')",
        "string_too_short": "this text is empty; write it out",
        "too_short": f"give at least {(error.get('ctx') or {}).get('min_length')} "
        f"(found {(error.get('ctx') or {}).get('actual_length')})",
        "too_long": f"give at most {(error.get('ctx') or {}).get('max_length')} "
        f"(found {(error.get('ctx') or {}).get('actual_length')})",
    }.get(kind)
    if friendly:
        if kind.startswith("date") and isinstance(given, str):
            friendly += f": {error['msg'].split(',', 1)[-1].strip()}"
        return friendly
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
        close = closest_choice(given, choices) if isinstance(given, str) else None
        hint = f"; did you mean '{close}'?" if close else ""
        return f"{shown} is not allowed{hint} ({error['msg'].replace('Input should be', 'use')})"
    if kind == "value_error":
        return str((error.get("ctx") or {}).get("error", error["msg"]))
    return error["msg"].replace("Input should", "the value should").replace("Value error, ", "")


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for problem in problems:
        key = (problem.line, problem.column, problem.message)
        if key not in seen:
            seen.add(key)
            result.append(problem)
    return result
