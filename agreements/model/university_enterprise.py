"""The section of a university-enterprise agreement: internships, curriculum, funding, secondment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import at_least_one
from .types import MAX_ITEMS, Count, Country, Currency, Date, Hours, Money, Months, PartyRole, Strict, Text


class InternshipsAbroad(Strict):
    """What an internship outside the school's country needs."""

    country: Country
    """ISO 3166 code of the country where the interns work, e.g. TH."""
    visa_by: PartyRole
    """The party that arranges, and pays for, the interns' visas and work or internship permits."""
    accompanying_teachers: Annotated[int, Field(ge=1, le=100)] = 1
    """Teachers the school sends with the interns for the whole internship abroad."""
    stipend_currency: Currency | None = None
    """Currency the stipend is paid in abroad (ISO 4217, e.g. THB), converted from
    monthly_stipend on the day of payment; leave out to pay in the stipend's own currency."""


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
    posts: list[Text] = []
    """The posts interns may hold, e.g. cell assembly operator (optional)."""
    hazardous_posts: bool = False
    """Some of these posts involve hazardous work: allowed only where the law permits, with
    special training and protective equipment, and never for interns under 18."""
    max_hours_per_day: Annotated[int, Field(ge=1, le=8)] = 8
    """Most hours an intern works a day."""
    max_hours_per_week: Annotated[int, Field(ge=1, le=44)] = 40
    """Most hours an intern works a week."""
    abroad: InternshipsAbroad | None = None
    """Present when (some of) the internships are outside the school's country."""


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
    hours_per_year: Annotated[Hours, Field(ge=1, le=2000)]
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
