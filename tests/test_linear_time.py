"""Time linear in the size of values: a long run without a break opportunity (an e-mail address, a
URL) used to make WeasyPrint lay out the rest of the paragraph again for every line it broke out of
the run (a 6,000-character address: 23 s instead of 7 s; 30,000 characters took minutes).

The spec format limits an e-mail address to 254 characters and a text to 2,000, so the long value
is put into a validated spec afterwards: this measures the layout, not the limits. The bound is
generous for a linear layout (about +8 s for 24,000 characters on the machine this was measured
on) and far below a quadratic one (about +100 s).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from agreements.compose import compose
from agreements.pdf_writer import render_pdf
from agreements.validate import read_spec
from tests.outputs import squash

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "hostile" / "_base" / "nanshan.yaml"
CREATED = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def _pdf_seconds(email: str | None) -> tuple[float, bytes]:
    spec = read_spec(SPEC)
    if email is not None:
        object.__setattr__(spec.parties[0].contact, "email", email)
    document = compose(spec)
    started = time.perf_counter()
    pdf = render_pdf(document, created=CREATED, spec_bytes=b"", spec_name="spec.yaml")
    return time.perf_counter() - started, pdf


def test_a_long_unbreakable_value_is_laid_out_in_linear_time(tmp_path: Path):
    from tests.outputs import pdf_text

    baseline, _ = _pdf_seconds(None)
    email = "x" * 24_000 + "@example.edu.cn"
    seconds, pdf = _pdf_seconds(email)
    assert seconds - baseline < 40, f"{seconds:.1f} s with a 24,000-character value, {baseline:.1f} s without"
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf)
    text = squash(pdf_text(path))  # and it is all there, in both languages (columns interleave)
    assert text.count("x") >= 2 * 24_000 and text.count("@example.edu.cn") >= 2
