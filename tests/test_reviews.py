"""Translation review state: lint counts the unreviewed translations per language, a final
agreement that uses one is refused (listing them), a recorded review holds only for the source and
translation it saw, and drafts build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreements.clauses import library
from agreements.cli import main
from agreements.labels import all_messages
from agreements.reviews import records, unreviewed
from agreements.templates import Templates
from tests.outputs import REPO, run_cli

SAMPLE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"  # zh-Hans + en


def test_lint_counts_unreviewed_translations_per_language_as_warnings(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["lint"]) == 0  # warnings, not failures
    err = capsys.readouterr().err
    # nothing of the English and Lao texts says a qualified reader reviewed them: all unreviewed
    clauses, labels = len(library()), len(all_messages())
    assert f"en: {clauses} clause and 0 label translation(s) not reviewed" in err
    assert f"lo: {clauses} clause and {labels} label translation(s) not reviewed" in err
    assert f"zh-Hans: 0 clause and {labels} label translation(s) not reviewed" in err  # from English
    # the partners' catalogs translate every label, as drafts no qualified reader has reviewed yet;
    # Arabic, Thai and Vietnamese also have every clause text, as unreviewed drafts
    for language in ("ar", "th", "vi"):
        assert f"{language}: {clauses} clause and {labels} label translation(s) not reviewed" in err
    for language in ("id", "ms", "km", "ru"):
        assert f"{language}: 0 clause and {labels} label translation(s) not reviewed" in err


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    text = SAMPLE.read_text(encoding="utf-8").replace("status: draft", "status: final")
    (tmp_path / "specs" / "final.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_final_agreement_with_unreviewed_translations_is_refused_with_the_list(workspace):
    result = run_cli("build", "specs", "--out", "out", "--to", "txt", cwd=workspace)
    assert result.returncode != 0
    assert "is final, but its text uses translations no qualified reader has reviewed" in result.stderr
    assert re.search(r"en: clauses [^\n]*\bconfidentiality\b", result.stderr)
    assert re.search(r"zh-Hans: labels [^\n]*'Party A'", result.stderr)
    assert not (workspace / "out" / "nanshan-xinchuang-battery").exists()


def test_a_draft_with_the_same_translations_builds(workspace):
    spec = workspace / "specs" / "final.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("status: final", "status: draft"), encoding="utf-8"
    )
    result = run_cli("build", "specs", "--out", "out", "--to", "txt", cwd=workspace)
    assert result.returncode == 0, result.stderr


def test_recorded_reviews_let_the_final_agreement_build_until_a_text_changes(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "templates").mkdir()
    assert main(["review", "en", "--by", "A. Reader, sworn translator"]) == 0
    assert main(["review", "zh-Hans", "--by", "B. Reader, legal editor"]) == 0
    templates = Templates.for_workspace(workspace)
    assert unreviewed("en", templates) == [] and unreviewed("zh-Hans", templates) == []
    assert records("en", templates)[("clause", "confidentiality")].by == "A. Reader, sworn translator"
    result = run_cli("build", "specs", "--out", "out", "--to", "txt", cwd=workspace)
    assert result.returncode == 0, result.stderr
    # the English confidentiality clause changes: its review no longer holds
    (workspace / "templates" / "clauses").mkdir()
    clause = (REPO / "templates" / "clauses" / "confidentiality.yaml").read_text(encoding="utf-8")
    changed = clause.replace("shall not disclose", "shall in no way disclose", 1)
    assert changed != clause
    (workspace / "templates" / "clauses" / "confidentiality.yaml").write_text(changed, encoding="utf-8")
    assert unreviewed("en", Templates.for_workspace(workspace)) == [("clause", "confidentiality")]
    result = run_cli("build", "specs", "--out", "out2", "--to", "txt", cwd=workspace)
    assert result.returncode != 0 and "en: clauses confidentiality" in result.stderr


def test_review_refuses_an_unknown_name(workspace, monkeypatch, capsys):
    monkeypatch.chdir(workspace)
    (workspace / "templates").mkdir()
    assert main(["review", "en", "no-such-clause", "--by", "A. Reader"]) == 2
    assert "no en translation named 'no-such-clause'" in capsys.readouterr().err
    assert not (workspace / "templates" / "reviews").exists()
    shutil.rmtree(workspace / "templates")
