"""Shared helpers: spec texts to mutate, a way to see every problem a text produces, and the
samples built once per test run through the real command line (`sample_build`)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from agreements.errors import Problem, SpecError
from agreements.model import Spec
from agreements.validate import read_spec_bytes
from tests.outputs import PDFTOTEXT_CACHE

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

# A small, complete, valid spec. Line numbers matter to some tests: keep it as it is.
MINIMAL = """\
id: minimal-ue
kind: university-enterprise
revision: 1
status: draft
languages: [zh-Hans, en]
title: {zh-Hans: 合作协议, en: Cooperation Agreement}
purpose: {zh-Hans: 开展合作, en: To cooperate}
signing:
  date: 2027-03-01
  place: {zh-Hans: 深圳, en: Shenzhen}
originals:
  held_by: {A: 2, B: 2}
parties:
  - role: A
    name: {zh-Hans: 甲学院, en: College A}
    country: CN
    address: {zh-Hans: 深圳市南山区, en: Nanshan District}
    representative:
      name: {zh-Hans: 王一, en: Wang Yi}
      title: {zh-Hans: 校长, en: President}
    contact:
      name: {zh-Hans: 李二, en: Li Er}
      email: intl@college-a.edu.cn
      phone: +86 755 1234 5678
  - role: B
    name: {zh-Hans: 乙公司, en: Company B Ltd.}
    country: CN
    address: {zh-Hans: 深圳市坪山区, en: Pingshan District}
    representative:
      name: {zh-Hans: 张三, en: Zhang San}
      title: {zh-Hans: 总经理, en: General Manager}
    contact:
      name: {zh-Hans: 赵四, en: Zhao Si}
      email: hr@company-b.com
      phone: +86 755 8765 4321
term:
  start: 2027-04-01
  years: 3
clauses:
  disputes:
    method: arbitration
    institution: {zh-Hans: 深圳国际仲裁院, en: the Shenzhen Court of International Arbitration}
    seat: {zh-Hans: 深圳, en: Shenzhen}
  governing_law: CN
university_enterprise:
  graduate_positions_per_year: 10
"""


def sample(name: str) -> str:
    """The text of a committed sample spec."""
    return (SPECS / f"{name}.yaml").read_text(encoding="utf-8")


UU = "lingnan-vientiane-pharmacy"  # university-university, zh-Hans + en + lo
UE = "nanshan-xinchuang-battery"  # university-enterprise, zh-Hans + en
OBT = "lancang-nanyue-railway-order"  # order-based-training, zh-Hans + lo
UU3 = "jinjihu-pennine-mechatronics"  # university-university, three parties
SAMPLES = [UU, UE, OBT, UU3]


def edit(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` (fails loudly if the test's anchor is not unique)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the one line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} on lines {hits}"
    return hits[0]


def parse(text: str, name: str = "spec.yaml") -> Spec:
    return read_spec_bytes(text.encode("utf-8") if isinstance(text, str) else text, name)


def problems(text: str | bytes, name: str = "spec.yaml") -> list[Problem]:
    """Every problem reported for a text; fails the test if the text is valid."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(SpecError) as caught:
        read_spec_bytes(raw, name)
    return caught.value.problems


def only_problem(text: str | bytes) -> Problem:
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]


# --- poppler's answers, kept for the run ---------------------------------------------------------


def pytest_configure(config):
    """One folder per run for tests.outputs.pdftotext, made before the xdist workers start (they
    inherit it) and removed at the end."""
    if not os.environ.get(PDFTOTEXT_CACHE):
        os.environ[PDFTOTEXT_CACHE] = config._pdftotext_cache = tempfile.mkdtemp(prefix="pdftotext-")


def pytest_unconfigure(config):
    folder = getattr(config, "_pdftotext_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(PDFTOTEXT_CACHE, None)


# --- the samples, built once per run -------------------------------------------------------------


def _build_samples(work: Path) -> None:
    from tests.outputs import SAMPLES as SAMPLE_FILES
    from tests.outputs import run_cli

    (work / "specs").mkdir()
    for sample in SAMPLE_FILES:
        shutil.copy(sample, work / "specs" / sample.name)
    result = run_cli(
        "build", "specs", "--out", "out", "--jobs", "2", "--pack", "pack.zip", "--format", "json", cwd=work
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    json.loads(result.stdout)
    (work / "report.json").write_text(result.stdout, encoding="utf-8")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """A workspace after `agreements build specs --out out --jobs 2 --pack pack.zip --format json`
    of the four samples, run once per test run as a separate process (shared by the xdist
    workers): specs/, out/, pack.zip, and report.json (the JSON report).

    Read only. Tests that are not about rendering start from a copy (`built_workspace`) instead
    of building the samples again; a build in a copy skips every sample (the manifest records
    relative paths and content hashes, never the folder)."""
    from tests.shared import once, shared_root

    return once(shared_root(tmp_path_factory), "sample-build", _build_samples)


@pytest.fixture
def built_workspace(sample_build: Path, tmp_path: Path) -> Path:
    """A writable copy of `sample_build`'s specs/ and out/: a workspace whose first build is done."""
    from tests.shared import copy_tree

    for name in ("specs", "out"):
        copy_tree(sample_build / name, tmp_path / name)
    return tmp_path


# --- LibreOffice, started once per run -----------------------------------------------------------


@pytest.fixture(scope="session")
def libreoffice_pdfs(request, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX the tests of this run open in LibreOffice, converted in one `soffice
    --convert-to pdf` call per run (starting LibreOffice costs more than converting a file):
    name -> the PDF it made, next to the DOCX it was made from. The files come from the modules
    that check them (`docx_for_libreoffice` in test_docx.py, test_redline.py, test_samples.py,
    test_layout.py),
    only from those with a selected test that uses this fixture: `pytest tests/test_docx.py`
    converts three files, not sixteen."""
    from tests import test_docx, test_layout, test_redline, test_samples
    from tests.outputs import libreoffice_convert
    from tests.shared import once, shared_root

    root = shared_root(tmp_path_factory)
    producers = {
        test_docx.__name__: test_docx.docx_for_libreoffice,
        test_redline.__name__: test_redline.docx_for_libreoffice,
        test_samples.__name__: lambda folder: test_samples.docx_for_libreoffice(
            folder, test_samples.Built(root, request.getfixturevalue("sample_build"))
        ),
        # the same files as test_samples (one name each: converting them twice is harmless)
        test_layout.__name__: lambda folder: test_layout.docx_for_libreoffice(
            folder, test_samples.Built(root, request.getfixturevalue("sample_build"))
        ),
    }
    wanted = sorted(
        {
            item.module.__name__
            for item in request.session.items
            if "libreoffice_pdfs" in getattr(item, "fixturenames", ())
        }
        & set(producers)
    )

    def make(folder: Path) -> None:
        inputs = folder / "in"
        inputs.mkdir()
        for module in wanted:
            producers[module](inputs)
        files = sorted(inputs.glob("*.docx"))
        libreoffice_convert(files, folder / "out")
        for docx in files:  # each PDF next to its DOCX; a missing one fails its own test
            pdf = folder / "out" / f"{docx.stem}.pdf"
            if pdf.exists():
                pdf.rename(inputs / pdf.name)

    name = "libreoffice-" + "-".join(module.rsplit(".", 1)[-1] for module in wanted)
    folder = once(root, name, make) / "in"
    return {docx.stem: docx.with_suffix(".pdf") for docx in folder.glob("*.docx")}
