"""The types of document: one entry each, and nothing else in the package lists them.

A document type is orthogonal to the kind: a memorandum between two universities is still of kind
university-university. An `agreement` uses its kind's outline and section; a memorandum or a
supplementary agreement has an outline and a section of its own (its terms), and no kind section.
A new document type needs an entry here, its section model (agreements/model/<section>.py), a
`<section>:` field on Spec, its outline and the clause files the outline names.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import KINDS, N_


@dataclass(frozen=True)
class DocumentType:
    name: str  # as a spec writes it: `document: memorandum`
    label: str  # English msgid for the change list
    section: str | None  # the spec's section with this document's own terms; None: the kind's
    outline: str | None  # template with the document's clause ids in order; None: the kind's
    disputes: bool  # the spec names how disputes are settled (clauses.disputes)
    optional_clauses: tuple[str, ...]  # the optional `clauses:` articles this document can hold
    noun: str  # English msgid of how clauses name the document mid-sentence: "this Agreement"
    noun_capital: str  # ... and at the start of a sentence: "This Agreement"


DOCUMENTS: dict[str, DocumentType] = {
    document.name: document
    for document in (
        DocumentType(
            "agreement",
            N_("cooperation agreement"),
            section=None,
            outline=None,
            disputes=True,
            optional_clauses=("confidentiality", "intellectual_property", "personal_data"),
            noun=N_("this Agreement"),
            noun_capital=N_("This Agreement"),
        ),
        DocumentType(
            "memorandum",
            N_("memorandum of understanding"),
            section="memorandum",
            outline="outlines/memorandum.yaml",
            disputes=False,
            optional_clauses=("confidentiality",),
            noun=N_("this Memorandum"),
            noun_capital=N_("This Memorandum"),
        ),
        DocumentType(
            "supplementary",
            N_("supplementary agreement"),
            section="supplementary",
            outline="outlines/supplementary.yaml",
            disputes=False,
            optional_clauses=(),
            noun=N_("this Supplementary Agreement"),
            noun_capital=N_("This Supplementary Agreement"),
        ),
    )
}


def outline_template(document: str, kind: str) -> str:
    """The outline a spec of this document type and kind is composed from."""
    return DOCUMENTS[document].outline or KINDS[kind].outline


def section_of(document: str, kind: str) -> str:
    """The spec section holding this document's terms."""
    return DOCUMENTS[document].section or KINDS[kind].section
