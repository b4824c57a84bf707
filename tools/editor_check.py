"""Prints issue 16's planted mistakes through the editor's language server and through
`agreements check`, side by side, as a Markdown table (`make editor-check`). Exit code 1 when
either of them misses one; tests/test_language_server.py requires the same."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.editor_view import ISSUE_MISTAKES, side_by_side
from tests.lsp_client import server_version


def cell(messages: list[str], width: int = 110) -> str:
    if not messages:
        return "**nothing**"
    shown = [m if len(m) <= width else m[: width - 1] + "…" for m in messages]
    return "; ".join(shown).replace("|", "\\|").replace("\n", " ")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="editor-check-") as folder:
        verdicts = side_by_side(Path(folder), ISSUE_MISTAKES)
    print(
        f"yaml-language-server {server_version()} (over LSP, schema from `agreements new`'s "
        "`$schema` line) and `agreements check`; one spec per mistake\n"
    )
    print("| # | mistake | line | language server says | check says |")
    print("|---|---|---|---|---|")
    missed = 0
    for number, verdict in enumerate(verdicts[1:], start=1):
        missed += not (verdict.editor and verdict.check)
        print(
            f"| {number} | {verdict.name} | {verdict.line} | {cell(verdict.editor)} | {cell(verdict.check)} |"
        )
    clean = verdicts[0]
    unchanged = "clean to both" if not (clean.editor_elsewhere or clean.check_elsewhere) else "NOT clean"
    flagged = len(verdicts) - 1 - missed
    print(f"\nflagged by both at the mistake's line: {flagged} of {len(verdicts) - 1}")
    print(f"the spec without a mistake: {unchanged}")
    return 1 if missed or unchanged != "clean to both" else 0


if __name__ == "__main__":
    sys.exit(main())
