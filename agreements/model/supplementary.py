"""The terms of a supplementary agreement (`document: supplementary`) amending a master agreement."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .bespoke import ClerkText
from .types import Date, Line, Rule, Strict, Text


class MasterAgreement(Strict):
    """The agreement being amended, as it is cited."""

    title: Text
    """Its title in every language, as signed."""
    date: Date
    """The date it was signed (YYYY-MM-DD)."""
    number: Line | None = None
    """Its number or reference, e.g. NSXC-2027-003, when it has one."""


class Change(Strict):
    """One article of the master agreement amended, deleted, or a new one added."""

    action: Literal["amend", "add", "delete"]
    """amend (the article is replaced by the new text), add (a new article after `article`), delete."""
    article: Annotated[int, Field(ge=1, le=999)]
    """The article of the master agreement amended or deleted; for add, the one the new article follows."""
    title: Text | None = None
    """amend and add: the heading of the article as it now reads."""
    text: ClerkText | None = None
    """amend and add: the article as it now reads, in every language; each line is a paragraph."""

    @model_validator(mode="after")
    def _text_when_needed(self) -> Change:
        if self.action == "delete":
            for name in ("title", "text"):
                if getattr(self, name) is not None:
                    raise Rule((name,), f"a deleted article has no `{name}`; remove it")
        else:
            for name in ("title", "text"):
                if getattr(self, name) is None:
                    raise Rule((), f"{self.action} needs the new `{name}` in every language")
        return self


class Supplementary(Strict):
    """What the supplementary agreement changes in the master agreement; the rest stands."""

    master: MasterAgreement
    """The master agreement it amends."""
    reason: Text | None = None
    """Why the parties amend it (a recital), e.g. the battery line moved to a new plant."""
    changes: Annotated[list[Change], Field(min_length=1, max_length=50)]
    """The articles amended, added or deleted, in the order they are to be read."""

    @model_validator(mode="after")
    def _each_article_once(self) -> Supplementary:
        seen: set[int] = set()
        for index, change in enumerate(self.changes):
            if change.action != "add" and change.article in seen:
                raise Rule(("changes", index, "article"), f"article {change.article} is changed twice")
            if change.action != "add":
                seen.add(change.article)
        return self
