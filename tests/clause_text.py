"""The text of one article of a composed spec, per language: what a reader of the agreement sees."""

from __future__ import annotations

from agreements.compose import compose
from agreements.document import Paragraph
from agreements.formatting import Formatter
from agreements.integrity import check_document
from agreements.model.types import Money
from tests.conftest import parse


def articles(text: str) -> dict[str, dict[str, str]]:
    """clause id -> language -> the article's heading and paragraphs, one per line, after the
    integrity check (numbers and paragraphs agree across languages)."""
    spec = parse(text)
    document = compose(spec)
    check_document(document, spec)
    return {
        section.clause_id: {
            language: "\n".join(
                [section.heading[language]]
                + [
                    b.text if isinstance(b, Paragraph) else " | ".join(map(" | ".join, b.rows))
                    for b in blocks
                ]
            )
            for language, blocks in section.body.items()
        }
        for section in document.sections
    }


def money(language: str, amount: str, currency: str) -> str:
    """An amount as the agreement writes it in that language."""
    return Formatter(language).money(Money.model_validate({"amount": amount, "currency": currency}))
