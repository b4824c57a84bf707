"""What a translator's reviewer marked `reviewed` in an imported file, per unit and language.

templates/reviews/<tag>.translators.yaml holds, for each unit id, the hashes of the source and of
the target the reviewer saw; the unit is `reviewed` while both still match. This is the agency's
review, not a qualified reader's: only `agreements review` (reviews.py) makes a text `final`,
the state a final agreement needs.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import TemplateError
from .templates import Templates


def states_path(language: str) -> str:
    return f"reviews/{language}.translators.yaml"


def read_states(language: str, templates: Templates) -> dict[str, tuple[str, str]]:
    """unit id -> (source hash, target hash) the translator's reviewer saw. No file: none."""
    found_file = templates.data_file(states_path(language), "translator review states")
    if found_file is None:
        return {}
    path, data = found_file
    found = {}
    for unit_id, entry in (data.get("reviewed") or {}).items():
        if not isinstance(entry, dict) or not {"source", "target"} <= set(entry):
            raise TemplateError(f"{path}: reviewed: {unit_id}: give source and target")
        found[str(unit_id)] = (str(entry["source"]), str(entry["target"]))
    return found


def render_states(language: str, states: dict[str, tuple[str, str]]) -> bytes:
    lines = [
        f"# {language}: units a translator's reviewer marked reviewed (agreements translations import)\n"
    ]
    if states:
        lines.append("reviewed:\n")
        for unit_id, (source, target) in sorted(states.items()):
            lines.append(f"  {json.dumps(unit_id)}: {{source: {source}, target: {target}}}\n")
    return "".join(lines).encode()


def state_file(workspace: Path, language: str) -> Path:
    return workspace / "templates" / states_path(language)
