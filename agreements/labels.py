"""Labels and boilerplate strings ("Article {number}", "Seal") from Babel .po catalogs.

The msgid is the English text; templates/locale/<locale>/LC_MESSAGES/agreements.po translates it.
`pybabel extract -F babel.cfg` collects msgids marked with N_() in the package.
"""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .errors import Problem, TemplateError
from .languages import LANGUAGES
from .templates import find, search_path

SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a label for extraction; the lookup happens in Labels.get."""
    return message


LABELS = [
    N_("Article {number}"), N_("Annex {number}"), N_("Party A"), N_("Party B"), N_("Party C"),
    N_("DRAFT"), N_("Page {page} of {pages}"), N_("Revision {revision}"), N_("Signature"),
    N_("Seal"), N_("Date"), N_("Representative"), N_("Address"), N_("Contact"), N_("E-mail"),
    N_("Phone"), N_("Signed at {place} on {date}"), N_("Parties"), N_("Signatures"),
    N_("(official seal)"), N_("Authorised signatory"), N_("Chapter {number}"),
    N_("{label}: {value}"), N_("{name}, {title}"),
]


def catalog_path(language: str) -> str:
    return f"locale/{language.replace('-', '_')}/LC_MESSAGES/agreements.po"


@lru_cache(maxsize=16)
def _catalog(language: str, folders: tuple[Path, ...]) -> Catalog:
    path = find(catalog_path(language))
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGES[language].locale)
    catalog.path = path  # type: ignore[attr-defined]
    return catalog


class Labels:
    """Translated labels for one language."""

    def __init__(self, language: str):
        self.language = language
        self.catalog = None if language == SOURCE_LANGUAGE else _catalog(language, search_path())

    def get(self, message: str, **values) -> str:
        text = message
        if self.catalog is not None:
            entry = self.catalog.get(message)
            if entry is None or not entry.string or entry.fuzzy:
                raise TemplateError(f"label {message!r} has no {self.language} translation in "
                                    f"{self.catalog.path}; run `agreements lint`")
            text = entry.string
        return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def lint_catalogs() -> list[Problem]:
    """Missing, outdated (fuzzy) and placeholder-changing translations of labels."""
    problems = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        catalog = _catalog(language, search_path())
        path = str(catalog.path)  # type: ignore[attr-defined]
        for label in LABELS:
            entry = catalog.get(label)
            line = entry.lineno if entry is not None and entry.lineno else 1
            if entry is None or not entry.string:
                problems.append(Problem(path, line, 1, f"missing {language} translation of {label!r}"))
            elif entry.fuzzy:
                problems.append(Problem(path, line, 1, f"{language} translation of {label!r} is older "
                                                       "than its source (fuzzy); review it and remove "
                                                       "the fuzzy flag"))
            elif placeholders(entry.string) != placeholders(label):
                problems.append(Problem(path, line, 1, f"{language} translation of {label!r} uses "
                                                       f"{sorted(placeholders(entry.string))}, the source "
                                                       f"{sorted(placeholders(label))}"))
    return problems

