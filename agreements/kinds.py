"""The kinds of partnership: one entry each, and nothing else in the package lists them.

The model (the `kind` choices, the spec's section per kind), the outlines and skeletons, the CLI's
`new` command and the clause lint all read KINDS. A new kind needs an entry here, its section model
(agreements/model/<section>.py), a `<section>:` field on Spec, an outline, a skeleton and a branch
in every clause that branches on the kind (`agreements lint` names the ones missing).

Kept free of heavy imports: the CLI reads it to list the choices of `agreements new`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a label for extraction (pybabel -k N_); labels.Labels translates it."""
    return message


@dataclass(frozen=True)
class PartnershipKind:
    name: str  # as a spec writes it: `kind: university-enterprise`
    section: str  # the spec's section with this kind's terms, e.g. `university_enterprise:`
    model: str  # that section's model class, in agreements/model/<section>.py
    label: str  # English msgid for the change list, e.g. "university–enterprise"
    outline: str  # template with the kind's clause ids in order
    skeleton: str  # template of the commented spec `agreements new` writes

    def section_model(self) -> type:
        """The section's model class (imports the model)."""
        return getattr(importlib.import_module(f"agreements.model.{self.section}"), self.model)


KINDS: dict[str, PartnershipKind] = {
    kind.name: kind
    for kind in (
        PartnershipKind(
            "university-university",
            "university_university",
            "UniversityUniversity",
            N_("university–university"),
            outline="outlines/university-university.yaml",
            skeleton="skeletons/university-university.yaml",
        ),
        PartnershipKind(
            "university-enterprise",
            "university_enterprise",
            "UniversityEnterprise",
            N_("university–enterprise"),
            outline="outlines/university-enterprise.yaml",
            skeleton="skeletons/university-enterprise.yaml",
        ),
        PartnershipKind(
            "order-based-training",
            "order_based_training",
            "OrderBasedTraining",
            N_("order-based training"),
            outline="outlines/order-based-training.yaml",
            skeleton="skeletons/order-based-training.yaml",
        ),
    )
}
