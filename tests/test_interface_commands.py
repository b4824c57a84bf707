"""Every command speaks Chinese under the Chinese interface (issue 16, item 1), on good input and on
bad: file access errors, `diff`, `doctor`, `lint`, `review`, `translations`, click's own usage
errors. What is left in English may only be file names, codes, option names, font names and the
agreement's own English text (a diff shows the agreement in its languages)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from agreements.cli import main
from agreements.languages import LANGUAGES
from agreements.templates import BUILTIN
from tests.conftest import MINIMAL, edit
from tests.outputs import run_cli

WORD = r"[A-Za-z][A-Za-z'’-]*"
ENGLISH = re.compile(rf"{WORD}(?:[ ,;:]+{WORD}){{2,}}")
FONTS = sorted({name for lang in LANGUAGES.values() for name in (lang.serif, lang.sans)}, key=len)[::-1]
TAGS = "|".join(sorted(map(re.escape, LANGUAGES), key=len, reverse=True))
TAG_LIST = re.compile(rf"\b(?:{TAGS})(?:, (?:{TAGS}))+\b")  # "zh-Hans, en, lo"


def english_left(text: str) -> list[str]:
    """Runs of three or more English words, once names, codes and quoted values are taken out."""
    for font in FONTS:
        text = text.replace(font, " ")
    text = TAG_LIST.sub(" ", text)
    text = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’", " ", text)  # code, quoted values
    text = re.sub(r"\S*[/\\]\S*|\S+\.\w\S*", " ", text)  # paths, file names (not a full stop)
    text = re.sub(r"(?<!\w)--?[a-z][a-z-]*", " ", text)  # options
    text = re.sub(r"\b[A-Z][A-Z0-9_.-]+\b", " ", text)  # codes, metavars (LANGUAGE, NAME, CNY)
    return ENGLISH.findall(text)


def diff_frame(text: str) -> str:
    """A diff's own words: the agreement's texts (one line per language, and the English half of
    each bilingual title and change) are the agreement's, shown as they are."""
    lines = [line for line in text.splitlines() if not re.match(r"  [a-z]{2,3}(-[A-Za-z]+)?: ", line)]
    return "\n".join(line.split(" / ")[0] for line in lines)


@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    """A git workspace with one spec and its own copy of a clause, both changed since the commit:
    the Chinese of the clause (its translations are now out of date, one placeholder differs)."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    clause = tmp_path / "templates" / "clauses" / "term.yaml"
    clause.parent.mkdir(parents=True)
    shutil.copyfile(BUILTIN.find("clauses/term.yaml"), clause)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "r1"], cwd=tmp_path, check=True)
    spec = edit(MINIMAL, "revision: 1", "revision: 2")
    (tmp_path / "specs" / "x.yaml").write_text(edit(spec, "years: 3", "years: 4"), encoding="utf-8")
    text = clause.read_text(encoding="utf-8")
    clause.write_text(text.replace("本协议有效期自", "本协议{{ this }}有效期自", 1), encoding="utf-8")
    (tmp_path / "bad.po").write_text("hello\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "specs" / "elsewhere.yaml").symlink_to(tmp_path.parent / f"{tmp_path.name}-outside.yaml")
    (tmp_path.parent / f"{tmp_path.name}-outside.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)
    return tmp_path


# (what it shows, the command after `agreements --lang zh-Hans`, the exit code)
COMMANDS = [
    ("check: no such file", ["check", "nope.yaml"], 2),
    ("check: a link to a file outside the workspace", ["check", "specs/elsewhere.yaml"], 2),
    ("check: a folder without specs", ["check", "drafts"], 2),
    ("build: the output is a file", ["build", "specs/x.yaml", "--out", "a-file"], 2),
    ("build: an unknown format", ["build", "--to", "odt"], 2),
    ("schema: a folder that is a file", ["schema", "-o", "a-file/schema.json"], 2),
    ("new: an unknown kind", ["new", "apprenticeship"], 2),
    ("diff: differences and a changed template", ["diff", "HEAD:specs/x.yaml", "specs/x.yaml"], 1),
    ("diff: no differences", ["diff", "specs/x.yaml", "specs/x.yaml"], 0),
    ("diff: no such file", ["diff", "nope.yaml", "specs/x.yaml"], 2),
    ("diff: no such file in git", ["diff", "HEAD:nope.yaml", "specs/x.yaml"], 2),
    ("diff: a revision like an option", ["diff", "-x:specs/x.yaml", "specs/x.yaml"], 2),
    ("diff: a bad --date", ["diff", "specs/x.yaml", "specs/x.yaml", "--date", "2027-13-01"], 2),
    ("doctor", ["doctor"], 0),
    ("lint: out-of-date translations", ["lint"], 2),
    ("lint --stamp", ["lint", "--stamp"], 0),
    ("review", ["review", "lo", "term", "--by", "Somsak, sworn translator"], 0),
    ("review: no such language", ["review", "xx", "--by", "A"], 2),
    ("review: no such clause", ["review", "lo", "nope", "--by", "A"], 2),
    ("review: no reviewer", ["review", "lo"], 2),
    ("translations status", ["translations", "status"], 0),
    ("translations export", ["translations", "export", "lo", "-o", "lo.xlf"], 0),
    ("translations export: no such language", ["translations", "export", "xx", "-o", "x.xlf"], 2),
    ("translations import: no such file", ["translations", "import", "nope.xlf"], 2),
    ("translations import: not a PO file", ["translations", "import", "bad.po"], 2),
    ("merge-manifests: no such file", ["merge-manifests", "nope.json", "-o", "m.json"], 2),
]


@pytest.mark.parametrize("name, args, code", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_speaks_chinese(workspace, capsys, name, args, code):
    assert main(["--lang", "zh-Hans", *args]) == code
    out, err = capsys.readouterr()
    shown = out + err
    if args[0] == "diff":
        shown = diff_frame(shown)
    assert re.search(r"[\u4e00-\u9fff]", shown), shown
    assert english_left(shown) == [], shown
    # the same command in English says something else
    assert main(["--lang", "en", *args]) == code
    english = capsys.readouterr()
    assert english.out + english.err != out + err


def test_the_check_finds_english_words():
    assert english_left("nope.yaml:1:1: 错误: cannot read file: No such file or directory")
    assert english_left("Try 'agreements check --help' for help.")
    assert english_left("templates/clauses:1:1: warning: ar：58 个条款") == [] != english_left("warning: a b")
    assert english_left("`agreements review lo --by NAME`；没有 'xx' 这种语言：zh-Hans, en, lo") == []


def test_doctor_names_missing_fonts_in_chinese(tmp_path):
    empty = tmp_path / "fonts.conf"
    empty.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>')
    env = {"FONTCONFIG_FILE": str(empty), "AGREEMENTS_LANG": "zh-Hans"}
    result = run_cli("doctor", env=env)
    assert result.returncode == 1, result.stderr
    assert "apt-get install fonts-noto-cjk" in result.stdout
    assert english_left(result.stdout.replace("apt-get install", "")) == [], result.stdout


def test_the_diff_report_keeps_the_agreements_own_text(workspace, capsys):
    assert main(["--lang", "zh-Hans", "diff", "HEAD:specs/x.yaml", "specs/x.yaml"]) == 1
    out = capsys.readouterr().out
    assert "  en: " in out and "Article" in out  # the English text is the agreement's, untranslated
    assert "No such file 或 directory" not in out


def test_an_os_reason_is_translated_whole_never_word_by_word(workspace, capsys):
    assert main(["--lang", "zh-Hans", "check", "nope.yaml"]) == 2
    err = capsys.readouterr().err
    assert "No such file" not in err and "找不到这个文件或文件夹" in err, err
    assert os.strerror(2) == "No such file or directory"


def test_the_template_cache_note_speaks_chinese(tmp_path):
    # a cache folder others may write to is refused, and the note says so in the clerk's language
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    (tmp_path / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    env = {"AGREEMENTS_TEMPLATE_CACHE": str(shared), "AGREEMENTS_LANG": "zh-Hans"}
    result = run_cli("build", "x.yaml", "--out", "out", "--to", "docx", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    note = next(line for line in result.stderr.splitlines() if str(shared) in line)
    assert "模板缓存" in note and "其他用户可以写入" in note, note
    assert english_left(note.replace(str(shared), "")) == [], note
