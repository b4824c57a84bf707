"""Spec -> Document: render every clause in every language, number the articles once."""

from __future__ import annotations

import re
from functools import lru_cache

from .clauses import VALUE_NEWLINE, Clause, evaluate_when, library, outline_at, render
from .columns import display_width
from .document import Block, Document, Paragraph, Section, Table
from .documents import DOCUMENTS, outline_template
from .errors import TemplateError
from .formatting import Formatter
from .inflection import Inflected
from .labels import Labels
from .languages import LANGUAGES
from .model import DURATION_UNITS, Spec, with_unit
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
    kept = {language: _record_values(contexts[language]) for language in spec.languages}
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
    keep = {lang: _keep_together(spec, lang, kept[lang], sections) for lang in spec.languages}
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
        unhyphenated={lang: _proper_nouns(spec, lang, sections) for lang in spec.languages},
        keep_in_title={
            lang: _longest_first({*keep[lang], *title_words(spec.title[lang], lang)}) for lang in keep
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


# values a line must not break inside, as the formatters wrote them
_KEPT_VALUES = ("money", "date", "percent", "years", "months", "weeks", "days", "hours", "role")


def _record_values(context: dict) -> set[str]:
    """Wrap the context's value formatters so that every value they write is remembered."""
    found: set[str] = set()

    def recorder(function):
        def formatted(*args, **kwargs):
            text = function(*args, **kwargs)
            found.update(text.every_form() if isinstance(text, Inflected) else [text])
            return text

        return formatted

    for name in _KEPT_VALUES:
        context[name] = recorder(context[name])
    return found


def _keep_together(spec: Spec, language: str, values: set[str], sections) -> tuple[str, ...]:
    """Amounts, dates, durations, party roles, phone numbers, e-mail addresses (never "hr@hq- /
    precision.com.kh"), postcodes and house numbers, the signatories' short names and titles,
    short asides in full-width brackets, compounds with a one-letter part ("e-mail"), article
    labels, and the last characters of the title and of party names (language data:
    title_keep_last) of one language, longest first; a value with a part in brackets as its parts
    (kept_parts)."""
    texts = set(values)
    duration = Formatter(language).duration  # the spec's durations in texts the clerk typed too
    texts.update(duration(n, unit) for unit in DURATION_UNITS for n in with_unit(spec, unit))
    contacts = [party.contact for party in spec.parties if party.contact]
    texts.update(text for contact in contacts for text in (contact.phone, contact.email) if text)
    texts.update(
        code for party in spec.parties for code in (party.credit_code, party.registration_number) if code
    )
    texts.update(code for party in spec.parties for code in party.postcodes(language))
    for pattern in (_HOUSE_NUMBER, _NUMBERED_ABBREVIATION):
        texts.update(n for party in spec.parties for n in pattern.findall(party.address[language]))
    people = [p for party in spec.parties for p in (party.legal_representative, party.representative) if p]
    short = (text for person in people for text in (person.name[language], person.title[language]))
    texts.update(text for text in short if display_width(text) <= _SHORT_NAME)  # never "院 / 长"
    texts.update(section.label[language] for section in sections)
    for text in _block_texts(sections, language):  # amounts and reference numbers the clerk typed
        texts.update(match.group() for match in _INTRODUCED_VALUE.finditer(text))
        texts.update(_SHORT_BRACKETED.findall(text))
        texts.update(counts(text, language))
        texts.update(_ONE_LETTER_COMPOUND.findall(text))
    tail = LANGUAGES[language].title_keep_last
    for text in [spec.title[language], *(party.name[language] for party in spec.parties)]:
        if tail and len(text) > tail:
            texts.add(text[-tail:])
    texts.update(_paragraph_ends(sections, language))
    return _longest_first({piece for text in texts for piece in kept_parts(text)})


def counts(text: str, language: str) -> list[str]:
    """The figures of a text with the word counting them (language data count_units): "2份",
    "20 ຄົນ"."""
    units = LANGUAGES[language].count_units
    if not units:
        return []
    return _count_pattern(tuple(units)).findall(text)


@lru_cache
def _count_pattern(units: tuple[str, ...]) -> re.Pattern:
    words = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    figure = rf"(?<!\d)(?<!\d{_GROUP})\d(?:{_GROUP}?\d)*"  # 1,500 / ١٬٥٠٠ / 1 500, whole
    return re.compile(rf"{figure}[ \u00a0]?(?:{words})")


_GROUP = "[.,\u066b\u066c\u00a0\u202f]"  # separators inside a figure (CLDR: Arabic, Russian)


def _proper_nouns(spec: Spec, language: str, sections) -> tuple[str, ...]:
    """The capitalised words of the parties' names and addresses and of the countries the spec
    gives or its texts name that could be hyphenated: the PDF never hyphenates a name of a party
    or a place ("Guang- / dong", "Thai- / land")."""
    f = Formatter(language)
    written = "\n".join(_block_texts(sections, language))
    countries = [*map(f.country, with_unit(spec, "country")), *(n for n in f.country_names() if n in written)]
    texts = [text for party in spec.parties for text in (party.name[language], party.address[language])]
    return tuple(sorted({word for text in (*texts, *countries) for word in _PROPER_NOUN.findall(text)}))


def _longest_first(pieces) -> tuple[str, ...]:
    return tuple(sorted((p for p in pieces if len(p) > 1), key=lambda p: (-len(p), p)))


def kept_parts(value: str) -> list[str]:
    """What of `value` a line never breaks. A value with a part in brackets (人民币壹万元整（CNY
    10,000.00）) is kept as its parts, a line may break before the bracket; a part longer than
    _WORDS_KEPT, an amount in words ("(satu juta lima ratus ribu Rupiah Indonesia)"), wraps between
    its words like any text, only its figures kept: kept whole, it was cut at a letter in a table."""
    parts = [part.strip() for part in _BEFORE_BRACKET.split(value)]
    if len(parts) == 1:
        return parts
    kept = []
    for part in parts:
        if display_width(part) <= _WORDS_KEPT:
            kept.append(part)
        else:
            kept += [m.group() for m in _TYPED_VALUE.finditer(part)] + _FIGURE.findall(part)
    return kept


_WORDS_KEPT = 24  # display columns
_FIGURE = re.compile(r"\S*\d\S*")  # 50/100 in "…Yuan Tiongkok 50/100)"


def _paragraph_ends(sections, language: str) -> set[str]:
    """The last letters or digits of each paragraph and table cell (language data:
    paragraph_keep_last) with the punctuation after them: "守。" never alone on a last line."""
    letters = LANGUAGES[language].paragraph_keep_last
    if not letters:
        return set()
    ends = set()
    for line in (line for text in _block_texts(sections, language) for line in text.split("\n")):
        found = _last_letters(letters).search(line.rstrip())
        if found and found.start() > 0:
            ends.add(found.group())
    return ends


def _block_texts(sections, language: str):
    """The text of every paragraph and table cell of the sections in one language."""
    for section in sections:
        for block in section.body[language]:
            yield from [c for row in block.rows for c in row] if isinstance(block, Table) else [block.text]


@lru_cache(maxsize=4)
def _last_letters(count: int) -> re.Pattern:
    """`count` letters or digits at the end of a text, each with the punctuation after it."""
    return re.compile(rf"(?:[^\W_](?:[^\w\s]|_)*){{{count}}}$")


_BEFORE_BRACKET = re.compile(r"(?=[(（])")
# a short aside in full-width brackets: （柬埔寨）, （公章）, never "（柬埔 / 寨）"
_SHORT_BRACKETED = re.compile("（[^（）]{1,6}）")
# a compound with a part of one letter: never "e- / mail" (a line end reads "e-" as a cut word)
_ONE_LETTER_COMPOUND = re.compile(r"(?<![\w-])[A-Za-z]-[^\W\d_]+")
# a house number and the character after it in a Chinese address: 兴业大道88号, never "88 / 号"
_HOUSE_NUMBER = re.compile(r"(?<![0-9A-Za-z-])\d+(?:-\d+)?[\u3400-\u9fff]")
# in an address, an abbreviation and the number it introduces ("No. 168", "д. 66", never
# "No. / 168"), and a house number with a slash ("7/128", never "7/ / 128")
_NUMBERED_ABBREVIATION = re.compile(r"(?<!\w)[^\W\d_]{1,3}\. \d[\w/-]*|(?<!\w)\d+/\d+(?!\w)")
# a signatory's name or title this narrow (display width: a Chinese character counts 2) is kept on
# one line ("Chen / Xiaoming" and "Mohd Faizal bin / Abdullah" were cut in the signature block);
# 24 fit a third of the text width, a party's column with three parties
_SHORT_NAME = 24
# a capitalised word long enough to be hyphenated (hyphenate-limit-chars: 8), Latin or Cyrillic
_PROPER_NOUN = re.compile(r"(?<![\w-])[A-ZÀ-ÞĀ-ſЀ-Я][a-zß-ÿĀ-ſа-яё]{7,}(?![\w-])")
# CNY 4,500.00; NSPT-XC-2027-003; 12441700MB2D40618J (letters and digits, hyphens between)
_TYPED_VALUE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{3}[ \u00a0]\d[\d.,\u00a0\u202f]*\d"
    r"|(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])(?:[A-Z0-9]+(?:-[A-Z0-9]+)+|[A-Z0-9]{8,}))(?![A-Za-z0-9])"
)

# a typed value with the abbreviation or short label that introduces it: "No. NSPT-XC-2027-003",
# "编号：NSPT-XC-2027-003" (never "No. / NSPT-…" nor "编号：/ NSPT-…")
_INTRODUCED_VALUE = re.compile(
    r"(?:(?<!\w)[^\W\d_]{1,3}\.[ \u00a0]|(?<![\u3400-\u9fff])[\u3400-\u9fff]{1,3}：)?" + _TYPED_VALUE.pattern
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
