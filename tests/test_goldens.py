"""The composed text of every sample equals its committed golden text (see tests/goldens.py)."""
from __future__ import annotations

import difflib

import pytest

from tests.goldens import GOLDEN, golden_texts

TEXTS = golden_texts()


@pytest.mark.parametrize("path", sorted(TEXTS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_text_matches_golden(path):
    assert path.exists(), f"no golden file {path}; run `make goldens`"
    expected = path.read_text(encoding="utf-8")
    if expected != TEXTS[path]:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), TEXTS[path].splitlines(True),
                                            "golden", "now"))
        pytest.fail(f"{path.relative_to(GOLDEN)} differs; if intended, run `make goldens`\n{diff}")


def test_no_stale_golden_files():
    assert set(GOLDEN.rglob("*.txt")) == set(TEXTS)
