"""The clerk's own articles and annexes: text per language, printed verbatim, never a template.

A bespoke article stands after a named clause of the outline (or after another bespoke article);
a free-text annex follows the library's annexes. Each line of the text is one paragraph.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, RootModel, StringConstraints, ValidationInfo, model_validator

from .types import LanguageTag, Rule, Slug, Strict, Text

TEMPLATE_MARKS = re.compile(r"\{\{|\{%|\{#")


def _verbatim(value: str) -> str:
    if not value.strip():
        raise ValueError("this text is empty; write it out")
    if found := TEMPLATE_MARKS.search(value):
        line = value.count("\n", 0, found.start()) + 1
        raise ValueError(
            f"`{found.group()}` on line {line} of this text: bespoke text is printed as written and "
            "cannot hold placeholders; write the names, amounts and dates out in full"
        )
    for number, line in enumerate(value.split("\n"), 1):
        if line.strip().startswith("|"):
            raise ValueError(
                f"line {number} of this text starts with `|`, which would make it a table; "
                "bespoke text is paragraphs only"
            )
    return value


Verbatim = Annotated[
    str, StringConstraints(strip_whitespace=False, max_length=20_000), AfterValidator(_verbatim)
]


class ClerkText(RootModel[dict[LanguageTag, Verbatim]]):
    """The clerk's own text, once per language: each line is a paragraph, printed verbatim.
    Unlike names and addresses, its numbers are compared across languages before printing."""

    def __getitem__(self, language: str) -> str:
        return self.root[language]

    def paragraphs(self, language: str) -> list[str]:
        return [line.strip() for line in self.root[language].split("\n") if line.strip()]

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> ClerkText:
        languages = (info.context or {}).get("languages") or []
        missing = [language for language in languages if language not in self.root]
        if missing:
            raise Rule(
                (), f"missing the {' and '.join(missing)} text (this agreement is in {', '.join(languages)})"
            )
        extra = [language for language in self.root if languages and language not in languages]
        if extra:
            raise Rule(
                (extra[0],),
                f"{extra[0]} is not one of this agreement's languages; remove it or add it to `languages`",
            )
        return self


class BespokeArticle(Strict):
    """An article the clause library does not have, in the clerk's own words."""

    id: Slug
    """A short name for this article, e.g. campus-facilities (aligns it across revisions)."""
    after: Annotated[str, Field(min_length=1, max_length=64)]
    """The clause it follows: a clause id of the outline (e.g. teaching, confidentiality) or the id
    of an earlier bespoke article. A clause this agreement leaves out keeps its place."""
    title: Text
    """The article's heading in every language."""
    text: ClerkText
    """The article's text in every language; each line is one paragraph. No placeholders."""


class BespokeAnnex(Strict):
    """A free-text annex, after the library's annexes."""

    id: Slug
    """A short name for this annex, e.g. equipment-list."""
    title: Text
    """The annex's heading in every language."""
    text: ClerkText
    """The annex's text in every language; each line is one paragraph. No placeholders."""
