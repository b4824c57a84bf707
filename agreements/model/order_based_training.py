"""The section of an order-based training agreement (订单班): cohort, teaching, costs, employment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .types import (
    MAX_ITEMS,
    Count,
    Date,
    LanguageTag,
    Money,
    Months,
    PartyRole,
    Percent,
    Rule,
    Strict,
    Text,
    Unit,
    Years,
)


class Cohort(Strict):
    """The class the enterprise orders."""

    programme: Text
    """Programme (major) of study."""
    trainees: Count
    """Number of trainees admitted."""
    intake: Date
    """First day of training."""
    months: Annotated[Months, Field(ge=1, le=72)]
    """Length of training, in months."""
    place: Text
    """Where the training takes place."""
    instruction_languages: list[LanguageTag] = Field(min_length=1, max_length=3)
    """Languages of instruction."""


class Selection(Strict):
    """How trainees are selected."""

    by: Annotated[Literal["joint", "A", "B", "C"], Unit("party")] = "joint"
    """Who selects: jointly, or one party."""
    criteria: Text
    """Selection criteria (age, schooling, health, interview ...)."""


class TeachingSplit(Strict):
    """Who teaches what."""

    school_percent: Percent
    """Share of teaching hours given by the school."""
    enterprise_percent: Percent
    """Share given by the enterprise (on-the-job training, engineers)."""
    enterprise_teaches: Text
    """What the enterprise teaches."""

    @model_validator(mode="after")
    def _hundred(self) -> TeachingSplit:
        if self.school_percent + self.enterprise_percent != 100:
            raise Rule(
                ("enterprise_percent",),
                f"shares add up to {self.school_percent + self.enterprise_percent}%, not 100%",
            )
        return self


class Cost(Strict):
    """One cost of training and who pays it."""

    item: Literal["tuition", "living-stipend", "travel", "insurance", "accommodation", "materials"]
    """What the cost is."""
    paid_by: PartyRole
    """The party that pays."""
    amount: Money
    """Amount per unit."""
    per: Literal["trainee-year", "trainee-month", "trainee", "total"]
    """Unit of the amount."""


class Employment(Strict):
    """The enterprise's commitment to hire graduates."""

    employer: PartyRole = "B"
    """The party that hires."""
    hired_percent: Percent
    """Share of qualified graduates the enterprise hires."""
    minimum_monthly_salary: Money
    """Lowest monthly salary offered."""
    service_years: Annotated[Years, Field(ge=0, le=10)]
    """Years a hired graduate commits to serve (0: no commitment)."""


class TraineeDuties(Strict):
    """What trainees commit to, and what happens on breach."""

    refund_on_breach: Literal["none", "pro-rata", "full"] = "pro-rata"
    """What a trainee who leaves early or refuses employment repays of costs paid for them."""


class OrderBasedTraining(Strict):
    """An enterprise orders a cohort (订单班) that the school admits, trains and the enterprise hires."""

    cohort: Cohort
    """The ordered class."""
    selection: Selection
    """How trainees are selected."""
    teaching: TeachingSplit
    """Who teaches what."""
    costs: list[Cost] = Field(min_length=1, max_length=MAX_ITEMS)
    """Who pays what."""
    employment: Employment
    """The employment commitment."""
    trainee_duties: TraineeDuties = TraineeDuties()
    """Trainee obligations and breach."""
