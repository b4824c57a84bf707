"""Clause text lines whose line break Jinja would lose: a line that ends with a block tag after its
text (`…{% endif %}`: trim_blocks removes the break and the next paragraph joins it), or a line
that ends with a space (an editor that strips trailing spaces would change the text)."""

from __future__ import annotations

import re

from .errors import Problem

_BLOCK_TAG_AT_END = re.compile(r"(?<!\+)%\}$")
_CONTROL_ONLY = re.compile(r"\s*(\{%.*?%\}\s*)+")


def line_end_problems(path: str, language: str, text) -> list[Problem]:
    """Problems of a ClauseText's lines, at their line in the clause file (`text: |` + 1 + index)."""
    lines = text.text.split("\n")
    problems = []
    for index, line in enumerate(lines):
        if not line.strip() or _CONTROL_ONLY.fullmatch(line):
            continue
        where = text.line + 1 + index
        if line != line.rstrip():
            problems.append(
                Problem(
                    path,
                    where,
                    len(line.rstrip()) + 1,
                    f"{language}: space at the end of the line; an editor may strip it "
                    "(a line that ends with a block tag closes it with `+%}` instead)",
                )
            )
        elif _BLOCK_TAG_AT_END.search(line) and any(rest.strip() for rest in lines[index + 1 :]):
            problems.append(
                Problem(
                    path,
                    where,
                    len(line) - 1,
                    f"{language}: the line ends with a block tag, so Jinja removes its line break and "
                    "the next paragraph joins it; close the tag with `+%}`",
                )
            )
    return problems
