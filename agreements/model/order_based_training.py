"""The section of an order-based training agreement (订单班): cohort, teaching, costs, employment."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .types import (
    MAX_ITEMS,
    Count,
    Country,
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
    talent_specification: Text | None = None
    """The talent specification (人才规格): knowledge, skills and certificates a graduate must have."""


class Selection(Strict):
    """How trainees are selected."""

    by: Annotated[Literal["joint", "A", "B", "C"], Unit("party")] = "joint"
    """Who selects: jointly, or one party."""
    criteria: Text
    """Selection criteria (age, schooling, health, interview ...)."""
    minimum_age: Annotated[Years, Field(ge=15, le=60)] | None = None
    """Youngest age admitted. The age of majority of every party's country or more (18; Thailand
    20; Egypt and Indonesia 21) leaves out the guardians' consent for minors; state the same age in
    the criteria."""


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


RefundableCost = Literal["tuition", "travel", "insurance", "accommodation", "materials"]
ReleaseEvent = Literal[
    "health-check-failed",
    "serious-illness",
    "post-not-offered",
    "salary-below-commitment",
    "employer-insolvency",
    "force-majeure",
    "family-hardship",
]
RELEASE_EVENTS: tuple[str, ...] = ReleaseEvent.__args__  # type: ignore[attr-defined]


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


class Post(Strict):
    """A post (job) graduates are hired into."""

    name: Text
    """Name of the post, e.g. 机车乘务员 / locomotive crew member."""
    places: Count | None = None
    """How many graduates the post takes (optional)."""


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
    posts: list[Post] = []
    """The posts graduates are hired into (optional)."""


class RefundCap(Strict):
    """The most a trainee repays; with both, the lower applies."""

    amount: Money | None = None
    """Most a trainee repays, per trainee."""
    percent: Annotated[Percent, Field(gt=0)] | None = None
    """Most a trainee repays, as a share of the refund base."""

    @model_validator(mode="after")
    def _one_limit(self) -> RefundCap:
        if self.amount is None and self.percent is None:
            raise Rule((), "give `amount`, `percent` or both")
        return self


class TraineeDuties(Strict):
    """What trainees commit to, and what happens on breach."""

    refund_on_breach: Literal["none", "pro-rata", "full"] = "pro-rata"
    """What a trainee who leaves early, refuses employment or breaks the service period repays:
    none; pro-rata (the refund base in proportion to the unserved part of the service period);
    full (the whole refund base)."""
    refund_base: Annotated[list[RefundableCost], Field(min_length=1)] | None = None
    """The costs paid by the employer that a refund is computed on (tuition, travel, insurance,
    accommodation, materials); default: every cost the employer pays except the living stipend,
    which never counts (nor do wages)."""
    refund_cap: RefundCap | None = None
    """The most a trainee repays: an amount, a share of the refund base, or both."""
    release_events: list[ReleaseEvent] = list(RELEASE_EVENTS)
    """Events that release a trainee from employment, service period and refund:
    health-check-failed, serious-illness, post-not-offered, salary-below-commitment,
    employer-insolvency, force-majeure, family-hardship (default: all)."""
    governing_law: Country | None = None
    """Law governing the trainees' service period, refund and employment (ISO 3166, e.g. LA for
    a Lao employer hiring in Laos); default: the employer's country."""

    @model_validator(mode="after")
    def _refund_terms(self) -> TraineeDuties:
        if self.refund_on_breach == "none":
            for name in ("refund_cap",):
                if getattr(self, name) is not None:
                    raise Rule((name,), f"`{name}` does not apply when refund_on_breach is none")
        if self.refund_base and len(set(self.refund_base)) != len(self.refund_base):
            raise Rule(("refund_base",), "a cost is listed twice")
        if len(set(self.release_events)) != len(self.release_events):
            raise Rule(("release_events",), "an event is listed twice")
        return self


class ForeignTrainees(Strict):
    """Visa, residence and accommodation of trainees who study in another country."""

    visa_by: PartyRole
    """The party that issues the admission papers and helps trainees obtain study visas and
    residence permits."""
    visa_costs_by: Annotated[Literal["A", "B", "C", "trainee"], Unit("party")]
    """Who pays visa and residence permit fees: a party (A, B, C) or the trainee."""
    accommodation_by: PartyRole
    """The party that provides accommodation during the training."""


class OnTermination(Strict):
    """What becomes of enrolled trainees when the agreement ends early."""

    enrolled: Literal["funded-to-completion", "exit-payment"] = "funded-to-completion"
    """funded-to-completion: each party keeps paying its costs for enrolled trainees until they
    complete the training; exit-payment: the party that ends the agreement pays exit_payment per
    enrolled trainee instead."""
    exit_payment: Money | None = None
    """Per enrolled trainee, when enrolled is exit-payment."""

    @model_validator(mode="after")
    def _payment(self) -> OnTermination:
        if (self.enrolled == "exit-payment") != (self.exit_payment is not None):
            raise Rule(
                ("exit_payment",) if self.exit_payment else (),
                "give `exit_payment` exactly when enrolled is exit-payment",
            )
        return self


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
    foreign_trainees: ForeignTrainees | None = None
    """Visa, residence and accommodation, when trainees study in a country not their own."""
    on_early_termination: OnTermination = OnTermination()
    """Funding of enrolled trainees when the agreement ends early."""

    @property
    def refund_items(self) -> list[str]:
        """The costs a refund is computed on: as listed, or every refundable cost the employer pays."""
        if self.trainee_duties.refund_base:
            return list(self.trainee_duties.refund_base)
        paid = [cost.item for cost in self.costs if cost.paid_by == self.employment.employer]
        return [item for item in RefundableCost.__args__ if item in paid]  # type: ignore[attr-defined]

    @model_validator(mode="after")
    def _consistent(self) -> OrderBasedTraining:
        employer = self.employment.employer
        paid = {cost.item for cost in self.costs if cost.paid_by == employer}
        duties = self.trainee_duties
        for index, item in enumerate(duties.refund_base or []):
            if duties.refund_on_breach != "none" and item not in paid:
                raise Rule(
                    ("trainee_duties", "refund_base", index),
                    f"no `{item}` cost is paid by the employer (Party {employer}); "
                    "a refund is computed only on costs the employer pays",
                )
        if duties.refund_on_breach != "none" and not self.refund_items:
            raise Rule(
                ("trainee_duties", "refund_on_breach"),
                f"the employer (Party {employer}) pays no cost a refund could be computed on "
                "(the living stipend never counts); choose none",
            )
        if duties.refund_on_breach == "pro-rata" and not self.employment.service_years:
            raise Rule(
                ("trainee_duties", "refund_on_breach"),
                "pro-rata repayment is reckoned on the service period; set employment.service_years "
                "or choose full or none",
            )
        places = sum(post.places or 0 for post in self.employment.posts)
        if places > self.cohort.trainees:
            raise Rule(
                ("employment", "posts"),
                f"the posts take {places} graduates, more than the {self.cohort.trainees} trainees",
            )
        return self
