"""Issue 16's "done when": the same planted mistakes through the editor's language server (the real
yaml-language-server, over LSP on stdio, reading the schema through the `$schema` line that
`agreements new` writes) and through `agreements check`. Both must flag each of the issue's 13
mistakes at its line; over the schema test's mistakes the language server must give the verdicts
of the JSON Schema (tests/test_schema_agrees.py), including its list of what a schema cannot say.
`tools/editor_check.py` prints the same comparison as a table."""

from __future__ import annotations

import pytest

from tests.editor_view import ISSUE_MISTAKES, agreements, side_by_side
from tests.lsp_client import LanguageServer
from tests.test_schema_agrees import EXCEPTIONS, MISTAKES

SCHEMA_CASES = [(f"schema: {name}", old, new) for name, old, new in MISTAKES + EXCEPTIONS]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    found = side_by_side(tmp_path_factory.mktemp("editor"), ISSUE_MISTAKES + SCHEMA_CASES)
    return {verdict.name: verdict for verdict in found}


def test_the_unchanged_spec_is_clean_to_both(verdicts):
    clean = verdicts["none"]
    assert clean.editor_elsewhere == [] and clean.check_elsewhere == []


@pytest.mark.parametrize("name", [m[0] for m in ISSUE_MISTAKES])
def test_each_mistake_of_the_issue_is_flagged_by_both_at_its_line(verdicts, name):
    verdict = verdicts[name]
    assert verdict.editor, f"the language server says nothing at line {verdict.line}: {verdict}"
    assert verdict.check, f"check says nothing at line {verdict.line}: {verdict}"


@pytest.mark.parametrize("name", [m[0] for m in MISTAKES])
def test_the_language_server_refuses_what_the_schema_refuses(verdicts, name):
    verdict = verdicts[f"schema: {name}"]
    assert verdict.editor or verdict.editor_elsewhere, f"the language server accepts {name}"
    assert verdict.check or verdict.check_elsewhere, f"check accepts {name}"


@pytest.mark.parametrize("name", [m[0] for m in EXCEPTIONS])
def test_what_a_schema_cannot_say_the_language_server_cannot_either(verdicts, name):
    verdict = verdicts[f"schema: {name}"]
    assert verdict.check or verdict.check_elsewhere, f"check accepts {name}"
    assert not (verdict.editor or verdict.editor_elsewhere), (
        f"the language server now flags {name}: move it to MISTAKES in test_schema_agrees.py"
    )


def test_a_new_workspace_links_the_editor_to_the_schema(tmp_path):
    # issue 16, item 4: `Unable to load schema ... No content` until `agreements schema` was run
    assert agreements("new", "university-enterprise", "--id", "acme", cwd=tmp_path).returncode == 0
    spec = tmp_path / "specs" / "acme.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    with LanguageServer(tmp_path) as server:
        linked = server.check([spec])[spec]
    assert not [d for d in linked if "Unable to load schema" in d["message"]], linked
    assert [d for d in linked if d["message"] == "Property colour is not allowed."], linked
    # the same file without the schema: the editor says so (the test can fail)
    (tmp_path / "schema" / "agreement.schema.json").unlink()
    with LanguageServer(tmp_path) as server:
        unlinked = server.check([spec])[spec]
    assert [d for d in unlinked if "Unable to load schema" in d["message"]], unlinked
