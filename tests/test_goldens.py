"""The composed text and the PDF's HTML of every sample equal their committed goldens (see
tests/goldens.py)."""

from __future__ import annotations

import difflib

import pytest

from tests.goldens import GOLDEN, golden_files, golden_paths, golden_texts

PATHS = golden_paths()  # at collection: cheap; the texts are made by the worker that checks them
DIFF_LINES = 200  # enough to read; a change of the whole file says so


@pytest.fixture(scope="module")
def texts() -> dict:
    made = golden_texts()
    assert sorted(made) == sorted(PATHS)
    return made


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_matches_golden(path, texts):
    assert path.exists(), f"no golden file {path}; run `make goldens`"
    expected = path.read_text(encoding="utf-8")
    if expected != texts[path]:
        diff = list(
            difflib.unified_diff(
                expected.splitlines(True),
                texts[path].splitlines(True),
                f"golden/{path.relative_to(GOLDEN)}",
                "now",
                n=2,
            )
        )
        shown = "".join(diff[:DIFF_LINES])
        if len(diff) > DIFF_LINES:
            shown += (
                f"... and {len(diff) - DIFF_LINES} more diff lines (`make goldens; git diff tests/golden`)\n"
            )
        pytest.fail(f"{path.relative_to(GOLDEN)} differs; if intended, run `make goldens`\n{shown}")


def test_no_stale_golden_files():
    assert golden_files() == set(PATHS)
