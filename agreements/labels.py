"""Labels and boilerplate strings ("Article {number}", "Seal") from Babel .po catalogs.

The msgid is the English text; templates/locale/<locale>/LC_MESSAGES/agreements.po translates it.
`pybabel extract -F babel.cfg` collects msgids marked with N_() in the package.
"""

from __future__ import annotations

import string
from functools import lru_cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .documents import DOCUMENTS
from .errors import Problem, TemplateError, display_path
from .kinds import KINDS
from .languages import LANGUAGES
from .safe_io import open_template
from .templates import BUILTIN, Templates

SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a label for extraction; the lookup happens in Labels.get."""
    return message


LABELS = [
    N_("Article {number}"),
    N_("Annex {number}"),
    N_("Party A"),
    N_("Party B"),
    N_("Party C"),
    N_("DRAFT"),
    N_("Page {page} of {pages}"),
    N_("Revision {revision}"),
    N_("Signature"),
    N_("Seal"),
    N_("Date"),
    N_("Representative"),
    N_("Address"),
    N_("Contact"),
    N_("E-mail"),
    N_("Phone"),
    N_("Signed at {place} on {date}"),
    N_("Parties"),
    N_("Signatures"),
    N_("(official seal)"),
    N_("Authorised signatory"),
    N_("Chapter {number}"),
    N_("{label}: {value}"),
    N_("{name}, {title}"),
    N_("Changes from revision {old} to revision {new}"),
    N_("Legal representative"),
    N_("Authorised representative"),
    N_("Place of signing"),
    N_("Signed by each Party separately, on the date and at the place in its block"),
    N_("renumbered"),
    N_("[The remainder of this page is intentionally left blank]"),
]


def catalog_path(language: str) -> str:
    return f"locale/{language.replace('-', '_')}/LC_MESSAGES/agreements.po"


@lru_cache(maxsize=16)
def _catalog(language: str, templates: Templates) -> Catalog:
    path = templates.find(catalog_path(language))
    with open_template(path) as handle:  # read under the file policy (safe_io)
        catalog = read_po(handle, locale=LANGUAGES[language].locale)
    catalog.path = path  # type: ignore[attr-defined]
    return catalog


class Labels:
    """Translated labels for one language."""

    def __init__(self, language: str, templates: Templates = BUILTIN):
        self.language = language
        self.catalog = None if language == SOURCE_LANGUAGE else _catalog(language, templates)
        self.used: set[str] = set()  # the messages looked up (for the review check of a final text)

    def get(self, message: str, **values) -> str:
        self.used.add(message)
        text = message
        if self.catalog is not None:
            entry = self.catalog.get(message)
            if entry is None or not entry.string or entry.fuzzy:
                raise TemplateError(
                    f"label {message!r} has no {self.language} translation in "
                    f"{self.catalog.path}; run `agreements lint`"
                )
            text = entry.string
            problem = placeholder_problem(text, message)
            if problem:  # what lint flags is never used: an error naming the catalog's line
                shown, line = display_path(self.catalog.path), entry.lineno or 1
                said = f"the {self.language} translation of {message!r} {problem}; run `agreements lint`"
                raise TemplateError(f"{shown}:{line}: {said}", [Problem(shown, line, 1, said)])
        return _fill(text, values) if values else text

    def jurisdiction(self, code: str, formatter) -> str:
        """The official name of a legal system (中华人民共和国 / the People's Republic of China),
        else the CLDR name of the country."""
        return self.get(JURISDICTIONS[code]) if code in JURISDICTIONS else formatter.country(code)


# Field names for the change list of `agreements diff` (English msgids; see the .po catalogs).
FIELD_LABELS = {
    '_added': N_('added'),
    '_no': N_('no'),
    '_removed': N_('removed'),
    '_yes': N_('yes'),
    'abroad': N_('Internships abroad'),
    'accommodation_by': N_('Accommodation arranged by'),
    'accompanying_teachers': N_('Accompanying teachers'),
    'address': N_('Address'),
    'amount': N_('Amount'),
    'anti_bribery': N_('Anti-bribery article'),
    'area_m2': N_('Floor area (m²)'),
    'arranged_by': N_('Arranged by'),
    'arrangement': N_('Arrangement'),
    'award': N_('Award'),
    'by': N_('Selected by'),
    'categories': N_('Categories of personal data'),
    'clauses': N_('Clauses'),
    'cohort': N_('Cohort'),
    'confidentiality': N_('Confidentiality'),
    'contact': N_('Contact'),
    'costs': N_('Costs'),
    'country': N_('Country'),
    'course': N_('Course'),
    'courses': N_('Courses'),
    'court': N_('Court'),
    'credits_recognised': N_('Credits recognised'),
    'criteria': N_('Selection criteria'),
    'cross_border_transfer': N_('Cross-border transfer'),
    'currency': N_('Currency'),
    'curriculum': N_('Curriculum'),
    'date': N_('Date'),
    'direct_loss_only': N_('Direct loss only'),
    'disputes': N_('Dispute resolution'),
    'due': N_('Due date'),
    'email': N_('E-mail'),
    'employer': N_('Employer'),
    'employment': N_('Employment commitment'),
    'end': N_('End date'),
    'engineers_per_year': N_('Engineers per year'),
    'enterprise': N_('Enterprise party'),
    'enterprise_percent': N_('Enterprise share of teaching'),
    'enterprise_teaches': N_('Enterprise teaches'),
    'fee': N_('Tuition fee'),
    'field': N_('Field of study'),
    'funding': N_('Funding and equipment'),
    'governing_law': N_('Governing law'),
    'graduate_positions_per_year': N_('Graduate positions per year'),
    'hazardous_posts': N_('Hazardous posts'),
    'held_by': N_('Originals held'),
    'hired_percent': N_('Share of graduates hired'),
    'host': N_('Host'),
    'hours': N_('Teaching hours'),
    'hours_per_year': N_('Teaching hours per year'),
    'id': N_('Agreement id'),
    'institution': N_('Arbitration institution'),
    'instruction_languages': N_('Languages of instruction'),
    'insurance': N_('Insurance'),
    'insurance_by': N_('Insurance bought by'),
    'insured_by': N_('Insured by'),
    'insurer_in_host_country': N_('Insurance valid in the host country'),
    'intake': N_('Intake date'),
    'intellectual_property': N_('Intellectual property'),
    'internships': N_('Internships'),
    'item': N_('Cost item'),
    'joint_programmes': N_('Joint programmes'),
    'joint_research': N_('Joint research'),
    'joint_results_use': N_('Use of jointly owned results'),
    'kind': N_('Kind of agreement'),
    'language_training': N_('Language training'),
    'languages': N_('Languages'),
    'layout': N_('Layout'),
    'liability_cap': N_('Limitation of liability'),
    'licence_for_teaching': N_('Licence for teaching'),
    'location': N_('Location'),
    'max_hours_per_day': N_('Hours per day (at most)'),
    'max_hours_per_week': N_('Hours per week (at most)'),
    'method': N_('Method'),
    'minimum_cover': N_('Minimum cover'),
    'minimum_monthly_salary': N_('Minimum monthly salary'),
    'model': N_('Model'),
    'monthly_stipend': N_('Monthly stipend'),
    'months': N_('Months'),
    'name': N_('Name'),
    'names_and_logos': N_('Names and logos article'),
    'negotiation_days': N_('Days of negotiation'),
    'notice_months': N_('Notice period (months)'),
    'order_based_training': N_('Order-based training'),
    'originals': N_('Originals'),
    'paid_by': N_('Paid by'),
    'parties': N_('Parties'),
    'people_per_year': N_('People per year'),
    'per': N_('Per'),
    'personal_data': N_('Personal data'),
    'phone': N_('Phone'),
    'place': N_('Place'),
    'places_per_year': N_('Places per year'),
    'posts': N_('Posts'),
    'prevailing_language': N_('Prevailing language'),
    'programme': N_('Programme'),
    'provider': N_('Provider'),
    'purpose': N_('Purpose'),
    'refund_on_breach': N_('Refund on breach'),
    'renewal': N_('Renewal'),
    'renewal_years': N_('Renewal period (years)'),
    'representative': N_('Representative'),
    'results_owned_by': N_('Results owned by'),
    'revision': N_('Revision'),
    'role': N_('Role'),
    'safety_and_insurance': N_('Safety, insurance and indemnity'),
    'sanctions_and_export_control': N_('Export control and sanctions article'),
    'school_percent': N_('School share of teaching'),
    'seat': N_('Seat of arbitration'),
    'secondment': N_('Engineer secondment'),
    'selection': N_('Selection'),
    'sender': N_('Sender'),
    'service_years': N_('Service commitment (years)'),
    'signing': N_('Signing'),
    'staff_exchange': N_('Staff exchange'),
    'start': N_('Start date'),
    'status': N_('Status'),
    'stipend_currency': N_('Stipend paid in'),
    'student_exchange': N_('Student exchange'),
    'students_of': N_('Students of'),
    'students_per_year': N_('Students per year'),
    'target': N_('Teaching target'),
    'taught_courses': N_('Teaching services'),
    'teaching': N_('Teaching'),
    'term': N_('Term'),
    'textbooks': N_('Textbooks'),
    'title': N_('Title'),
    'trainee_duties': N_('Trainee obligations'),
    'trainees': N_('Trainees'),
    'training_base': N_('Training base'),
    'tuition': N_('Tuition'),
    'university_enterprise': N_('School–enterprise terms'),
    'university_university': N_('University terms'),
    'visa_by': N_('Visas arranged by'),
    'visa_support': N_('Visa support'),
    'weeks': N_('Weeks'),
    'years': N_('Years'),
    'years_after_termination': N_('Years after termination'),
    'action': N_('Change'),
    'after': N_('Follows'),
    'annexes': N_('Annexes'),
    'areas': N_('Areas of cooperation'),
    'article': N_('Article of the master agreement'),
    'articles': N_('Bespoke articles'),
    'changes': N_('Changes to the master agreement'),
    'coordinators': N_('Coordinators'),
    'credit_code': N_('Unified social credit code'),
    'document': N_('Type of document'),
    'electronic': N_('Electronic signature'),
    'legal_representative': N_('Legal representative'),
    'master': N_('Master agreement'),
    'memorandum': N_('Memorandum terms'),
    'number': N_('Number'),
    'reason': N_('Reason'),
    'registration_number': N_('Registration number'),
    'seals': N_('Seals'),
    'supplementary': N_('Supplementary terms'),
    'text': N_('Text'),
    'type': N_('Type of party'),
    'withdrawal_notice_months': N_('Withdrawal notice (months)'),
    'renewal_notice_months': N_('Renewal notice (months)'),
    'termination_for_convenience': N_('Termination without cause'),
    'arbitration_language': N_('Language of arbitration'),
    'force_majeure': N_('Force majeure'),
    'notice_days': N_('Notice period (days)'),
    'termination_months': N_('Duration before termination (months)'),
    'language_discrepancy': N_('Differences between the texts'),
    'talent_specification': N_('Talent specification'),
    'minimum_age': N_('Minimum age'),
    'places': N_('Places'),
    'refund_base': N_('Refund computed on'),
    'refund_cap': N_('Refund cap'),
    'percent': N_('Share'),
    'release_events': N_('Events releasing a trainee'),
    'foreign_trainees': N_('Foreign trainees'),
    'visa_costs_by': N_('Visa fees paid by'),
    'on_early_termination': N_('On early termination'),
    'enrolled': N_('Enrolled trainees'),
    'exit_payment': N_('Exit payment per trainee'),
    'enrolment': N_('Enrolment'),
    'credits_recognised_by': N_('Credits recognised by'),
    'awards': N_('Awards'),
    'progression': N_('Progression requirements'),
    'minimum_average': N_('Minimum grade average'),
    'language_requirement': N_('Language requirement'),
    'other': N_('Other requirement'),
}


# Values of the spec's choice fields, for the change list: (field, value) -> English msgid.
# Fields whose type has Unit("party") show A, B and C with the party labels instead.
VALUE_LABELS = {
    ("renewal", "none"): N_("no renewal"),
    ("renewal", "automatic"): N_("automatic renewal"),
    ("renewal", "by-agreement"): N_("renewal by written agreement"),
    ("results_owned_by", "joint"): N_("owned jointly"),
    ("results_owned_by", "creator"): N_("the Party that created them"),
    ("joint_results_use", "each-may-exploit"): N_("each joint owner may exploit them"),
    ("joint_results_use", "consent"): N_("only with the consent of all joint owners"),
    ("method", "arbitration"): N_("arbitration"),
    ("method", "court"): N_("court"),
    ("arrangement", "waiver"): N_("tuition waived"),
    ("arrangement", "reciprocal"): N_("reciprocal exchange"),
    ("arrangement", "fee"): N_("tuition fee payable"),
    ("arranged_by", "sender"): N_("the sending Party"),
    ("arranged_by", "host"): N_("the host Party"),
    ("arranged_by", "participant"): N_("the participants themselves"),
    ("accommodation_by", "host"): N_("the host Party"),
    ("accommodation_by", "participant"): N_("the visitors themselves"),
    ("insurance_by", "enterprise"): N_("the enterprise"),
    ("insurance_by", "school"): N_("the school"),
    ("by", "joint"): N_("jointly"),
    ("item", "tuition"): N_("Tuition fees"),
    ("item", "living-stipend"): N_("Living stipend"),
    ("item", "travel"): N_("Travel to and from the place of training"),
    ("item", "insurance"): N_("Insurance premiums"),
    ("item", "accommodation"): N_("Accommodation costs"),
    ("item", "materials"): N_("Textbooks and training materials"),
    ("per", "trainee-year"): N_("per trainee per year"),
    ("per", "trainee-month"): N_("per trainee per month"),
    ("per", "trainee"): N_("per trainee (once)"),
    ("per", "total"): N_("in total"),
    ("refund_on_breach", "none"): N_("no repayment"),
    ("refund_on_breach", "pro-rata"): N_("repayment in proportion"),
    ("refund_on_breach", "full"): N_("repayment in full"),
    ("language_discrepancy", "consultation"): N_("interpreted by consultation"),
    ("language_discrepancy", "purpose"): N_("the meaning that best reconciles the texts"),
    ("enrolment", "non-degree"): N_("non-degree exchange students"),
    ("enrolment", "programme"): N_("joint programme students"),
    ("visa_costs_by", "trainee"): N_("the trainee"),
    ("enrolled", "funded-to-completion"): N_("funded until they complete the training"),
    ("enrolled", "exit-payment"): N_("exit payment"),
    ("refund_base", "tuition"): N_("tuition"),
    ("refund_base", "travel"): N_("travel"),
    ("refund_base", "insurance"): N_("insurance premiums"),
    ("refund_base", "accommodation"): N_("accommodation"),
    ("refund_base", "materials"): N_("textbooks and materials"),
    ("release_events", "health-check-failed"): N_("failed health check"),
    ("release_events", "serious-illness"): N_("serious illness or disability"),
    ("release_events", "post-not-offered"): N_("post not offered"),
    ("release_events", "salary-below-commitment"): N_("salary below the commitment"),
    ("release_events", "employer-insolvency"): N_("employer insolvent or closed"),
    ("release_events", "force-majeure"): N_("force majeure"),
    ("release_events", "family-hardship"): N_("serious family hardship"),
    ("status", "draft"): N_("draft"),
    ("status", "final"): N_("final"),
    ("layout", "side-by-side"): N_("side by side"),
    ("layout", "sequential"): N_("one language after another"),
    ("layout", "interleaved"): N_("interleaved, article by article"),
    ("prevailing_language", "equally-authentic"): N_("equally authentic"),
    **{("kind", kind.name): kind.label for kind in KINDS.values()},
    **{("document", document.name): document.label for document in DOCUMENTS.values()},
    ("type", "university"): N_("university"),
    ("type", "vocational-college"): N_("vocational college"),
    ("type", "enterprise"): N_("enterprise"),
    ("type", "training-centre"): N_("training centre"),
    ("type", "government-body"): N_("government body"),
    ("action", "amend"): N_("amended"),
    ("action", "add"): N_("added after"),
    ("action", "delete"): N_("deleted"),
}
# The legal systems an agreement names in its governing-law article, by country: official names,
# because "the laws of China" is not how a contract says it. Others: the CLDR country name.
JURISDICTIONS = {
    "CN": N_("the People's Republic of China"),
    "LA": N_("the Lao People's Democratic Republic"),
    "TH": N_("the Kingdom of Thailand"),
    "VN": N_("the Socialist Republic of Viet Nam"),
    "KH": N_("the Kingdom of Cambodia"),
    "GB": N_("England and Wales"),
}
# A person's name and title are not a document's: 姓名 and 职务, not 名称 and 标题.
PERSON_FIELD_LABELS = {
    'name': N_('Full name'),
    'title': N_('Job title'),
}
ITEM_WITH_NAME = N_("{item} ({name})")  # a list item named by its name, field or purpose
CLERK_TEXT = N_("text as written, {count} paragraphs")  # bespoke text in the change list


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unmatched brace
        return {"{"}


def placeholder_problem(text: str, source: str) -> str | None:
    """Why a translation's `{placeholders}` cannot be filled in like its source's, or None.

    Only plain names are allowed: `{x.y}` and `{x[0]}` would let a catalog (which a workspace may
    override) reach into the values' objects, and a format spec could hide another lookup.
    """
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"is not a valid format string ({exc})"
    for name, spec in fields:
        if not name.isidentifier() or "{" in (spec or ""):
            return f"uses {{{name}}}: only plain {{names}}, no attribute or index lookups"
    if placeholders(text) != placeholders(source):
        return f"uses {sorted(placeholders(text))}, the source {sorted(placeholders(source))}"
    return None


def _fill(text: str, values: dict) -> str:
    """`text.format(**values)` for a text whose placeholders are plain names (checked before)."""
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        pieces.append(literal)
        if name is not None:
            value = values[name]
            value = {"r": repr, "s": str, "a": ascii}.get(conversion or "", lambda v: v)(value)
            pieces.append(format(value, spec or ""))
    return "".join(pieces)


def all_messages() -> list[str]:
    """Every msgid a catalog must translate, once each."""
    return list(
        dict.fromkeys(
            LABELS
            + list(FIELD_LABELS.values())
            + list(PERSON_FIELD_LABELS.values())
            + list(VALUE_LABELS.values())
            + list(JURISDICTIONS.values())
            + [ITEM_WITH_NAME, CLERK_TEXT]
            + [noun for d in DOCUMENTS.values() for noun in (d.noun, d.noun_capital)]
        )
    )


def lint_catalogs(templates: Templates = BUILTIN) -> list[Problem]:
    """Missing, outdated (fuzzy) and placeholder-changing translations of labels."""
    from .clauses import translated_languages

    problems = []
    available = translated_languages(templates)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        if language not in available and not any(
            (f / catalog_path(language)).is_file() for f in templates.folders
        ):
            problems.append(Problem(catalog_path(language), 1, 1, "no catalog yet", severity="warning"))
            continue
        catalog = _catalog(language, templates)
        path = str(catalog.path)  # type: ignore[attr-defined]
        for label in all_messages():
            entry = catalog.get(label)
            line = entry.lineno if entry is not None and entry.lineno else 1
            if entry is None or not entry.string:
                problems.append(Problem(path, line, 1, f"missing {language} translation of {label!r}"))
            elif entry.fuzzy:
                problems.append(
                    Problem(
                        path,
                        line,
                        1,
                        f"{language} translation of {label!r} is older "
                        "than its source (fuzzy); review it and remove "
                        "the fuzzy flag",
                    )
                )
            elif problem := placeholder_problem(entry.string, label):
                problems.append(Problem(path, line, 1, f"{language} translation of {label!r} {problem}"))
    return problems
