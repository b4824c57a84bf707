"""The clause library: templates/clauses/<id>.yaml, one clause in every language, and its lint.

A clause file holds a `when` condition (a Jinja expression over the spec; omitted: always) and, per
language, a `title` and a `text`. The text is Jinja; each non-empty line of its result is one
paragraph, and consecutive lines starting with `|` form a table (first row: header). Chinese
(zh-Hans) is the source; every translation records the `source` hash of the Chinese it follows.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jinja2

from . import kind_branches, safe_io
from .documents import DOCUMENTS
from .errors import AgreementError, Problem, SpecError, TemplateError, display_path
from .inflection import INFLECTED_FORM, form_problems
from .jinja_cache import Sandbox
from .kinds import KINDS
from .languages import CLAUSE_SOURCE, LANGUAGES
from .line_ends import line_end_problems
from .loader import Loaded, load_spec_file
from .templates import BUILTIN, Templates
from .typography import quote_problems

SOURCE = CLAUSE_SOURCE
ROLES = ("preamble", "article", "annex")
VALUE_NEWLINE = "\u2028"  # newlines inside spec values: a line break, not a new paragraph


@dataclass(frozen=True)
class ClauseText:
    title: str
    text: str
    source: str | None  # hash of the Chinese this translation follows
    line: int  # line of `text:` in the clause file


@dataclass(frozen=True, eq=False)
class Clause:
    id: str
    path: Path
    role: str
    when: str | None
    texts: dict[str, ClauseText]
    when_line: int = 1  # line of `when:` in the clause file


def source_hash(text: ClauseText) -> str:
    return hashlib.sha256(f"{text.title}\n{text.text}".encode()).hexdigest()[:12]


@jinja2.pass_context
def _finalize(context, value):
    if value is None:  # an absent optional value must be handled with {% if %}, never printed
        raise jinja2.UndefinedError(
            "the template prints a value that this spec leaves empty; wrap it in {% if ... %}"
        )
    if isinstance(value, int) and not isinstance(value, bool):  # {{ n.i }}. {{ loop.index }}.
        return context.get("digits", str)(str(value))  # in the language's digits (១., not 1.)
    return value.replace("\n", VALUE_NEWLINE) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Sandboxed, strict: a missing variable is an error, never an empty string."""
    env = Sandbox(
        "clauses",
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.globals["unknown_kind"] = kind_branches.unknown_kind
    env.globals["unknown_document"] = kind_branches.unknown_document
    return env


def load_clause(path: Path) -> Clause:
    try:
        loaded = load_spec_file(path)
    except SpecError as exc:
        raise TemplateError(f"clause file {path} is not valid YAML", exc.problems) from None
    data = loaded.data
    texts = {}
    for language in LANGUAGES:
        entry = data.get(language)
        if isinstance(entry, dict):
            texts[language] = ClauseText(
                str(entry.get("title") or ""),
                str(entry.get("text") or ""),
                entry.get("source"),
                loaded.position((language, "text"))[0],
            )
    unknown = set(data) - {"when", "role", *LANGUAGES}
    if unknown:
        raise TemplateError(
            f"{path}: unknown key {sorted(unknown)[0]!r}",
            [
                loaded.problem(
                    (sorted(unknown)[0],),
                    "unknown key; a clause has when, role and one block per language",
                    key=True,
                )
            ],
        )
    role = data.get("role") or "article"
    if role not in ROLES:
        raise TemplateError(f"{path}: role must be one of {', '.join(ROLES)}")
    when_line = loaded.position(("when",))[0] if "when" in data else 1
    return Clause(path.stem, path, role, data.get("when"), texts, when_line)


@cache
def _cached_clause(path: Path, mtime: float) -> Clause:
    return load_clause(path)


def library(templates: Templates = BUILTIN) -> dict[str, Clause]:
    """Every clause along the template search path (workspace clauses override built-in ones)."""
    return {
        path.stem: _cached_clause(path, path.stat().st_mtime)
        for path in templates.find_all("clauses", "*.yaml").values()
    }


def translated(clause: Clause, language: str) -> bool:
    """True when the clause has a text (and, unless it is the preamble, a title) in `language`."""
    text = clause.texts.get(language)
    return (
        text is not None
        and bool(text.text.strip())
        and (clause.role == "preamble" or bool(text.title.strip()))
    )


def translated_languages(templates: Templates = BUILTIN) -> tuple[str, ...]:
    """The registered languages that every clause of the library has: the agreement languages."""
    return _translated_languages(tuple(library(templates).values()), tuple(LANGUAGES))


@lru_cache(maxsize=8)
def _translated_languages(clauses: tuple[Clause, ...], languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(language for language in languages if all(translated(c, language) for c in clauses))


def outline(kind: str, templates: Templates = BUILTIN) -> list[str]:
    """Clause ids, in order, for one kind of agreement."""
    return outline_at(KINDS[kind].outline, templates)


def outline_at(name: str, templates: Templates = BUILTIN) -> list[str]:
    """Clause ids, in order, from one outline template (e.g. outlines/memorandum.yaml)."""
    path = templates.find(name)
    loaded = _load_yaml(path)
    if not isinstance(loaded.data.get("clauses"), list):
        raise TemplateError(f"{path}: expected `clauses:` with a list of clause ids")
    return [str(item) for item in loaded.data["clauses"]]


def _load_yaml(path: Path) -> Loaded:
    try:
        return load_spec_file(path)
    except SpecError as exc:
        raise TemplateError(f"{path} is not valid YAML", exc.problems) from None


@cache
def _compiled(clause: Clause, language: str, part: str) -> jinja2.Template:
    text = clause.texts[language]
    source = getattr(text, part)
    try:
        return environment().from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        line = text.line + (exc.lineno or 1) if part == "text" else text.line - 1
        shown = display_path(clause.path)
        raise TemplateError(
            f"{shown}:{line}: template syntax error: {exc.message}",
            [Problem(shown, line, 1, f"template syntax error: {exc.message}")],
        ) from None


def render(clause: Clause, language: str, part: str, context: dict) -> str:
    """Render a clause's title or text in one language; errors name the clause file and line."""
    if language not in clause.texts:
        raise TemplateError(
            f"clause {clause.id} ({clause.path}) has no {language} text; run `agreements lint`"
        )
    try:
        return _compiled(clause, language, part).render(context)
    except AgreementError:
        raise
    except Exception as exc:  # whatever a template makes fail (1/0, recursion ...): its file and line
        raise _runtime_error(clause, language, part, exc) from None


def _runtime_error(clause: Clause, language: str, part: str, exc: Exception) -> TemplateError:
    text = clause.texts[language]
    offset = _template_line(exc)
    line = text.line + offset if part == "text" and offset else text.line
    message = f"in the {language} {part}: {exc}"
    shown = display_path(clause.path)
    return TemplateError(f"{shown}:{line}: {message}", [Problem(shown, line, 1, message)])


def _template_line(exc: Exception) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@cache
def _condition(expression: str):
    return environment().compile_expression(expression, undefined_to_none=False)


def evaluate_when(clause: Clause, context: dict) -> bool:
    if not clause.when:
        return True
    try:
        return bool(_condition(str(clause.when))(context))
    except AgreementError:
        raise
    except Exception as exc:
        shown = display_path(clause.path)
        message = f"`when: {clause.when}`: {exc}"
        raise TemplateError(
            f"{shown}:{clause.when_line}: {message}", [Problem(shown, clause.when_line, 1, message)]
        ) from None


# --- lint ----------------------------------------------------------------------------------------

# a tag with its whitespace control signs (`{%- ... +%}`) outside the captured content
PLACEHOLDER = re.compile(r"{{[-+]?(.*?)[-+]?}}|{%[-+]?(.*?)[-+]?%}", re.S)


def placeholders(text: ClauseText) -> set[str]:
    """The Jinja tags of a text as Jinja reads them: `{% endif +%}` is `{% endif %}`, and
    `{{years( x )}}` is `{{ years(x) }}` (whitespace control and spacing ignored); a noun form
    counts as its noun (`this.genitive` as `this`, `role(e).dative` as `role(e)`)."""
    return {_tag_key(match) for match in PLACEHOLDER.finditer(f"{text.title}\n{text.text}")}


def tag_key(tag: str) -> str:
    """One tag (`{% endif +%}`) as `placeholders` compares it (`endif`)."""
    return _tag_key(PLACEHOLDER.search(tag))


def _tag_key(match: re.Match) -> str:
    content = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    content = re.sub(r"\s*([^\w\s])\s*", r"\1", content)  # no spaces around punctuation
    return INFLECTED_FORM.sub(r"\1", re.sub(r"\s+", " ", content))


def lint_clauses(templates: Templates = BUILTIN) -> list[Problem]:
    """Missing translations, different placeholders, and translations older than the source."""
    problems: list[Problem] = []
    clauses = library(templates)
    started = {tag for tag in LANGUAGES if any(translated(c, tag) for c in clauses.values())}
    problems += _untranslated(clauses, started)
    for clause in clauses.values():
        path = str(clause.path)
        source = clause.texts.get(SOURCE)
        if source is None:
            problems.append(Problem(path, 1, 1, f"no {SOURCE} (source) text"))
            continue
        expected = source_hash(source)
        for language in LANGUAGES:
            text = clause.texts.get(language)
            if not translated(clause, language):
                if language in started:  # begun, so every clause must come; else one warning
                    problems.append(Problem(path, 1, 1, f"missing {language} translation"))
                continue
            for part in ("title", "text"):
                try:
                    _compiled(clause, language, part)
                except TemplateError as exc:
                    problems += exc.problems
            problems += form_problems(clause, language, templates)
            problems += line_end_problems(path, language, text)
            if language == SOURCE:
                continue
            if placeholders(text) != placeholders(source):
                only_here = sorted(placeholders(text) - placeholders(source))
                only_source = sorted(placeholders(source) - placeholders(text))
                problems.append(
                    Problem(
                        path,
                        text.line,
                        1,
                        f"{language} placeholders differ from "
                        f"{SOURCE}: only in {language}: {only_here or '-'}; only in "
                        f"{SOURCE}: {only_source or '-'}",
                    )
                )
            if text.source != expected:
                problems.append(
                    Problem(
                        path,
                        text.line,
                        1,
                        f"{language} translation is older than the "
                        f"{SOURCE} source (source hash {text.source}, now {expected}); "
                        "update it, then run `agreements lint --stamp`",
                    )
                )
    names = [kind.outline for kind in KINDS.values()] + [d.outline for d in DOCUMENTS.values() if d.outline]
    for name in names:
        for clause_id in outline_at(name, templates):
            if clause_id not in clauses:
                problems.append(
                    Problem(
                        str(templates.find(name)),
                        1,
                        1,
                        f"outline names clause {clause_id!r}, which does not exist",
                    )
                )
    problems += kind_branches.lint(clauses.values(), environment())
    return problems + quote_problems(clauses.values())


def _untranslated(clauses: dict[str, Clause], started: set[str]) -> list[Problem]:
    """One warning per language with data but no clause text yet: not an agreement language."""
    return [
        Problem(
            "templates/clauses",
            1,
            1,
            f"{language}: none of the {len(clauses)} clauses is translated yet; "
            "it becomes an agreement language when every clause is",
            severity="warning",
        )
        for language in LANGUAGES
        if language not in started
    ]


def stamp(clause: Clause, workspace: Path) -> bool:
    """Record the current source hash in every translation of a clause file; True if it changed.

    Only the workspace's own clause files are written (a built-in clause of an installed package
    is left alone), never through a link: a clause file that is a link, or lies in a linked
    folder, is refused. Only the `source:` lines change; the rest of the file stays as written.
    """
    path = Path(os.path.abspath(clause.path))
    root = Path(os.path.abspath(workspace))
    if not path.is_relative_to(root):
        return False
    shown = display_path(clause.path)
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            raise TemplateError(
                f"{shown}: is a symbolic link or lies in a linked folder; "
                "`lint --stamp` writes only regular files of the workspace"
            )
    expected = source_hash(clause.texts[SOURCE])
    raw = safe_io.read_input(path, limit=safe_io.MAX_SPEC_BYTES, root=root, what="a clause file")
    lines = raw.decode("utf-8").splitlines(keepends=True)
    changed = False
    for language in LANGUAGES:
        if language == SOURCE or language not in clause.texts:
            continue
        header = next((i for i, line in enumerate(lines) if line.rstrip() == f"{language}:"), None)
        if header is None:
            line = clause.texts[language].line
            message = f"cannot stamp the {language} block: write `{language}:` on a line of its own"
            raise TemplateError(f"{shown}:{line}: {message}", [Problem(shown, line, 1, message)])
        if clause.texts[language].source is None:
            lines.insert(header + 1, f"  source: {expected}\n")
            changed = True
            continue
        for i in range(header + 1, len(lines)):
            if lines[i].startswith("  source:"):
                if lines[i].strip() != f"source: {expected}":
                    lines[i] = f"  source: {expected}\n"
                    changed = True
                break
    if changed:
        from .files import write_atomic

        write_atomic(path, "".join(lines).encode())
    return changed
