"""The parties of an agreement: who they are, who represents and signs for them, how to reach them."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, model_validator

from .registration import authority_problem, credit_code_problem
from .types import (
    Address,
    Country,
    Date,
    Email,
    Line,
    Name,
    Phone,
    Role,
    Rule,
    Strict,
    Text,
)

# Age of majority by ISO 3166 country, where it is not ADULT: a trainee below it signs with a
# guardian. Thai Civil and Commercial Code s. 19 (20); Egyptian Civil Code art. 44 (21);
# Indonesian Civil Code (KUH Perdata) art. 330 (21, unless married).
ADULT = 18
AGE_OF_MAJORITY = {"TH": 20, "EG": 21, "ID": 21}
# Postcodes with a space inside, by country (the others are digits only): never broken in print
POSTCODES = {"GB": re.compile(r"(?<![A-Z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}(?![A-Z0-9])")}

PartyType = Literal["university", "vocational-college", "enterprise", "training-centre", "government-body"]


class Person(Strict):
    """A legal representative or authorised signatory."""

    name: Name
    """Full name, in every language of the agreement."""
    title: Name
    """Position, e.g. President / 校长."""


class Contact(Strict):
    """Who handles day-to-day matters for a party."""

    name: Name
    """Full name, in every language of the agreement."""
    email: Email
    """E-mail address for notices."""
    phone: Phone | None = None
    """Phone number with country code (optional)."""


class PartySigning(Strict):
    """Where and when one party signs, when the parties sign apart (each on its own day and place)."""

    place: Text
    """Place where this party signs, e.g. Bradford / 布拉德福德."""
    date: Date | None = None
    """Date this party signs (YYYY-MM-DD), when known; omitted: its block has a date line to fill in."""


def _credit_code(value: str) -> str:
    if problem := credit_code_problem(value):
        raise ValueError(problem)
    return value


class Party(Strict):
    """One signatory institution or enterprise."""

    role: Role
    """Party A (甲方), B (乙方) or C (丙方)."""
    name: Name
    """Official name in every language of the agreement."""
    type: PartyType | None = None
    """university, vocational-college, enterprise, training-centre or government-body."""
    country: Country
    """ISO 3166 country code of the party's seat (CN, LA, TH, GB ...)."""
    credit_code: Annotated[str, AfterValidator(_credit_code)] | None = None
    """Chinese parties: the 18-character unified social credit code (统一社会信用代码), checked per
    GB 32100-2015; printed in the preamble."""
    registration_number: Line | None = None
    """Parties outside China: their registration or company number, as written in their register."""
    address: Address
    """Registered address."""
    legal_representative: Person | None = None
    """The legal representative (法定代表人), when the party names one. When someone else signs,
    `representative` is its authorised representative (授权代表)."""
    representative: Person
    """The person who signs: the legal representative, or the authorised signatory."""
    seals: bool = True
    """The party seals as well as signs (盖章). false: it only signs (e.g. most UK parties): its block
    has no seal line and the agreement does not require its seal."""
    signing: PartySigning | None = None
    """This party signs apart from the others, at its own place (and date); the agreement then
    takes effect on the date of the last signature."""
    contact: Contact
    """Contact person for this agreement."""

    @model_validator(mode="after")
    def _identifier_fits_the_country(self) -> Party:
        if self.credit_code is not None and self.country != "CN":
            raise Rule(
                ("credit_code",),
                "a unified social credit code identifies a Chinese entity; "
                f"for a party in {self.country} give `registration_number`",
            )
        if self.registration_number is not None and self.country == "CN":
            raise Rule(
                ("registration_number",),
                "a Chinese entity is identified by its unified social credit code; give `credit_code`",
            )
        if self.credit_code and self.type and (problem := authority_problem(self.credit_code, self.type)):
            raise Rule(("credit_code",), problem)
        return self

    def postcodes(self, language: str) -> list[str]:
        """The postcodes in the address, where the country's have a space ("BD7 1DP")."""
        pattern = POSTCODES.get(self.country)
        return pattern.findall(self.address[language]) if pattern else []

    @property
    def signs_as(self) -> str:
        """legal-representative, authorised (someone else signs for the legal representative),
        or either (no legal representative named)."""
        if self.legal_representative is None:
            return "either"
        same = self.legal_representative.name.root == self.representative.name.root
        return "legal-representative" if same else "authorised"
