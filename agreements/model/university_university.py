"""The section of a university-university agreement: exchanges, joint programmes, research."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .common import at_least_one
from .types import Count, Flag, Money, Months, PartyRole, Rule, Strict, Text, Weeks


class StudentExchange(Strict):
    """One direction of student exchange."""

    sender: PartyRole
    """The party that sends the students."""
    host: PartyRole
    """The party that receives them."""
    students_per_year: Count
    """Quota of students per academic year."""
    months: Annotated[Months, Field(ge=1, le=24)]
    """Length of each stay, in months."""
    field: Text
    """Programme or field of study."""

    @model_validator(mode="after")
    def _two_parties(self) -> StudentExchange:
        if self.sender == self.host:
            raise Rule(("host",), "sender and host are the same party")
        return self


class StaffExchange(Strict):
    """Teachers and staff visiting the other party."""

    people_per_year: Count
    """Number of teachers or staff each party may send per year."""
    weeks: Annotated[Weeks, Field(ge=1, le=104)]
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
    def _fee(self) -> Tuition:
        if (self.arrangement == "fee") != (self.fee is not None):
            raise Rule(("fee",) if self.fee else (), "give `fee` exactly when arrangement is fee")
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
    visa_support: Flag = True
    """The host issues invitation letters and supports visa applications."""

    @model_validator(mode="after")
    def _some_activity(self) -> UniversityUniversity:
        return at_least_one(
            self,
            "student_exchange",
            "staff_exchange",
            "joint_programmes",
            "joint_research",
            "language_training",
        )
