"""The spec format: one typed model per section, a docstring on every field.

Values arrive as the strings the clerk wrote (see loader.py); this model decides what they mean.
Rules that span several fields (every language present, the section matching the kind, end after
start) are checked here too, and reported with the path of the offending value.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, RootModel,
                      StringConstraints, ValidationInfo, field_validator, model_validator)

from .files import SAFE_ID
from .languages import SUPPORTED

LanguageTag = Literal[SUPPORTED]  # type: ignore[valid-type]
Role = Literal["A", "B", "C"]
Kind = Literal["university-university", "university-enterprise", "order-based-training"]
KIND_SECTIONS = {"university-university": "university_university",
                 "university-enterprise": "university_enterprise",
                 "order-based-training": "order_based_training"}
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                    *(f"lpt{i}" for i in range(10))}



def _not_blank(value: str) -> str:
    if value and not value.strip():
        raise ValueError("this text is only spaces; write it out")
    return value


Line = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=2000),
                 AfterValidator(_not_blank)]


class Rule(ValueError):
    """A cross-field rule broken at `path` (relative to the model that checks it)."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              str_strip_whitespace=False)


def _slug(value: str) -> str:
    if not SAFE_ID.fullmatch(value):
        raise ValueError("use lower-case letters, digits and single hyphens (e.g. 'gdfd-lhsu-2027'), "
                         "at most 64 characters, no spaces, dots or slashes")
    if "--" in value or value in WINDOWS_RESERVED:
        raise ValueError(f"'{value}' cannot be used as a file name; choose another id")
    return value


@lru_cache(maxsize=1)
def _known_codes() -> tuple[frozenset[str], frozenset[str]]:
    from babel import Locale
    from babel.numbers import list_currencies
    # CLDR also names regions that are not countries: Unknown (ZZ), EU, Eurozone, UN, pseudo-locales
    not_countries = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
    countries = frozenset(c for c in Locale("en").territories
                          if re.fullmatch(r"[A-Z]{2}", c) and c not in not_countries)
    return countries, frozenset(list_currencies())


def _country(value: str) -> str:
    if value not in _known_codes()[0]:
        raise ValueError(f"'{value}' is not an ISO 3166 country code (e.g. CN, LA, TH, GB)")
    return value


def _currency(value: str) -> str:
    if value not in _known_codes()[1]:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (e.g. CNY, LAK, USD, THB)")
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


def _phone(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 ()-]{5,24}", value):
        raise ValueError(f"'{value}' is not a phone number; use digits, spaces and an optional "
                         "leading + (e.g. +86 20 8888 0000)")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # pydantic would also read a number as a Unix timestamp (1797552000 -> 2026-12-18)
    if isinstance(value, str) and not ISO_DATE.fullmatch(value.strip()):
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD (e.g. 2027-09-01)")
    return value


def _amount(value: Any) -> Any:
    # Decimal() would also read 1e5, 1_000, +5, -0 and full-width digits; an amount in a
    # contract is written in plain figures. (Commas, negative amounts and NaN get their own
    # messages from the field constraints.)
    if isinstance(value, str):
        text = value.strip()
        special = re.fullmatch(r"[+-]?(inf(inity)?|nan)", text, re.IGNORECASE)
        if ((re.search(r"[eE_+]", text) and not special)
                or any(char.isdigit() and not char.isascii() for char in text)
                or re.fullmatch(r"-0*(\.0*)?", text)):
            raise ValueError(f"'{value}' is not an amount; write it in plain figures, e.g. "
                             "100000.00 (no sign, spaces, underscores or exponent)")
    return value


def _distinct(values: list) -> list:
    if len(set(values)) != len(values):
        raise ValueError("a language is listed twice")
    return values


def _existing_party(value: str, info: ValidationInfo) -> str:
    roles = (info.context or {}).get("roles")
    if roles and value not in roles:
        raise ValueError(f"there is no Party {value} in this agreement (parties: {', '.join(roles)})")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
PartyRole = Annotated[Role, AfterValidator(_existing_party)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Country = Annotated[str, AfterValidator(_country)]
Currency = Annotated[str, AfterValidator(_currency)]
Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]
Count = Annotated[int, Field(ge=1, le=100_000)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]


class Text(RootModel[dict[LanguageTag, Line]]):
    """Text given once per language of the agreement, e.g. `{zh-Hans: 广州, en: Guangzhou}`."""

    def __getitem__(self, language: str) -> str:
        return self.root[language]

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> "Text":
        languages = (info.context or {}).get("languages") or []
        missing = [language for language in languages if language not in self.root]
        extra = [language for language in self.root if languages and language not in languages]
        if missing:
            raise Rule((), f"missing the {' and '.join(missing)} text (this agreement is in "
                           f"{', '.join(languages)})")
        if extra:
            raise Rule((extra[0],), f"{extra[0]} is not one of this agreement's languages; "
                                    "remove it or add it to `languages`")
        return self


class Money(Strict):
    """An exact amount in one currency."""

    amount: Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, max_digits=15, decimal_places=2)]
    """The amount in figures, as written (e.g. 100000.00); never rounded."""
    currency: Currency
    """ISO 4217 code: CNY, LAK, USD, THB, GBP ..."""


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
        if isinstance(start, dt.date) and (problem := _late_signing(value, start)):
            raise Rule((), problem)
        return value


def _late_signing(signing: dt.date, start: dt.date) -> str | None:
    if (signing - start).days > 366:
        return "signing date is more than a year after the term starts"
    return None


def _missing_section(kind: str, keys) -> str | None:
    section = KIND_SECTIONS[kind]
    return None if section in keys else f"kind {kind} needs a `{section}:` section"


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
    years: Annotated[int, Field(ge=1, le=50)] | None = None
    """Duration in whole years."""
    months: Annotated[int, Field(ge=1, le=600)] | None = None
    """Duration in months, when not whole years."""
    end: Date | None = None
    """Last day of the agreement, instead of a duration."""
    renewal: Literal["none", "automatic", "by-agreement"] = "by-agreement"
    """none; automatic (for renewal_years unless a party objects); by-agreement (written consent)."""
    renewal_years: Annotated[int, Field(ge=1, le=10)] | None = None
    """Length of each automatic renewal, in years."""
    notice_months: Annotated[int, Field(ge=1, le=24)] = 3
    """Written notice a party must give to terminate early, in months."""

    @model_validator(mode="after")
    def _one_duration(self) -> "Term":
        given = [name for name in ("years", "months", "end") if getattr(self, name) is not None]
        if len(given) != 1:
            raise Rule((), "give exactly one of `years`, `months` or `end` for the term"
                           + (f" (found {', '.join(given)})" if given else ""))
        if self.end is not None and self.end <= self.start:
            raise Rule(("end",), f"the term ends ({self.end}) on or before it starts ({self.start})")
        try:
            self.last_day
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

    years_after_termination: Annotated[int, Field(ge=0, le=30)] = 3
    """How long confidentiality survives the end of the agreement."""


class IntellectualProperty(Strict):
    """Include an intellectual property article."""

    results_owned_by: Literal["joint", "A", "B", "C", "creator"] = "joint"
    """Who owns results created under the agreement: jointly, one party, or the creating party."""
    licence_for_teaching: bool = True
    """Each party may use the results free of charge for teaching and research."""


class PersonalData(Strict):
    """Include a personal data protection article."""

    cross_border_transfer: bool = True
    """Personal data (of students, staff, trainees) will be transferred between countries."""


class Disputes(Strict):
    """How disputes are settled: negotiation first, then arbitration or a court."""

    negotiation_days: Annotated[int, Field(ge=1, le=365)] = 30
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
    def _method_details(self) -> "Disputes":
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


def _at_least_one(section, *activities: str):
    """A cooperation section must name at least one of its activities."""
    if not any(getattr(section, name) for name in activities):
        raise Rule((), f"name at least one activity: {', '.join(activities[:-1])} or {activities[-1]}")
    return section


# --- university-university -------------------------------------------------------------------


class StudentExchange(Strict):
    """One direction of student exchange."""

    sender: PartyRole
    """The party that sends the students."""
    host: PartyRole
    """The party that receives them."""
    students_per_year: Count
    """Quota of students per academic year."""
    months: Annotated[int, Field(ge=1, le=24)]
    """Length of each stay, in months."""
    field: Text
    """Programme or field of study."""

    @model_validator(mode="after")
    def _two_parties(self) -> "StudentExchange":
        if self.sender == self.host:
            raise Rule(("host",), "sender and host are the same party")
        return self


class StaffExchange(Strict):
    """Teachers and staff visiting the other party."""

    people_per_year: Count
    """Number of teachers or staff each party may send per year."""
    weeks: Annotated[int, Field(ge=1, le=104)]
    """Length of each visit, in weeks."""
    purpose: Text
    """What they do, e.g. teaching, curriculum development, training."""


class JointProgramme(Strict):
    """An articulation programme with credit recognition (e.g. 2+1)."""

    name: Text
    """Programme name."""
    model: Annotated[str, StringConstraints(pattern=r"^[1-4]\+[1-4]$")]
    """Years at Party A + years at Party B, e.g. "2+1" (quote it)."""
    credits_recognised: Count
    """Credits Party A recognises from study at Party B."""
    award: Text
    """Diploma or degree awarded on completion."""


class Tuition(Strict):
    """Who pays tuition for exchange students."""

    arrangement: Literal["waiver", "reciprocal", "fee"]
    """waiver (host waives), reciprocal (each student pays the home party), fee (host charges)."""
    fee: Money | None = None
    """Tuition per student per academic year, when arrangement is fee."""

    @model_validator(mode="after")
    def _fee(self) -> "Tuition":
        if (self.arrangement == "fee") != (self.fee is not None):
            raise Rule(("fee",) if self.fee else (),
                       "give `fee` exactly when arrangement is fee")
        return self


class Insurance(Strict):
    """Health and accident insurance."""

    arranged_by: Literal["sender", "host", "participant"]
    """Who arranges and pays the insurance."""
    minimum_cover: Money
    """Minimum medical cover per person."""


class UniversityUniversity(Strict):
    """Cooperation between two (or three) universities or colleges."""

    student_exchange: list[StudentExchange] = []
    """Exchange streams, one per direction."""
    staff_exchange: StaffExchange | None = None
    """Teacher and staff exchange."""
    joint_programmes: list[JointProgramme] = []
    """Joint or articulation programmes."""
    joint_research: Text | None = None
    """Fields of joint research, if any."""
    language_training: Text | None = None
    """Language and culture training offered, if any."""
    tuition: Tuition
    """Tuition arrangement for exchange students."""
    insurance: Insurance
    """Insurance for everyone exchanged."""
    accommodation_by: Literal["host", "participant"] = "host"
    """Who arranges accommodation for visitors."""
    visa_support: bool = True
    """The host issues invitation letters and supports visa applications."""

    @model_validator(mode="after")
    def _some_activity(self) -> "UniversityUniversity":
        return _at_least_one(self, "student_exchange", "staff_exchange", "joint_programmes",
                             "joint_research", "language_training")


# --- university-enterprise -------------------------------------------------------------------


class Internships(Strict):
    """Internship places the enterprise offers to students."""

    places_per_year: Count
    """Number of internship places per year."""
    months: Annotated[int, Field(ge=1, le=24)]
    """Length of each internship, in months."""
    monthly_stipend: Money
    """Stipend each intern receives per month."""
    location: Text
    """Where the interns work."""
    insurance_by: Literal["enterprise", "school"] = "enterprise"
    """Who buys accident insurance for interns."""


class Curriculum(Strict):
    """Courses and textbooks developed together."""

    courses: list[Text] = Field(min_length=1)
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
    funding: list[Payment] = []
    """Equipment or funding the enterprise provides, as a schedule."""
    secondment: Secondment | None = None
    """Engineers seconded as teachers, if any."""
    graduate_positions_per_year: Annotated[int, Field(ge=0, le=10_000)] = 0
    """Positions per year for which qualified graduates have priority (0: no commitment)."""

    @model_validator(mode="after")
    def _some_activity(self) -> "UniversityEnterprise":
        return _at_least_one(self, "internships", "curriculum", "training_base", "funding",
                             "secondment", "graduate_positions_per_year")


# --- order-based training --------------------------------------------------------------------


class Cohort(Strict):
    """The class the enterprise orders."""

    programme: Text
    """Programme (major) of study."""
    trainees: Count
    """Number of trainees admitted."""
    intake: Date
    """First day of training."""
    months: Annotated[int, Field(ge=1, le=72)]
    """Length of training, in months."""
    place: Text
    """Where the training takes place."""
    instruction_languages: list[LanguageTag] = Field(min_length=1, max_length=3)
    """Languages of instruction."""


class Selection(Strict):
    """How trainees are selected."""

    by: Literal["joint", "A", "B", "C"] = "joint"
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
    def _hundred(self) -> "TeachingSplit":
        if self.school_percent + self.enterprise_percent != 100:
            raise Rule(("enterprise_percent",),
                       f"shares add up to {self.school_percent + self.enterprise_percent}%, not 100%")
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
    service_years: Annotated[int, Field(ge=0, le=10)]
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
    costs: list[Cost] = Field(min_length=1)
    """Who pays what."""
    employment: Employment
    """The employment commitment."""
    trainee_duties: TraineeDuties = TraineeDuties()
    """Trainee obligations and breach."""


# --- the agreement ---------------------------------------------------------------------------


class Spec(Strict):
    """One cooperation agreement."""

    id: Slug
    """Safe, unique name used for output files, e.g. gdfd-lhsu-pharmacy-2027."""
    kind: Kind
    """university-university, university-enterprise or order-based-training."""
    revision: Annotated[int, Field(ge=1, le=9999)]
    """Revision number; raise it for every version sent to a partner."""
    status: Literal["draft", "final"]
    """draft (watermarked) or final."""
    languages: Annotated[list[LanguageTag], Field(min_length=1, max_length=3), AfterValidator(_distinct)]
    """Languages of the agreement, in column order (zh-Hans, en, lo)."""
    layout: Literal["side-by-side", "sequential", "interleaved"] = "side-by-side"
    """side-by-side columns, each language in turn, or each article in every language."""
    prevailing_language: Literal[SUPPORTED + ("equally-authentic",)] = "equally-authentic"  # type: ignore[valid-type]
    """The language that prevails on a difference of interpretation, or equally-authentic."""
    title: Text
    """Title of the agreement."""
    purpose: Text
    """One sentence on what the cooperation is for."""
    signing: Signing
    """Date and place of signing."""
    originals: Originals
    """Signed originals and who keeps them."""
    parties: list[Party] = Field(min_length=2, max_length=3)
    """The parties, Party A first."""
    term: Term
    """Duration, renewal and termination."""
    clauses: Clauses
    """Optional clauses, disputes and governing law."""
    university_university: UniversityUniversity | None = None
    """Terms for kind university-university."""
    university_enterprise: UniversityEnterprise | None = None
    """Terms for kind university-enterprise."""
    order_based_training: OrderBasedTraining | None = None
    """Terms for kind order-based-training."""

    @field_validator("kind")
    @classmethod
    def _has_its_section(cls, value: str, info: ValidationInfo) -> str:
        keys = (info.context or {}).get("keys")
        if keys is not None and (problem := _missing_section(value, keys)):
            raise Rule((), problem)
        return value

    @field_validator("prevailing_language")
    @classmethod
    def _prevailing_is_a_language(cls, value: str, info: ValidationInfo) -> str:
        languages = (info.context or {}).get("languages") or []
        if languages and value not in ("equally-authentic", *languages):
            raise Rule((), f"'{value}' is not one of this agreement's languages "
                           f"({', '.join(languages)}), nor equally-authentic")
        return value

    @field_validator("parties")
    @classmethod
    def _roles_in_order(cls, parties: list[Party]) -> list[Party]:
        roles = [p.role for p in parties]
        expected = ["A", "B", "C"][: len(roles)]
        if roles != expected:
            raise Rule((), f"parties must be listed as {', '.join(expected)} in order "
                           f"(found {', '.join(roles)})")
        return parties

    @field_validator(*KIND_SECTIONS.values(), mode="before")
    @classmethod
    def _matches_kind(cls, value: Any, info: ValidationInfo) -> Any:
        kind = (info.context or {}).get("kind")
        if value is not None and kind in KIND_SECTIONS and KIND_SECTIONS[kind] != info.field_name:
            raise Rule((), f"`{info.field_name}` does not apply to kind {kind}; "
                           f"did you mean `{KIND_SECTIONS[kind]}`?")
        return value

    @property
    def cooperation(self) -> Any:
        return getattr(self, KIND_SECTIONS[self.kind])

    def party(self, role: str) -> Party:
        return next(p for p in self.parties if p.role == role)

    @model_validator(mode="after")
    def _consistent(self) -> "Spec":
        problems = list(self._rules())
        if problems:
            raise RuleGroup(problems)
        return self

    def _rules(self):
        """The same rules when validated without a context (the field validators need one)."""
        present = {name for name in KIND_SECTIONS.values() if getattr(self, name) is not None}
        if problem := _missing_section(self.kind, present):
            yield Rule(("kind",), problem)
        if problem := _late_signing(self.signing.date, self.term.start):
            yield Rule(("signing", "date"), problem)


class RuleGroup(ValueError):
    """Several broken cross-field rules, reported together."""

    def __init__(self, rules: list[Rule]):
        super().__init__("; ".join(str(r) for r in rules))
        self.rules = rules


def _walk(node: Any, path: tuple):
    """Yield (path, value) for every value below a model, in source order."""
    if isinstance(node, BaseModel) and not isinstance(node, Text):
        for name in type(node).model_fields:
            value = getattr(node, name)
            yield path + (name,), value
            yield from _walk(value, path + (name,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield path + (index,), item
            yield from _walk(item, path + (index,))
