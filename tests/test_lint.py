"""`agreements lint`: the clause library and label catalogs are complete, consistent and current."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreements.cli import main
from agreements.languages import LANGUAGES
from tests.outputs import REPO

CLAUSE = REPO / "templates" / "clauses" / "confidentiality.yaml"
UNAVAILABLE = REPO / "tests" / "fixtures" / "unavailable-language" / "templates" / "languages"


def test_the_built_in_library_is_clean(capsys):
    assert main(["lint"]) == 0
    assert "clauses and labels: ok" in capsys.readouterr().out


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "templates" / "clauses").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def override(workspace: Path, old: str, new: str) -> Path:
    text = CLAUSE.read_text(encoding="utf-8")
    assert old in text, old
    path = workspace / "templates" / "clauses" / CLAUSE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_changed_chinese_source_makes_translations_outdated(workspace, capsys):
    override(workspace, "不得向任何第三方披露", "不得以任何方式向任何第三方披露")
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert "en translation is older than the zh-Hans source" in err
    assert "lo translation is older than the zh-Hans source" in err
    assert "confidentiality.yaml" in err


def test_stamp_records_the_reviewed_source(workspace, capsys):
    path = override(workspace, "不得向任何第三方披露", "不得以任何方式向任何第三方披露")
    assert main(["lint", "--stamp"]) == 0
    assert "confidentiality" in capsys.readouterr().out
    assert main(["lint"]) == 0
    assert CLAUSE.read_text(encoding="utf-8") != path.read_text(encoding="utf-8")


def test_different_placeholders_are_reported(workspace, capsys):
    text = CLAUSE.read_text(encoding="utf-8")
    en_block = text[text.index("\nen:") :]
    placeholder = "{{ years(spec.clauses.confidentiality.years_after_termination) }}"
    assert placeholder in en_block
    path = workspace / "templates" / "clauses" / CLAUSE.name
    path.write_text(
        text[: text.index("\nen:")] + en_block.replace(placeholder, "three years", 1), encoding="utf-8"
    )
    assert main(["lint"]) == 2
    assert "en placeholders differ from zh-Hans" in capsys.readouterr().err


def test_tags_are_compared_as_jinja_reads_them(workspace, capsys):
    # whitespace control (`+`, `-`) and spacing are not a different placeholder
    text = CLAUSE.read_text(encoding="utf-8")
    source, en_block = text[: text.index("\nen:")], text[text.index("\nen:") :]
    years = "{{ years(spec.clauses.confidentiality.years_after_termination) }}"
    respaced = (
        en_block.replace("{% endif %}", "{% endif +%}", 1)
        .replace("{% if both %}", "{%- if  both -%}", 1)
        .replace(years, "{{years( spec.clauses.confidentiality.years_after_termination )}}", 1)
    )
    assert respaced.count("+%}") == 1 and "{%- if  both -%}" in respaced and "{{years(" in respaced
    path = workspace / "templates" / "clauses" / CLAUSE.name
    path.write_text(source + respaced, encoding="utf-8")
    assert main(["lint"]) == 0, capsys.readouterr().err
    # a different expression inside is still a different placeholder
    path.write_text(source + respaced.replace("{%- if  both -%}", "{%- if not both -%}"), encoding="utf-8")
    assert main(["lint"]) == 2
    assert "only in en: ['if not both']; only in zh-Hans: ['if both']" in capsys.readouterr().err


def test_a_missing_translation_is_reported(workspace, capsys):
    text = CLAUSE.read_text(encoding="utf-8")
    path = workspace / "templates" / "clauses" / CLAUSE.name
    path.write_text(text[: text.index("\nlo:")] + "\n", encoding="utf-8")
    assert main(["lint"]) == 2
    assert "missing lo translation" in capsys.readouterr().err


def test_a_fuzzy_or_missing_label_translation_is_reported(workspace, capsys):
    catalog = REPO / "templates" / "locale" / "lo" / "LC_MESSAGES" / "agreements.po"
    target = workspace / "templates" / "locale" / "lo" / "LC_MESSAGES" / "agreements.po"
    target.parent.mkdir(parents=True)
    text = catalog.read_text(encoding="utf-8")
    assert 'msgid "Seal"' in text
    text = text.replace('msgid "Seal"', '#, fuzzy\nmsgid "Seal"', 1)
    text = text.replace(
        'msgid "Article {number}"\nmsgstr "ມາດຕາ {number}"', 'msgid "Article {number}"\nmsgstr "ມາດຕາ {n}"', 1
    )
    target.write_text(text, encoding="utf-8")
    from agreements.labels import _catalog

    _catalog.cache_clear()
    try:
        assert main(["lint"]) == 2
    finally:
        _catalog.cache_clear()
    err = capsys.readouterr().err
    assert "'Seal' is older than its source (fuzzy)" in err
    assert "translation of 'Article {number}' uses ['n']" in err
    shutil.rmtree(workspace / "templates" / "locale")


def test_a_language_with_data_but_no_clause_text_is_a_warning_and_a_begun_one_must_be_complete(
    workspace, capsys
):
    # Filipino (fil): language data in the workspace, no clause texts, whichever of the partners'
    # languages the library has completed
    shutil.copytree(UNAVAILABLE, workspace / "templates" / "languages")
    registered = dict(LANGUAGES)
    try:
        assert main(["lint"]) == 0  # a language with data and no clause texts: a warning
        err = capsys.readouterr().err
        from agreements.clauses import library

        count = len(library())
        assert f"warning: fil: none of the {count} clauses is translated yet" in err
        assert "missing fil translation" not in err
        # the first Filipino clause text: now every other clause must have one too
        text = CLAUSE.read_text(encoding="utf-8")
        block = "fil:\n  source: 0\n  title: Pagiging Kumpidensyal\n  text: Nilalaman\n"
        (workspace / "templates" / "clauses" / CLAUSE.name).write_text(text + block, encoding="utf-8")
        assert main(["lint"]) == 2
        err = capsys.readouterr().err
        assert err.count("error: missing fil translation") == count - 1
        assert "fil: none of the" not in err
    finally:  # the CLI registered the workspace's language in this process
        LANGUAGES.clear()
        LANGUAGES.update(registered)


@pytest.mark.parametrize(
    "ending, message",
    [
        ("{% endif %}", "the line ends with a block tag"),  # the next paragraph would join this one
        ("{% endif +%} ", "space at the end of the line"),  # an editor would strip it
    ],
)
def test_a_line_that_would_lose_its_break_is_reported_at_its_line(workspace, capsys, ending, message):
    clause = REPO / "templates" / "clauses" / "memorandum-areas.yaml"
    text = clause.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.endswith("{% endif +%}") and "{{" in line)
    path = workspace / "templates" / "clauses" / clause.name
    path.write_text(text.replace(line, line.replace("{% endif +%}", ending), 1), encoding="utf-8")
    number = text.splitlines().index(line) + 1
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert f"{clause.name}:{number}:" in err and message in err, err
