"""Quotation marks from the language data: `agreements lint` reports a straight double quote in
the clause texts of a language whose data names its quotes (English: “ ”), at its line and
column, and never rewrites it; quotes inside Jinja tags are code."""

from __future__ import annotations

from agreements.clauses import lint_clauses
from agreements.languages import LANGUAGES
from agreements.templates import Templates
from tests.outputs import REPO


def _quote_problems(templates=None):
    found = lint_clauses(templates) if templates else lint_clauses()
    return [p for p in found if "straight double quote" in p.message]


def test_the_library_writes_english_quotes_curly():
    assert LANGUAGES["en"].quotes == "“”"
    assert _quote_problems() == []
    costs = (REPO / "templates" / "clauses" / "costs.yaml").read_text(encoding="utf-8")
    assert "the annex “Schedule of Training Costs” to this Agreement" in costs


def test_a_straight_quote_in_english_text_is_reported_where_it_is(tmp_path):
    source = (REPO / "templates" / "clauses" / "costs.yaml").read_text(encoding="utf-8")
    lines = source.split("\n")
    english = lines.index("en:")
    at = next(i for i in range(english, len(lines)) if "“Schedule of Training Costs”" in lines[i])
    lines[at] = lines[at].replace("“Schedule of Training Costs”", '"Schedule of Training Costs"')
    lines[at] += ' {{ "code" if true else "" }}'  # a Jinja string: not text
    chinese = next(i for i in range(english) if "附件" in lines[i])
    lines[chinese] = lines[chinese].replace("附件", '附件"')  # Chinese names no quotes in its data
    folder = tmp_path / "templates" / "clauses"
    folder.mkdir(parents=True)
    clause = folder / "costs.yaml"
    clause.write_text("\n".join(lines), encoding="utf-8")
    before = clause.read_bytes()

    found = _quote_problems(Templates.for_workspace(tmp_path))

    column = lines[at].index('"Schedule') + 1
    assert [(p.line, p.column) for p in found] == [(at + 1, column), (at + 1, column + 27)]
    assert all(p.path.endswith("costs.yaml") and p.severity == "error" for p in found)
    assert found[0].message.startswith("en text: straight double quote; English writes “…”")
    assert clause.read_bytes() == before  # reported, never rewritten
