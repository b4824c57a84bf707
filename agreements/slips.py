"""Typing slips found in the raw text of a spec, before and beside the YAML parser.

A Chinese input method types full-width punctuation (`：，【】“”` and the full-width space U+3000)
where YAML needs ASCII; PyYAML then reports a line later, in its own words. Each slip here is
found at its own line and column, says what to type instead, and carries a repair of the same
line, so the repaired text can still be read and every other mistake reported in the same run.
Indentation and unclosed quotes are explained when the parser fails (`explain_syntax_error`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_WIDTH_SPACE = "\u3000"
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_LINE_START = re.compile(r"^(?P<indent>[ \u3000]*)(?P<dashes>(?:-[ \u3000]+)*)")
_KEY_AT = re.compile(rf"(?P<key>{_KEY})(?P<gap>[ ]*)(?P<colon>[:：])(?P<after>[ \u3000]?)")
_BLOCK_SCALAR = re.compile(r"[:-][ ]+[|>][0-9+-]*[ ]*(#.*)?$")
_OPEN_BRACKETS = {"【": "[", "［": "[", "｛": "{"}
_CLOSE_BRACKETS = {"【": "】", "［": "］", "｛": "｝"}
_CURLY = {"“": "”", "‘": "’"}


@dataclass(frozen=True)
class Slip:
    """A slip at a 1-based line and column, and the same line repaired (None: cannot repair)."""

    line: int
    column: int
    message: str
    repaired: str | None = None


def find_slips(text: str, text_keys: frozenset[str] = frozenset()) -> list[Slip]:
    """Every typing slip in `text`; `text_keys` are the keys whose values are free text (the
    language tags), where full-width punctuation is the writer's own."""
    slips: list[Slip] = []
    lines = text.split("\n")
    block_indent: int | None = None
    open_quote: str | None = None  # inside a quoted text that goes on over several lines
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" \u3000"))
        if open_quote is not None:
            if _closes(line, open_quote):
                open_quote = None
            continue
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if not line.strip() or line.lstrip(" \u3000").startswith("#"):
            continue
        found = _line_slips(line, number, lines[number:], text_keys)
        slips.extend(found)
        repaired = found[-1].repaired if found and found[-1].repaired else line
        if _BLOCK_SCALAR.search(repaired):
            block_indent = indent
        open_quote = _open_quote(repaired)
    return slips


def _open_quote(line: str) -> str | None:
    """The quote that a line's value opens and leaves open (its text goes on), or None."""
    at = _LINE_START.match(line).end()
    key = _KEY_AT.match(line, at)
    value = _without_comment(line[key.end() if key else at :]).rstrip()
    if not value or value[0] not in "\"'":
        return None
    return None if _closes(value[1:], value[0]) else value[0]


def _closes(text: str, quote: str) -> bool:
    """True when `text` holds the quote that ends a quoted value ('' and \\" do not end it)."""
    body = text.replace("\\\\", "").replace('\\"', "") if quote == '"' else text.replace("''", "")
    return quote in body


def repair(text: str, slips: list[Slip]) -> str:
    """`text` with each repairable slip's line replaced by its repaired form."""
    lines = text.split("\n")
    for slip in slips:
        if slip.repaired is not None:
            lines[slip.line - 1] = slip.repaired
    return "\n".join(lines)


def _line_slips(line: str, number: int, after: list[str], text_keys: frozenset[str]) -> list[Slip]:
    """The slips of one line; each one's `repaired` also carries the repairs found before it."""
    slips: list[Slip] = []
    fixed = line

    def add(column: int, message: str, new_line: str | None) -> None:
        nonlocal fixed
        if new_line is not None:
            fixed = new_line
        slips.append(Slip(number, column, message, fixed if new_line is not None else None))

    start = _LINE_START.match(fixed)
    if FULL_WIDTH_SPACE in start.group(0):
        column = start.group(0).index(FULL_WIDTH_SPACE) + 1
        head = start.group(0).replace(FULL_WIDTH_SPACE, "  ")
        add(
            column,
            "full-width space (U+3000, 全角空格) in the indentation; indent with ordinary spaces "
            "(switch the input method to half-width, 半角)",
            head + fixed[start.end() :],
        )
        start = _LINE_START.match(fixed)
    at = start.end()
    key = _KEY_AT.match(fixed, at)
    value_at = at
    key_name = None
    if key:
        key_name = key.group("key")
        colon, space = key.start("colon"), key.group("after")
        if key.group("colon") == "：":
            add(
                colon + 1,
                f"full-width colon '：' after `{key_name}`; type an ASCII colon and a space ': ' "
                "(switch the input method to half-width, 半角)",
                fixed[:colon] + ": " + fixed[colon + 1 + len(space) :].lstrip(" "),
            )
        elif space == FULL_WIDTH_SPACE:
            add(
                colon + 2,
                f"full-width space (U+3000) after `{key_name}:`; type an ordinary space",
                fixed[: colon + 1] + " " + fixed[colon + 2 :],
            )
        key = _KEY_AT.match(fixed, at)
        value_at = key.end() if key and key.group("colon") == ":" else value_at
    if key_name in text_keys:
        return slips
    value = _without_comment(fixed[value_at:]).rstrip()
    if not value:
        return slips
    _bracket_slips(fixed, value_at, value, add)
    value = _without_comment(fixed[value_at:]).rstrip()
    if value[:1] in "[{":
        _flow_slips(fixed, value_at, value, text_keys, add)
    elif value[:1] in _CURLY and value[-1:] == _CURLY[value[0]] and not re.search(r'["\\]', value):
        opening = value[0]
        add(
            value_at + 1,
            f"curly quotes {opening}…{_CURLY[opening]} around a value; type straight quotes \"…\" (or none)",
            fixed[:value_at] + '"' + value[1:-1] + '"' + fixed[value_at + len(value) :],
        )
    elif value[:1] in "\"'":
        _quote_slips(fixed, value_at, value, line, after, add)
    return slips


def _bracket_slips(line: str, at: int, value: str, add) -> None:
    opening = value[:1]
    if opening not in _OPEN_BRACKETS:
        return
    closing = _CLOSE_BRACKETS[opening]
    ascii_open = _OPEN_BRACKETS[opening]
    ascii_close = "]" if ascii_open == "[" else "}"
    end = value.rfind(closing)
    inner = value[1:end] if end > 0 else value[1:]
    new_value = ascii_open + inner + (ascii_close + value[end + 1 :] if end > 0 else "")
    kind = "a list" if ascii_open == "[" else "texts per language"
    add(
        at + 1,
        f"full-width bracket '{opening}'; {kind} is written with ASCII brackets {ascii_open} {ascii_close}",
        line[:at] + new_value + line[at + len(value) :],
    )


def _flow_slips(line: str, at: int, value: str, text_keys: frozenset[str], add) -> None:
    """Full-width commas and colons between the ASCII words of `[a, b]` and `{key: value}`."""
    edits = []  # (column in line, replacement of one character, message)
    for found in re.finditer(rf"(?<=[{{,，]) *({_KEY}) *(：)", value):
        edits.append(
            (
                at + found.start(2),
                ": ",
                f"full-width colon '：' after `{found.group(1)}`; type an ASCII colon and a space ': '",
            )
        )
    for found in re.finditer("，", value):
        before = value[: found.start()].rstrip(" ")[-1:]
        following = value[found.end() :].lstrip(" ")[:1]
        next_key = re.match(rf" *{_KEY} *[:：]", value[found.end() :])
        if (before and before.isascii() and following and following.isascii()) or next_key:
            edits.append(
                (
                    at + found.start(),
                    ", ",
                    f"full-width comma '，' between `{_word_before(value, found.start())}` and "
                    f"`{_word_after(value, found.end())}`; type an ASCII comma ','",
                )
            )
    for found in re.finditer(
        rf"(?<=[{{,]) *{_KEY} *: *([0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?)(?= *[,}}])", value
    ):
        number = found.group(1)
        for offset in range(len(number) - 1, -1, -1):  # each comma removed, right to left
            if number[offset] == ",":
                edits.append((at + found.start(1) + offset, "", ""))
        edits.append(
            (
                at + found.start(1),
                number[0],
                f"'{number}' inside {{…}}: a comma ends the value there; write {number.replace(',', '')} "
                "without thousands separators",
            )
        )
    fixed = line
    for column, replacement, _ in sorted(edits, reverse=True):
        fixed = fixed[:column] + replacement + fixed[column + 1 :]
    for column, _, message in sorted(edits):
        if message:
            add(column + 1, message, fixed)


def _quote_slips(line: str, at: int, value: str, original: str, after: list[str], add) -> None:
    """A quoted value that is never closed on its line and the next line is a new key."""
    quote = value[0]
    if _closes(value[1:], quote):
        return
    following = next((text for text in after if text.strip() and not text.lstrip().startswith("#")), "")
    indent = len(original) - len(original.lstrip(" "))
    next_indent = len(following) - len(following.lstrip(" "))
    starts_anew = re.match(rf"\s*(- |{_KEY}\s*:)", following) is not None
    if following and not (starts_anew and next_indent <= indent + 2):
        return  # a quoted text that goes on over several lines
    closing = {'"': "”", "'": "’"}[quote]
    if value.endswith(closing):
        add(
            at + len(value),
            f"the value opens with a straight quote {quote} but ends with a curly {closing}; "
            f"type a straight {quote} at the end",
            line[: at + len(value) - 1] + quote + line[at + len(value) :],
        )
        return
    add(
        at + 1,
        f"the quote {quote} opened here is never closed; add {quote} at the end of the value",
        line[: at + len(value)] + quote + line[at + len(value) :],
    )


def _without_comment(value: str) -> str:
    if value[:1] in "\"'":
        return value
    found = re.search(r"[ \t]#", value)
    return value[: found.start()] if found else value


def _word_before(text: str, end: int) -> str:
    return re.search(r"[^\s,\[{：:]*$", text[:end].rstrip(" ")).group()


def _word_after(text: str, start: int) -> str:
    return re.match(r"[^\s,\]}：:]*", text[start:].lstrip(" ")).group()


# --- after the parser failed -------------------------------------------------------------------


@dataclass
class _Level:
    indent: int
    key: str


def indentation_slip(text: str, error_line: int) -> Slip | None:
    """The first line up to `error_line` (1-based) whose indentation fits none of the blocks
    around it, e.g. 3 spaces among lines of 2 and 4, or a key indented deeper than the key
    above it that has a value; None when the indentation is not the cause."""
    levels = [_Level(0, "")]
    opens_block = False
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n")[: error_line + 1], start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        key = re.match(rf"(- +)*({_KEY}|\"[^\"]*\"|'[^']*') *:( |$)", stripped)
        dashes = re.match(r"(- +)*", stripped).group()
        if indent > levels[-1].indent and not opens_block:
            if key and not dashes:
                above = levels[-1].key
                return Slip(
                    number,
                    indent + 1,
                    f"`{key.group(2)}` is indented more than `{above}` above it ({indent} spaces, not "
                    f"{levels[-1].indent}); line it up, or end the line above with ':' and no value",
                )
            continue  # a plain text that goes on over several lines
        name = (dashes.strip() + " " if dashes else "") + (key.group(2) if key else "")
        if indent > levels[-1].indent:
            levels.append(_Level(indent, name.strip()))
        else:
            deeper = None
            while levels and levels[-1].indent > indent:
                deeper = levels.pop()
            if levels[-1].indent != indent:
                like = [level for level in (deeper, levels[-1]) if level and level.key not in ("", "-")]
                hint = " or ".join(f"{level.indent} (like `{level.key}`)" for level in like)
                return Slip(
                    number,
                    indent + 1,
                    f"this line is indented by {indent} spaces, which matches no line above it; "
                    f"indent it by {hint or 'as many spaces as the lines of the same level'}",
                )
            levels[-1].key = name.strip() or levels[-1].key
        # a list item `- key: value` opens a mapping at the key's column
        if dashes:
            levels.append(_Level(indent + len(dashes), key.group(2) if key else "-"))
        rest = stripped[key.end() :] if key else ""
        opens_block = bool(key) and not _without_comment(rest).strip()
        if _BLOCK_SCALAR.search(line):
            block_indent, opens_block = levels[-1].indent, False
    return None


def explain_syntax_error(
    text: str, error_line: int, problem: str, context: str, context_at: tuple[int, int] | None
) -> Slip | None:
    """A plain-words cause of the parser's error at `error_line`, at the line that causes it
    (often the line before the one the parser names), or None."""
    if "quoted scalar" in context and "unexpected" in problem and context_at:
        quote = text.split("\n")[context_at[0] - 1][context_at[1] - 1 : context_at[1]] or '"'
        return Slip(
            *context_at, f"the quote {quote} opened here is never closed; add {quote} at the end of the value"
        )
    slip = indentation_slip(text, error_line)
    if slip and error_line - 2 <= slip.line <= error_line:
        return slip
    return None
