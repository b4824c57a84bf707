"""Every partner language composes every kind and document type: the samples of each kind, with
their texts in one language carried over to each partner language, compose, pass the check that
compares numbers and paragraphs across languages, and lay out as HTML (the samples themselves are
built in every layout, DOCX and PDF, by test_layout and test_samples)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from babel import Locale

from agreements.compose import compose
from agreements.html_writer import render_html
from agreements.integrity import check_document
from agreements.languages import LANGUAGES
from agreements.validate import read_spec
from tests.test_partner_languages import NEW

SPECS = Path(__file__).resolve().parent.parent / "specs"
# one sample per kind and document type: the language it replaces, and the language whose texts
# stand in for the new one's (the supplementary agreement's own paragraphs cite article numbers and
# amounts, so its Chinese stands in: the same numbers in both languages)
SOURCES = {
    "jinjihu-pennine-mechatronics": ("en", "en"),  # university-university, three parties
    "nanshan-xinchuang-battery": ("en", "en"),  # university-enterprise
    "yangjiang-morowali-nickel-order": ("id", "id"),  # order-based training
    "nanshan-seaboard-mou": ("en", "en"),  # memorandum
    "nanshan-xinchuang-supplementary-1": ("en", "zh-Hans"),  # supplementary agreement
}


def carried_over(node, replaced: str, source: str, language: str):
    """The spec data in `language` instead of `replaced`: per-language texts taken from `source`,
    and the language named where `replaced` was (languages, prevailing language ...)."""
    if isinstance(node, dict):
        out = {key: carried_over(value, replaced, source, language) for key, value in node.items()}
        if "zh-Hans" in node and replaced in node:
            out.pop(replaced)
            # a stand-in text with its amounts as bare digits: "4,500.00" reads 4.5 in vi, id, ru ...
            out[language] = re.sub(r"(?<=\d),(?=\d{3})|(?<=\d)\.00\b", "", node[source])
        return out
    if isinstance(node, list):
        return [carried_over(item, replaced, source, language) for item in node]
    return language if node == replaced else node


def partner_spec(name: str, language: str) -> dict:
    """The data of sample `name` with `language` in place of its own (SOURCES)."""
    replaced, source = SOURCES[name]
    data = yaml.safe_load((SPECS / f"{name}.yaml").read_text(encoding="utf-8"))
    if language != replaced:
        data = carried_over(data, replaced, source, language)
        # a party in a country whose law requires the replaced language moves to the new one's
        # (an Indonesian party needs the agreement in Indonesian: Law No. 24 of 2009)
        home = Locale.parse(LANGUAGES[language].locale).territory
        for party in data["parties"]:
            if party["country"] in LANGUAGES[replaced].required_in:
                party["country"] = home
    return data


@pytest.mark.parametrize("language", NEW)
@pytest.mark.parametrize("name", SOURCES)
def test_every_partner_language_composes_every_kind(name, language, tmp_path):
    data = partner_spec(name, language)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    spec = read_spec(path)
    document = compose(spec)
    assert list(document.languages) == list(spec.languages) and language in spec.languages
    check_document(document, spec)  # numbers, dates and paragraphs the same in both languages
    html = render_html(document, created=dt.datetime(2027, 1, 1))
    assert f'lang="{language}"' in html
    assert all(section.body[language] for section in document.sections if section.role != "preamble")
