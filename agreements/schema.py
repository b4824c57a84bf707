"""JSON Schema of the spec format, generated from the model, for editors (yaml-language-server)."""
from __future__ import annotations

import json

from .model import KIND_SECTIONS, Spec


def schema_json() -> str:
    schema = Spec.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Cooperation agreement spec"
    # the section named after the kind is required
    schema["allOf"] = [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                        "then": {"required": [section]}}
                       for kind, section in KIND_SECTIONS.items()]
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
