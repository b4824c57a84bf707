"""Labels and boilerplate strings ("Article {number}", "Seal") from Babel .po catalogs.

The msgid is the English text; templates/locale/<locale>/LC_MESSAGES/agreements.po translates it.
`pybabel extract -F babel.cfg` collects msgids marked with N_() in the package.
"""

from __future__ import annotations

import string
from functools import lru_cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .errors import Problem, TemplateError
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

    def get(self, message: str, **values) -> str:
        text = message
        if self.catalog is not None:
            entry = self.catalog.get(message)
            if entry is None or not entry.string or entry.fuzzy:
                raise TemplateError(
                    f"label {message!r} has no {self.language} translation in "
                    f"{self.catalog.path}; run `agreements lint`"
                )
            text = entry.string
        return text.format(**values) if values else text

    def jurisdiction(self, code: str, formatter) -> str:
        """The official name of a legal system (中华人民共和国 / the People's Republic of China),
        else the CLDR name of the country."""
        return self.get(JURISDICTIONS[code]) if code in JURISDICTIONS else formatter.country(code)


# Field names for the change list of `agreements diff` (English msgids; see the .po catalogs).
FIELD_LABELS = {
    'accommodation_by': N_('Accommodation arranged by'),
    'address': N_('Address'),
    'amount': N_('Amount'),
    'area_m2': N_('Floor area (m²)'),
    'arranged_by': N_('Arranged by'),
    'arrangement': N_('Arrangement'),
    'award': N_('Award'),
    'by': N_('Selected by'),
    'clauses': N_('Clauses'),
    'cohort': N_('Cohort'),
    'confidentiality': N_('Confidentiality'),
    'contact': N_('Contact'),
    'costs': N_('Costs'),
    'country': N_('Country'),
    'courses': N_('Courses'),
    'court': N_('Court'),
    'credits_recognised': N_('Credits recognised'),
    'criteria': N_('Selection criteria'),
    'cross_border_transfer': N_('Cross-border transfer'),
    'currency': N_('Currency'),
    'curriculum': N_('Curriculum'),
    'date': N_('Date'),
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
    'held_by': N_('Originals held'),
    'hired_percent': N_('Share of graduates hired'),
    'host': N_('Host'),
    'hours_per_year': N_('Teaching hours per year'),
    'id': N_('Agreement id'),
    'institution': N_('Arbitration institution'),
    'instruction_languages': N_('Languages of instruction'),
    'insurance': N_('Insurance'),
    'insurance_by': N_('Insurance bought by'),
    'intake': N_('Intake date'),
    'intellectual_property': N_('Intellectual property'),
    'internships': N_('Internships'),
    'item': N_('Cost item'),
    'joint_programmes': N_('Joint programmes'),
    'joint_research': N_('Joint research'),
    'kind': N_('Kind of agreement'),
    'language_training': N_('Language training'),
    'languages': N_('Languages'),
    'layout': N_('Layout'),
    'licence_for_teaching': N_('Licence for teaching'),
    'location': N_('Location'),
    'method': N_('Method'),
    'minimum_cover': N_('Minimum cover'),
    'minimum_monthly_salary': N_('Minimum monthly salary'),
    'model': N_('Model'),
    'monthly_stipend': N_('Monthly stipend'),
    'months': N_('Months'),
    'name': N_('Name'),
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
    'prevailing_language': N_('Prevailing language'),
    'programme': N_('Programme'),
    'purpose': N_('Purpose'),
    'refund_on_breach': N_('Refund on breach'),
    'renewal': N_('Renewal'),
    'renewal_years': N_('Renewal period (years)'),
    'representative': N_('Representative'),
    'results_owned_by': N_('Results owned by'),
    'revision': N_('Revision'),
    'role': N_('Role'),
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
    'student_exchange': N_('Student exchange'),
    'students_per_year': N_('Students per year'),
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
    'visa_support': N_('Visa support'),
    'weeks': N_('Weeks'),
    'years': N_('Years'),
    'years_after_termination': N_('Years after termination'),
    '_added': N_('added'),
    '_removed': N_('removed'),
    '_yes': N_('yes'),
    '_no': N_('no'),
}


# Values of the spec's choice fields, for the change list: (field, value) -> English msgid.
# Fields whose type has Unit("party") show A, B and C with the party labels instead.
VALUE_LABELS = {
    ("renewal", "none"): N_("no renewal"),
    ("renewal", "automatic"): N_("automatic renewal"),
    ("renewal", "by-agreement"): N_("renewal by written agreement"),
    ("results_owned_by", "joint"): N_("owned jointly"),
    ("results_owned_by", "creator"): N_("the Party that created them"),
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
    ("status", "draft"): N_("draft"),
    ("status", "final"): N_("final"),
    ("layout", "side-by-side"): N_("side by side"),
    ("layout", "sequential"): N_("one language after another"),
    ("layout", "interleaved"): N_("interleaved, article by article"),
    ("prevailing_language", "equally-authentic"): N_("equally authentic"),
    **{("kind", kind.name): kind.label for kind in KINDS.values()},
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
ITEM_WITH_NAME = N_("{item} ({name})")  # a list item named by its name, field or purpose


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def lint_catalogs(templates: Templates = BUILTIN) -> list[Problem]:
    """Missing, outdated (fuzzy) and placeholder-changing translations of labels."""
    problems = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        catalog = _catalog(language, templates)
        path = str(catalog.path)  # type: ignore[attr-defined]
        for label in dict.fromkeys(
            LABELS
            + list(FIELD_LABELS.values())
            + list(VALUE_LABELS.values())
            + list(JURISDICTIONS.values())
            + [ITEM_WITH_NAME]
        ):
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
            elif placeholders(entry.string) != placeholders(label):
                problems.append(
                    Problem(
                        path,
                        line,
                        1,
                        f"{language} translation of {label!r} uses "
                        f"{sorted(placeholders(entry.string))}, the source "
                        f"{sorted(placeholders(label))}",
                    )
                )
    return problems
