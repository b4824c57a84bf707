"""The registry of partnership kinds: every kind is complete, and everything that lists kinds reads it."""
from __future__ import annotations

import typing

import pytest

from agreements.clauses import library, outline
from agreements.kinds import KINDS
from agreements.model import KIND_SECTIONS, Kind, Spec, Strict
from agreements.templates import find


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_has_an_outline_a_skeleton_and_a_section_model(kind):
    clause_ids = outline(kind.name)
    assert clause_ids and set(clause_ids) <= set(library())
    skeleton = find(kind.skeleton).read_text(encoding="utf-8")
    assert f"\nkind: {kind.name}\n" in skeleton and f"\n{kind.section}:\n" in skeleton
    model = kind.section_model()
    assert issubclass(model, Strict) and model.__module__ == f"agreements.model.{kind.section}"
    assert Spec.model_fields[kind.section].annotation == typing.Optional[model]


def test_the_model_and_the_cli_read_the_registry():
    from agreements.cli import new
    from agreements.labels import VALUE_LABELS
    assert typing.get_args(Kind) == tuple(KINDS)
    assert KIND_SECTIONS == {kind.name: kind.section for kind in KINDS.values()}
    assert list(new.params[0].type.choices) == list(KINDS)
    assert all(("kind", name) in VALUE_LABELS for name in KINDS)
    sections = [name for name in Spec.model_fields if name in KIND_SECTIONS.values()]
    assert sections == [kind.section for kind in KINDS.values()]
    assert len({kind.section_model() for kind in KINDS.values()}) == len(KINDS)
