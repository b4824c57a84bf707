"""The agreement: one Spec, with the parts every agreement has and the section of its kind.

Rules that span several fields (every language present, the section matching the kind, end after
start) are checked here too, and reported with the path of the offending value.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from ..kinds import KINDS
from ..languages import MAX_PER_AGREEMENT
from .common import Clauses, Originals, Party, Signing, Term, late_signing
from .order_based_training import OrderBasedTraining
from .types import (
    AgreementLanguage,
    LanguageOrAuthentic,
    Rule,
    RuleGroup,
    Slug,
    Strict,
    Text,
    _agreement_language,
    distinct,
)
from .university_enterprise import UniversityEnterprise
from .university_university import UniversityUniversity

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
KIND_SECTIONS = {kind.name: kind.section for kind in KINDS.values()}  # Spec has one field each


def missing_section(kind: str, keys) -> str | None:
    """The problem when the spec lacks its kind's section (keys: the sections it has)."""
    section = KINDS[kind].section
    return None if section in keys else f"kind {kind} needs a `{section}:` section"


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
    languages: Annotated[
        list[AgreementLanguage], Field(min_length=1, max_length=MAX_PER_AGREEMENT), AfterValidator(distinct)
    ]
    """Languages of the agreement, in column order (zh-Hans, en, lo)."""
    layout: Literal["side-by-side", "sequential", "interleaved"] = "side-by-side"
    """side-by-side columns, each language in turn, or each article in every language."""
    prevailing_language: LanguageOrAuthentic = "equally-authentic"
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
        if keys is not None and (problem := missing_section(value, keys)):
            raise Rule((), problem)
        return value

    @field_validator("prevailing_language")
    @classmethod
    def _prevailing_is_a_language(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        languages = context.get("languages") or []
        if "languages" not in context and value != "equally-authentic":
            return _agreement_language(value)  # data validated without a spec around it
        if languages and value not in ("equally-authentic", *languages):
            raise Rule(
                (),
                f"'{value}' is not one of this agreement's languages "
                f"({', '.join(languages)}), nor equally-authentic",
            )
        return value

    @field_validator("parties")
    @classmethod
    def _roles_in_order(cls, parties: list[Party]) -> list[Party]:
        roles = [p.role for p in parties]
        expected = ["A", "B", "C"][: len(roles)]
        if roles != expected:
            raise Rule(
                (), f"parties must be listed as {', '.join(expected)} in order (found {', '.join(roles)})"
            )
        return parties

    @field_validator(*KIND_SECTIONS.values(), mode="before")
    @classmethod
    def _matches_kind(cls, value: Any, info: ValidationInfo) -> Any:
        kind = (info.context or {}).get("kind")
        if value is not None and kind in KIND_SECTIONS and KIND_SECTIONS[kind] != info.field_name:
            raise Rule(
                (),
                f"`{info.field_name}` does not apply to kind {kind}; did you mean `{KIND_SECTIONS[kind]}`?",
            )
        return value

    @property
    def cooperation(self) -> Any:
        return getattr(self, KINDS[self.kind].section)

    def party(self, role: str) -> Party:
        return next(p for p in self.parties if p.role == role)

    @model_validator(mode="after")
    def _consistent(self) -> Spec:
        problems = list(self._rules())
        if problems:
            raise RuleGroup(problems)
        return self

    def _rules(self):
        """The same rules when validated without a context (the field validators need one)."""
        present = {name for name in KIND_SECTIONS.values() if getattr(self, name) is not None}
        if problem := missing_section(self.kind, present):
            yield Rule(("kind",), problem)
        if problem := late_signing(self.signing.date, self.term.start):
            yield Rule(("signing", "date"), problem)
