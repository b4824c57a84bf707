"""The parts every agreement has, whatever its kind: signing, originals, term, clauses (the
parties are in parties.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from .standard_articles import LiabilityCap, SafetyAndInsurance
from .types import (
    Count,
    Country,
    Date,
    Days,
    Flag,
    LanguageTag,
    Months,
    PartyRole,
    Rule,
    Strict,
    Text,
    Unit,
    Years,
    known_language,
    language_schema,
)


class Signing(Strict):
    """When and where the agreement is signed."""

    date: Date
    """Date of signing (YYYY-MM-DD)."""
    place: Text
    """Place of signing, e.g. Guangzhou / 广州. When a party signs apart (its own `signing:`), this
    is where and when the other parties sign."""
    electronic: bool = False
    """The parties may sign with reliable electronic signatures; signed copies exchanged
    electronically count as originals."""

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
    """Written notice a party must give to end the agreement early without cause (termination for
    convenience), in months; also the renewal notice unless `renewal_notice_months` is given."""
    renewal_notice_months: Annotated[Months, Field(ge=1, le=24)] | None = None
    """Written notice before expiry to refuse an automatic renewal or to ask for one, in months
    (default: notice_months)."""
    termination_for_convenience: bool = True
    """true: any party may end the agreement early without cause on notice_months' written notice;
    false: only by agreement, for breach or for force majeure."""

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
        if self.renewal == "none" and self.renewal_notice_months is not None:
            raise Rule(
                ("renewal_notice_months",), "there is no renewal notice when `renewal: none`; remove it"
            )
        if (
            not self.termination_for_convenience
            and "notice_months" in self.model_fields_set
            and (self.renewal == "none" or self.renewal_notice_months is not None)
        ):
            raise Rule(
                ("notice_months",),
                "`notice_months` is the notice for termination for convenience, which this term "
                "excludes; remove it",
            )
        return self

    @property
    def renewal_notice(self) -> int:
        """Months of notice before expiry for renewal (its own option, else notice_months)."""
        return self.renewal_notice_months or self.notice_months

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
    joint_results_use: Literal["each-may-exploit", "consent"] = "each-may-exploit"
    """Jointly owned results: each co-owner may exploit them and grant non-exclusive licences
    (fees shared), assignment and exclusive licences need everyone's consent; or every use needs
    the consent of all co-owners."""


PersonalDataCategory = Literal[
    "identity", "contact", "academic", "passport-visa", "health", "bank-account", "employment", "photo"
]


class PersonalData(Strict):
    """Include a personal data protection article."""

    cross_border_transfer: Flag | None = None
    """Personal data will be transferred between countries. Leave it out to derive it from the
    parties' countries (a transfer when they are not all in one country)."""
    categories: list[PersonalDataCategory] = Field(default=["identity", "contact", "academic"], min_length=1)
    """The personal data the parties transfer to each other: identity, contact, academic (records
    and grades), passport-visa, health (sensitive), bank-account (sensitive), employment, photo."""

    @field_validator("categories")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise Rule((), "a category of personal data is listed twice")
        return value


class Disputes(Strict):
    """How disputes are settled: negotiation first, then arbitration or a court."""

    negotiation_days: Annotated[Days, Field(ge=1, le=365)] = 30
    """Days of friendly negotiation before either party may go further."""
    method: Literal["arbitration", "court"]
    """arbitration (give institution and seat) or court (give court)."""
    institution: Text | None = None
    """Arbitration institution as it reads in a sentence, e.g. `the China International Economic
    and Trade Arbitration Commission` (English: with "the")."""
    seat: Text | None = None
    """Seat of arbitration, e.g. Beijing / 北京."""
    court: Text | None = None
    """The court with jurisdiction, when method is court, as it reads in a sentence, e.g.
    `the courts of England and Wales` (English: with "the")."""
    arbitration_language: LanguageTag | None = None
    """Language of the arbitral proceedings (zh-Hans, en, lo), when method is arbitration.
    CIETAC, SCIA, HKIAC and SIAC ask for one; without it, CIETAC and SCIA default to Chinese."""

    @model_validator(mode="after")
    def _method_details(self) -> Disputes:
        needed = ("institution", "seat") if self.method == "arbitration" else ("court",)
        unwanted = (
            ("court",) if self.method == "arbitration" else ("institution", "seat", "arbitration_language")
        )
        for name in needed:
            if getattr(self, name) is None:
                raise Rule((), f"{self.method} needs `{name}`")
        for name in unwanted:
            if getattr(self, name) is not None:
                raise Rule((name,), f"`{name}` does not apply to {self.method}; remove it")
        return self


DISCREPANCY_RULES = ("consultation", "purpose")


def _discrepancy_rule(value: str) -> str:
    try:
        return known_language(value, *DISCREPANCY_RULES)
    except ValueError as exc:
        raise ValueError(f"use 'consultation' or 'purpose', or a language of this agreement: {exc}") from None


Discrepancy = Annotated[
    str,
    AfterValidator(_discrepancy_rule),
    language_schema(*DISCREPANCY_RULES),
    Unit("language"),
]


def discrepancy_problem(value: str, languages: list, prevailing: object) -> str | None:
    """Why a language_discrepancy choice does not fit the agreement's languages, or None."""
    if value in DISCREPANCY_RULES:
        return None
    if languages and value not in languages:
        return f"'{value}' is not one of this agreement's languages ({', '.join(languages)})"
    if prevailing not in (None, "equally-authentic"):
        return (
            f"the {prevailing} text already prevails (prevailing_language); a language for "
            "interpretation applies only when the texts are equally authentic"
        )
    return None


class ForceMajeure(Strict):
    """The periods of the force majeure article."""

    notice_days: Annotated[Days, Field(ge=1, le=90)] = 15
    """Days within which the affected party must notify the others in writing."""
    termination_months: Annotated[Months, Field(ge=1, le=24)] = 6
    """Months force majeure must last before a party may terminate the agreement."""


class Clauses(Strict):
    """Optional articles and the dispute and law articles every agreement has."""

    confidentiality: Confidentiality | None = None
    """Present: include a confidentiality article."""
    intellectual_property: IntellectualProperty | None = None
    """Present: include an intellectual property article."""
    personal_data: PersonalData | None = None
    """Present: include a personal data protection article."""
    disputes: Disputes | None = None
    """Dispute resolution (an agreement needs it; a memorandum or supplementary agreement has none)."""
    force_majeure: ForceMajeure = ForceMajeure()
    """Notice and termination periods of the force majeure article (defaults: 15 days, 6 months)."""
    language_discrepancy: Discrepancy = "consultation"
    """When the texts are equally authentic and differ: consultation (the parties interpret them
    together in the light of the purpose), purpose (the meaning that best reconciles the texts
    with the purpose prevails), or a language whose text is used to interpret the others
    (zh-Hans, en, lo)."""
    governing_law: Country
    """Country whose law governs the agreement (ISO 3166 code, e.g. CN)."""
    names_and_logos: bool = True
    """Include the article on the use of the parties' names and logos (false: leave it out)."""
    anti_bribery: bool = True
    """Include the anti-bribery and anti-corruption article (false: leave it out)."""
    sanctions_and_export_control: bool = True
    """Include the sanctions and export control article (false: leave it out)."""
    liability_cap: LiabilityCap | None = None
    """Present: an article limiting each party's liability."""
    safety_and_insurance: SafetyAndInsurance | None = None
    """Present: an article on the safety of students, interns and trainees, injuries,
    indemnity and liability insurance."""

    @field_validator("language_discrepancy")
    @classmethod
    def _discrepancy_fits(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        if problem := discrepancy_problem(value, context.get("languages") or [], context.get("prevailing")):
            raise Rule((), problem)
        return value


def at_least_one(section, *activities: str):
    """A cooperation section must name at least one of its activities."""
    if not any(getattr(section, name) for name in activities):
        raise Rule((), f"name at least one activity: {', '.join(activities[:-1])} or {activities[-1]}")
    return section
