"""A changed term's value as a reader of one language sees it in the change list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .formatting import Formatter
from .labels import CLERK_TEXT, VALUE_LABELS, Labels
from .model import DURATION_UNITS, Money, Text
from .model.bespoke import ClerkText

ABSENT = object()  # a term one revision does not have


def shown_value(value: Any, unit: str | None, name: str, f: Formatter, labels: Labels) -> str | None:
    """A term's value as a reader of one language sees it (None: not given, or a whole section).
    `unit` is the Unit of the field's type, `name` the field, for the words of its choices."""
    if value is ABSENT or value is None:
        return None
    show = next(show for types, show in _SHOWN_BY_TYPE if isinstance(value, types))
    return show(value, unit, name, f, labels)


def _name_of(value: BaseModel, f: Formatter) -> str | None:
    """A whole item added or removed (a party): its name, if it has one."""
    name = getattr(value, "name", None)
    return name.root.get(f.language) if isinstance(name, Text) else None


def _number(value, unit, name, f: Formatter, labels) -> str:
    if unit in DURATION_UNITS:
        return f.duration(value, unit)
    return f.percent(value) if unit == "percent" else f.number(value)


def _word(value: str, unit, name, f: Formatter, labels: Labels) -> str:
    if unit == "party" and value in ("A", "B", "C"):
        return labels.get(f"Party {value}")
    if (name, value) in VALUE_LABELS:
        return labels.get(VALUE_LABELS[(name, value)])
    if unit == "language":
        return f.language_name(value)
    return f.country(value) if unit == "country" else value


def _per_party(value: dict, unit, name, f: Formatter, labels: Labels) -> str:
    return ", ".join(
        f"{labels.get(f'Party {k}') if k in 'ABC' else k}: {f.number(v)}" for k, v in value.items()
    )


def _items(value: list, unit, name, f: Formatter, labels: Labels) -> str:
    return f.join([shown_value(item, unit, name, f, labels) or "" for item in value])


_SHOWN_BY_TYPE = (  # first match wins: bool before int, Text and Money before BaseModel
    (Text, lambda value, unit, name, f, labels: value.root.get(f.language)),
    # the clerk's own paragraphs: the article's redline below shows what changed in them
    (
        ClerkText,
        lambda value, unit, name, f, labels: labels.get(CLERK_TEXT, count=len(value.paragraphs(f.language))),
    ),
    (Money, lambda value, unit, name, f, labels: f.money(value)),
    (bool, lambda value, unit, name, f, labels: labels.get("yes" if value else "no")),
    (dt.date, lambda value, unit, name, f, labels: f.date(value)),
    ((int, Decimal), _number),
    (str, _word),
    (dict, _per_party),
    (list, _items),
    (BaseModel, lambda value, unit, name, f, labels: _name_of(value, f)),  # a section: its label says it
    (object, lambda value, unit, name, f, labels: str(value)),
)
