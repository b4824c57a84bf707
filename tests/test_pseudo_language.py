"""A language is data: en-XA (pseudo-English), registered from a fixture folder, builds in every
layout, in DOCX and PDF, and no code in the package knows it exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.outputs import REPO, docx_text, pdf_fonts, pdf_text, run_cli, squash
from tests.pseudo import LAYOUTS, TAG, pseudo, write_layout_specs, write_workspace

SAMPLE = REPO / "specs" / "nanshan-xinchuang-battery.yaml"  # zh-Hans + en
PLAIN = re.compile(r"\b(Article|Annex|Party|Page|Signature|Seal|Date|Confidentiality)\b")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = write_workspace(tmp_path_factory.mktemp("pseudo") / "ws")
    write_layout_specs(folder, SAMPLE, TAG)
    return folder


@pytest.fixture(scope="module")
def built(workspace: Path) -> Path:
    result = run_cli("build", "specs", "--out", "out", "--jobs", "2", cwd=workspace)
    assert result.returncode == 0, result.stderr
    return workspace / "out"


def test_no_code_in_the_package_names_the_language():
    for path in (REPO / "agreements").rglob("*.py"):
        assert TAG not in path.read_text(encoding="utf-8"), path


def test_check_and_lint_accept_it_from_the_workspace(workspace: Path):
    assert run_cli("check", "specs", cwd=workspace).returncode == 0
    lint = run_cli("lint", cwd=workspace)
    assert lint.returncode == 0, lint.stderr


def test_outside_its_workspace_the_language_is_unknown(workspace: Path):
    result = run_cli("check", str(workspace / "specs" / "sequential.yaml"))  # cwd: the repo
    assert result.returncode == 2
    assert f"({TAG}) is not yet available as an agreement language" in result.stdout + result.stderr


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_builds_in_docx_and_pdf_with_the_pseudo_texts(built: Path, layout: str):
    spec_id = f"nanshan-xinchuang-battery-{layout}"
    docx, pdf = built / spec_id / f"{spec_id}.docx", built / spec_id / f"{spec_id}.pdf"
    expected = [
        pseudo("Article {number}").replace("{number}", "1"),
        pseudo("Confidentiality"),
        pseudo("Signature"),
        pseudo("Authorised representative"),
        pseudo("the People's Republic of China"),
    ]
    for name, text in (("docx", squash(docx_text(docx))), ("pdf", squash(pdf_text(pdf)))):
        for line in expected:
            assert squash(line) in text, (layout, name, line)
        assert "第一条" in text, (layout, name)  # the Chinese is still there
    families = {font["name"].split("+")[-1] for font in pdf_fonts(pdf)}
    assert "Noto-Serif" in families, families  # en-XA body text, from its data
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_what_the_language_machinery_produced_is_all_accented(workspace: Path):
    """Labels and clause headings of the en-XA document: none plain English (it would have
    bypassed the catalog or the clause texts)."""
    from agreements.compose import compose
    from agreements.languages import _LIBRARY, LANGUAGES, register_languages
    from agreements.templates import Templates
    from agreements.validate import read_spec

    before, library_before = dict(LANGUAGES), list(_LIBRARY)
    try:
        templates = Templates.for_workspace(workspace)
        register_languages(templates)  # its data, and its clause library decides availability
        document = compose(read_spec(workspace / "specs" / "interleaved.yaml"), templates)
    finally:
        LANGUAGES.clear()
        LANGUAGES.update(before)
        _LIBRARY[:] = library_before
    texts = list(document.labels[TAG].values())
    for section in document.sections:
        texts.append(section.label[TAG])
        if not section.source:  # a bespoke heading is the clerk's text, not the machinery's
            texts.append(section.heading[TAG])
    texts += [line.text[TAG].split(":")[0] for signatory in document.signatories for line in signatory.lines]
    plain = [text for text in texts if PLAIN.search(text)]
    assert not plain, plain
    assert all(re.search("[ȧḗīǿŭȦḖĪǾŬ]", text) for text in texts if text.strip()), [
        text for text in texts if text.strip() and not re.search("[ȧḗīǿŭȦḖĪǾŬ]", text)
    ]
