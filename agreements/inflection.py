"""Labels that clause texts inflect, for languages with cases: the document noun (`{{ this }}`) and
the party roles (`{{ role('A') }}`). A catalog gives their forms as entries with a msgctxt
(`msgctxt "genitive"`, msgid "this Agreement": "настоящего Соглашения"); a clause text writes
`{{ this.genitive }}`, `{{ role(e).dative }}`. Lint counts a form as its label (the Chinese has no
cases) and refuses a form the catalog lacks; so does compose.
"""

from __future__ import annotations

import re
import typing

from .documents import DOCUMENTS
from .errors import Problem
from .templates import Templates

# {{ this.genitive }}, {{ role(e).dative }}: a grammatical form of an inflected label
INFLECTED_FORM = re.compile(r"(?<![\w.])(this|This|role\([^()]*\))\.(\w+)")


class MissingForm(LookupError):
    """A clause asks for a grammatical form of a label that the catalog lacks."""


class Inflected(str):
    """A label that clauses inflect: the document noun (`{{ this }}`: "настоящее Соглашение") and
    the party roles (`{{ role('A') }}`: "Сторона А"). Its forms come from catalog entries with a
    msgctxt (`msgctxt "genitive"`, msgid "this Agreement": "настоящего Соглашения") and are
    written `{{ this.genitive }}`, `{{ role('A').dative }}`. A form the catalog lacks is an error."""

    def __new__(cls, text: str, forms: dict[str, str], missing: str):
        label = super().__new__(cls, text)
        label._forms, label._missing = forms, missing
        return label

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._forms:
            raise MissingForm(f"{self._missing.format(form=name)} is missing (an entry with that msgctxt)")
        return self._forms[name]

    def every_form(self) -> list[str]:
        """The label and all its forms (a template cannot call this: not a str method)."""
        return [str(self), *self._forms.values()]


def _inflected_messages(name: str) -> list[str]:
    """The catalog msgids `this`, `This` or `role(...)` may print (any document type, any party)."""
    if name == "this":
        return [document.noun for document in DOCUMENTS.values()]
    if name == "This":
        return [document.noun_capital for document in DOCUMENTS.values()]
    from .model.types import Role

    return [f"Party {code}" for code in typing.get_args(typing.get_args(Role)[0])]


def form_problems(clause, language: str, templates: Templates) -> list[Problem]:
    """Every form a text uses (`this.genitive`, `role(e).dative`) must be in the language's catalog
    for every label it may print."""
    from .clauses import PLACEHOLDER
    from .labels import Labels

    text, labels, problems = clause.texts[language], None, []
    for part, source, first in (("title", text.title, text.line - 1), ("text", text.text, text.line + 1)):
        for tag in PLACEHOLDER.finditer(source):
            for match in INFLECTED_FORM.finditer(tag.group(0)):
                labels = labels or Labels(language, templates)
                name, form = match.groups()
                for message in _inflected_messages(name.split("(")[0]):
                    if form not in labels.forms(message):
                        line = first + source.count("\n", 0, tag.start())
                        said = (
                            f"the {language} {part} uses {{{{ {name}.{form} }}}}, but the {language} "
                            f"catalog has no translated {form!r} form of {message!r} "
                            f'(msgctxt "{form}", msgid "{message}")'
                        )
                        problems.append(Problem(str(clause.path), line, 1, said))
    return problems
