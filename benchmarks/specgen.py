"""Generate varied specs from the samples in specs/, for the benchmarks.

Each generated spec starts from one sample (in turn) and varies, deterministically from its number:
the id, revision and status; every date (moved by whole years); every amount (scaled); the
languages (a subset that keeps Chinese, with the prevailing language adjusted); the layout; and
the optional articles (confidentiality, intellectual property, personal data). Every generated spec
is checked with the library's own validator; a variation that makes a spec invalid is dropped for
that spec (the spec is generated again with fewer variations), never written.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "specs"
LAYOUTS = ("side-by-side", "sequential", "interleaved")
OPTIONAL_CLAUSES = ("confidentiality", "intellectual_property", "personal_data")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
HEADER = "# yaml-language-server: $schema=../schema/agreement.schema.json\n"


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


def _load(path: Path) -> dict:
    from agreements.loader import load_spec_file

    return load_spec_file(path).data


def _is_language_map(value, languages) -> bool:
    return (
        isinstance(value, dict)
        and value
        and set(value) <= set(languages)
        and all(isinstance(v, str) for v in value.values())
    )


def _walk(value, fn):
    """Apply fn to every dict and list node (bottom-up) and return the new tree."""
    if isinstance(value, dict):
        return fn({k: _walk(v, fn) for k, v in value.items()})
    if isinstance(value, list):
        return fn([_walk(v, fn) for v in value])
    return fn(value)


def _vary(
    data: dict, number: int, stem: str, rng: random.Random, *, languages: bool, clauses: bool, layout: bool
) -> dict:
    data = dict(data)
    data["id"] = f"{stem[:40]}-g{number:03d}"
    data["revision"] = str(rng.randint(1, 9))
    rng.choice(["draft", "final"])  # kept: the same random sequence as before
    data["status"] = "draft"  # final needs reviewed translations (agreements/reviews.py); none are
    years = rng.randint(0, 3)
    factor = Decimal(rng.choice(["0.5", "0.75", "1", "1.25", "2", "3"]))
    all_languages = list(data["languages"])
    if languages and len(all_languages) > 1:
        choices = [all_languages] + [["zh-Hans", other] for other in all_languages if other != "zh-Hans"]
        keep = rng.choice(choices)
    else:
        keep = all_languages

    def change(node):
        if isinstance(node, str):
            match = DATE.match(node)
            if match:
                return f"{int(match.group(1)) + years:04d}-{match.group(2)}-{match.group(3)}"
            return node
        if isinstance(node, dict):
            if set(node) >= {"amount", "currency"} and isinstance(node["amount"], str):
                amount = (Decimal(node["amount"]) * factor).quantize(Decimal("0.01"))
                return {**node, "amount": str(amount)}
            if _is_language_map(node, all_languages) and set(node) == set(all_languages):
                return {k: v for k, v in node.items() if k in keep}
        return node

    data = _walk(data, change)
    data["languages"] = keep
    if data.get("prevailing_language") not in (None, "equally-authentic", *keep):
        data["prevailing_language"] = "equally-authentic"
    if layout:
        data["layout"] = LAYOUTS[(number + rng.randint(0, 2)) % len(LAYOUTS)]
    if clauses and isinstance(data.get("clauses"), dict):
        data["clauses"] = {
            k: v for k, v in data["clauses"].items() if k not in OPTIONAL_CLAUSES or rng.random() < 0.6
        }
    return data


def _valid(data: dict, name: str) -> bool:
    from agreements.errors import AgreementError
    from agreements.validate import read_spec_bytes

    try:
        read_spec_bytes(dump(data), name)
        return True
    except AgreementError:
        return False


class _Dumper(yaml.SafeDumper):
    """Texts of several lines as literal blocks (as a clerk writes them), not as quoted scalars."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return (HEADER + text).encode("utf-8")


def generate(folder: Path, count: int, *, seed: int = 2026) -> list[Path]:
    """Write `count` varied, valid specs into folder; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = [(path.stem, _load(path)) for path in samples()]
    paths = []
    for number in range(1, count + 1):
        stem, base = bases[(number - 1) % len(bases)]
        for variations in (
            {"languages": True, "clauses": True, "layout": True},
            {"languages": False, "clauses": True, "layout": True},
            {"languages": False, "clauses": False, "layout": True},
            {"languages": False, "clauses": False, "layout": False},
        ):
            data = _vary(base, number, stem, random.Random(seed * 1000 + number), **variations)
            path = folder / f"{data['id']}.yaml"
            if _valid(data, str(path)):
                break
        else:
            raise RuntimeError(f"cannot generate a valid variant of {stem}")
        path.write_bytes(dump(data))
        paths.append(path)
    return paths


def revisions(folder: Path, sample: Path) -> tuple[Path, Path]:
    """Two revisions of one sample for the diff benchmark: B changes terms, texts and articles."""
    folder.mkdir(parents=True, exist_ok=True)
    old = _load(sample)
    new = _walk(dict(old), lambda node: node)
    new["revision"] = str(int(old["revision"]) + 1)
    field = next((f for f in ("years", "months", "notice_months") if f in old["term"]), None)
    if field:
        new["term"] = {**new["term"], field: str(int(old["term"][field]) + 1)}
    else:  # a term with an end date and no termination notice: change the negotiation instead
        disputes = new["clauses"]["disputes"]
        new["clauses"] = {**new["clauses"], "disputes": {**disputes, "negotiation_days": "45"}}
    new["purpose"] = {
        lang: text
        + (
            " 双方另行约定年度计划。"
            if lang == "zh-Hans"
            else " An annual plan is agreed separately."
            if lang == "en"
            else " ແຜນປະຈຳປີຕົກລົງແຍກຕ່າງຫາກ."
        )
        for lang, text in old["purpose"].items()
    }

    def scale(node):
        if isinstance(node, dict) and set(node) >= {"amount", "currency"}:
            return {
                **node,
                "amount": str((Decimal(node["amount"]) * Decimal("1.2")).quantize(Decimal("0.01"))),
            }
        return node

    new = _walk(new, scale)
    if isinstance(new.get("clauses"), dict) and "confidentiality" in new["clauses"]:
        new["clauses"] = {k: v for k, v in new["clauses"].items() if k != "confidentiality"}
    a, b = folder / f"{old['id']}.r{old['revision']}.yaml", folder / f"{old['id']}.r{new['revision']}.yaml"
    a.write_bytes(sample.read_bytes())
    if not _valid(new, str(b)):
        new = {**old, "revision": new["revision"], "purpose": new["purpose"]}
    b.write_bytes(dump(new))
    return a, b
