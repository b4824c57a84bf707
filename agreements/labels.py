"""Labels and boilerplate strings ("Article {number}", "Seal") from Babel .po catalogs.

The msgid is the English text; templates/locale/<locale>/LC_MESSAGES/agreements.po translates it.
`pybabel extract -F babel.cfg` collects msgids marked with N_() in the package.
"""

from __future__ import annotations

import string
from functools import lru_cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .change_labels import (
    CLERK_TEXT,
    FIELD_LABELS,
    ITEM_WITH_NAME,
    JURISDICTIONS,
    N_,
    PERSON_FIELD_LABELS,
    VALUE_LABELS,
)
from .documents import DOCUMENTS
from .errors import Problem, TemplateError, display_path
from .inflection import Inflected
from .languages import LANGUAGES
from .safe_io import open_template
from .templates import BUILTIN, Templates

SOURCE_LANGUAGE = "en"


LABELS = [
    N_("Article {number}"),
    N_("Annex {number}"),
    N_("Party A"),
    N_("Party B"),
    N_("Party C"),
    N_("DRAFT"),
    N_("Page {page} of {pages}"),
    N_("Revision {revision}"),
    N_("Signature"),
    N_("Seal"),
    N_("Date"),
    N_("Representative"),
    N_("Address"),
    N_("Contact"),
    N_("E-mail"),
    N_("Phone"),
    N_("Signed at {place} on {date}"),
    N_("Parties"),
    N_("Signatures"),
    N_("(official seal)"),
    N_("Authorised signatory"),
    N_("Chapter {number}"),
    N_("{label}: {value}"),
    N_("{name}, {title}"),
    N_("Changes from revision {old} to revision {new}"),
    N_("Legal representative"),
    N_("Authorised representative"),
    N_("Place of signing"),
    N_("Signed by each Party separately, on the date and at the place in its block"),
    N_("renumbered"),
    N_("(No further text below)"),
]


def catalog_path(language: str) -> str:
    return f"locale/{language.replace('-', '_')}/LC_MESSAGES/agreements.po"


@lru_cache(maxsize=16)
def _catalog(language: str, templates: Templates) -> Catalog:
    path = templates.find(catalog_path(language))
    with open_template(path) as handle:  # read under the file policy (safe_io)
        catalog = read_po(handle, locale=LANGUAGES[language].locale)
    catalog.path = path  # type: ignore[attr-defined]
    return catalog


class Labels:
    """Translated labels for one language."""

    def __init__(self, language: str, templates: Templates = BUILTIN):
        self.language = language
        self.catalog = None if language == SOURCE_LANGUAGE else _catalog(language, templates)
        self.used: set[str] = set()  # the messages looked up (for the review check of a final text)

    def get(self, message: str, **values) -> str:
        self.used.add(message)
        text = message
        if self.catalog is not None:
            entry = self.catalog.get(message)
            if entry is None or not entry.string or entry.fuzzy:
                raise TemplateError(
                    f"label {message!r} has no {self.language} translation in "
                    f"{self.catalog.path}; run `agreements lint`"
                )
            text = entry.string
            problem = placeholder_problem(text, message)
            if problem:  # what lint flags is never used: an error naming the catalog's line
                shown, line = display_path(self.catalog.path), entry.lineno or 1
                said = f"the {self.language} translation of {message!r} {problem}; run `agreements lint`"
                raise TemplateError(f"{shown}:{line}: {said}", [Problem(shown, line, 1, said)])
        return _fill(text, values) if values else text

    def inflected(self, message: str) -> Inflected:
        """A label ("this Agreement", "Party A") with the grammatical forms the catalog gives it."""
        where = self.catalog.path if self.catalog is not None else "no catalog"  # type: ignore[attr-defined]
        missing = f"the {self.language} form {{form!r}} of {message!r} ({where})"
        return Inflected(self.get(message), self.forms(message), missing)

    def forms(self, message: str) -> dict[str, str]:
        """The catalog's translated entries for `message` with a msgctxt, by msgctxt ("genitive")."""
        if self.catalog is None:
            return {}
        return {
            entry.context: entry.string
            for entry in self.catalog
            if entry.id == message and entry.context and entry.string and not entry.fuzzy
        }

    def jurisdiction(self, code: str, formatter) -> str:
        """The official name of a legal system (中华人民共和国 / the People's Republic of China),
        else the CLDR name of the country."""
        return self.get(JURISDICTIONS[code]) if code in JURISDICTIONS else formatter.country(code)


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unmatched brace
        return {"{"}


def placeholder_problem(text: str, source: str) -> str | None:
    """Why a translation's `{placeholders}` cannot be filled in like its source's, or None.

    Only plain names are allowed: `{x.y}` and `{x[0]}` would let a catalog (which a workspace may
    override) reach into the values' objects, and a format spec could hide another lookup.
    """
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"is not a valid format string ({exc})"
    for name, spec in fields:
        if not name.isidentifier() or "{" in (spec or ""):
            return f"uses {{{name}}}: only plain {{names}}, no attribute or index lookups"
    if placeholders(text) != placeholders(source):
        return f"uses {sorted(placeholders(text))}, the source {sorted(placeholders(source))}"
    return None


def _fill(text: str, values: dict) -> str:
    """`text.format(**values)` for a text whose placeholders are plain names (checked before)."""
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        pieces.append(literal)
        if name is not None:
            value = values[name]
            value = {"r": repr, "s": str, "a": ascii}.get(conversion or "", lambda v: v)(value)
            pieces.append(format(value, spec or ""))
    return "".join(pieces)


def all_messages() -> list[str]:
    """Every msgid a catalog must translate, once each."""
    return list(
        dict.fromkeys(
            LABELS
            + list(FIELD_LABELS.values())
            + list(PERSON_FIELD_LABELS.values())
            + list(VALUE_LABELS.values())
            + list(JURISDICTIONS.values())
            + [ITEM_WITH_NAME, CLERK_TEXT]
            + [noun for d in DOCUMENTS.values() for noun in (d.noun, d.noun_capital)]
        )
    )


def lint_catalogs(templates: Templates = BUILTIN) -> list[Problem]:
    """Missing, outdated (fuzzy) and placeholder-changing translations of labels."""
    from .clauses import translated_languages

    problems = []
    available = translated_languages(templates)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        if language not in available and not any(
            (f / catalog_path(language)).is_file() for f in templates.folders
        ):
            problems.append(Problem(catalog_path(language), 1, 1, "no catalog yet", severity="warning"))
            continue
        catalog = _catalog(language, templates)
        path = str(catalog.path)  # type: ignore[attr-defined]
        for label in all_messages():
            entry = catalog.get(label)
            line = entry.lineno if entry is not None and entry.lineno else 1
            if entry is None or not entry.string:
                problems.append(Problem(path, line, 1, f"missing {language} translation of {label!r}"))
            elif entry.fuzzy:
                problems.append(
                    Problem(
                        path,
                        line,
                        1,
                        f"{language} translation of {label!r} is older "
                        "than its source (fuzzy); review it and remove "
                        "the fuzzy flag",
                    )
                )
            elif problem := placeholder_problem(entry.string, label):
                problems.append(Problem(path, line, 1, f"{language} translation of {label!r} {problem}"))
    return problems
