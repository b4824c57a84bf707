"""Strict YAML loading: positions kept, scalars kept as written, traps refused.

PyYAML's resolver would turn `NO` into False, `1.10` into 1.1 and `0755` into 493, and let a
duplicate key win silently. We only use its parser (events with marks) and build the tree
ourselves: every scalar stays a string, and the typed model decides what it means.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import safe_io
from .encodings import decode
from .errors import Problem, SourceText, SpecError, display_path
from .slips import explain_syntax_error, find_slips, repair
from .spec_characters import character_problem, nfc, only_invisible, unreadable_characters

MAX_BYTES = safe_io.MAX_SPEC_BYTES
MAX_DEPTH = 24
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
Path_ = tuple[str | int, ...]

try:  # the C parser is ten times faster; the pure one behaves the same
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Parser = yaml.SafeLoader


PLACEHOLDER = "fill in this placeholder"  # a TODO left in the spec


@dataclass
class Loaded:
    """A spec file as plain data, plus where each value and key stands in the source."""

    source: SourceText
    data: dict[str, Any]
    value_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Mistakes that left the data readable (a typing slip, a duplicate key, a TODO): the
    validator reports them together with its own."""

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path: the node itself, else its nearest parent."""
        table = self.key_at if key else self.value_at
        for cut in range(len(path), -1, -1):
            prefix = tuple(path[:cut])
            where = (cut == len(path) and table.get(prefix)) or self.value_at.get(prefix)
            if where:
                return where
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return self.source.problem(line, column, message)


def load_spec_file(path: Path, root: Path | None = None) -> Loaded:
    """Read and parse one spec file; raise SpecError with every problem found."""
    return load_spec_bytes(read_input(path, root), display_path(path))


def parse_spec_file(path: Path, root: Path | None = None) -> Loaded:
    """Read and parse one spec file, keeping the problems that leave it readable (see
    `parse_spec_bytes`)."""
    return parse_spec_bytes(read_input(path, root), display_path(path))


def read_input(path: Path, root: Path | None = None) -> bytes:
    """The bytes of an input file, or a SpecError that says why it cannot be read.

    Read under the file-access policy (`safe_io`): a regular file inside the workspace (`root`,
    default the working folder) or the built-in templates, its size checked on the open
    descriptor before anything is read. The message names the path as given, never a link's
    target or the file's content.
    """
    try:
        return safe_io.read_input(path, limit=MAX_BYTES, root=root, what="a spec")
    except safe_io.Refused as exc:
        raise SpecError([Problem(display_path(path), 1, 1, exc.message)]) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SpecError([Problem(display_path(path), 1, 1, f"cannot read file: {reason}")]) from None


def load_spec_bytes(raw: bytes, shown: str) -> Loaded:
    """Parse spec bytes; raise SpecError with every problem found."""
    loaded = parse_spec_bytes(raw, shown)
    if loaded.problems:
        raise SpecError(loaded.problems)
    return loaded


def load_or_none(name: str) -> Loaded | None:
    """A spec file as data when it can be read and parsed cleanly, else None (its build reports why)."""
    try:
        return load_spec_bytes(safe_io.read_input(name, limit=safe_io.MAX_SPEC_BYTES), name)
    except (SpecError, OSError):
        return None


def parse_spec_bytes(raw: bytes, shown: str) -> Loaded:
    """Parse spec bytes. Raise SpecError when the data cannot be read at all (encoding, syntax);
    mistakes that leave it readable are in `Loaded.problems`, so that validation can report
    every other mistake in the same run. Typing slips (slips.py) are repaired for reading."""
    if len(raw) > MAX_BYTES:
        raise SpecError(
            [Problem(shown, 1, 1, f"file is {len(raw):,} bytes; a spec may be at most {MAX_BYTES:,} bytes")]
        )
    text = decode(raw, shown)
    source = SourceText(shown, text)
    unreadable = unreadable_characters(source)
    if unreadable:
        raise SpecError(unreadable)
    from .languages import LANGUAGES  # not at the top: languages.py loads its files with this module

    slips = find_slips(text, frozenset(LANGUAGES))
    readable = repair(text, slips)
    builder = _TreeBuilder(source, _ColumnMap(text, readable) if slips else None)
    builder.build(readable)
    problems = sorted(
        [source.problem(slip.line, slip.column, slip.message) for slip in slips] + builder.problems,
        key=lambda p: (p.line, p.column),
    )
    if builder.unreadable:
        raise SpecError(problems)
    return Loaded(source, builder.root, builder.value_at, builder.key_at, problems)


class _ColumnMap:
    """Columns of the repaired text back to the text as written (a repair may widen a line)."""

    def __init__(self, written: str, repaired: str):
        self.changed = {
            number: (old, new)
            for number, (old, new) in enumerate(zip(written.split("\n"), repaired.split("\n")), start=1)
            if len(old) != len(new)
        }

    def __call__(self, line: int, column: int) -> int:
        if line not in self.changed:
            return column
        old, new = self.changed[line]
        same_end = len(os.path.commonprefix([old[::-1], new[::-1]]))
        if column - 1 >= len(new) - same_end:
            return column - (len(new) - len(old))
        return min(column, len(old) + 1)


class _TreeBuilder:
    """Turns parser events into plain dicts, lists and strings, recording positions."""

    def __init__(self, source: SourceText, columns: _ColumnMap | None = None):
        self.source = source
        self.columns = columns
        self.unreadable = False
        self.problems: list[Problem] = []
        self.placeholders: list[Problem] = []  # the TODOs among the problems
        self.value_at: dict[Path_, tuple[int, int]] = {}
        self.key_at: dict[Path_, tuple[int, int]] = {}
        self.root: dict[str, Any] = {}

    def at(self, mark, shift: int = 0) -> tuple[int, int]:
        """1-based line and column of a parser mark (plus `shift`), in the text as written."""
        line, column = mark.line + 1, mark.column + 1 + shift
        return line, self.columns(line, column) if self.columns else column

    def fail(self, mark, message: str) -> None:
        self.problems.append(self.source.problem(*self.at(mark), message))

    def build(self, text: str) -> None:
        parser = _Parser(text)
        try:
            self.events = iter(_events(parser))
            docs = []
            for event in self.events:
                if isinstance(event, yaml.DocumentStartEvent):
                    if docs:
                        self.unreadable = True
                        self.fail(event.start_mark, "a spec holds one document; remove the second '---'")
                        break
                    docs.append(self.node(next(self.events), (), 0))
            if not docs or docs[0] is None:
                self.unreadable = True
                self.problems.append(self.source.problem(1, 1, "the spec is empty"))
            elif not isinstance(docs[0], dict):
                self.unreadable = True
                self.problems.append(
                    self.source.problem(1, 1, "a spec must be a mapping of `key: value` lines")
                )
            else:
                self.root = docs[0]
        except yaml.MarkedYAMLError as exc:
            self.unreadable = True
            self.problems.append(self._syntax_problem(exc, text))
        except _Abort:
            self.unreadable = True
        finally:
            parser.dispose()

    def _syntax_problem(self, exc: yaml.MarkedYAMLError, text: str) -> Problem:
        mark = exc.problem_mark or exc.context_mark
        line, column = self.at(mark) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = self.at(exc.context_mark) if exc.context_mark else None
        explained = explain_syntax_error(text, line, problem, exc.context or "", context)
        if explained and not (self.source.line(line)[column - 1 : column] == "\t" or "'\\t'" in problem):
            return self.source.problem(explained.line, explained.column, explained.message)
        if self.source.line(line)[column - 1 : column] == "\t" or "'\\t'" in problem:
            message = "tab character used for indentation; indent with spaces"
        elif "escape" in problem:
            backslash = self.source.line(line).rfind("\\", 0, column)
            column = backslash + 1 if backslash >= 0 else column
            message = f"invalid escape in a quoted value ({problem}); a \\u escape must name a real character"
        elif "maximum nesting depth" in problem:  # libyaml's own limit, hit before ours
            message = f"nesting deeper than {MAX_DEPTH} levels"
        elif "mapping values are not allowed" in problem:
            message = (
                "a ':' here starts a second value on one line; put the text in quotes "
                "or add a space and indentation"
            )
        else:
            message = f"invalid YAML: {problem}"
            if exc.context:
                message += f" ({exc.context})"
        return self.source.problem(line, column, message)

    def node(self, event, path: Path_, depth: int) -> Any:
        mark = event.start_mark
        if depth > MAX_DEPTH:
            self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels")
            raise _Abort
        if isinstance(event, yaml.AliasEvent):
            self.unreadable = True  # the data would have holes: report this alone
            self.fail(mark, "aliases (*name) are not allowed in specs; write the value out")
            return None
        if getattr(event, "anchor", None):
            self.unreadable = True
            self.fail(mark, "anchors (&name) are not allowed in specs; write the value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.unreadable = True
            self.fail(mark, f"YAML tags such as '{tag}' are not allowed; remove it")
        self.value_at[path] = self.at(mark)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in self.events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(event, path + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent):
                self.fail(mark, "a key must be a plain word, not a list or mapping")
                self._skip(key_event)
                self._skip(next(self.events))
                continue
            key = nfc(key_event.value)
            key_path = path + (key,)
            if key_path in self.key_at:
                first = self.key_at[key_path][0]
                self.fail(
                    mark, f"duplicate key '{key}' (first defined on line {first}); each key may appear once"
                )
                self._skip(next(self.events))
                continue
            self.key_at[key_path] = self.at(mark)
            result[key] = self.node(next(self.events), key_path, depth + 1)
        return result

    def scalar(self, event) -> str | None:
        value = event.value
        plain = not event.style  # None from the pure parser, '' from libyaml
        if plain and value in NULL_WORDS:
            return None
        if value.startswith("TODO"):
            shown = value if len(value) <= 60 else value[:57] + "..."
            self._fail_in_scalar(event, value, 0, f"{PLACEHOLDER}: {shown}")
            self.placeholders.append(self.problems[-1])
            return value
        if value.replace("\n", "").isprintable():  # fast path: every refused character is unprintable
            return nfc(value)
        for offset, char in enumerate(value):
            reason = character_problem(char)
            if reason:
                self._fail_in_scalar(event, value, offset, reason)
                return value
        if only_invisible(value):
            codes = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(value) if not c.isspace())
            self._fail_in_scalar(
                event,
                value,
                0,
                f"this text holds only invisible characters ({codes}); write the text or leave the value out",
            )
        return nfc(value)

    def _fail_in_scalar(self, event, value: str, offset: int, reason: str) -> None:
        mark = event.start_mark
        # Exact column only for single-line plain or quoted scalars; else the scalar's start.
        if (
            "\n" not in value[:offset]
            and event.style in (None, "", "'", '"')
            and mark.line == event.end_mark.line
        ):
            quote = 1 if event.style else 0
            self.problems.append(self.source.problem(*self.at(mark, quote + offset), reason))
        else:
            self.fail(mark, reason)

    def _skip(self, event) -> None:
        """Consume a whole node whose value is not used."""
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            level = 1
            for inner in self.events:
                if isinstance(inner, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    level += 1
                elif isinstance(inner, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    level -= 1
                    if level == 0:
                        return


class _Abort(Exception):
    pass


def _events(parser):
    while parser.check_event():
        yield parser.get_event()
