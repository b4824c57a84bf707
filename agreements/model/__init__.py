"""The spec format: one typed model per section, a docstring on every field.

types.py holds the value types (Text, Money, Date, Country ...), common.py the parts every
agreement has, one module per kind its section, and spec.py the agreement itself (Spec).
"""
from .common import (Clauses, Confidentiality, Contact, Disputes, IntellectualProperty, Originals,
                     Party, Person, PersonalData, Signing, Term)
from .order_based_training import (Cohort, Cost, Employment, OrderBasedTraining, Selection,
                                   TeachingSplit, TraineeDuties)
from .spec import KIND_SECTIONS, Kind, Spec
from .types import (DURATION_UNITS, ISO_DATE, Count, Country, Currency, Date, Days, Email, LanguageTag,
                    Line, Money, Months, PartyRole, Percent, Phone, Role, Rule, RuleGroup, Slug, Strict,
                    Text, Unit, Weeks, Years, check_slug, unit_of, walk)
from .university_enterprise import (Curriculum, Internships, Payment, Secondment, TrainingBase,
                                    UniversityEnterprise)
from .university_university import (Insurance, JointProgramme, StaffExchange, StudentExchange, Tuition,
                                     UniversityUniversity)

__all__ = [
    "DURATION_UNITS", "ISO_DATE", "KIND_SECTIONS", "Clauses", "Cohort", "Confidentiality", "Contact", "Cost", "Count",
    "Country", "Currency", "Curriculum", "Date", "Disputes", "Email", "Employment", "Insurance",
    "Days", "IntellectualProperty", "Internships", "JointProgramme", "Kind", "LanguageTag", "Line",
    "Money", "Months",
    "OrderBasedTraining", "Originals", "Party", "PartyRole", "Payment", "Percent", "Person",
    "PersonalData", "Phone", "Role", "Rule", "RuleGroup", "Secondment", "Selection", "Signing", "Slug",
    "Spec", "StaffExchange", "Strict", "StudentExchange", "TeachingSplit", "Term", "Text",
    "TraineeDuties", "TrainingBase", "Tuition", "Unit", "UniversityEnterprise", "UniversityUniversity",
    "Weeks", "Years", "check_slug", "unit_of", "walk",
]
