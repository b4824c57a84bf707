"""JSON Schema of the spec format, generated from the model, for editors (yaml-language-server).

The schema says as much as JSON Schema can of what `agreements check` enforces: the codes of
countries and currencies (from CLDR), amounts in figures, real calendar dates, booleans as true
or false, the section of the kind, the parties' roles in order, and a text in every language of
the agreement and in no other. What it cannot say is listed in tests/test_schema_agrees.py;
tests/test_language_server.py checks that yaml-language-server reads it the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .documents import DOCUMENTS
from .kinds import KINDS
from .languages import SUPPORTED
from .model import Spec
from .suggest import country_codes, currency_codes

# A real calendar date, YYYY-MM-DD: the `date` format of yaml-language-server checks only the
# shape, so 2027-02-30 would pass the editor; this pattern knows month lengths and leap years.
_DAY = {
    "31": "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "30": "(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "28": "02-(?:0[1-9]|1[0-9]|2[0-8])",
}
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
REAL_DATE = f"^(?!0000)(?:[0-9]{{4}}-(?:{_DAY['31']}|{_DAY['30']}|{_DAY['28']})|{_LEAP_YEAR}-02-29)$"
# the message yaml-language-server shows when the pattern fails (JSON Schema ignores the keyword)
DATE_MESSAGE = "Not a real date: write YYYY-MM-DD with a day the month has (e.g. 2027-06-01)"
# instead of yaml-language-server's list of every valid code
CODE_MESSAGES = {
    "country": "Not a country code: write its two capital letters, e.g. CN (China), LA (Laos), TH",
    "currency": "Not a currency code: write its three capital letters, e.g. CNY (人民币), USD, LAK",
}
AMOUNT_KEYS_MESSAGE = (
    "Only `amount` and `currency` go here; write the amount without thousands separators, "
    "e.g. {amount: 100000.00, currency: CNY}"
)


def schema_json() -> str:
    schema = Spec.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Cooperation agreement spec"
    schema = _with_codes(schema)
    # roles A, B, C in order (inside allOf: a `prefixItems` next to `items` would exempt them)
    schema["properties"]["parties"]["allOf"] = [
        {"prefixItems": [{"properties": {"role": {"const": role}}} for role in ("A", "B", "C")]}
    ]
    schema["allOf"] = _kind_rules() + _language_rules(schema)
    # `{amount: 100,000, currency: CNY}` reads as amount 100 and a key `000` without a value,
    # which yaml-language-server skips in additionalProperties; it does check propertyNames
    money = schema["$defs"]["Money"]
    money["propertyNames"] = {"enum": sorted(money["properties"]), "errorMessage": AMOUNT_KEYS_MESSAGE}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def ensure_schema(path: Path) -> bool:
    """Write the schema to `path` when it is missing or an older generated one; True if written.
    A file there that is not a generated schema is left alone."""
    from .files import write_atomic

    text = schema_json()
    if path.is_file():
        current = path.read_text(encoding="utf-8", errors="replace")
        if current == text or '"title": "Cooperation agreement spec"' not in current:
            return False
    write_atomic(path, text.encode("utf-8"))
    return True


def _kind_rules() -> list[dict]:
    """An agreement has the section named after its kind and no other kind's or document's
    section; a memorandum or supplementary agreement has its own section and no kind's."""
    kinds = [kind.section for kind in KINDS.values()]
    documents = [document.section for document in DOCUMENTS.values() if document.section]
    agreement = [{"not": {"required": ["document"]}}, {"properties": {"document": {"const": "agreement"}}}]
    return [
        {
            "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"], "anyOf": agreement},
            "then": {
                "required": [kind.section],
                "properties": {
                    other: {"type": "null"} for other in kinds + documents if other != kind.section
                },
            },
        }
        for kind in KINDS.values()
    ] + [
        {
            "if": {"properties": {"document": {"const": document.name}}, "required": ["document"]},
            "then": {
                "required": [document.section],
                "properties": {
                    other: {"type": "null"} for other in kinds + documents if other != document.section
                },
            },
        }
        for document in DOCUMENTS.values()
        if document.section
    ]


def _language_rules(schema: dict) -> list[dict]:
    """For each language: every text has it when `languages` lists it, and lacks it when not;
    a prevailing language is one of the agreement's."""
    rules = []
    for tag in SUPPORTED:
        listed = {"properties": {"languages": {"contains": {"const": tag}}}, "required": ["languages"]}
        unlisted = {
            "properties": {"languages": {"not": {"contains": {"const": tag}}}},
            "required": ["languages"],
        }
        rules.append({"if": listed, "then": _texts(schema, schema, {"required": [tag]})})
        rules.append({"if": unlisted, "then": _texts(schema, schema, {"not": {"required": [tag]}})})
        rules.append(
            {
                "if": {
                    "properties": {"prevailing_language": {"const": tag}},
                    "required": ["prevailing_language"],
                },
                "then": listed,
            }
        )
    return rules


def _texts(root: dict, node: Any, rule: dict, seen: frozenset[str] = frozenset()) -> dict | None:
    """A schema that applies `rule` to every Text below `node`, or None when there is none."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return (
            rule
            if name == "Text"
            else None
            if name in seen
            else _texts(root, root["$defs"][name], rule, seen | {name})
        )
    for key in ("anyOf", "oneOf"):
        for branch in node.get(key, []):
            found = _texts(root, branch, rule, seen)
            if found:
                return found
    shape: dict = {}
    properties = {
        name: found
        for name, sub in node.get("properties", {}).items()
        if (found := _texts(root, sub, rule, seen))
    }
    if properties:
        shape["properties"] = properties
    if (items := _texts(root, node.get("items"), rule, seen)) is not None:
        shape["items"] = items
    if (values := _texts(root, node.get("additionalProperties"), rule, seen)) is not None:
        shape["additionalProperties"] = values
    return shape or None


def _with_codes(node: Any) -> Any:
    """The CLDR codes where a type asks for them ("x-codes"), real dates where a date is asked
    for, and no pydantic-only keywords."""
    if isinstance(node, dict):
        if node.get("format") == "date":
            node = node | {"pattern": REAL_DATE, "patternErrorMessage": DATE_MESSAGE}
        if "x-codes" in node:
            codes = country_codes() if node["x-codes"] == "country" else currency_codes()
            return {key: value for key, value in node.items() if key != "x-codes"} | {
                "enum": sorted(codes),
                "errorMessage": CODE_MESSAGES[node["x-codes"]],
            }
        return {
            key: _with_codes(value)
            for key, value in node.items()
            if key not in ("ge", "decimal_places", "max_digits")
            and not (key == "pattern" and str(value).startswith("^(?!^[-+.]*$)"))
        }
    if isinstance(node, list):
        return [_with_codes(item) for item in node]
    return node
