"""A Chinese title never ends on a line of one or two characters (“…培养协 / 议”): its last
characters (language data title_keep_last) are kept together like an amount, in both outputs."""

from __future__ import annotations

import dataclasses
import datetime

from agreements.compose import compose
from agreements.languages import LANGUAGES
from agreements.pdf_writer import render_pdf
from agreements.validate import read_spec
from tests.layout_check import read_lines
from tests.outputs import SAMPLES

SAMPLE = next(path for path in SAMPLES if path.stem == "nanshan-xinchuang-battery")
TITLE = "新能源汽车动力电池产业学院校企合作与订单式人才联合培养协议"  # 29 characters


def test_the_chinese_title_tail_is_kept_together():
    spec = read_spec(SAMPLE)
    document = compose(spec)
    tail = LANGUAGES["zh-Hans"].title_keep_last
    assert tail == 4
    assert spec.title["zh-Hans"][-tail:] in document.keep_together["zh-Hans"]
    assert not any(text == spec.title["en"][-4:] for text in document.keep_together["en"])  # no data


def _last_title_lines(tmp_path, document, keep: bool) -> list[str]:
    """The last line of the Chinese title in its column, for titles of 16 to 29 characters
    (each wraps differently), in documents of the title and signature page alone."""
    found = []
    for length in range(16, len(TITLE) + 1):
        title = TITLE[len(TITLE) - length :]
        kept = (title[-4:],) if keep else ()
        variant = dataclasses.replace(
            document,
            layout="side-by-side",
            title={**document.title, "zh-Hans": title},
            sections=(),  # the title is all this checks: no article to lay out
            keep_together={**document.keep_together, "zh-Hans": kept},
            keep_in_title={**document.keep_in_title, "zh-Hans": kept},  # the tail alone, no words
        )
        pdf = tmp_path / f"{length}.pdf"
        pdf.write_bytes(
            render_pdf(
                variant, spec_bytes=b"id: x\n", spec_name="x.yaml", created=datetime.datetime(2027, 1, 1)
            )
        )
        lines = [ln for ln in read_lines(pdf) if ln.page == 1]
        title_lines = [ln.text for ln in lines if ln.text and ln.text.replace("\u2060", "") in title]
        found.append(title_lines[-1].replace("\u2060", "") if title_lines else "")
    return found


def test_no_title_line_of_one_or_two_characters_in_the_pdf(tmp_path):
    document = compose(read_spec(SAMPLE))
    kept = _last_title_lines(tmp_path, document, keep=True)
    assert all(len(line) >= 4 for line in kept), kept
    loose = _last_title_lines(tmp_path, document, keep=False)
    assert any(len(line) < 3 for line in loose), loose  # the defect, without the kept tail
