"""What templates may see: plain data, never the objects it came from.

A workspace may override every template (clause texts, `when:` lines, the HTML and DOCX templates,
catalog strings), so a template is untrusted code. It gets the spec as `Record`s (read-only
mappings whose keys are also attributes), lists and plain values (str, int, Decimal, date, bool,
None), plus the helper functions we hand it: never a pydantic model, whose methods (`parse_raw`
with pickle, `model_construct` ...) reach far beyond data.

`Sandbox` (jinja_cache.py) enforces the same rule at every attribute lookup and call
(`attribute_allowed`, `call_allowed`), so an object that slips into a context by mistake still
shows a template nothing but its data fields and the methods listed in `PLAIN_METHODS` or in its
class's `TEMPLATE_METHODS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

PLAIN = (str, int, float, Decimal, dt.date, bool, type(None))

# Methods a template may call on plain values (what clause texts and templates use, and their
# harmless kin). str.format is formatted by the sandbox, under the same rules.
PLAIN_METHODS: dict[type, frozenset[str]] = {
    str: frozenset(
        "split rsplit splitlines strip lstrip rstrip upper lower title capitalize startswith "
        "endswith replace join format format_map count find rfind isdigit isalpha isspace zfill".split()
    ),
    dict: frozenset({"items", "keys", "values", "get"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
}


class Record(Mapping):
    """Read-only fields, by key (`r["name"]`) or attribute (`r.name`); `items()` and friends."""

    __slots__ = ("_fields", "_always_true")

    TEMPLATE_METHODS = frozenset({"items", "keys", "values", "get"})

    def __init__(self, fields: dict[str, Any], always_true: bool = False):
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "_always_true", always_true)  # a model is present, even if empty

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __bool__(self) -> bool:
        return self._always_true or bool(self._fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a template's data is read-only")

    def __repr__(self) -> str:
        return f"Record({self._fields!r})"


def template_data(value: Any, _seen: dict[int, Any] | None = None) -> Any:
    """`value` (a spec, part of one, or plain data) as template data: Records, lists, plain values.

    A model becomes a Record of its fields and its public properties (`Originals.count`,
    `Spec.cooperation`); a RootModel its root. Anything else is refused, so a new kind of value
    is a decision, not a leak.
    """
    from pydantic import BaseModel, RootModel

    seen = {} if _seen is None else _seen
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PLAIN):
        return value
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, RootModel):
        result = template_data(value.root, seen)
    elif isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        fields |= {name: getattr(value, name) for name in _public_properties(type(value))}
        result = Record({name: template_data(item, seen) for name, item in fields.items()}, True)
    elif isinstance(value, Mapping):
        result = Record({str(key): template_data(item, seen) for key, item in value.items()})
    elif isinstance(value, (list, tuple)):
        result = [template_data(item, seen) for item in value]
    else:
        raise TypeError(f"{type(value).__name__} is not template data")
    seen[id(value)] = result
    return result


def _public_properties(cls: type) -> list[str]:
    return [
        name
        for klass in cls.__mro__
        if klass.__module__.startswith("agreements.")
        for name, member in vars(klass).items()
        if isinstance(member, property) and not name.startswith("_")
    ]


def helpers(owner: Any, names: list[str] | None = None) -> Record:
    """Some of `owner`'s methods as template helpers (`f.duration(...)`), without `owner`."""
    chosen = names or [
        name for name in dir(owner) if not name.startswith("_") and callable(getattr(owner, name))
    ]
    return Record({name: getattr(owner, name) for name in chosen}, True)


# --- the sandbox's rules ----------------------------------------------------------------------


def attribute_allowed(obj: Any, attribute: str, value: Any) -> bool:
    """May a template read `obj.attribute` (whose value is `value`)?"""
    if isinstance(obj, Record):
        return attribute in obj or attribute in Record.TEMPLATE_METHODS
    if _is_jinja_own(obj):
        return True
    for kind, methods in PLAIN_METHODS.items():
        if isinstance(obj, kind):
            return attribute in methods or not callable(value)
    if isinstance(obj, PLAIN):
        return not callable(value)  # date.year, never date.replace
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        field_names = {f.name for f in dataclasses.fields(obj)}
        methods = getattr(type(obj), "TEMPLATE_METHODS", ())
        if attribute in methods:
            return True
        if attribute in field_names:
            return True
        return isinstance(getattr(type(obj), attribute, None), property) and not callable(value)
    return False  # any other object shows a template nothing


def call_allowed(obj: Any) -> bool:
    """May a template call `obj`? Never a class (but Jinja's own), a classmethod or a model's method."""
    if isinstance(obj, type):
        return obj is dict or _is_jinja_own(obj)
    owner = getattr(obj, "__self__", None)
    return not isinstance(owner, type) and not _is_model(owner)


def _is_model(obj: Any) -> bool:
    pydantic = sys.modules.get("pydantic")  # not imported: no model exists (a build that skips)
    return pydantic is not None and isinstance(obj, pydantic.BaseModel)


def _is_jinja_own(obj: Any) -> bool:
    """Jinja's runtime objects: loop, namespace(), macros, cycler, joiner, undefined values."""
    cls = obj if isinstance(obj, type) else type(obj)
    return cls.__module__.split(".")[0] == "jinja2"
