"""The section of a university-university agreement: exchanges, joint programmes, research."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .common import at_least_one
from .types import MAX_ITEMS, Count, Flag, Money, Months, PartyRole, Rule, Strict, Text, Weeks


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
    enrolment: Literal["non-degree", "programme"] = "non-degree"
    """non-degree: exchange students registered at the host for a period of study; programme:
    students of a joint programme, registered at the host for its degree."""
    tuition: Tuition | None = None
    """This stream's own tuition arrangement; without it, the agreement's `tuition` applies."""

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


class Award(Strict):
    """A qualification one party awards."""

    by: PartyRole
    """The party that awards it."""
    award: Text
    """The diploma or degree, e.g. BEng (Hons) Mechatronic Engineering."""


class Progression(Strict):
    """What a student must achieve at Party A to continue at Party B."""

    minimum_average: Annotated[Decimal, Field(ge=0, le=100, decimal_places=1)] | None = None
    """Lowest grade average over the courses taken at Party A, on a 100-point scale (e.g. 70)."""
    language_requirement: Text | None = None
    """Language score required, e.g. IELTS 6.0 overall with no band below 5.5."""
    other: Text | None = None
    """Any other condition (interview, portfolio, no failed course ...)."""

    @model_validator(mode="after")
    def _something(self) -> Progression:
        if not (self.minimum_average is not None or self.language_requirement or self.other):
            raise Rule((), "give at least one of minimum_average, language_requirement or other")
        return self


class JointProgramme(Strict):
    """An articulation programme with credit recognition (e.g. 2+1)."""

    name: Text
    """Programme name."""
    model: Annotated[str, StringConstraints(pattern=r"^[1-4]\+[1-4]$")]
    """Years at Party A + years at Party B, e.g. "2+1" (quote it)."""
    credits_recognised: Count
    """Credits recognised from study at the other party."""
    credits_recognised_by: PartyRole = "A"
    """The party that recognises them: A (credits earned at Party B count towards Party A's
    diploma) or B (in a top-up, Party B accepts the years at Party A towards its degree)."""
    award: Text | None = None
    """What is awarded on completion, as one text; or give `awards`, per party."""
    awards: list[Award] = []
    """Which party awards which qualification on completion (instead of `award`)."""
    progression: Progression | None = None
    """What a student must achieve at Party A to continue at Party B."""

    @model_validator(mode="after")
    def _one_award(self) -> JointProgramme:
        if (self.award is None) == (not self.awards):
            raise Rule(("awards",) if self.awards else (), "give either `award` or `awards`, not both")
        return self


class TaughtCourse(Strict):
    """A course one party (e.g. a language school as Party C) teaches for another party's students."""

    provider: PartyRole
    """The party that teaches the course."""
    students_of: PartyRole
    """The party whose students take it."""
    course: Text
    """The course, e.g. IELTS preparation course / 雅思备考课程."""
    target: Text
    """The standard the teaching aims at, e.g. IELTS 6.0 overall, no band below 5.5."""
    hours: Annotated[int, Field(ge=1, le=5000)]
    """Teaching hours of the course, at least."""
    place: Text
    """Where it is taught."""

    @model_validator(mode="after")
    def _two_parties(self) -> TaughtCourse:
        if self.provider == self.students_of:
            raise Rule(("students_of",), "provider and students_of are the same party")
        return self


class Insurance(Strict):
    """Health and accident insurance."""

    arranged_by: Literal["sender", "host", "participant"]
    """Who arranges and pays the insurance."""
    minimum_cover: Money
    """Minimum medical cover per person."""


class UniversityUniversity(Strict):
    """Cooperation between two (or three) universities or colleges."""

    student_exchange: list[StudentExchange] = Field([], max_length=MAX_ITEMS)
    """Exchange streams, one per direction."""
    staff_exchange: StaffExchange | None = None
    """Teacher and staff exchange."""
    joint_programmes: list[JointProgramme] = Field([], max_length=MAX_ITEMS)
    """Joint or articulation programmes."""
    joint_research: Text | None = None
    """Fields of joint research, if any."""
    language_training: Text | None = None
    """Language and culture training offered, if any."""
    taught_courses: list[TaughtCourse] = []
    """Courses one party teaches for another party's students, with the duties of a course provider."""
    tuition: Tuition
    """Tuition arrangement for exchange students (streams may give their own)."""
    insurance: Insurance
    """Insurance for everyone exchanged."""
    accommodation_by: Literal["host", "participant"] = "host"
    """Who arranges accommodation for visitors."""
    visa_support: Flag = True
    """The host issues invitation letters and supports visa applications."""

    @model_validator(mode="after")
    def _some_activity(self) -> UniversityUniversity:
        for index, stream in enumerate(self.student_exchange):
            if stream.enrolment == "programme" and not self.joint_programmes:
                raise Rule(
                    ("student_exchange", index, "enrolment"),
                    "programme students need a joint programme (`joint_programmes`)",
                )
        return at_least_one(
            self,
            "student_exchange",
            "staff_exchange",
            "joint_programmes",
            "joint_research",
            "language_training",
            "taught_courses",
        )
