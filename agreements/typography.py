"""Typography a language's data asks for, checked in the clause library (`agreements lint`).

A language whose data names its quotation marks (`quotes: "“”"` in templates/languages/en.yaml)
gets them in its clause texts: a straight double quote there is reported at its line and column,
never rewritten. Quotes inside Jinja tags (`{{ role("A") }}`) are code, not text. A clerk's spec
values are printed as written.
"""

from __future__ import annotations

import re

from .errors import Problem, display_path
from .languages import LANGUAGES

_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)


def straight_quotes(text: str) -> list[tuple[int, int]]:
    """(line, column) of every straight double quote outside Jinja tags, both 0-based."""
    masked = _JINJA.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)
    found = []
    for number, line in enumerate(masked.split("\n")):
        found += [(number, match.start()) for match in re.finditer('"', line)]
    return found


def quote_problems(clauses) -> list[Problem]:
    problems = []
    for clause in clauses:
        shown = display_path(clause.path)
        for language, text in clause.texts.items():
            info = LANGUAGES.get(language)
            if info is None or not info.quotes:
                continue
            opening, closing = info.quotes
            where = [(text.line, 1, "title") for _ in straight_quotes(text.title)]
            # a literal block (`text: |`): line n of the text is line n + 1 after `text:`, indented 4
            where += [
                (text.line + 1 + line, column + 5, "text") for line, column in straight_quotes(text.text)
            ]
            problems += [
                Problem(
                    shown,
                    line,
                    column,
                    f"{language} {part}: straight double quote; {info.name} writes {opening}…{closing} "
                    f"(quotes in templates/languages/{language}.yaml)",
                )
                for line, column, part in where
            ]
    return problems
