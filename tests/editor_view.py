"""Planted mistakes through the editor's language server and through `agreements check`, side by
side (issue 16): a workspace made by `agreements new` (its schema and the `$schema` line it
writes), one spec per mistake, the real yaml-language-server over LSP (tests/lsp_client.py) and
the real `agreements check --format json`, and what each says at the mistake's line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import edit
from tests.lsp_client import LanguageServer
from tests.test_schema_agrees import BASE

EMAIL = "      email: intl@college-a.edu.cn\n"
PARTY_A = "    country: CN\n    address: {zh-Hans: 深圳市南山区"

# The 13 mistakes of issue 16, as (name, text in BASE, what the clerk typed instead); its
# "yes/no/on booleans" is three rows.
ISSUE_MISTAKES = [
    ("full-width colon", "email: hr@company-b.com", "email：hr@company-b.com"),
    ("3-space indent", PARTY_A, PARTY_A.replace("\n    address", "\n   address")),
    ("U+3000 indent", EMAIL, "\u3000\u3000\u3000email: intl@college-a.edu.cn\n"),
    ("[zh-Hans，en]", "languages: [zh-Hans, en]", "languages: [zh-Hans，en]"),
    ("duplicate key", "status: draft\n", "status: draft\nstatus: final\n"),
    ("bad date", "  date: 2027-03-01", "  date: 2027-02-30"),
    ("unknown key", "  years: 3\n", "  years: 3\n  yeers: 4\n"),
    ("boolean yes", "cross_border_transfer: false", "cross_border_transfer: yes"),
    ("boolean no", "cross_border_transfer: false", "cross_border_transfer: no"),
    ("boolean on", "cross_border_transfer: false", "cross_border_transfer: on"),
    ("currency RMB", "currency: CNY", "currency: RMB"),
    ("currency 元", "currency: CNY", "currency: 元"),
    ("amount 100,000", "amount: 100000.00", "amount: 100,000"),
    ("country 中国", PARTY_A, PARTY_A.replace("country: CN", "country: 中国")),
    ("missing en text", "name: {zh-Hans: 甲学院, en: College A}", "name: {zh-Hans: 甲学院}"),
]


@dataclass
class Verdict:
    name: str
    line: int  # the mistake's line in the file (1-based)
    editor: list[str]  # what the language server says at that line
    check: list[str]  # what `agreements check` says at that line
    editor_elsewhere: list[str]  # ... and at other lines ("line: message")
    check_elsewhere: list[str]


def mistake_line(base: str, text: str) -> int:
    """1-based line of the first line that differs from BASE (in the file, after its first line)."""
    for number, (old, new) in enumerate(zip(base.splitlines(), text.splitlines()), start=2):
        if old != new:
            return number
    raise ValueError("the planted text changes no line")


def agreements(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AGREEMENTS_")}
    return subprocess.run(
        [sys.executable, "-m", "agreements", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def schema_line(root: Path) -> str:
    """The `# yaml-language-server: $schema=...` line that `agreements new` writes (and the
    schema it writes next to the workspace's specs/)."""
    made = agreements("new", "university-enterprise", "--id", "probe", cwd=root)
    assert made.returncode == 0, made.stderr
    skeleton = root / "specs" / "probe.yaml"
    first = skeleton.read_text(encoding="utf-8").splitlines()[0]
    skeleton.unlink()
    return first + "\n"


def side_by_side(root: Path, cases: list[tuple[str, str, str]]) -> list[Verdict]:
    """Plants each case in BASE (one spec each, and BASE itself as "none") under `root`/specs,
    then asks the language server and `agreements check`."""
    modeline = schema_line(root)
    planted = [("none", "", "")] + list(cases)
    files, lines = [], []
    for number, (name, old, new) in enumerate(planted):
        text = edit(BASE, old, new) if old else BASE
        path = root / "specs" / f"m{number:02}.yaml"
        path.write_text(modeline + text, encoding="utf-8")
        files.append(path)
        lines.append(mistake_line(BASE, text) if old else 0)
    with LanguageServer(root) as server:
        diagnostics = server.check(files)
    checked = agreements("check", "--format", "json", "specs", cwd=root)
    problems = {Path(spec["path"]).name: spec["problems"] for spec in json.loads(checked.stdout)["specs"]}
    verdicts = []
    for (name, _, _), path, line in zip(planted, files, lines):
        said = [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics[path]]
        found = [(p["line"], p["message"]) for p in problems[path.name]]
        verdicts.append(
            Verdict(
                name,
                line,
                [message for at, message in said if at == line],
                [message for at, message in found if at == line],
                [f"{at}: {message}" for at, message in said if at != line],
                [f"{at}: {message}" for at, message in found if at != line],
            )
        )
    return verdicts
