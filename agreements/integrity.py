"""Checks across languages before anything is laid out: clause parity and numbers.

A clause that is empty in one language, or says 60 where its translation says 30, is a
translation defect that a reader of one language alone would never see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from babel.numbers import get_decimal_symbol, get_group_symbol

from .document import Document, Paragraph, Section
from .errors import Problem, TemplateError
from .formatting import Formatter
from .languages import LANGUAGES
from .model import Money, Spec, Text, walk


def check_document(document: Document, spec: Spec) -> None:
    """Raise TemplateError listing every section whose languages disagree."""
    values = [value for _, value in walk(spec)]
    dates = [value for value in values if isinstance(value, dt.date)]
    dates.append(spec.term.last_day)  # computed, and printed by the term article
    amounts = [value for value in values if isinstance(value, Money)]
    # Not compared: dates (their digits are ordered differently per language), amounts (made from
    # one value; in words some languages add the cents as 50/100) and the spec's own texts, whose
    # numbers may differ by language ("Building 3" / 三号楼). Longest first.
    ignored = {}
    for language in document.languages:
        formatter = Formatter(language)
        ignored[language] = sorted(
            [formatter.date(date) for date in dates]
            + [formatter.money(amount) for amount in amounts]
            + [v.root[language] for v in values if isinstance(v, Text) and language in v.root]
            # articles of another document cited by number: 第五条 / Article 5
            + [
                document.labels[language]["article"].format(number=formatter.ordinal_article(number))
                for number in spec.cited_articles
            ],
            key=len,
            reverse=True,
        )
    problems = []
    for section in document.sections:
        problems += _parity(section)
        problems += _numbers(section, ignored)
    if problems:
        raise TemplateError(f"{document.id}: the languages of the agreement disagree", problems)


def _where(section: Section) -> str:
    return section.source or f"templates/clauses/{section.clause_id}.yaml"


def _parity(section: Section) -> list[Problem]:
    sizes = {language: len(blocks) for language, blocks in section.body.items()}
    if len(set(sizes.values())) == 1:
        return []
    shown = ", ".join(f"{language}: {count}" for language, count in sizes.items())
    return [
        Problem(
            _where(section),
            1,
            1,
            f"clause {section.clause_id} renders a different number of paragraphs per language ({shown})",
            severity="error",
        )
    ]


def _numbers(section: Section, ignored: dict[str, list[str]]) -> list[Problem]:
    found = {}
    for language, blocks in section.body.items():
        text = " ".join(
            block.text if isinstance(block, Paragraph) else " ".join(sum(block.rows, ())) for block in blocks
        )
        for value in ignored[language]:
            text = text.replace(value, " ")
        found[language] = numbers_in(text, language)
    reference_language, reference = next(iter(found.items()))
    problems = []
    for language, numbers in found.items():
        if numbers != reference:
            missing = sorted(format(n, "f") for n in (reference - numbers).elements())
            extra = sorted(format(n, "f") for n in (numbers - reference).elements())
            problems.append(
                Problem(
                    _where(section),
                    1,
                    1,
                    f"clause {section.clause_id}: numbers differ between "
                    f"{reference_language} and {language} (only in "
                    f"{reference_language}: {missing or '-'}; only in {language}: "
                    f"{extra or '-'}); the numbers may come from the clause "
                    "text or from the spec's texts in those languages",
                )
            )
    return problems


def numbers_in(text: str, language: str) -> Counter:
    """The numbers a text states, read with the language's separators."""
    info = LANGUAGES[language]
    system = info.numbering_system  # \d and Decimal read every system's digits
    group = get_group_symbol(info.locale, numbering_system=system)
    decimal = get_decimal_symbol(info.locale, numbering_system=system)
    pattern = rf"\d[\d{re.escape(group)}\u00a0\u202f]*(?:{re.escape(decimal)}\d+)?"
    numbers: Counter = Counter()
    for match in re.finditer(pattern, text):
        token = match.group().rstrip(group + "\u00a0\u202f")
        token = re.sub(rf"[{re.escape(group)}\u00a0\u202f]", "", token).replace(decimal, ".")
        try:
            numbers[Decimal(token).normalize()] += 1
        except InvalidOperation:
            continue
    return numbers
