"""The cross-language check before layout: every language says the same numbers, clause by clause."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreements.build import build_agreement
from agreements.compose import compose
from agreements.errors import TemplateError
from agreements.integrity import check_document, numbers_in
from agreements.templates import Templates
from agreements.validate import read_spec
from tests.outputs import REPO

SAMPLE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"
CLAUSE = REPO / "templates" / "clauses" / "force-majeure.yaml"


def override_clause(workspace: Path, old: str, new: str) -> None:
    text = CLAUSE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = workspace / "templates" / "clauses" / CLAUSE.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_samples_agree_in_every_language():
    for spec_path in sorted((REPO / "specs").glob("*.yaml")):
        spec = read_spec(spec_path)
        check_document(compose(spec), spec)


def test_a_number_written_into_one_translation_is_refused(tmp_path, monkeypatch):
    text = CLAUSE.read_text(encoding="utf-8")
    en = text[text.index("\nen:") : text.index("\nlo:")]
    notice = "within {{ days(spec.clauses.force_majeure.notice_days) }}"
    assert notice in en
    override_clause(tmp_path, notice, "within 30 days")  # en only, not from data (default 15 days)
    templates = Templates.for_workspace(tmp_path)
    spec = read_spec(SAMPLE)
    with pytest.raises(TemplateError) as caught:
        check_document(compose(spec, templates), spec)
    [problem] = caught.value.problems
    assert "clause force-majeure: numbers differ between zh-Hans and en" in problem.message
    assert "only in zh-Hans: ['15']; only in en: ['30']" in problem.message
    with pytest.raises(TemplateError):  # and the build writes nothing
        build_agreement(SAMPLE, tmp_path / "out", templates)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_a_paragraph_missing_in_one_language_is_refused(tmp_path, monkeypatch):
    text = CLAUSE.read_text(encoding="utf-8")
    en = text[text.index("\nen:") : text.index("\nlo:")]
    last = [line for line in en.splitlines() if line.strip().startswith("5. ")][0]
    override_clause(tmp_path, last + "\n", "")
    spec = read_spec(SAMPLE)
    with pytest.raises(TemplateError) as caught:
        check_document(compose(spec, Templates.for_workspace(tmp_path)), spec)
    assert any(
        "renders a different number of paragraphs per language (zh-Hans: 5, en: 4)" in p.message
        for p in caught.value.problems
    )


def test_numbers_are_read_with_each_languages_separators():
    assert numbers_in("CNY 400,000.00 and 12.5% in 2026", "en") == numbers_in(
        "CNY 400.000,00 ແລະ 12,5% ໃນ 2026", "lo"
    )


@pytest.mark.parametrize(
    "sample, old, new",
    [
        ("guigang-hanoi-exchange-vi", "amount: 300000.00", "amount: 300000.50"),  # vi: ... 50/100
        ("khorgos-almaty-exchange-ru", "amount: 300000.00", "amount: 300000.50"),  # ru
        ("yangjiang-morowali-nickel-order", "amount: 1800.00", "amount: 1800.50"),  # id
        ("binhai-teda-suez-energy", None, None),  # ar: the cents in words, in the minor unit
    ],
)
def test_amounts_with_cents_pass_in_every_language(tmp_path, sample, old, new):
    """An amount with cents is written in words with its cents as 50/100 in some languages; that
    is the amount, not a number the other language lacks (such a spec used to be refused)."""
    text = (REPO / "specs" / f"{sample}.yaml").read_text(encoding="utf-8")
    if old is None:
        old = next(
            line for line in text.splitlines() if line.strip().startswith("amount: ") and ".00" in line
        )
        old, new = old.strip(), old.strip().replace(".00", ".50")
    assert text.count(old) >= 1, old
    path = tmp_path / f"{sample}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    spec = read_spec(path)
    document = compose(spec)
    check_document(document, spec)
    written = "\n".join(line for language in document.languages for line in document.text(language))
    assert ",50" in written or ".50" in written or "٫٥٠" in written, new
