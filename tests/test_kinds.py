"""The registry of partnership kinds: every kind is complete, and everything that lists kinds reads it."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

from agreements.clauses import library, lint_clauses, outline
from agreements.cli import main
from agreements.compose import compose
from agreements.errors import TemplateError
from agreements.kinds import KINDS
from agreements.languages import agreement_languages
from agreements.model import KIND_SECTIONS, Kind, Spec, Strict
from agreements.templates import BUILTIN
from agreements.validate import read_spec
from tests.outputs import REPO


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_has_an_outline_a_skeleton_and_a_section_model(kind):
    clause_ids = outline(kind.name)
    assert clause_ids and set(clause_ids) <= set(library())
    skeleton = BUILTIN.find(kind.skeleton).read_text(encoding="utf-8")
    assert f"\nkind: {kind.name}\n" in skeleton and f"\n{kind.section}:\n" in skeleton
    model = kind.section_model()
    assert issubclass(model, Strict) and model.__module__ == f"agreements.model.{kind.section}"
    assert Spec.model_fields[kind.section].annotation == typing.Optional[model]  # noqa: UP045


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


# --- a kind that a clause's branches do not name ---------------------------------------------


@pytest.fixture
def fake_kind(monkeypatch):
    """A registered kind with the order-based-training section and outline, but its own name."""
    fake = dataclasses.replace(KINDS["order-based-training"], name="fake-kind")
    monkeypatch.setitem(KINDS, fake.name, fake)
    return fake


def test_the_lint_names_every_kind_branch_without_the_new_kind(fake_kind):
    found = [p for p in lint_clauses() if "fake-kind" in p.message]
    branching = ("anti-bribery.yaml", "safety-and-insurance.yaml", "scope.yaml", "term.yaml")
    assert sorted({(Path(p.path).name, p.message.split(":")[0]) for p in found}) == [
        (name, f"in the {lang} text") for name in branching for lang in sorted(agreement_languages())
    ]
    assert all(
        "the kind branches name no wording for fake-kind; add {% elif spec.kind == "
        "'fake-kind' %}" in p.message
        for p in found
    )


def test_a_kind_no_branch_names_fails_the_build_instead_of_getting_another_kinds_wording(fake_kind):
    spec = read_spec(REPO / "specs" / "lancang-nanyue-railway-order.yaml")
    compose(spec)  # the real kind: fine
    with pytest.raises(TemplateError) as caught:
        compose(spec.model_copy(update={"kind": "fake-kind"}))
    scope = REPO / "templates" / "clauses" / "scope.yaml"
    line = scope.read_text(encoding="utf-8").splitlines().index("    {{ unknown_kind() }}") + 1
    assert str(caught.value) == (
        f"templates/clauses/scope.yaml:{line}: in the zh-Hans text: this clause has no wording for "
        "kind 'fake-kind'; add an {% elif spec.kind == 'fake-kind' %} branch"
    )


def test_a_bare_else_on_the_kind_is_a_lint_error(tmp_path, monkeypatch, capsys):
    clause = REPO / "templates" / "clauses" / "term.yaml"
    text = clause.read_text(encoding="utf-8")
    named = re.compile(
        r"{% elif spec.kind == 'order-based-training' %}(.*?)"
        r"{% else %}{{ unknown_kind\(\) }}{% endif %}"
    )
    assert len(named.findall(text)) == len(agreement_languages())
    (tmp_path / "templates" / "clauses").mkdir(parents=True)
    (tmp_path / "templates" / "clauses" / clause.name).write_text(  # as it was: a fallback
        named.sub(r"{% else %}\1{% endif %}", text, count=1), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert (
        "term.yaml:31:1: error: in the zh-Hans text: the kind branches end with a bare "
        "{% else %}, which gives every other kind this wording"
    ) in err
