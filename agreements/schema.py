"""JSON Schema of the spec format, generated from the model, for editors (yaml-language-server)."""

from __future__ import annotations

import json

from .documents import DOCUMENTS
from .kinds import KINDS
from .model import Spec


def schema_json() -> str:
    schema = Spec.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Cooperation agreement spec"
    # an agreement needs the section named after its kind (and how disputes are settled); a
    # memorandum or supplementary agreement needs its own section instead
    agreement = {"not": {"required": ["document"]}}, {"properties": {"document": {"const": "agreement"}}}
    schema["allOf"] = [
        {
            "if": {
                "properties": {"kind": {"const": kind.name}},
                "required": ["kind"],
                "anyOf": list(agreement),
            },
            "then": {"required": [kind.section]},
        }
        for kind in KINDS.values()
    ] + [
        {
            "if": {"properties": {"document": {"const": document.name}}, "required": ["document"]},
            "then": {"required": [document.section]},
        }
        for document in DOCUMENTS.values()
        if document.section
    ]
    return json.dumps(_without_decimal_patterns(schema), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _without_decimal_patterns(node):
    """Drop the regex some pydantic versions add to decimal strings (others do not), so the
    committed schema is the same whichever pydantic generated it; the model still checks."""
    if isinstance(node, dict):
        return {
            key: _without_decimal_patterns(value)
            for key, value in node.items()
            if not (key == "pattern" and str(value).startswith("^(?!^[-+.]*$)"))
        }
    if isinstance(node, list):
        return [_without_decimal_patterns(item) for item in node]
    return node
