"""The section of a university-enterprise agreement: internships, curriculum, funding, secondment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import at_least_one
from .types import MAX_ITEMS, Count, Date, Money, Months, PartyRole, Strict, Text


class Internships(Strict):
    """Internship places the enterprise offers to students."""

    places_per_year: Count
    """Number of internship places per year."""
    months: Annotated[Months, Field(ge=1, le=24)]
    """Length of each internship, in months."""
    monthly_stipend: Money
    """Stipend each intern receives per month."""
    location: Text
    """Where the interns work."""
    insurance_by: Literal["enterprise", "school"] = "enterprise"
    """Who buys accident insurance for interns."""


class Curriculum(Strict):
    """Courses and textbooks developed together."""

    courses: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)
    """Course titles developed jointly."""
    textbooks: Annotated[int, Field(ge=0, le=100)] = 0
    """Number of textbooks written jointly."""


class TrainingBase(Strict):
    """An on-campus training base or industrial college."""

    name: Text
    """Name of the base, e.g. "Intelligent Manufacturing Industrial College"."""
    location: Text
    """Where it is."""
    area_m2: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    """Floor area in square metres."""


class Payment(Strict):
    """One instalment of equipment or funding."""

    purpose: Text
    """What it is for."""
    amount: Money
    """Amount of the instalment."""
    due: Date
    """Date by which it is paid or delivered."""


class Secondment(Strict):
    """Engineers seconded to teach at the school."""

    engineers_per_year: Count
    """Number of engineers per year."""
    hours_per_year: Annotated[int, Field(ge=1, le=2000)]
    """Teaching hours each engineer gives per year."""


class UniversityEnterprise(Strict):
    """Cooperation between a school and an enterprise."""

    enterprise: PartyRole = "B"
    """The party that is the enterprise."""
    internships: Internships | None = None
    """Internships, if any."""
    curriculum: Curriculum | None = None
    """Co-developed curriculum, if any."""
    training_base: TrainingBase | None = None
    """Training base or industrial college, if any."""
    funding: list[Payment] = Field([], max_length=MAX_ITEMS)
    """Equipment or funding the enterprise provides, as a schedule."""
    secondment: Secondment | None = None
    """Engineers seconded as teachers, if any."""
    graduate_positions_per_year: Annotated[int, Field(ge=0, le=10_000)] = 0
    """Positions per year for which qualified graduates have priority (0: no commitment)."""

    @model_validator(mode="after")
    def _some_activity(self) -> UniversityEnterprise:
        return at_least_one(
            self,
            "internships",
            "curriculum",
            "training_base",
            "funding",
            "secondment",
            "graduate_positions_per_year",
        )
