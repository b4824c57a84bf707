"""A Chinese title never ends on a line of one or two characters (“…培养协 / 议”): its last
characters (language data title_keep_last) are kept together like an amount, in both outputs."""

from __future__ import annotations

import dataclasses
import datetime

from hypothesis import given
from hypothesis import strategies as st

from agreements.compose import compose
from agreements.languages import LANGUAGES
from agreements.pdf_writer import render_pdf
from agreements.validate import read_spec
from agreements.words import title_segments
from tests.layout_check import Line, read_lines, title_breaks
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


SUPPLEMENT = next(path for path in SAMPLES if path.stem == "nanshan-xinchuang-supplementary-1")


def test_a_short_aside_in_brackets_is_part_of_the_title_word_before_it():
    """LibreOffice put "（一）" alone on the last line of the supplement's title side by side: the
    aside is kept with the word before it, in both outputs."""
    document = compose(read_spec(SUPPLEMENT))
    title = document.title["zh-Hans"]
    assert title.endswith("补充协议（一）")
    assert title_segments(title, "zh-Hans")[-1] == "补充协议（一）"
    assert "补充协议（一）" in document.keep_in_title["zh-Hans"]
    lines = [
        Line(1, 60, 100 + 20 * row, 280, 114 + 20 * row, text, 595, 842)
        for row, text in enumerate(["新能源汽车动力电池产业学院", "校企合作协议之补充协议", "（一）"])
    ]
    assert title_breaks(lines, document) == [
        "p. 1: '新能源汽车动力电池产业学院校企合作协议之补充协议' / '(一)'"
    ]
    between_words = [lines[0], dataclasses.replace(lines[1], text="校企合作协议之"), lines[2]]
    between_words[2] = dataclasses.replace(lines[2], text="补充协议（一）")
    assert title_breaks(between_words, document) == []


@given(
    st.lists(
        st.sampled_from(["合作", "协议", "（", "）", "一", "之", "补充", "（一）", "x", " "]), max_size=20
    )
)
def test_title_segments_give_back_the_title(pieces):
    title = "".join(pieces)
    assert "".join(title_segments(title, "zh-Hans")) == title
