"""Shared helpers: spec texts to mutate, and a way to see every problem a text produces."""
from __future__ import annotations

from pathlib import Path

import pytest

from agreements.errors import Problem, SpecError
from agreements.model import Spec
from agreements.validate import read_spec_bytes

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
    institution: {zh-Hans: 深圳国际仲裁院, en: Shenzhen Court of International Arbitration}
    seat: {zh-Hans: 深圳, en: Shenzhen}
  governing_law: CN
university_enterprise:
  graduate_positions_per_year: 10
"""


def sample(name: str) -> str:
    """The text of a committed sample spec."""
    return (SPECS / f"{name}.yaml").read_text(encoding="utf-8")


UU = "lingnan-vientiane-pharmacy"          # university-university, zh-Hans + en + lo
UE = "nanshan-xinchuang-battery"           # university-enterprise, zh-Hans + en
OBT = "lancang-nanyue-railway-order"       # order-based-training, zh-Hans + lo
UU3 = "jinjihu-pennine-mechatronics"       # university-university, three parties
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
