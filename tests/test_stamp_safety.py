"""`lint --stamp` writes only the workspace's own regular clause files: never through a link, never
a clause file that is a link, and it changes nothing but the `source:` lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAUSE = ROOT / "templates" / "clauses" / "confidentiality.yaml"


def _stamp(work: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "agreements", "lint", "--stamp"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )


def _outdated(text: str) -> str:
    """The clause with its en translation recorded against another source."""
    lines = text.splitlines(keepends=True)
    at = lines.index("en:\n")
    source = next(i for i in range(at, len(lines)) if lines[i].startswith("  source:"))
    lines[source] = "  source: 000000000000\n"
    return "".join(lines)


def test_a_linked_clause_file_is_refused_and_its_target_unchanged(tmp_path: Path):
    work = tmp_path / "ws"
    (work / "templates" / "clauses").mkdir(parents=True)
    (work / "notes").mkdir()
    target = work / "notes" / "clause.yaml"
    target.write_text(_outdated(CLAUSE.read_text(encoding="utf-8")), encoding="utf-8")
    before = target.read_bytes()
    link = work / "templates" / "clauses" / "confidentiality.yaml"
    link.symlink_to("../../notes/clause.yaml")
    run = _stamp(work)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "templates/clauses/confidentiality.yaml: is a symbolic link" in run.stderr
    assert link.is_symlink() and target.read_bytes() == before


def test_a_clause_in_a_linked_folder_is_refused(tmp_path: Path):
    work = tmp_path / "ws"
    (work / "templates").mkdir(parents=True)
    (work / "shared").mkdir()
    clause = work / "shared" / "confidentiality.yaml"
    clause.write_text(_outdated(CLAUSE.read_text(encoding="utf-8")), encoding="utf-8")
    before = clause.read_bytes()
    (work / "templates" / "clauses").symlink_to("../shared")
    run = _stamp(work)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and clause.read_bytes() == before


def test_a_flow_style_block_is_a_clear_error(tmp_path: Path):
    work = tmp_path / "ws"
    (work / "templates" / "clauses").mkdir(parents=True)
    text = CLAUSE.read_text(encoding="utf-8")
    flow = text[: text.index("en:\n")] + 'en: {title: Confidentiality, text: "Each Party keeps it."}\n'
    flow += text[text.index("lo:\n") :]
    path = work / "templates" / "clauses" / "confidentiality.yaml"
    path.write_text(flow, encoding="utf-8")
    run = _stamp(work)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "write `en:` on a line of its own" in run.stderr
    assert path.read_text(encoding="utf-8") == flow


def test_stamping_changes_only_the_source_line(tmp_path: Path):
    work = tmp_path / "ws"
    (work / "templates" / "clauses").mkdir(parents=True)
    original = CLAUSE.read_text(encoding="utf-8")
    outdated = "# our own wording of the confidentiality article\n" + _outdated(original)
    path = work / "templates" / "clauses" / "confidentiality.yaml"
    path.write_text(outdated, encoding="utf-8")
    run = _stamp(work)
    assert run.returncode == 0, run.stderr
    assert "stamped 1 clause file(s): confidentiality" in run.stdout
    assert path.read_text(encoding="utf-8") == "# our own wording of the confidentiality article\n" + original
