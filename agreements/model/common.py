"""The parts every agreement has, whatever its kind: parties, signing, originals, term, clauses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .types import (
    Count,
    Country,
    Date,
    Days,
    Email,
    Flag,
    Months,
    PartyRole,
    Phone,
    Role,
    Rule,
    Strict,
    Text,
    Unit,
    Years,
)


class Person(Strict):
    """A legal representative or authorised signatory."""

    name: Text
    """Full name, in every language of the agreement."""
    title: Text
    """Position, e.g. President / 校长."""


class Contact(Strict):
    """Who handles day-to-day matters for a party."""

    name: Text
    """Full name, in every language of the agreement."""
    email: Email
    """E-mail address for notices."""
    phone: Phone | None = None
    """Phone number with country code (optional)."""


class Party(Strict):
    """One signatory institution or enterprise."""

    role: Role
    """Party A (甲方), B (乙方) or C (丙方)."""
    name: Text
    """Official name in every language of the agreement."""
    country: Country
    """ISO 3166 country code of the party's seat (CN, LA, TH, GB ...)."""
    address: Text
    """Registered address."""
    representative: Person
    """Legal representative or authorised signatory."""
    contact: Contact
    """Contact person for this agreement."""


class Signing(Strict):
    """When and where the agreement is signed."""

    date: Date
    """Date of signing (YYYY-MM-DD)."""
    place: Text
    """Place of signing, e.g. Guangzhou / 广州."""

    @field_validator("date")
    @classmethod
    def _not_long_after_the_start(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        # checked here, with the term's start from the context, so that it is reported in the
        # same run as mistakes elsewhere in the spec (a Spec-level rule waits for all of them)
        start = (info.context or {}).get("term_start")
        if isinstance(start, dt.date) and (problem := late_signing(value, start)):
            raise Rule((), problem)
        return value


def late_signing(signing: dt.date, start: dt.date) -> str | None:
    if (signing - start).days > 366:
        return "signing date is more than a year after the term starts"
    return None


class Originals(Strict):
    """The signed originals (counterparts) and who keeps them."""

    held_by: dict[PartyRole, Count]
    """How many originals each party keeps, e.g. `{A: 2, B: 2}`."""

    @property
    def count(self) -> int:
        return sum(self.held_by.values())


class Term(Strict):
    """How long the agreement runs and how it ends. Give exactly one of years, months or end."""

    start: Date
    """Date the agreement takes effect (YYYY-MM-DD)."""
    years: Annotated[Years, Field(ge=1, le=50)] | None = None
    """Duration in whole years."""
    months: Annotated[Months, Field(ge=1, le=600)] | None = None
    """Duration in months, when not whole years."""
    end: Date | None = None
    """Last day of the agreement, instead of a duration."""
    renewal: Literal["none", "automatic", "by-agreement"] = "by-agreement"
    """none; automatic (for renewal_years unless a party objects); by-agreement (written consent)."""
    renewal_years: Annotated[Years, Field(ge=1, le=10)] | None = None
    """Length of each automatic renewal, in years."""
    notice_months: Annotated[Months, Field(ge=1, le=24)] = 3
    """Written notice a party must give to terminate early, in months."""

    @model_validator(mode="after")
    def _one_duration(self) -> Term:
        given = [name for name in ("years", "months", "end") if getattr(self, name) is not None]
        if len(given) != 1:
            raise Rule(
                (),
                "give exactly one of `years`, `months` or `end` for the term"
                + (f" (found {', '.join(given)})" if given else ""),
            )
        if self.end is not None and self.end <= self.start:
            raise Rule(("end",), f"the term ends ({self.end}) on or before it starts ({self.start})")
        try:
            self.last_day  # noqa: B018  (computing it is the check)
        except (ValueError, OverflowError):
            raise Rule(("start",), "the term would end after the year 9999; check the dates") from None
        if self.renewal == "automatic" and self.renewal_years is None:
            raise Rule(("renewal",), "automatic renewal needs `renewal_years`")
        return self

    @property
    def last_day(self) -> dt.date:
        if self.end:
            return self.end
        months = self.months or (self.years or 0) * 12
        year, month = divmod(self.start.month - 1 + months, 12)
        try:
            day = self.start.replace(year=self.start.year + year, month=month + 1)
        except ValueError:  # 29 Feb, 31st: fall back to the last day of the month
            day = dt.date(self.start.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        return day - dt.timedelta(days=1)


class Confidentiality(Strict):
    """Include a confidentiality article."""

    years_after_termination: Annotated[Years, Field(ge=0, le=30)] = 3
    """How long confidentiality survives the end of the agreement."""


class IntellectualProperty(Strict):
    """Include an intellectual property article."""

    results_owned_by: Annotated[Literal["joint", "A", "B", "C", "creator"], Unit("party")] = "joint"
    """Who owns results created under the agreement: jointly, one party, or the creating party."""
    licence_for_teaching: Flag = True
    """Each party may use the results free of charge for teaching and research."""


class PersonalData(Strict):
    """Include a personal data protection article."""

    cross_border_transfer: Flag = True
    """Personal data (of students, staff, trainees) will be transferred between countries."""


class Disputes(Strict):
    """How disputes are settled: negotiation first, then arbitration or a court."""

    negotiation_days: Annotated[Days, Field(ge=1, le=365)] = 30
    """Days of friendly negotiation before either party may go further."""
    method: Literal["arbitration", "court"]
    """arbitration (give institution and seat) or court (give court)."""
    institution: Text | None = None
    """Arbitration institution, e.g. China International Economic and Trade Arbitration Commission."""
    seat: Text | None = None
    """Seat of arbitration, e.g. Beijing / 北京."""
    court: Text | None = None
    """The court with jurisdiction, when method is court."""

    @model_validator(mode="after")
    def _method_details(self) -> Disputes:
        needed = ("institution", "seat") if self.method == "arbitration" else ("court",)
        unwanted = ("court",) if self.method == "arbitration" else ("institution", "seat")
        for name in needed:
            if getattr(self, name) is None:
                raise Rule((), f"{self.method} needs `{name}`")
        for name in unwanted:
            if getattr(self, name) is not None:
                raise Rule((name,), f"`{name}` does not apply to {self.method}; remove it")
        return self


class Clauses(Strict):
    """Optional articles and the dispute and law articles every agreement has."""

    confidentiality: Confidentiality | None = None
    """Present: include a confidentiality article."""
    intellectual_property: IntellectualProperty | None = None
    """Present: include an intellectual property article."""
    personal_data: PersonalData | None = None
    """Present: include a personal data protection article."""
    disputes: Disputes
    """Dispute resolution."""
    governing_law: Country
    """Country whose law governs the agreement (ISO 3166 code, e.g. CN)."""


def at_least_one(section, *activities: str):
    """A cooperation section must name at least one of its activities."""
    if not any(getattr(section, name) for name in activities):
        raise Rule((), f"name at least one activity: {', '.join(activities[:-1])} or {activities[-1]}")
    return section
