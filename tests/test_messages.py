"""Error messages never carry raw control or invisible characters, and never name a link's target."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agreements.errors import AgreementError, Problem, SpecError, display_path, visible
from agreements.loader import load_spec_bytes


def test_visible_escapes_controls_and_invisible_characters_only():
    assert visible("Wang \x1b[31mJi\x07an\rjun") == "Wang \\x1b[31mJi\\x07an\\x0djun"
    assert visible("a\u202eb\u2066c\u200bd\u00ade") == "a\\u202eb\\u2066c\\u200bd\\xade"
    assert visible("tag \U000e0041") == "tag \\U000e0041"
    assert visible("深圳 ເຂົ້າ Café 😀 R&D <Ltd>") == "深圳 ເຂົ້າ Café 😀 R&D <Ltd>"
    assert visible("two\nlines", keep="\n") == "two\nlines"


def test_quoted_source_line_shows_escapes_and_the_caret_stays_under_the_character():
    problem = Problem("x.yaml", 3, 14, "bad", 'name: "\x1b[2J深\x07X"')
    head, line, caret = problem.format().splitlines()
    assert "\x1b" not in line and "\x07" not in line
    assert line == '    name: "\\x1b[2J深\\x07X"'
    # column 14 is the X: after the escaped ESC (4 columns), '[2J', the wide 深 and the BEL
    assert caret.index("^") == line.index("X") + 1  # 深 takes two terminal columns


def test_messages_paths_and_dicts_are_escaped():
    problem = Problem("specs/\x1b[31m.yaml", 1, 1, "duplicate key '\x1b]0;t\x07'")
    assert problem.path == "specs/\\x1b[31m.yaml"
    assert "\x1b" not in problem.format() and "\x07" not in str(problem.as_dict())
    assert (
        AgreementError("cannot write out/\x1b[2J: full\nsecond line").format()
        == "error: cannot write out/\\x1b[2J: full\nsecond line"
    )


def test_a_todo_placeholder_with_an_escape_is_quoted_escaped():
    with pytest.raises(SpecError) as caught:
        load_spec_bytes(b'id: a\ntitle:\n  en: "TODO \\e[2J"\n', "x.yaml")
    text = caught.value.format()
    assert "\x1b" not in text and "TODO \\x1b[2J" in text


def test_display_path_names_the_link_not_its_target(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "env.yaml").symlink_to("/proc/self/environ")
    (tmp_path / "real.yaml").write_text("id: a\n")
    (tmp_path / "specs" / "inside.yaml").symlink_to(tmp_path / "real.yaml")
    assert display_path(Path("specs/env.yaml")) == os.path.join("specs", "env.yaml")
    assert display_path(tmp_path / "specs" / "inside.yaml") == os.path.join("specs", "inside.yaml")
