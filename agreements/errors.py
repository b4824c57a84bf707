"""User-facing errors. Anything that is not an AgreementError is a bug."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Shown escaped in every message: control characters (ESC could drive the terminal of a CI log
# reader, BEL rings, CR overwrites the line), format characters (bidi overrides and isolates
# reorder what follows, zero-width ones hide), line and paragraph separators, lone surrogates
# and non-characters. Everything else (CJK, Lao, accents, emoji) is shown as it is.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


def visible(text: str, keep: str = "") -> str:
    """`text` with every invisible or terminal-controlling character escaped (ESC -> \\x1b).

    Characters in `keep` (e.g. a line break in a multi-line message) are left as they are.
    """
    if text.isprintable():  # fast path: every escaped character is unprintable
        return text
    return "".join(_escape(char) if char not in keep and _hidden(char) else char for char in text)


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _ESCAPED_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@dataclass(frozen=True)
class Problem:
    """One mistake in one input file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    source_line: str = ""
    severity: str = "error"

    def __post_init__(self) -> None:
        # A message may quote a value or a key, a path may hold any character: never raw.
        object.__setattr__(self, "path", visible(self.path))
        object.__setattr__(self, "message", visible(self.message))

    def format(self) -> str:
        head = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if not self.source_line:
            return head
        raw = self.source_line.expandtabs(1)
        before = visible(raw[: max(self.column, 1) - 1])
        text = before + visible(raw[max(self.column, 1) - 1 :])
        # wide (CJK) characters take two columns in a terminal
        caret = " " * sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before) + "^"
        return f"{head}\n    {text}\n    {caret}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class AgreementError(Exception):
    """Base class for every mistake a user can make (bad spec, bad template, missing font)."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []

    def format(self) -> str:
        if self.problems:
            return "\n".join(p.format() for p in self.problems)
        return f"error: {visible(str(self), keep=chr(10))}"


class SpecError(AgreementError):
    """A spec file that cannot be loaded or does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        count = len(problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in {problems[0].path}", problems)


class TemplateError(AgreementError):
    """A clause, label or layout template that is broken or incomplete."""


class FontError(AgreementError):
    """A font that a language needs is not installed or lacks glyphs."""


class SkeletonError(AgreementError):
    """A skeleton spec that cannot be written (unknown kind, bad id, file already there)."""


class OutputError(AgreementError):
    """An output folder that cannot be written (locked, read-only, full)."""


@dataclass
class SourceText:
    """The text of one input file, to quote the offending line in messages."""

    path: str
    text: str
    _lines: list[str] = field(default_factory=list, repr=False)

    def line(self, number: int) -> str:
        if not self._lines:
            self._lines = self.text.splitlines()
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""

    def problem(self, line: int, column: int, message: str, severity: str = "error") -> Problem:
        return Problem(self.path, line, column, message, self.line(line), severity)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when possible.

    Symbolic links are not followed: a message names the file the user named, never where a
    link points (`specs/env.yaml`, not `/proc/self/environ`).
    """
    named = Path(os.path.abspath(path))
    for cwd in (Path(os.getcwd()), Path.cwd().resolve()):
        try:
            return str(named.relative_to(cwd))
        except ValueError:
            pass
    return str(path)
