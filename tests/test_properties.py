"""Property-based tests (hypothesis).

(a) Whatever bytes arrive, `read_spec_bytes` either returns a Spec or raises an AgreementError:
    never another exception. Inputs: YAML documents built from nested dicts and lists of random
    keys (the model's own keys among them) and tricky scalars, serialised with yaml.safe_dump;
    a valid spec with one value replaced by a random one; raw random text and bytes.
(b) Arbitrary XML-legal text put into a party name, an address and the purpose (per language)
    appears verbatim in the DOCX text and the PDF text. This one renders (about 2 s an example).

Example counts come from a hypothesis profile, chosen with HYPOTHESIS_PROFILE:
    default   (a) 200 examples, (b) 5 examples              -- the normal test run
    thorough  (a) 10,000 examples, (b) 250 (about 10 minutes)  -- `make hypothesis`
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.errors import AgreementError
from agreements.validate import read_spec_bytes

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "hostile" / "_base" / "nanshan.yaml"

PROFILES = {"default": (200, 5), "thorough": (10_000, 250)}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
PARSE_EXAMPLES, RENDER_EXAMPLES = PROFILES[PROFILE]
settings.register_profile(
    PROFILE,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(PROFILE)

# --- (a) anything in, only AgreementError out ------------------------------------------------

MODEL_KEYS = [
    "id",
    "kind",
    "revision",
    "status",
    "languages",
    "layout",
    "prevailing_language",
    "title",
    "purpose",
    "signing",
    "date",
    "place",
    "originals",
    "held_by",
    "parties",
    "role",
    "name",
    "country",
    "address",
    "representative",
    "contact",
    "email",
    "phone",
    "term",
    "start",
    "years",
    "months",
    "end",
    "renewal",
    "renewal_years",
    "notice_months",
    "clauses",
    "confidentiality",
    "disputes",
    "method",
    "institution",
    "seat",
    "court",
    "governing_law",
    "university_enterprise",
    "university_university",
    "order_based_training",
    "internships",
    "monthly_stipend",
    "amount",
    "currency",
    "funding",
    "due",
    "purpose",
    "zh-Hans",
    "en",
    "lo",
    "A",
    "B",
    "C",
    "cohort",
    "costs",
    "employment",
    "student_exchange",
    "tuition",
    "insurance",
]
TRICKY = [
    "NO",
    "yes",
    "on",
    "off",
    "~",
    "null",
    "",
    " ",
    "1.10",
    "0755",
    "1:20",
    "0x1F",
    "1e5",
    "-0",
    ".inf",
    ".nan",
    "2024-02-30",
    "9999-12-31",
    "0000-01-01",
    "2027-04-01",
    "university-enterprise",
    "zh-Hans",
    "CNY",
    "CN",
    "A",
    "B",
    "TODO",
    "{{ 7*7 }}",
    "{% raw %}",
    "R&D <Ltd>",
    "\u202e",
    "\u200f",
    "\ufeff",
    "\u2028",
    "\x00",
    "\x1b",
    "\ud800",
    "\ufffe",
    "\U0001f600",
    "a" * 3000,
    "99999999999999999999",
    "-1",
    "+5",
    "１２３",
    "٣",
    "true",
    "False",
    "'",
    '"',
    "|",
    ">",
    "&a",
    "*a",
    "!!python/name:os.system",
]

keys = st.one_of(st.sampled_from(MODEL_KEYS), st.text(max_size=12))
scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=40),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=40,
)


def _dump(value) -> bytes:
    try:
        return yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass")
    except yaml.YAMLError:
        return yaml.safe_dump(value, allow_unicode=False).encode()


def _parse(raw: bytes) -> None:
    try:
        read_spec_bytes(raw, "spec.yaml")
    except AgreementError as exc:
        assert exc.problems or str(exc)
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1, problem


BASE_DATA = yaml.safe_load(BASE.read_text(encoding="utf-8")) if BASE.exists() else {}


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


PATHS = [p for p in _paths(BASE_DATA) if p]


@settings(max_examples=PARSE_EXAMPLES)
@given(
    st.one_of(
        documents.map(_dump),
        st.dictionaries(keys, documents, max_size=12).map(_dump),
        st.tuples(st.sampled_from(PATHS), documents).map(lambda pv: _dump(_replace(*pv))),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=400),
    )
)
def test_any_input_gives_a_spec_or_an_agreement_error(raw: bytes):
    _parse(raw)


def _replace(path: tuple, value):
    """The valid base spec with the value at `path` replaced."""
    data = copy.deepcopy(BASE_DATA)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


# --- (b) any text a font can set reaches both outputs, verbatim ------------------------------

# Printable Latin without digits (a digit in one language but not the other is a real
# translation error that the integrity check refuses), CJK ideographs that Noto Serif CJK SC
# covers, and punctuation that breaks markup and templates.
ALPHABET = st.one_of(
    st.sampled_from([c for c in map(chr, range(0x20, 0x7F)) if not c.isdigit()]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(list("&<>\"'{}%|#*[]()!?,.;:-_/\\@~^`=+$，。、：；（）“”《》")),
)
value = st.text(alphabet=ALPHABET, min_size=1, max_size=60).filter(
    lambda s: s.strip() and not s.startswith("TODO")
)

FIELDS = {  # a line of the base spec -> what it holds
    "      zh-Hans: 深圳南山职业技术学院\n": ("name", "zh-Hans"),
    "      en: Shenzhen Nanshan Polytechnic\n": ("name", "en"),
    "      zh-Hans: 中国广东省深圳市坪山区新能源大道88号\n": ("address", "zh-Hans"),
    "      en: 88 Xinnengyuan Avenue, Pingshan District, Shenzhen, Guangdong, China\n": ("address", "en"),
}


def _spec_with(values: dict[tuple[str, str], str]) -> str:
    text = BASE.read_text(encoding="utf-8")
    for line, key in FIELDS.items():
        assert text.count(line) == 1, line
        indent = line[: len(line) - len(line.lstrip())]
        label = line.strip().split(":", 1)[0]
        text = text.replace(line, f"{indent}{label}: {json.dumps(values[key], ensure_ascii=False)}\n")
    text = re.sub(
        r"purpose:\n  zh-Hans: .*\n  en: .*\n",
        lambda m: (
            "purpose:\n  zh-Hans: "
            + json.dumps(values[("purpose", "zh-Hans")], ensure_ascii=False)
            + "\n  en: "
            + json.dumps(values[("purpose", "en")], ensure_ascii=False)
            + "\n"
        ),
        text,
    )
    return text


@pytest.mark.render
@settings(max_examples=RENDER_EXAMPLES)
@given(
    st.fixed_dictionaries(
        {(field, lang): value for field in ("name", "address", "purpose") for lang in ("zh-Hans", "en")}
    )
)
def test_any_text_reaches_docx_and_pdf_verbatim(tmp_path_factory, values):
    from agreements.build import build_agreement
    from tests.outputs import docx_text, pdf_text, squash

    work = tmp_path_factory.mktemp("prop")
    spec = work / "spec.yaml"
    spec.write_text(_spec_with(values), encoding="utf-8")
    try:
        built = build_agreement(spec, work / "out")
    except AgreementError as exc:
        # the only acceptable refusal: text that differs in figures between languages (none here)
        raise AssertionError(exc.format()) from None
    folder = work / "out" / built.spec_id
    docx = squash(docx_text(folder / f"{built.spec_id}.docx"))
    pdf = squash(pdf_text(folder / f"{built.spec_id}.pdf"))
    for (field, language), text in values.items():
        assert squash(text) in docx, f"{field} ({language}) {text!r} is not in the DOCX"
        assert squash(text) in pdf, f"{field} ({language}) {text!r} is not in the PDF"
