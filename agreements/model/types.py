"""The value types of the spec format, and the base every section model shares.

Values arrive as the strings the clerk wrote (see loader.py); these types decide what they mean.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from ..files import SAFE_ID
from ..languages import agreement_languages, tag_problem, unavailable
from ..suggest import closest_choice, code_for, country_codes, currency_codes, flag_for, name

WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


@dataclass(frozen=True)
class Unit:
    """What the values of a type count or name, so that a reader is shown "3 years", "50%",
    "Laos" or "Party B" rather than 3, 50, LA or B (the change list of `agreements diff`).

    A duration unit (see DURATION_UNITS), "percent", "country", "language", or "party" (a choice
    whose values A, B and C are parties). It sits in a type's Annotated metadata; pydantic ignores it.
    """

    name: str


DURATION_UNITS = ("year", "month", "week", "day", "hour")  # the units Formatter.duration knows


@cache
def unit_of(model: type[BaseModel], name: str) -> str | None:
    """The Unit of a model's field, from the metadata of its annotation (also inside `| None`,
    lists and dicts), or None."""
    field = model.model_fields[name]
    return _unit_in(field.metadata) or _unit_below(field.annotation)


def _unit_in(metadata) -> str | None:
    return next((item.name for item in metadata if isinstance(item, Unit)), None)


def _unit_below(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is Annotated:
        return _unit_in(annotation.__metadata__) or _unit_below(annotation.__origin__)
    return next((unit for arg in typing.get_args(annotation) if (unit := _unit_below(arg))), None)


class Rule(ValueError):
    """A cross-field rule broken at `path` (relative to the model that checks it)."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path


class RuleGroup(ValueError):
    """Several broken cross-field rules, reported together."""

    def __init__(self, rules: list[Rule]):
        super().__init__("; ".join(str(r) for r in rules))
        self.rules = rules


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, str_strip_whitespace=False
    )


def _not_blank(value: str) -> str:
    if value and not value.strip():
        raise ValueError("this text is only spaces; write it out")
    return value


def check_slug(value: str) -> str:
    """A safe id (also a file name), or ValueError saying what is wrong with it."""
    if not SAFE_ID.fullmatch(value):
        raise ValueError(
            "use lower-case letters, digits and single hyphens (e.g. 'gdfd-lhsu-2027'), "
            "at most 64 characters, no spaces, dots or slashes"
        )
    if "--" in value or value in WINDOWS_RESERVED:
        raise ValueError(f"'{value}' cannot be used as a file name; choose another id")
    return value


def _country(value: str) -> str:
    if value not in country_codes():
        code = code_for(value, "country")
        todo = (
            f"write {code} ({name(code, 'zh_Hans')} / {name(code, 'en')})" if code else "e.g. CN, LA, TH, GB"
        )
        raise ValueError(f"'{value}' is not a country code (ISO 3166, two capital letters); {todo}")
    return value


def _currency(value: str) -> str:
    if value not in currency_codes():
        code = code_for(value, "currency")
        todo = (
            f"write {code} ({name(code, 'zh_Hans')} / {name(code, 'en')})"
            if code
            else "e.g. CNY, LAK, USD, THB"
        )
        raise ValueError(f"'{value}' is not a currency code (ISO 4217, three capital letters); {todo}")
    return value


def _flag(value: Any) -> Any:
    """Only true or false (as YAML 1.2 and the editor read them): yes, on, 1 ... are refused."""
    if isinstance(value, bool) or value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value
    meant = flag_for(value) if isinstance(value, str) else None
    hint = f"; did you mean {meant}?" if meant else ""
    raise ValueError(f"'{value}' is not true or false{hint} (write true or false)")


EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s.]+"
PHONE = r"\+?[0-9][0-9 ()-]{5,24}"
AMOUNT = r"[0-9]+(\.[0-9]{1,2})?"  # the figures of an amount (the schema's pattern; the model reads more)


def _email(value: str) -> str:
    if not re.fullmatch(EMAIL, value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


def _phone(value: str) -> str:
    if not re.fullmatch(PHONE, value):
        raise ValueError(
            f"'{value}' is not a phone number; use digits, spaces and an optional "
            "leading + (e.g. +86 20 8888 0000)"
        )
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # pydantic would also read a number as a Unix timestamp (1797552000 -> 2026-12-18)
    if isinstance(value, str) and not ISO_DATE.fullmatch(value.strip()):
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD (e.g. 2027-09-01)")
    return value


def _amount(value: Any) -> Any:
    # Decimal() would also read 1e5, 1_000, +5, -0 and full-width digits; an amount in a
    # contract is written in plain figures. (Commas, negative amounts and NaN get their own
    # messages from the field constraints.)
    if isinstance(value, str):
        text = value.strip()
        special = re.fullmatch(r"[+-]?(inf(inity)?|nan)", text, re.IGNORECASE)
        if (
            (re.search(r"[eE_+]", text) and not special)
            or any(char.isdigit() and not char.isascii() for char in text)
            or re.fullmatch(r"-0*(\.0*)?", text)
        ):
            raise ValueError(
                f"'{value}' is not an amount; write it in plain figures, e.g. "
                "100000.00 (no sign, spaces, underscores or exponent)"
            )
    return value


def distinct(values: list) -> list:
    """A list of languages without repeats."""
    if len(set(values)) != len(values):
        raise ValueError("a language is listed twice")
    return values


def _existing_party(value: str, info: ValidationInfo) -> str:
    roles = (info.context or {}).get("roles")
    if roles and value not in roles:
        raise ValueError(f"there is no Party {value} in this agreement (parties: {', '.join(roles)})")
    return value


Line = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=1, max_length=2000),
    AfterValidator(_not_blank),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": "\\S", "not": {"pattern": "^TODO"}}
    ),
]


def _choices(values) -> str:
    quoted = [f"'{value}'" for value in values]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def known_language(value: str, *extra: str) -> str:
    """A language an agreement can be written in: registered, and in every clause (languages.py)."""
    if value in extra:
        return value
    problem = unavailable(value)
    if problem:
        close = closest_choice(value, [*agreement_languages(), *extra])
        raise ValueError(problem + (f"; did you mean '{close}'?" if close and close != value else ""))
    return value


def _any_language(value: str) -> str:
    """Any well-formed BCP 47 tag CLDR can name (th, ms, my, uz, zh-Hant), e.g. of instruction."""
    problem = tag_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _text_language(value: str, info: ValidationInfo) -> str:
    # in a spec, Text checks its keys against the agreement's `languages` (one message there)
    return value if "languages" in (info.context or {}) else known_language(value)


@cache
def _builtin_agreement_languages() -> list[str]:
    return list(agreement_languages())


@dataclass(frozen=True)
class _LanguageSchema:
    """A language field's JSON Schema: the agreement languages (and `extra`), listed when a schema
    is written, not when the model is imported (that reads the whole clause library)."""

    extra: tuple[str, ...]

    def __get_pydantic_json_schema__(self, core_schema, handler) -> dict:
        return {"enum": [*_builtin_agreement_languages(), *self.extra], "type": "string"}


def language_schema(*extra: str) -> _LanguageSchema:
    return _LanguageSchema(extra)


AgreementLanguage = Annotated[str, AfterValidator(known_language), language_schema(), Unit("language")]
LanguageTag = Annotated[
    str,
    AfterValidator(_any_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"}),
    Unit("language"),
]
LanguageOrAuthentic = Annotated[
    str,
    AfterValidator(lambda v: v if v == "equally-authentic" else _any_language(v)),
    language_schema("equally-authentic"),
    Unit("language"),
]
TextLanguage = Annotated[str, AfterValidator(_text_language), language_schema(), Unit("language")]
Role = Annotated[Literal["A", "B", "C"], Unit("party")]
Slug = Annotated[
    str,
    AfterValidator(check_slug),
    WithJsonSchema({"type": "string", "pattern": f"^{SAFE_ID.pattern}$", "not": {"pattern": "--"}}),
]
PartyRole = Annotated[Role, AfterValidator(_existing_party)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
# "x-codes": the JSON Schema lists CLDR's codes there (schema.py), not on every import
Country = Annotated[
    str, AfterValidator(_country), WithJsonSchema({"type": "string", "x-codes": "country"}), Unit("country")
]
Currency = Annotated[
    str, AfterValidator(_currency), WithJsonSchema({"type": "string", "x-codes": "currency"})
]
Flag = Annotated[bool, BeforeValidator(_flag)]
MAX_EMAIL = 254  # RFC 5321: the longest address a mail system carries
MAX_ITEMS = 200  # items in any list of a spec (courses, payments, exchanges ...)
Email = Annotated[
    str,
    StringConstraints(max_length=MAX_EMAIL),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "pattern": f"^{EMAIL}$", "maxLength": MAX_EMAIL}),
]
# a phone number of digits only is a number to YAML (and the editor), text to us
Phone = Annotated[
    str,
    AfterValidator(_phone),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": f"^{PHONE}$"}, {"type": "integer", "minimum": 100000}]}
    ),
]
Count = Annotated[int, Field(ge=1, le=100_000)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2), Unit("percent")]
# durations; each field gives its own bounds, e.g. Annotated[Years, Field(ge=1, le=50)]
Years = Annotated[int, Unit("year")]
Months = Annotated[int, Unit("month")]
Weeks = Annotated[int, Unit("week")]
Days = Annotated[int, Unit("day")]
Hours = Annotated[int, Unit("hour")]


class Text(RootModel[dict[TextLanguage, Line]]):
    """Text given once per language of the agreement, e.g. `{zh-Hans: 广州, en: Guangzhou}`."""

    def __getitem__(self, language: str) -> str:
        return self.root[language]

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> Text:
        languages = (info.context or {}).get("languages") or []
        missing = [language for language in languages if language not in self.root]
        extra = [language for language in self.root if languages and language not in languages]
        if missing:
            raise Rule(
                (), f"missing the {' and '.join(missing)} text (this agreement is in {', '.join(languages)})"
            )
        if extra:
            raise Rule(
                (extra[0],),
                f"{extra[0]} is not one of this agreement's languages; remove it or add it to `languages`",
            )
        return self


MAX_NAME = 300  # a name or a position (of a party, a person)
MAX_ADDRESS = 600


def at_most(limit: int) -> AfterValidator:
    """For a Text: every language at most `limit` characters (an error at that language's line)."""

    def check(text: Text) -> Text:
        for language, value in text.root.items():
            if len(value) > limit:
                raise Rule((language,), f"at most {limit:,} characters here (this one has {len(value):,})")
        return text

    return AfterValidator(check)


Name = Annotated[Text, at_most(MAX_NAME)]
Address = Annotated[Text, at_most(MAX_ADDRESS)]


class Money(Strict):
    """An exact amount in one currency."""

    amount: Annotated[
        Decimal,
        BeforeValidator(_amount),
        Field(ge=0, max_digits=15, decimal_places=2),
        WithJsonSchema(
            {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": f"^{AMOUNT}$"}]}
        ),
    ]
    """The amount in figures, as written (e.g. 100000.00); never rounded."""
    currency: Currency
    """ISO 4217 code: CNY, LAK, USD, THB, GBP ..."""


def with_unit(node: Any, unit: str):
    """Every value below a model whose field counts or names `unit` (each item of a list)."""
    if isinstance(node, list):
        for item in node:
            yield from with_unit(item, unit)
    elif isinstance(node, BaseModel) and not isinstance(node, Text):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if value is not None and unit_of(type(node), name) == unit:
                yield from value if isinstance(value, list) else (value,)
            else:
                yield from with_unit(value, unit)


def walk(node: Any, path: tuple = ()):
    """Yield (path, value) for every value below a model, in source order."""
    if isinstance(node, BaseModel) and not isinstance(node, Text):
        for name in type(node).model_fields:
            value = getattr(node, name)
            yield path + (name,), value
            yield from walk(value, path + (name,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield path + (index,), item
            yield from walk(item, path + (index,))
