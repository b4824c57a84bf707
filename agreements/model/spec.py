"""The agreement: one Spec, with the parts every agreement has and the section of its kind.

Rules that span several fields (every language present, the section matching the kind, end after
start) are checked here too, and reported with the path of the offending value.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from ..documents import DOCUMENTS
from ..kinds import KINDS
from ..languages import LANGUAGES, MAX_PER_AGREEMENT
from .bespoke import BespokeAnnex, BespokeArticle
from .common import Clauses, Originals, Signing, Term, discrepancy_problem, late_signing
from .memorandum import Memorandum
from .order_based_training import OrderBasedTraining
from .parties import ADULT, AGE_OF_MAJORITY, Party
from .supplementary import Supplementary
from .types import (
    AgreementLanguage,
    LanguageOrAuthentic,
    Rule,
    RuleGroup,
    Slug,
    Strict,
    Text,
    distinct,
    known_language,
)
from .university_enterprise import UniversityEnterprise
from .university_university import UniversityUniversity

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
DocumentName = Literal[tuple(DOCUMENTS)]  # type: ignore[valid-type]
KIND_SECTIONS = {kind.name: kind.section for kind in KINDS.values()}  # Spec has one field each
DOCUMENT_SECTIONS = {d.name: d.section for d in DOCUMENTS.values() if d.section}
OPTIONAL_CLAUSES = ("confidentiality", "intellectual_property", "personal_data")


def missing_section(kind: str, keys, document: str = "agreement") -> str | None:
    """The problem when the spec lacks its kind's section (keys: the sections it has)."""
    if DOCUMENTS[document].section:
        return None  # a memorandum or supplementary agreement has its own section instead
    section = KINDS[kind].section
    return None if section in keys else f"kind {kind} needs a `{section}:` section"


def document_rules(spec: Spec):
    """What a document type needs and refuses, each at the path of the value."""
    document = DOCUMENTS[spec.document]
    called = document.label  # "memorandum of understanding"
    if document.section and getattr(spec, document.section) is None:
        yield Rule(("document",), f"a {called} needs a `{document.section}:` section")
    for name, section in DOCUMENT_SECTIONS.items():
        if name != spec.document and getattr(spec, section) is not None:
            yield Rule((section,), f"`{section}` applies only to `document: {name}`; remove it")
    if document.section:
        for section in KIND_SECTIONS.values():
            if getattr(spec, section) is not None:
                yield Rule(
                    (section,),
                    f"a {called} has no `{section}` terms; its terms are in `{document.section}:`",
                )
    if document.disputes and spec.clauses.disputes is None:
        yield Rule(("clauses",), "missing required key `disputes`")
    if not document.disputes and spec.clauses.disputes is not None:
        yield Rule(
            ("clauses", "disputes"),
            f"a {called} names no dispute settlement ({document.disputes_instead}); remove `disputes`",
        )
    for name in OPTIONAL_CLAUSES:
        if getattr(spec.clauses, name) is not None and name not in document.optional_clauses:
            yield Rule(("clauses", name), f"a {called} has no {name.replace('_', ' ')} article")


class Spec(Strict):
    """One cooperation agreement."""

    id: Slug
    """Safe, unique name used for output files, e.g. gdfd-lhsu-pharmacy-2027."""
    kind: Kind
    """university-university, university-enterprise or order-based-training."""
    document: DocumentName = "agreement"
    """agreement (binding, the kind's articles), memorandum (a non-binding memorandum of
    understanding, terms in `memorandum:`) or supplementary (amends a master agreement, terms in
    `supplementary:`)."""
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
    memorandum: Memorandum | None = None
    """Terms for document memorandum."""
    supplementary: Supplementary | None = None
    """Terms for document supplementary."""
    articles: Annotated[list[BespokeArticle], Field(max_length=30)] = []
    """Bespoke articles: text the clause library does not have, each placed after a named clause."""
    annexes: Annotated[list[BespokeAnnex], Field(max_length=20)] = []
    """Free-text annexes, after the library's annexes."""

    @field_validator("kind")
    @classmethod
    def _has_its_section(cls, value: str, info: ValidationInfo) -> str:
        keys = (info.context or {}).get("keys")
        document = (info.context or {}).get("document")
        document = document if document in DOCUMENTS else "agreement"
        if keys is not None and (problem := missing_section(value, keys, document)):
            raise Rule((), problem)
        return value

    @field_validator("prevailing_language")
    @classmethod
    def _prevailing_is_a_language(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        languages = context.get("languages") or []
        if "languages" not in context and value != "equally-authentic":
            return known_language(value)  # data validated without a spec around it
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
        document = (info.context or {}).get("document")
        if document in DOCUMENT_SECTIONS:
            return value  # document_rules refuses a kind section in a memorandum or supplementary
        if value is not None and kind in KIND_SECTIONS and KIND_SECTIONS[kind] != info.field_name:
            raise Rule(
                (),
                f"`{info.field_name}` does not apply to kind {kind}; did you mean `{KIND_SECTIONS[kind]}`?",
            )
        return value

    @field_validator("articles")
    @classmethod
    def _articles_follow_known_clauses(cls, articles: list[BespokeArticle], info: ValidationInfo):
        known = set((info.context or {}).get("clause_ids") or ())
        if not known:
            return articles  # validated without templates: compose checks the places
        problems = []
        for index, article in enumerate(articles):
            if article.after not in known:
                shown = ", ".join(sorted(known - {"preamble"})[:8])
                problems.append(
                    Rule(
                        (index, "after"),
                        f"there is no clause {article.after!r} to follow in this agreement's outline "
                        f"(e.g. {shown} ...) nor an earlier bespoke article of that id",
                    )
                )
            if article.id in known:
                problems.append(
                    Rule((index, "id"), f"{article.id!r} is already a clause id; choose another id")
                )
            known.add(article.id)
        if problems:
            raise RuleGroup(problems)
        return articles

    @property
    def cooperation(self) -> Any:
        section = DOCUMENTS[self.document].section or KINDS[self.kind].section
        return getattr(self, section)

    @property
    def signs_apart(self) -> bool:
        """Some party signs on its own day or at its own place (its own `signing:`)."""
        return any(party.signing for party in self.parties)

    @property
    def cited_articles(self) -> list[int]:
        """Article numbers of another document this one cites (a master agreement's)."""
        return [change.article for change in self.supplementary.changes] if self.supplementary else []

    @property
    def age_of_majority(self) -> int:
        """The highest age of majority among the parties' countries: a younger trainee is a minor
        where some party performs the agreement (AGE_OF_MAJORITY)."""
        return max(AGE_OF_MAJORITY.get(party.country, ADULT) for party in self.parties)

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
        if problem := missing_section(self.kind, present, self.document):
            yield Rule(("kind",), problem)
        if problem := late_signing(self.signing.date, self.term.start):
            yield Rule(("signing", "date"), problem)
        for index, party in enumerate(self.parties):
            date = party.signing.date if party.signing else None
            if date and (problem := late_signing(date, self.term.start)):
                yield Rule(("parties", index, "signing", "date"), problem)
        yield from document_rules(self)
        ids = [item.id for item in self.articles] + [item.id for item in self.annexes]
        for index, annex in enumerate(self.annexes):
            if ids.count(annex.id) > 1:
                yield Rule(("annexes", index, "id"), f"{annex.id!r} names another article or annex too")
        for language, country, law in required_languages(self):
            yield Rule(
                ("languages",),
                f"a party is in {country}, whose law requires the agreement in {LANGUAGES[language].name} "
                f"too ({law}): add {language} to languages",
            )
        discrepancy = self.clauses.language_discrepancy
        if problem := discrepancy_problem(discrepancy, self.languages, self.prevailing_language):
            yield Rule(("clauses", "language_discrepancy"), problem)


def required_languages(spec: Spec) -> list[tuple[str, str, str]]:
    """(language, country, law): a language the law of a party's country requires that the
    agreement lacks (language data: required_in, required_by)."""
    countries = dict.fromkeys(party.country for party in spec.parties)
    return [
        (tag, country, info.required_by)
        for tag, info in LANGUAGES.items()
        for country in countries
        if country in info.required_in and tag not in spec.languages
    ]
