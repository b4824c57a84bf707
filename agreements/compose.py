"""Spec -> Document: render every clause in every language, number the articles once."""

from __future__ import annotations

import re

from .clauses import VALUE_NEWLINE, Clause, evaluate_when, library, outline, render
from .document import Block, Document, Paragraph, Section, Signatory, SignatureLine, Table
from .errors import TemplateError
from .formatting import Formatter
from .labels import Labels
from .model import Spec
from .templates import BUILTIN, Templates


def effective_layout(spec: Spec) -> tuple[str, str]:
    """The layout to use, and a note when it differs from the one the spec asks for."""
    count = len(spec.languages)
    if spec.layout == "side-by-side" and count > 2:
        return "interleaved", (
            f"side-by-side holds two languages; this agreement has {count}, "
            "so each article is given in every language in turn (interleaved)"
        )
    if spec.layout != "sequential" and count == 1:
        return "sequential", "a one-language agreement is laid out as plain text (sequential)"
    return spec.layout, ""


def compose(spec: Spec, templates: Templates = BUILTIN) -> Document:
    """The document of `spec`, its clauses and labels found along `templates`."""
    layout, note = effective_layout(spec)
    labels = {language: Labels(language, templates) for language in spec.languages}
    contexts = {language: template_context(spec, language, labels[language]) for language in spec.languages}
    kept = {language: _record_values(contexts[language]) for language in spec.languages}
    clauses = _included(spec, contexts[spec.languages[0]], templates)
    sections = []
    counters = {"article": 0, "annex": 0}
    for clause in clauses:
        number = None
        if clause.role in counters:
            counters[clause.role] += 1
            number = counters[clause.role]
        sections.append(_section(clause, number, spec.languages, contexts, labels))
    return Document(
        id=spec.id,
        revision=spec.revision,
        status=spec.status,
        kind=spec.kind,
        languages=tuple(spec.languages),
        layout=layout,
        layout_note=note,
        title={lang: spec.title[lang] for lang in spec.languages},
        labels={lang: _document_labels(labels[lang], spec) for lang in spec.languages},
        sections=tuple(sections),
        signatories=tuple(_signatory(spec, party.role, labels) for party in spec.parties),
        signing_line={
            lang: labels[lang].get(
                "Signed at {place} on {date}",
                place=spec.signing.place[lang],
                date=contexts[lang]["date"](spec.signing.date),
            )
            for lang in spec.languages
        },
        keep_together={lang: _keep_together(spec, lang, kept[lang], sections) for lang in spec.languages},
    )


# values a line must not break inside, as the formatters wrote them
_KEPT_VALUES = ("money", "date", "percent", "years", "months", "weeks", "days", "role")


def _record_values(context: dict) -> set[str]:
    """Wrap the context's value formatters so that every value they write is remembered."""
    found: set[str] = set()

    def recorder(function):
        def formatted(*args, **kwargs):
            text = function(*args, **kwargs)
            found.add(text)
            return text

        return formatted

    for name in _KEPT_VALUES:
        context[name] = recorder(context[name])
    return found


def _keep_together(spec: Spec, language: str, values: set[str], sections) -> tuple[str, ...]:
    """Amounts, dates, durations, party roles, phone numbers and article labels of one language,
    longest first. A value with a part in brackets (人民币壹万元整（CNY 10,000.00）) is kept as its
    two parts: a line may break before the bracket."""
    texts = set(values)
    texts.update(party.contact.phone for party in spec.parties if party.contact and party.contact.phone)
    texts.update(section.label[language] for section in sections)
    pieces = {piece.strip() for text in texts for piece in _BEFORE_BRACKET.split(text)}
    return tuple(sorted((p for p in pieces if len(p) > 1), key=lambda p: (-len(p), p)))


_BEFORE_BRACKET = re.compile(r"(?=[(（])")


def _included(spec: Spec, context: dict, templates: Templates) -> list[Clause]:
    clauses = library(templates)
    chosen = []
    for clause_id in outline(spec.kind, templates):
        if clause_id not in clauses:
            raise TemplateError(
                f"the {spec.kind} outline names clause {clause_id!r}, which is not in templates/clauses/"
            )
        if evaluate_when(clauses[clause_id], context):
            chosen.append(clauses[clause_id])
    return chosen


def _section(clause: Clause, number: int | None, languages, contexts, labels) -> Section:
    label, heading, body = {}, {}, {}
    for language in languages:
        context = contexts[language]
        label[language] = _label(clause.role, number, labels[language], context)
        heading[language] = render(clause, language, "title", context).strip()
        body[language] = blocks(render(clause, language, "text", context))
    return Section(clause.id, clause.role, number, label, heading, body)


def _label(role: str, number: int | None, labels: Labels, context: dict) -> str:
    if role == "article":
        return labels.get("Article {number}", number=context["f"].ordinal_article(number))
    if role == "annex":
        return labels.get("Annex {number}", number=context["f"].number(number))
    return ""


def blocks(text: str) -> tuple[Block, ...]:
    """Each non-empty line is a paragraph; consecutive `|` lines are a table."""
    result: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            rows.append(tuple(cell.strip() for cell in line[1:-1].split("|")))
            continue
        if rows:
            result.append(Table(tuple(rows)))
            rows = []
        if line:
            result.append(Paragraph(line.replace(VALUE_NEWLINE, "\n")))
    if rows:
        result.append(Table(tuple(rows)))
    return tuple(result)


def template_context(spec: Spec, language: str, labels: Labels) -> dict:
    """What clause texts can use, bound to one language."""
    f = Formatter(language)

    def t(text) -> str:
        return text[language]

    def role(code: str) -> str:
        return labels.get(f"Party {code}")

    def party(code: str) -> str:
        return spec.party(code).name[language]

    return {
        "spec": spec,
        "coop": spec.cooperation,
        "lang": language,
        "f": f,
        "t": t,
        "role": role,
        "party": party,
        "label": labels.get,
        "money": f.money,
        "date": f.date,
        "number": f.number,
        "percent": f.percent,
        "years": lambda n: f.duration(n, "year"),
        "months": lambda n: f.duration(n, "month"),
        "weeks": lambda n: f.duration(n, "week"),
        "days": lambda n: f.duration(n, "day"),
        "country": f.country,
        "jurisdiction": lambda code: labels.jurisdiction(code, f),
        "language_name": f.language_name,
        "join": f.join,
    }


def _document_labels(labels: Labels, spec: Spec) -> dict[str, str]:
    return {
        "draft": labels.get("DRAFT"),
        "page": labels.get("Page {page} of {pages}", page="{page}", pages="{pages}"),
        "revision": labels.get("Revision {revision}", revision=spec.revision),
        "signature": labels.get("Signature"),
        "seal": labels.get("Seal"),
        "date": labels.get("Date"),
        "no_text_below": labels.get("[The remainder of this page is intentionally left blank]"),
    }


def _signatory(spec: Spec, role: str, labels: dict[str, Labels]) -> Signatory:
    party = spec.party(role)
    representative = party.representative

    def line(field: str, label: str, value=lambda get, language: "") -> SignatureLine:
        text = {}
        for language in spec.languages:
            get = labels[language].get
            text[language] = get("{label}: {value}", label=get(label), value=value(get, language)).rstrip()
        return SignatureLine(field, text, Signatory.mark_key(role, field))

    return Signatory(
        role,
        (
            line("party", f"Party {role}", lambda get, language: party.name[language]),
            line(
                "signatory",
                "Authorised signatory",
                lambda get, language: get(
                    "{name}, {title}",
                    name=representative.name[language],
                    title=representative.title[language],
                ),
            ),
            line("signature", "Signature"),
            line("seal", "Seal", lambda get, language: get("(official seal)")),
            line("date", "Date"),
        ),
    )
