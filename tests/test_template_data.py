"""Templates see data, not objects: everything a template can reach from its context is plain data,
and the only things it can call are the helpers and filters we give it.

The walk follows exactly what the sandbox lets a template reach: every public name of every value
through the environment's own `getattr` (which refuses what a template may not see), and the
items of mappings and lists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from pydantic import BaseModel

from agreements import clauses, html_writer
from agreements.compose import compose, template_context
from agreements.labels import Labels
from agreements.template_data import PLAIN_METHODS, Record, call_allowed, template_data
from agreements.templates import BUILTIN
from agreements.validate import read_spec as load_spec

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "specs").glob("*.yaml"))


def _reachable_callables(env: jinja2.Environment, context: dict) -> list[tuple[str, object]]:
    """(path, callable) for every callable a template can reach from `context`, not descending
    into the callables handed over as helpers (their insides are not reachable: see below)."""
    found, seen = [], set()
    todo = [(name, value) for name, value in context.items()]
    while todo:
        path, value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        assert not isinstance(value, BaseModel), f"{path} is a pydantic model"
        if callable(value):
            found.append((path, value))
        if isinstance(value, (str, int, float, dt.date)) or value is None:
            children = []
        elif isinstance(value, Record | dict):
            children = [(f"{path}[{key!r}]", value[key]) for key in value]
        elif isinstance(value, list | tuple):
            children = [(f"{path}[{i}]", item) for i, item in enumerate(value)]
        else:
            children = []
        for name in dir(value):
            if name.startswith("_"):
                continue
            reached = env.getattr(value, name)
            if not isinstance(reached, jinja2.Undefined):
                children.append((f"{path}.{name}", reached))
        todo += children
    return found


def _plain_method(value) -> bool:
    value = getattr(value, "__wrapped__", value)  # str.format, wrapped by the sandbox
    owner = getattr(value, "__self__", None)
    name = getattr(value, "__name__", "")
    if isinstance(owner, Record):
        return name in Record.TEMPLATE_METHODS
    return any(isinstance(owner, kind) and name in names for kind, names in PLAIN_METHODS.items())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_clause_context_reaches_only_data_and_our_helpers(sample: Path):
    spec = load_spec(sample)
    for language in spec.languages:
        context = template_context(spec, language, Labels(language, BUILTIN))
        helpers = {id(value) for value in context.values() if callable(value)}
        helpers |= {id(value) for value in context["f"].values()}
        for path, value in _reachable_callables(clauses.environment(), context):
            assert id(value) in helpers or _plain_method(value), f"{language}: {path} is callable"


def test_clause_context_keeps_the_template_syntax():
    spec = load_spec(ROOT / "specs" / "nanshan-xinchuang-battery.yaml")
    context = template_context(spec, "en", Labels("en", BUILTIN))
    env = clauses.environment()
    source = (
        "{{ spec.parties|length }} {{ t(spec.title) }} {{ spec.originals.count }} "
        "{% for role, n in spec.originals.held_by.items() %}{{ role }}{{ n }}{% endfor %} "
        "{{ f.duration(2, 'year') }} {{ spec.term.last_day }} {{ spec.prevailing_language.split('-')[0] }}"
    )
    text = env.from_string(source).render(context)
    assert text.startswith(f"{len(spec.parties)} {spec.title['en']} {spec.originals.count} ")
    assert "2 years" in text and str(spec.term.last_day) in text


def test_html_context_reaches_only_data_and_our_helpers():
    spec = load_spec(ROOT / "specs" / "jinjihu-pennine-mechatronics.yaml")
    document = compose(spec)
    context = html_writer._context(document, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    env = html_writer._environment(BUILTIN.folders)
    helpers = {id(value) for value in context.values() if callable(value)}
    for path, value in _reachable_callables(env, context):
        name = getattr(value, "__name__", "")
        template_method = name in getattr(type(getattr(value, "__self__", None)), "TEMPLATE_METHODS", ())
        assert id(value) in helpers or template_method or _plain_method(value), f"{path} is callable"


# An object that slips into a context by mistake still shows nothing but data.
HOSTILE_EXPRESSIONS = [
    "m.parse_raw('x')",
    "m.model_construct()",
    "m.model_copy()",
    "m.model_dump()",
    "m.__class__",
    "f.locale",
    "d.replace(year=1)",
    "r.copy()",
    "''.__class__.__mro__",
    "s.encode('idna')",
]


class _Model(BaseModel):
    name: str = "x"


class _Formatter:
    locale = "en"

    def duration(self) -> str:
        return "x"


@pytest.mark.parametrize("expression", HOSTILE_EXPRESSIONS)
def test_the_sandbox_refuses_objects_beyond_their_data(expression: str):
    env = clauses.environment()
    context = {"m": _Model(), "f": _Formatter(), "d": dt.date(2026, 1, 1), "r": Record({"a": 1}), "s": "x"}
    with pytest.raises(jinja2.TemplateError):
        env.from_string("{{ " + expression + " }}").render(context)


def test_classes_and_classmethods_are_never_callable():
    assert not call_allowed(_Model.parse_raw)
    assert not call_allowed(_Model().model_copy)
    assert not call_allowed(_Model)
    assert not call_allowed(dict.fromkeys)
    assert call_allowed("a-b".split)


def test_template_data_refuses_what_it_does_not_know():
    with pytest.raises(TypeError):
        template_data(object())
    data = template_data(load_spec(ROOT / "specs" / "nanshan-xinchuang-battery.yaml"))
    with pytest.raises(AttributeError):
        data.kind = "x"


@pytest.mark.parametrize(
    "translation",
    [
        "第{revision.__class__}版",
        "第{revision[0]}版",
        "第{revision:{revision.real}}版",
        "第{}版",
        "第{0}版",
        "第{revision版",
    ],
)
def test_a_catalog_string_fills_in_plain_names_only(translation: str):
    from agreements.labels import placeholder_problem

    assert placeholder_problem(translation, "Revision {revision}")
    assert placeholder_problem("第{revision}版", "Revision {revision}") is None
