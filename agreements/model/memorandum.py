"""The terms of a memorandum of understanding (`document: memorandum`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .types import Months, Strict, Text


class Memorandum(Strict):
    """A non-binding framework: what the parties intend; only the named articles bind."""

    areas: Annotated[list[Text], Field(min_length=1, max_length=20)]
    """The areas in which the parties intend to cooperate, one per item, in every language."""
    coordinators: bool = True
    """Each party names a coordinator (its contact person) to prepare specific agreements."""
    withdrawal_notice_months: Annotated[Months, Field(ge=1, le=24)] = 3
    """A party may withdraw from the memorandum by written notice of this many months."""
