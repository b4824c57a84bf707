"""Pseudo-localization: en-XA, accented and lengthened English generated from the English texts.

Every string that goes through the language machinery (clause texts, catalog labels) comes out
accented; whatever bypasses it stays plain English and shows up in the test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from agreements.clauses import library, source_hash
from agreements.labels import SOURCE_LANGUAGE, all_messages, catalog_path

TAG = "en-XA"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pseudo-language"
ACCENTS = str.maketrans(
    "abcdefghijklmnoprstuwyzABCDEFGHIJKLMNOPRSTUWYZ", "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥřşŧŭẇẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤŘŞŦŬẆẎẐ"
)
# Jinja blocks and {placeholders} are code: they stay as they are
CODE = re.compile(r"({{.*?}}|{%.*?%}|\{[a-z_]+\})", re.S)
LONGER = re.compile(r"([aeiouAEIOU])")


def pseudo(text: str) -> str:
    """'Article {number}' -> 'Ȧȧřŧīīƈŀḗḗ {number}': accented, vowels doubled (~30 % longer)."""
    parts = CODE.split(text)
    return "".join(
        part if index % 2 else LONGER.sub(r"\1\1", part).translate(ACCENTS)
        for index, part in enumerate(parts)
    )


def write_workspace(folder: Path, tag: str = TAG, fixture: Path = FIXTURE, transform=None) -> Path:
    """A workspace (copy of the fixture) whose templates hold `tag`'s clause texts and catalog,
    each made from the English one by `transform` (default: `pseudo`)."""
    transform = transform or pseudo
    shutil.copytree(fixture, folder)
    clauses = folder / "templates" / "clauses"
    clauses.mkdir(parents=True)
    for clause in library().values():
        english = clause.texts["en"]
        block = {
            "source": source_hash(clause.texts["zh-Hans"]),
            "title": transform(english.title),
            "text": transform(english.text),
        }
        text = clause.path.read_text(encoding="utf-8").rstrip("\n") + f"\n{tag}:\n"
        text += "".join(f"  {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in block.items())
        (clauses / clause.path.name).write_text(text, encoding="utf-8")
    catalog = Catalog(locale="en_GB")
    for message in all_messages():
        catalog.add(message, transform(message))
    path = folder / "templates" / catalog_path(tag)
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    assert SOURCE_LANGUAGE == "en"  # the catalogs' msgids are the English labels
    return folder


LAYOUTS = ("side-by-side", "sequential", "interleaved")


def write_layout_specs(folder: Path, sample: Path, tag: str) -> None:
    """specs/<layout>.yaml in `folder`: the zh-Hans + en `sample` in `tag` instead of English,
    once per layout."""
    text = sample.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages: \[zh-Hans, en\]$", f"languages: [zh-Hans, {tag}]", text)
    text = re.sub(r"(?<=[{\s,])en:", f"{tag}:", text)  # every English text, now in `tag`
    (folder / "specs").mkdir()
    for layout in LAYOUTS:
        variant = re.sub(r"(?m)^id: (.*)$", rf"id: \1-{layout}", text)
        variant = re.sub(r"(?m)^layout: .*$", f"layout: {layout}", variant)
        (folder / "specs" / f"{layout}.yaml").write_text(variant, encoding="utf-8")
