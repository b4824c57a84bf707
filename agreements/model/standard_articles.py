"""Options of the standard articles every kind may carry: liability cap, safety and insurance."""

from __future__ import annotations

from pydantic import model_validator

from .types import Money, PartyRole, Rule, Strict


class LiabilityCap(Strict):
    """Limits each party's liability; never for personal injury, wilful misconduct or gross negligence."""

    amount: Money | None = None
    """Cap on each party's total liability under the agreement (optional)."""
    direct_loss_only: bool = True
    """No party is liable for indirect or consequential loss or loss of profit."""

    @model_validator(mode="after")
    def _something_limited(self) -> LiabilityCap:
        if self.amount is None and not self.direct_loss_only:
            raise Rule((), "a liability cap needs `amount` or `direct_loss_only: true`")
        return self


class SafetyAndInsurance(Strict):
    """Safety of students, interns and trainees: liability insurance, injuries and indemnity."""

    insured_by: PartyRole
    """The party that buys liability and accident insurance for the students or trainees."""
    minimum_cover: Money
    """Minimum cover of that insurance per person and per accident."""
    insurer_in_host_country: bool = True
    """The insurance must be valid in every country where they study, train or work."""
