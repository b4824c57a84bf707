"""Spec -> Document: render every clause in every language, number the articles once."""

from __future__ import annotations

from .clauses import VALUE_NEWLINE, Clause, evaluate_when, library, outline_at, render
from .document import Block, Document, Paragraph, Section, Table
from .documents import DOCUMENTS, outline_template
from .errors import TemplateError
from .formatting import Formatter
from .inflection import Inflected
from .kept import keep_together, longest_first, proper_nouns, record_values
from .labels import Labels
from .model import Spec
from .model.bespoke import BespokeAnnex, BespokeArticle
from .signatures import signatory, signing_line
from .template_data import Record, helpers, template_data
from .templates import BUILTIN, Templates
from .words import title_words

BESPOKE = "the spec's bespoke {what} {id!r}"  # where a bespoke section's text comes from


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
    kept = {language: record_values(contexts[language]) for language in spec.languages}
    parts = _arranged(spec, _included(spec, contexts[spec.languages[0]], templates), templates)
    sections = []
    counters = {"article": 0, "annex": 0}
    for part in parts:
        number = None
        if part_role(part) in counters:
            counters[part_role(part)] += 1
            number = counters[part_role(part)]
        if isinstance(part, Clause):
            sections.append(_section(part, number, spec.languages, contexts, labels))
        else:
            sections.append(_bespoke_section(part, number, spec.languages, contexts, labels))
    keep = {lang: keep_together(spec, lang, kept[lang], sections) for lang in spec.languages}
    return Document(
        id=spec.id,
        revision=spec.revision,
        status=spec.status,
        kind=spec.kind,
        languages=tuple(spec.languages),
        layout=layout,
        layout_note=note,
        title={lang: spec.title[lang] for lang in spec.languages},
        labels={lang: _document_labels(labels[lang], spec, contexts[lang]["number"]) for lang in contexts},
        sections=tuple(sections),
        signatories=tuple(signatory(spec, party, labels) for party in spec.parties),
        signing_line=signing_line(spec, labels),
        keep_together=keep,
        unhyphenated={lang: proper_nouns(spec, lang, sections) for lang in spec.languages},
        keep_in_title={
            lang: longest_first({*keep[lang], *title_words(spec.title[lang], lang)}) for lang in keep
        },
        # last: evaluated after every label above was looked up
        used_labels={lang: frozenset(labels[lang].used) for lang in spec.languages},
    )


Part = Clause | BespokeArticle | BespokeAnnex


def part_role(part: Part) -> str:
    if isinstance(part, Clause):
        return part.role
    return "article" if isinstance(part, BespokeArticle) else "annex"


def _arranged(spec: Spec, clauses: list[Clause], templates: Templates) -> list[Part]:
    """The library's clauses with each bespoke article after the clause it names (a clause this
    agreement leaves out keeps its place in the outline), and the free-text annexes last."""
    order = outline_at(outline_template(spec.document, spec.kind), templates)
    included = {clause.id for clause in clauses}
    parts: list[Part] = []
    anchors: dict[str, str] = {}  # bespoke id or outline id -> the included part it stands after
    last = None
    for clause_id in order:
        if clause_id in included:
            last = clause_id
        anchors[clause_id] = last
    placed: dict[str | None, list[BespokeArticle]] = {}
    for article in spec.articles:
        if article.after not in anchors:
            raise TemplateError(
                f"{BESPOKE.format(what='article', id=article.id)} follows {article.after!r}, "
                "which is neither a clause of the outline nor an earlier bespoke article"
            )
        placed.setdefault(anchors[article.after], []).append(article)
        anchors[article.id] = anchors[article.after]
    parts += placed.get(None, [])
    for clause in clauses:
        if clause.role == "annex":
            continue
        parts.append(clause)
        parts += placed.get(clause.id, [])
    parts += [clause for clause in clauses if clause.role == "annex"]
    parts += spec.annexes
    return parts


def _bespoke_section(part, number: int, languages, contexts, labels) -> Section:
    role = part_role(part)
    label = {language: _label(role, number, labels[language], contexts[language]) for language in languages}
    return Section(
        part.id,
        role,
        number,
        label,
        {language: part.title[language] for language in languages},
        {
            language: tuple(Paragraph(line) for line in part.text.paragraphs(language))
            for language in languages
        },
        source=BESPOKE.format(what=role, id=part.id),
    )


def _included(spec: Spec, context: dict, templates: Templates) -> list[Clause]:
    clauses = library(templates)
    chosen = []
    for clause_id in outline_at(outline_template(spec.document, spec.kind), templates):
        if clause_id not in clauses:
            raise TemplateError(
                f"the {spec.document} outline of kind {spec.kind} names clause {clause_id!r}, "
                "which is not in templates/clauses/"
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
            result.append(Paragraph(line.replace(VALUE_NEWLINE, "\n"), keep_with_next=_introduces(line)))
    if rows:
        result.append(Table(tuple(rows)))
    return tuple(result)


def _introduces(line: str) -> bool:
    """A paragraph that ends with a colon ("修改为：") or opens a quotation it does not close (the
    quoted title of an amended article) belongs with the paragraph after it."""
    if line.endswith((":", "：")):
        return True
    closing = _QUOTATION_MARKS.get(line[:1])
    return closing is not None and closing not in line[1:]


# opening quotation marks and their closing ones, in the partner languages' styles
_QUOTATION_MARKS = {"“": "”", "«": "»", "„": "“", "「": "」", "‘": "’"}


def template_context(spec: Spec, language: str, labels: Labels) -> dict:
    """What clause texts and `when:` lines can use, bound to one language: the spec as data (never
    the model, see template_data.py) and helper functions."""
    f = Formatter(language)
    data = template_data(spec)

    def t(text) -> str:
        return text[language]

    def role(code: str) -> Inflected:
        return labels.inflected(f"Party {code}")  # {{ role('A').dative }}: a form of it

    def party(code: str) -> str:
        return spec.party(code).name[language]

    return {
        "spec": data,
        "coop": data.cooperation,
        "parties": Record({party.role: party for party in data.parties}),  # parties["B"].country
        "lang": language,
        "f": helpers(f),
        "t": t,
        "role": role,
        "party": party,
        "label": labels.get,
        "money": f.money,
        "date": f.date,
        "number": f.number,
        "digits": f.digits,  # a number printed bare ({{ n.i }}) in the language's digits
        "percent": f.percent,
        "years": lambda n: f.duration(n, "year"),
        "months": lambda n: f.duration(n, "month"),
        "weeks": lambda n: f.duration(n, "week"),
        "days": lambda n: f.duration(n, "day"),
        "hours": lambda n: f.duration(n, "hour"),
        "country": f.country,
        "currency_name": f.currency_name,
        "jurisdiction": lambda code: labels.jurisdiction(code, f),
        "language_name": f.language_name,
        "join": f.join,
        "this": labels.inflected(DOCUMENTS[spec.document].noun),  # {{ this.genitive }}: a form of it
        "This": labels.inflected(DOCUMENTS[spec.document].noun_capital),
        "article": lambda number: labels.get("Article {number}", number=f.ordinal_article(number)),
    }


def _document_labels(labels: Labels, spec: Spec, number) -> dict[str, str]:
    """`number` writes the revision in the language's digits (ការកែសម្រួលលើកទី ១)."""
    return {
        "draft": labels.get("DRAFT"),
        "page": labels.get("Page {page} of {pages}", page="{page}", pages="{pages}"),
        "revision": labels.get("Revision {revision}", revision=number(spec.revision)),
        "signature": labels.get("Signature"),
        "seal": labels.get("Seal"),
        "date": labels.get("Date"),
        "article": labels.get("Article {number}", number="{number}"),
        "no_text_below": labels.get("(No further text below)"),
    }
