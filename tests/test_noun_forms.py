"""Cases of inflected labels: `{{ this.genitive }}` prints the form the language's catalog gives
"this Agreement" / "this Memorandum" / "this Supplementary Agreement" (an entry with that msgctxt),
`{{ role('B').dative }}` that of "Party B"; lint counts them as `{{ this }}` and `{{ role('B') }}`,
and a form the catalog lacks is an error at lint and at compose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreements.clauses import lint_clauses, load_clause, render, source_hash
from agreements.compose import template_context
from agreements.errors import TemplateError
from agreements.labels import Labels
from agreements.templates import Templates
from tests.conftest import parse, sample
from tests.outputs import REPO, run_cli

ZH = "{{ This }}自签字之日起生效。{{ this }}的附件是{{ this }}的组成部分，由{{ role('B') }}保存。"
RU = (
    "{{ This }} вступает в силу. Приложения к {{ this.dative }} являются частью {{ this.genitive }}"
    " и передаются {{ role('B').dative }}."
)
CLAUSE = """zh-Hans:
  title: 生效
  text: |
    {zh}
ru:
  source: {hash}
  title: Вступление в силу
  text: |
    {ru}
"""


def probe(tmp_path: Path, ru: str) -> Path:
    """A workspace whose one extra clause has a Chinese text and a Russian text `ru`."""
    folder = tmp_path / "templates" / "clauses"
    folder.mkdir(parents=True)
    path = folder / "noun-probe.yaml"
    path.write_text(CLAUSE.format(zh=ZH, ru=ru, hash="0"), encoding="utf-8")
    stamped = source_hash(load_clause(path).texts["zh-Hans"])
    path.write_text(CLAUSE.format(zh=ZH, ru=ru, hash=stamped), encoding="utf-8")
    return path


def own_problems(path: Path, templates: Templates) -> list[str]:
    """Lint's problems with the probe clause, but that it lacks the other languages."""
    found = [p for p in lint_clauses(templates) if Path(p.path) == path]
    return [f"{p.line}: {p.message}" for p in found if "translation" not in p.message]


def rendered(path: Path, spec_name: str, templates: Templates) -> str:
    spec = parse(sample(spec_name))
    context = template_context(spec, "ru", Labels("ru", templates))
    return render(load_clause(path), "ru", "text", context)


@pytest.mark.parametrize(
    ("spec_name", "expected"),
    [
        (
            "lingnan-vientiane-pharmacy",
            "Настоящее Соглашение вступает в силу. Приложения к настоящему "
            "Соглашению являются частью настоящего Соглашения и передаются Стороне Б.",
        ),
        (
            "nanshan-seaboard-mou",
            "Настоящий Меморандум вступает в силу. Приложения к настоящему "
            "Меморандуму являются частью настоящего Меморандума и передаются Стороне Б.",
        ),
        (
            "nanshan-xinchuang-supplementary-1",
            "Настоящее Дополнительное соглашение вступает в силу. "
            "Приложения к настоящему Дополнительному соглашению являются частью настоящего "
            "Дополнительного соглашения и передаются Стороне Б.",
        ),
    ],
)
def test_a_case_form_prints_the_catalogs_form_for_each_document_type(tmp_path, spec_name, expected):
    path = probe(tmp_path, RU)
    templates = Templates.for_workspace(tmp_path)
    assert rendered(path, spec_name, templates).strip() == expected
    assert own_problems(path, templates) == []  # {{ this.dative }} is the Chinese {{ this }}


def test_a_form_the_catalog_lacks_is_an_error_at_lint_and_at_compose(tmp_path):
    path = probe(tmp_path, RU.replace("this.genitive", "this.ablative"))
    templates = Templates.for_workspace(tmp_path)
    problems = own_problems(path, templates)
    assert len(problems) == 3, problems  # one per document type
    assert all(p.startswith("9: ") and "{{ this.ablative }}" in p for p in problems), problems
    assert any("'this Memorandum'" in p and 'msgctxt "ablative"' in p for p in problems)
    with pytest.raises(TemplateError) as caught:
        rendered(path, "nanshan-seaboard-mou", templates)
    assert "noun-probe.yaml:9:" in str(caught.value)
    assert "'ablative' of 'this Memorandum'" in str(caught.value)


def test_a_language_without_forms_cannot_use_one(tmp_path):
    """English has no catalog, so no forms: `{{ this.genitive }}` fails, it never prints `this`."""
    spec = parse(sample("lingnan-vientiane-pharmacy"))
    this = template_context(spec, "en", Labels("en"))["this"]
    assert this == "this Agreement"
    with pytest.raises(LookupError, match="'genitive' of 'this Agreement'"):
        this.genitive  # noqa: B018


def test_a_role_form_the_catalog_lacks_is_an_error_for_every_party(tmp_path):
    path = probe(tmp_path, RU.replace("role('B').dative", "role('B').vocative"))
    templates = Templates.for_workspace(tmp_path)
    problems = own_problems(path, templates)
    assert [p.split("form of ")[1].split(" ")[:2] for p in problems] == [
        ["'Party", "A'"],
        ["'Party", "B'"],
        ["'Party", "C'"],
    ]
    with pytest.raises(TemplateError, match="'vocative' of 'Party B'"):
        rendered(path, "lingnan-vientiane-pharmacy", templates)


def test_a_translators_file_may_use_a_form_but_not_one_the_catalog_lacks(tmp_path):
    """The round trip counts `{{ this.dative }}` as the source's `{{ this }}`; an unknown form is
    refused at import and leaves the clause file as it was."""
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    clause = tmp_path / "templates" / "clauses" / "counterparts.yaml"
    assert (
        run_cli("translations", "export", "ru", "-o", "ru.po", "--format", "po", cwd=tmp_path).returncode == 0
    )
    exported = (tmp_path / "ru.po").read_text("utf-8")
    old = "{{ n.item }}. Каждый экземпляр содержит текст {{ this.genitive }} на всех его языках."
    assert f'msgstr "{old}"' in exported
    for form, accepted in (("dative", True), ("ablative", False)):
        new = old.replace("{{ this.genitive }}", "{{ this." + form + " }}")  # words aside
        (tmp_path / "edited.po").write_text(exported.replace(old, new), "utf-8")
        before = clause.read_bytes()
        result = run_cli("translations", "import", "edited.po", cwd=tmp_path)
        assert (result.returncode == 0) == accepted, result.stderr
        assert (new in clause.read_text("utf-8")) == accepted
        if not accepted:
            assert "'ablative' form of 'this Agreement'" in result.stderr
            assert clause.read_bytes() == before
    templates = Templates.for_workspace(tmp_path)
    assert [p for p in lint_clauses(templates) if Path(p.path).name == "counterparts.yaml"] == []
