"""In-place edits of clause files and catalogs: only the lines of changed texts are rewritten.

Re-dumping the YAML or the .po would rewrap lines and drop comments, so a translator's import
would show as a diff of the whole file. Here a clause text line is replaced where it stands (the
`text: |` block of the language), a title line likewise, and a language the file lacks gets a new
block at its end whose control lines are copied from the Chinese.
"""

from __future__ import annotations

import json
import re

from babel.messages.pofile import escape

from .clauses import SOURCE, Clause
from .errors import TemplateError

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*[^\s:#]|[^\s\-?:,\[\]{}#&*!|>'\"%@`:#]")


def _scalar(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _block(lines: list[str], language: str) -> tuple[int, int]:
    """First and end line index of the language's block (`<language>:` at column 0)."""
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"{language}:"), None)
    if start is None:
        return -1, -1
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "\n")), len(lines))
    return start, end


def edit_clause(raw: str, clause: Clause, language: str, targets: dict[str, str], stamp: str | None) -> str:
    """The clause file with `targets` (part -> text: "title", "p1" ...) as the language's texts."""
    from .translations import paragraph_lines

    lines = raw.splitlines(keepends=True)
    source = clause.texts[SOURCE]
    start, end = _block(lines, language)
    if start < 0:
        wanted = {"title", *(f"p{n}" for n in range(1, len(paragraph_lines(source.text)) + 1))}
        if not source.title.strip():
            wanted.discard("title")
        if missing := sorted(wanted - set(targets)):
            raise TemplateError(
                f"clause {clause.id} has no {language} text yet: give all its units at once "
                f"(missing {', '.join(f'clause.{clause.id}.{m}' for m in missing)})"
            )
        text = source.text.split("\n")
        for n, i in enumerate(paragraph_lines(source.text), 1):
            text[i] = text[i][: len(text[i]) - len(text[i].lstrip())] + targets[f"p{n}"]
        text = text[:-1] if text[-1] == "" else text
        body = "".join(f"    {line}\n" if line.strip() else "\n" for line in text)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(f"{language}:\n")
        if stamp:
            lines.append(f"  source: {stamp}\n")
        lines.append(f"  title: {_scalar(targets.get('title', ''))}\n")
        lines.append("  text: |\n" + body)
        return "".join(lines)
    block = lines[start:end]
    title_at = next((i for i, line in enumerate(block) if line.startswith("  title:")), None)
    text_at = next((i for i, line in enumerate(block) if line.rstrip() == "  text: |"), None)
    if text_at is None:
        raise TemplateError(
            f"clause {clause.id}: write the {language} text as a `text: |` block to import into it"
        )
    current = clause.texts[language].text.split("\n")[:-1]
    for n, i in enumerate(paragraph_lines(source.text), 1):
        part = f"p{n}"
        at = start + text_at + 1 + i
        old = lines[at].rstrip("\n")
        indent = old[: len(old) - len(old.lstrip())]
        if old.strip() != current[i].strip():
            raise TemplateError(f"clause {clause.id}: the {language} text block is not a plain `|` block")
        if part in targets and targets[part] != current[i].strip():
            lines[at] = indent + targets[part] + "\n"
    if "title" in targets and targets["title"] != clause.texts[language].title:
        if title_at is None:
            raise TemplateError(f"clause {clause.id}: the {language} block has no `title:` line")
        lines[start + title_at] = f"  title: {_scalar(targets['title'])}\n"
    if stamp and "".join(lines) != raw:
        source_at = next((i for i in range(start, end) if lines[i].startswith("  source:")), None)
        if source_at is None:
            lines.insert(start + 1, f"  source: {stamp}\n")
        else:
            lines[source_at] = f"  source: {stamp}\n"
    return "".join(lines)


def edit_catalog(raw: str, changes: list[tuple[str, str, bool, int | None]]) -> str:
    """The .po text with (msgid, msgstr, fuzzy, line of the msgid or None) applied in place."""
    lines = raw.splitlines(keepends=True)
    appended = []
    for message, string, fuzzy, lineno in sorted(changes, key=lambda c: -(c[3] or 0)):
        if lineno is None:
            flag = "#, fuzzy\n" if fuzzy else ""
            appended.append(f"\n{flag}msgid {escape(message)}\nmsgstr {escape(string)}\n")
            continue
        at = lineno - 1
        end = at + 1
        while end < len(lines) and lines[end].startswith('"'):
            end += 1
        if not lines[end].startswith("msgstr"):
            raise TemplateError(f"catalog line {lineno}: expected msgstr after the msgid")
        stop = end + 1
        while stop < len(lines) and lines[stop].startswith('"'):
            stop += 1
        lines[end:stop] = [f"msgstr {escape(string)}\n"]
        flags_at = at - 1 if at > 0 and lines[at - 1].startswith("#,") else None
        flags = [f.strip() for f in lines[flags_at][2:].split(",")] if flags_at is not None else []
        new = (["fuzzy"] if fuzzy else []) + [f for f in flags if f != "fuzzy"]
        if new != flags:
            if flags_at is None:
                lines.insert(at, f"#, {', '.join(new)}\n")
            elif new:
                lines[flags_at] = f"#, {', '.join(new)}\n"
            else:
                del lines[flags_at]
    return "".join(lines) + "".join(reversed(appended))
