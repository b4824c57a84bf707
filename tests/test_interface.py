"""The command line in Chinese or English (issue 16, item 1): the language comes from --lang,
AGREEMENTS_LANG or the usual locale variables, and the hostile cases give the same exit codes
and locations in both languages, every message translated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from agreements.cli import main
from agreements.interface import choose_language
from tests.conftest import MINIMAL, edit
from tests.outputs import run_cli

HOSTILE = Path(__file__).parent / "hostile"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "asked, environ, expected",
    [
        (None, {}, "en"),
        ("zh-Hans", {}, "zh_Hans"),
        ("zh", {"LANG": "en_US.UTF-8"}, "zh_Hans"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"AGREEMENTS_LANG": "zh-Hans", "LANG": "en_GB.UTF-8"}, "zh_Hans"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh_Hans"),
        (None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_Hans"),
        (None, {"LC_MESSAGES": "zh_SG.UTF-8"}, "zh_Hans"),
        (None, {"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, "zh_Hans"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # the first one set decides
    ],
)
def test_the_interface_language_comes_from_the_option_or_the_environment(asked, environ, expected):
    assert choose_language(asked, environ) == expected


def _spec_cases() -> list[tuple[str, dict]]:
    """The hostile cases about a spec's own content, checked with `check`."""
    cases = []
    for folder in sorted(HOSTILE.iterdir()):
        if not (folder / "case.yaml").is_file():
            continue
        case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        plain = not any(
            key in case for key in ("generate", "links", "fifos", "setup", "file", "outside", "env")
        )
        if case.get("expect") == "error" and plain and "check" in case.get("commands", ["check"]):
            if (folder / case.get("input", "spec.yaml")).is_file():
                cases.append((folder.name, case))
    return cases


SPEC_CASES = _spec_cases()


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
@pytest.mark.parametrize("name, case", SPEC_CASES, ids=[name for name, _ in SPEC_CASES])
def test_hostile_cases_in_both_languages(tmp_path, monkeypatch, capsys, lang, name, case):
    monkeypatch.chdir(tmp_path)
    shown = case.get("input", "spec.yaml")
    shutil.copyfile(HOSTILE / name / shown, tmp_path / Path(shown).name)
    code = main(["--lang", lang, "check", Path(shown).name])
    err = capsys.readouterr().err
    assert code == case.get("exit", 2), err
    heads = [line for line in err.splitlines() if re.match(r"\S.*?:\d+:\d+: ", line)]
    assert heads, err
    word = "错误" if lang == "zh-Hans" else "error"
    for head in heads:
        found = re.match(rf"(?P<file>\S.*?):(?P<line>\d+):(?P<column>\d+): {word}: (?P<message>.+)", head)
        assert found, head
        if lang == "zh-Hans":
            assert CJK.search(found["message"]), f"not translated: {head}"
    if case.get("line") is not None:
        assert any(re.search(rf":{case['line']}:\d+: ", head) for head in heads), err
    if lang == "en":
        assert case["message"] in err
    summary = err.strip().splitlines()[-1]
    assert ("份协议中" in summary) == (lang == "zh-Hans"), summary


def test_build_speaks_chinese_from_the_locale(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    bad = edit(MINIMAL, "minimal-ue", "bad-one")
    bad = edit(
        bad,
        "country: CN\n    address: {zh-Hans: 深圳市南山区",
        "country: 中国\n    address: {zh-Hans: 深圳市南山区",
    )
    (tmp_path / "specs" / "bad.yaml").write_text(bad, encoding="utf-8")
    result = run_cli("build", "--to", "txt", "--jobs", "1", cwd=tmp_path, env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 2
    assert "] 已生成 specs/good.yaml（" in result.stderr
    assert "] 失败 specs/bad.yaml（" in result.stderr
    assert "specs/bad.yaml:16:14: 错误: “中国”不是国家代码；请写 CN（中国）" in result.stderr
    assert result.stdout.startswith("已生成 1 份，未改动 0 份，失败 1 份，用时 ")
    english = run_cli(
        "--lang", "en", "build", "--to", "txt", "--jobs", "1", cwd=tmp_path, env={"LANG": "zh_CN.UTF-8"}
    )
    assert (
        "'中国' is not a country code" in english.stderr and "0 built, 1 skipped, 1 failed" in english.stdout
    )


def _help_texts() -> dict[str, list[str]]:
    """Every help text of the CLI, per command name ('' for the group)."""
    import click

    from agreements.cli import cli

    found: dict[str, list[str]] = {}

    def walk(command, name: str) -> None:
        context = click.Context(command, info_name=command.name)
        found[name] = [
            item.help for item in [command, *command.get_params(context)] if getattr(item, "help", None)
        ]
        for sub in getattr(command, "commands", {}).values():
            walk(sub, f"{name} {sub.name}".strip())

    walk(cli, "")
    return found


@pytest.mark.parametrize("command", sorted(_help_texts()))
def test_help_of_every_command_in_chinese(capsys, command):
    texts = _help_texts()[command]
    args = ["--lang", "zh-Hans", *command.split(), "--help"]
    assert main(args) == 0
    shown = " ".join(capsys.readouterr().out.split())  # click wraps long lines
    assert shown.startswith("用法： agreements") and "选项：" in shown
    for text in texts:
        assert " ".join(text.split())[:30] not in shown, f"left in English: {text}"
    assert main(["--lang=en", *args[2:]]) == 0
    english = " ".join(capsys.readouterr().out.split())
    assert all(" ".join(text.split())[:30] in english for text in texts)
