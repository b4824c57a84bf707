"""The strict YAML loader: every PyYAML trap is refused or defused, at the right line and column."""

from __future__ import annotations

import time

import pytest

from agreements.errors import SpecError
from agreements.loader import MAX_BYTES, load_spec_bytes, load_spec_file
from tests.conftest import MINIMAL, UE, edit, line_of, only_problem, parse, problems, sample


def load(raw: bytes | str):
    return load_spec_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw, "x.yaml").data


def load_problems(raw: bytes | str):
    with pytest.raises(SpecError) as caught:
        load(raw)
    return caught.value.problems


def test_samples_load_as_plain_strings():
    data = load(sample(UE))
    assert data["revision"] == "2"
    assert data["university_enterprise"]["internships"]["monthly_stipend"]["amount"] == "4500.00"


# --- duplicate keys -----------------------------------------------------------------------------


def test_duplicate_top_level_key_names_both_lines():
    found = load_problems("id: a\nkind: x\nid: b\n")
    assert [(p.line, p.column) for p in found] == [(3, 1)]
    assert "duplicate key 'id'" in found[0].message and "line 1" in found[0].message


def test_duplicate_nested_key_names_both_lines():
    text = edit(
        MINIMAL,
        "      email: intl@college-a.edu.cn\n",
        "      email: intl@college-a.edu.cn\n      email: other@college-a.edu.cn\n",
    )
    found = problems(text)
    assert len(found) == 1
    first = line_of(text, "intl@college-a.edu.cn")
    assert found[0].line == first + 1
    assert "duplicate key 'email'" in found[0].message and f"line {first}" in found[0].message


def test_duplicate_key_in_flow_mapping():
    found = load_problems("title: {en: A, en: B}\n")
    assert (found[0].line, found[0].column) == (1, 16)
    assert "duplicate key 'en'" in found[0].message


def test_same_key_in_different_mappings_is_fine():
    assert load("a: {en: 1}\nb: {en: 2}\n") == {"a": {"en": "1"}, "b": {"en": "2"}}


# --- scalars stay as written ------------------------------------------------------------------


def test_no_stays_the_string_no_and_norway_is_valid():
    assert load("country: NO\nflag: no\nyes: Yes\n") == {"country": "NO", "flag": "no", "yes": "Yes"}
    spec = parse(
        edit(
            MINIMAL,
            "    country: CN\n    address: {zh-Hans: 深圳市坪山区",
            "    country: NO\n    address: {zh-Hans: 深圳市坪山区",
        )
    )
    assert spec.party("B").country == "NO"


@pytest.mark.parametrize(
    "written", ["1.10", "0755", "1:20", "0x1F", "1e3", "2024-01-01", "~x", "null-ish", ".inf", "+12", "1_000"]
)
def test_text_fields_keep_scalars_exactly_as_written(written):
    text = edit(MINIMAL, "en: Cooperation Agreement}", "en: Cooperation Agreement}\n").replace(
        "title: {zh-Hans: 合作协议, en: Cooperation Agreement}\n",
        f"title:\n  zh-Hans: 合作协议\n  en: {written}\n",
    )
    assert parse(text).title["en"] == written


def test_impossible_date_is_reported_at_its_line():
    text = edit(MINIMAL, "date: 2027-03-01", "date: 2024-02-30")
    found = only_problem(text)
    assert (found.line, found.column) == (line_of(text, "2024-02-30"), 9)
    assert "2024-02-30" in found.message and "not a real date" in found.message


def test_a_unix_timestamp_is_not_a_date():
    text = edit(MINIMAL, "date: 2027-03-01", "date: 1803859200")
    found = only_problem(text)
    assert found.line == line_of(text, "1803859200")
    assert "YYYY-MM-DD" in found.message


# --- anchors, aliases, tags -------------------------------------------------------------------


def test_anchor_and_alias_refused():
    found = load_problems("a: &x {en: A}\nb: *x\n")
    assert [(p.line, p.column) for p in found] == [(1, 4), (2, 4)]
    assert "anchors" in found[0].message and "aliases" in found[1].message


def test_billion_laughs_is_refused_quickly():
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    found = load_problems("\n".join(rows) + "\n")
    assert time.perf_counter() - start < 1.0
    assert any("aliases" in p.message for p in found)


def test_self_referencing_alias_is_refused():
    start = time.perf_counter()
    found = load_problems("a: &a [*a]\nb: &b {c: *b}\n")
    assert time.perf_counter() - start < 1.0
    assert {p.line for p in found} == {1, 2}
    assert all("anchors" in p.message or "aliases" in p.message for p in found)


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object:os.system x",
        "!!python/object/apply:os.system [ls]",
        "!!python/name:os.system ''",
        "!!str 1.10",
        "!custom x",
    ],
)
def test_tags_are_refused(tagged):
    found = load_problems(f"id: a\nx: {tagged}\n")
    assert (found[0].line, found[0].column) == (2, 4)
    assert "tags" in found[0].message


# --- size and depth ---------------------------------------------------------------------------


def test_deep_nesting_refused():
    found = load_problems("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert len(found) == 1 and "nesting deeper" in found[0].message


def test_deep_block_nesting_refused():
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(60))
    found = load_problems(text)
    assert len(found) == 1 and "nesting deeper" in found[0].message


def test_huge_file_refused_before_parsing():
    raw = b"a: " + b"x" * MAX_BYTES + b"\n"
    start = time.perf_counter()
    found = load_problems(raw)
    assert time.perf_counter() - start < 0.5
    assert (found[0].line, found[0].column) == (1, 1)
    assert "at most" in found[0].message


def test_sample_is_well_below_the_size_limit():
    assert len(sample(UE).encode()) < MAX_BYTES / 10


# --- whitespace and encodings -----------------------------------------------------------------


def test_tab_indentation_refused_at_its_line():
    found = load_problems("id: a\ntitle:\n\ten: x\n")
    assert (found[0].line, found[0].column) == (3, 1)
    assert "tab" in found[0].message and "spaces" in found[0].message


def test_tab_inside_a_value_refused_at_its_column():
    found = load_problems("id: a\nx: left\tright\n")
    assert (found[0].line, found[0].column) == (2, 8)


def test_bom_is_accepted():
    raw = b"\xef\xbb\xbf" + MINIMAL.encode("utf-8")
    assert parse(raw).id == "minimal-ue"


def test_windows_line_endings_are_accepted():
    assert parse(MINIMAL.replace("\n", "\r\n")).id == "minimal-ue"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_gets_a_friendly_message(encoding):
    found = problems(MINIMAL.encode(encoding))
    assert len(found) == 1
    assert "UTF-16" in found[0].message and "UTF-8" in found[0].message


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_and_cp1252_get_a_friendly_message_at_the_first_bad_byte(encoding):
    text = "id: a\ncity: Düsseldorf\n"
    found = problems(text.encode(encoding))
    assert len(found) == 1
    assert (found[0].line, found[0].column) == (2, 8)
    assert "not UTF-8" in found[0].message and "ü" in found[0].message


# --- characters that cannot appear in a legal document ----------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff"])
def test_raw_control_and_non_characters_refused_at_line_and_column(char):
    found = load_problems(f"id: a\nname: ab{char}cd\n")
    assert [(p.line, p.column) for p in found] == [(2, 9)]
    assert f"U+{ord(char):04X}" in found[0].message


def test_several_raw_control_characters_all_reported():
    found = load_problems("id: a\x07\nname: ok\nx: \x1b\n")
    assert [(p.line, p.column) for p in found] == [(1, 6), (3, 4)]


@pytest.mark.parametrize(
    "escape, code", [("\\x07", "0007"), ("\\u0000", "0000"), ("\\uFFFE", "FFFE"), ("\\u202E", "202E")]
)
def test_escaped_bad_characters_refused_at_line_and_column(escape, code):
    found = load_problems(f'id: a\nname: "ab{escape}cd"\n')
    assert [(p.line, p.column) for p in found] == [(2, 10)]
    assert f"U+{code}" in found[0].message


def test_lone_surrogate_escape_refused_at_the_backslash():
    found = load_problems('id: a\nname: "ab\\ud800cd"\n')
    assert [(p.line, p.column) for p in found] == [(2, 10)]
    assert "escape" in found[0].message


def test_line_separator_refused():
    found = load_problems("id: a\nname: ab\u2028cd\n")
    assert [(p.line, p.column) for p in found] == [(2, 9)]
    assert "U+2028" in found[0].message


def test_bad_character_in_a_block_scalar_is_reported_on_its_line():
    found = load_problems("id: a\nnote: |\n  fine\n  bad\x07\n")
    assert found[0].line == 4


# --- structure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("- a\n- b\n", "mapping"),
        ("just text\n", "mapping"),
        ("a: 1\n---\nb: 2\n", "one document"),
    ],
)
def test_not_a_single_mapping(text, message):
    found = load_problems(text)
    assert message in found[0].message


def test_a_list_as_key_is_refused():
    found = load_problems("? [a, b]\n: 1\nc: 2\n")
    assert found[0].line == 1 and "key" in found[0].message


def test_unquoted_colon_in_text_gets_a_hint():
    found = load_problems("id: a\ntitle: Note: this fails\n")
    assert found[0].line == 2 and "quotes" in found[0].message


def test_unreadable_file_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_spec_file(tmp_path / "missing.yaml")
    assert "cannot read" in caught.value.problems[0].message


# --- placeholders -----------------------------------------------------------------------------


def test_todo_placeholder_refused_at_its_line_and_column():
    found = load_problems("id: a\ntitle:\n  en: TODO title of the agreement\n  zh-Hans: 'TODO 标题'\n")
    assert [(p.line, p.column) for p in found] == [(3, 7), (4, 13)]
    assert found[0].message == "fill in this placeholder: TODO title of the agreement"
    assert found[1].message == "fill in this placeholder: TODO 标题"


def test_every_todo_is_reported_in_one_run():
    text = "a: TODO\nb: {c: TODO one, d: TODO two}\ne:\n  - TODO three\n"
    assert [p.line for p in load_problems(text)] == [1, 2, 2, 4]


def test_todo_only_counts_at_the_start_of_a_value():
    assert load("a: see TODO list\nb: ToDo\n") == {"a": "see TODO list", "b": "ToDo"}


def test_null_words_are_null_only_when_plain():
    assert load("a: ~\nb:\nc: null\nd: 'null'\ne: \"~\"\nf: Null\n") == {
        "a": None,
        "b": None,
        "c": None,
        "d": "null",
        "e": "~",
        "f": None,
    }


def test_every_refused_character_is_unprintable():
    """The loader skips the per-character check for printable values (str.isprintable)."""
    from agreements.spec_characters import character_problem

    refused_printable = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if chr(code).isprintable() and character_problem(chr(code))
    ]
    assert refused_printable == []
