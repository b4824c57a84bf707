"""The language of the command line's own words (messages, summaries), from Babel catalogs.

The library speaks English (the msgids); the CLI shows each message in the interface language
through `templates/locale/<locale>/LC_MESSAGES/cli.po`. A catalog entry may hold `{name}`
placeholders: a message is matched against the msgid with each placeholder standing for any
text, and the text found there goes into the translation. A message made of parts joined by
"; " is translated part by part when the whole is not in the catalog. An entry with the context
`part` ("{a} or {b}") only ever translates a value inside another message, never a whole one
(else "No such file or directory" would become "No such file 或 directory").

The language comes from `--lang`, else AGREEMENTS_LANG, LANGUAGE, LC_ALL, LC_MESSAGES, LANG
(the first set); `zh_CN.UTF-8`, `zh-Hans` and `zh` all choose zh-Hans. English needs no catalog.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .errors import TemplateError
from .templates import BUILTIN, Templates

SOURCE = "en"
ENVIRONMENT = ("AGREEMENTS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HEAD = re.compile(r"(?P<where>(?:\S[^\n]*?:\d+:\d+: )?)(?P<severity>error|warning): (?P<message>.*)")


def choose_language(asked: str | None = None, environ=os.environ, templates: Templates = BUILTIN) -> str:
    """The interface language: a locale with a cli.po catalog (e.g. zh_Hans), or "en"."""
    for value in [asked] + [environ.get(name) for name in ENVIRONMENT]:
        if not value:
            continue
        for candidate in value.split(":"):  # LANGUAGE may list several
            found = _available(candidate, templates)
            if found:
                return found
        if asked or value.split(":")[0].split(".")[0] not in ("C", "POSIX", ""):
            return SOURCE  # a language was set, just not one we have: English, not the next variable
    return SOURCE


def _likely_script(locale) -> str | None:
    """The script a locale without one is written in (CLDR likely subtags: zh_CN -> Hans,
    zh_TW -> Hant)."""
    from babel import Locale
    from babel.core import get_global

    likely = get_global("likely_subtags")
    found = likely.get(f"{locale.language}_{locale.territory}") or likely.get(locale.language)
    return Locale.parse(found).script if found else None


def _available(value: str, templates: Templates) -> str | None:
    from babel import Locale, UnknownLocaleError

    tag = value.split(".")[0].split("@")[0]
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    if locale.language == SOURCE:
        return SOURCE
    script = locale.script or _likely_script(locale)
    for name in filter(None, [f"{locale.language}_{script}" if script else None, locale.language]):
        try:
            templates.find(f"locale/{name}/LC_MESSAGES/cli.po")
            return name
        except TemplateError:  # no such catalog along the path
            continue
    return None


class Interface:
    """Translates the CLI's words into one language."""

    def __init__(self, language: str = SOURCE, templates: Templates = BUILTIN):
        self.language = language
        self.entries = _catalog(language, templates) if language != SOURCE else ()

    def __call__(self, message: str, /, **values) -> str:
        """A fixed message of the CLI, with named values: `ui("{count} built", count=3)`."""
        text = self._lookup(message)
        text = message if text is None else text
        return text.format(**values) if values else text

    def problem(self, message: str) -> str:
        """A message from the library, already filled in; as it is when the catalog lacks it."""
        whole = self._match(message)
        if whole is not None:
            return whole
        parts = message.split("; ")
        if len(parts) > 1:
            translated = [self._match(part) for part in parts]
            if all(text is not None for text in translated):
                return self("; ").join(translated)
        return message

    def _lookup(self, message: str) -> str | None:
        for msgid, msgstr, _, _ in self.entries:
            if msgid == message:
                return msgstr
        return None

    def _match(self, message: str, depth: int = 0) -> str | None:
        for msgid, msgstr, pattern, part in self.entries:
            if part and not depth:
                continue
            found = pattern.fullmatch(message)
            if found:
                # a value may itself be a message ("'A', 'B' or 'C'", a date's reason)
                values = {name: self._value(value, depth) for name, value in found.groupdict().items()}
                return _fill(msgstr, values)
        return None

    def _value(self, value: str, depth: int) -> str:
        inner = self._match(value, depth + 1) if depth < 2 and " " in value else None
        return value if inner is None else inner

    def formatted(self, text: str) -> str:
        """Printed problems (`path:line:col: error: message` and `error: message` lines, with
        their quoted source lines) in the interface language."""
        if not self.entries:
            return text
        return "\n".join(self._formatted_line(line) for line in text.split("\n"))

    def _formatted_line(self, line: str) -> str:
        found = _HEAD.match(line)
        if not found:
            return line
        where, severity, message = found.group("where", "severity", "message")
        return f"{where}{self(severity)}: {self.problem(message)}"


@lru_cache(maxsize=4)
def _catalog(language: str, templates: Templates) -> tuple[tuple[str, str, re.Pattern, bool], ...]:
    from babel.messages.pofile import read_po

    from .safe_io import open_template

    handle = open_template(templates.find(f"locale/{language}/LC_MESSAGES/cli.po"))
    catalog = read_po(handle, locale=language)
    entries = [
        (message.id, message.string, _pattern(message.id), message.context == "part")
        for message in catalog
        if message.id and message.string and not message.fuzzy
    ]
    # the most literal text first: "a (b)" before "a", "cannot read file: {r}" before "cannot read {p}: {r}"
    return tuple(sorted(entries, key=lambda entry: (-len(_PLACEHOLDER.sub("", entry[0])), -len(entry[0]))))


def _fill(msgstr: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], msgstr)


def _pattern(msgid: str) -> re.Pattern:
    parts, seen, last = [], set(), 0
    for found in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[last : found.start()]))
        name = found.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = found.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts), re.DOTALL)
