"""What justifying Chinese between characters costs the PDF (agreements/pdf_justify.py).

    python -m benchmarks.justify [--runs 5]

Renders the PDF of every sample with Chinese in one process, with the justification hook
(ours) and without it (WeasyPrint's own: only spaces stretch), in turns, N times; prints the
median seconds of each and the median of the per-run ratios.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from pathlib import Path

from agreements import pdf_justify, pdf_writer
from agreements.compose import compose
from agreements.validate import read_spec

SPECS = Path(__file__).resolve().parent.parent / "specs"


def _render_all(documents) -> float:
    start = time.perf_counter()
    for document in documents:
        pdf_writer.render_pdf(
            document, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1)
        )
    return time.perf_counter() - start


def _without_hook() -> None:
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    inline.count_expandable_spaces = pdf_justify._count_spaces
    line_break.Layout.set_text = pdf_justify._set_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    documents = [compose(read_spec(path)) for path in sorted(SPECS.glob("*.yaml"))]
    documents = [d for d in documents if "zh-Hans" in d.languages]
    install = pdf_writer.install_justification
    _render_all(documents[:1])  # fonts and caches warm
    ours, plain = [], []
    for _ in range(runs):
        pdf_writer.install_justification = install
        ours.append(_render_all(documents))
        pdf_writer.install_justification = _without_hook
        plain.append(_render_all(documents))
    ratios = [a / b for a, b in zip(ours, plain)]
    print(f"{len(documents)} PDFs, {runs} runs")
    print(f"justified between characters: {statistics.median(ours):.2f} s (median)")
    print(f"WeasyPrint alone (ragged):     {statistics.median(plain):.2f} s (median)")
    print(f"ratio: {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
