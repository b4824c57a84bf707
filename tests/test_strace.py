"""The code-execution and outside-read cases of tests/hostile/, watched with
`strace -f -e trace=openat,execve`: during the whole command no program is started but those a
build of an unmodified spec starts too (Python itself; fontconfig's fc-match and what ctypes runs
to find a library) and no file outside the workspace that the case points at is opened.

Runs where strace is installed (scripts/install-system-deps installs it, so CI has it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_hostile import HOSTILE, _load, _special_files

pytestmark = pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")

# code execution: a clause text or when: line that unpickles a shell command, a sandbox escape
RUN_NOTHING = ["template-when-pickle", "template-text-pickle", "template-sandbox-escape"]
# outside reads: links out of the workspace, a template including a file outside
READ_NOTHING_OUTSIDE = [
    "input-link-outside-workspace",
    "input-link-to-environ",
    "template-clause-link-outside",
    "template-html-include-outside",
    "template-catalog-link-outside",
]

CALL = re.compile(r'^(\d+)\s+(openat|execve)\((?:AT_FDCWD, )?"([^"]*)"')
RESULT = re.compile(r"= (-?\d+)")


def _calls(log: str) -> list[tuple[str, str, int]]:
    """(call, path, result) of every openat and execve, unfinished calls joined with their end."""
    pending: dict[str, tuple[str, str]] = {}
    calls = []
    for line in log.splitlines():
        pid = line.split(" ", 1)[0]
        started = CALL.match(line)
        if started and "<unfinished ...>" in line:
            pending[pid] = (started.group(2), started.group(3))
            continue
        if "resumed>" in line and pid in pending:
            call, path = pending.pop(pid)
        elif started:
            call, path = started.group(2), started.group(3)
        else:
            continue
        result = RESULT.search(line.rsplit(")", 1)[-1] if ")" in line else line)
        calls.append((call, path, int(result.group(1)) if result else -1))
    return calls


def _trace(work: Path, spec: str, log: Path, env_extra: dict) -> tuple[list, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(env_extra)
    env["AGREEMENTS_TEMPLATE_CACHE"] = "off"
    run = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=openat,execve", "-o", str(log)]
        + [sys.executable, "-m", "agreements", "build", spec, "--out", "out", "--jobs", "1"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return _calls(log.read_text(encoding="utf-8", errors="replace")), run


def _programs(calls) -> set[str]:
    return {path for call, path, result in calls if call == "execve" and result == 0}


@pytest.fixture(scope="module")
def usual_programs(tmp_path_factory) -> set[str]:
    """What a build of the unmodified base spec starts."""
    work = tmp_path_factory.mktemp("strace-base")
    shutil.copy(HOSTILE / "_base" / "nanshan.yaml", work / "spec.yaml")
    calls, run = _trace(work, "spec.yaml", work.parent / "base.log", {})
    assert run.returncode == 0, run.stderr
    return _programs(calls)


def _traced_build(case_name: str, tmp_path: Path, usual: set[str]) -> tuple[list[tuple[str, str, int]], Path]:
    case_dir = HOSTILE / case_name
    case = _load(case_dir)
    work = tmp_path / "ws"
    shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns("case.yaml"))
    _special_files(case, work, tmp_path)
    extra = {key: str(value) for key, value in (case.get("env") or {}).items()}
    calls, run = _trace(work, case.get("input", "spec.yaml"), tmp_path / "strace.log", extra)
    assert _programs(calls) <= usual, f"programs started: {_programs(calls) - usual}"
    assert run.returncode == case.get("exit", 2), run.stderr
    return calls, work


@pytest.mark.parametrize("case_name", RUN_NOTHING)
def test_no_program_is_started(case_name: str, tmp_path: Path, usual_programs: set[str]):
    _, work = _traced_build(case_name, tmp_path, usual_programs)  # no program beyond the usual
    assert not (work / "pwned").exists()


@pytest.mark.parametrize("case_name", READ_NOTHING_OUTSIDE)
def test_nothing_outside_the_workspace_is_opened(case_name: str, tmp_path: Path, usual_programs: set[str]):
    calls, _ = _traced_build(case_name, tmp_path, usual_programs)
    elsewhere = str((tmp_path / "elsewhere").resolve())
    opened = [path for call, path, result in calls if call == "openat" and result >= 0]
    secrets = ("/proc/self/environ", "/etc/passwd")  # what the cases point at besides ../elsewhere
    outside = [p for p in opened if p.startswith(elsewhere) or "/elsewhere/" in p or p.endswith(secrets)]
    assert not outside, f"opened outside the workspace: {outside}"
    assert opened, "strace saw no openat at all: the trace is not working"
