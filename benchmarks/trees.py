"""Before and after in one run: the same builds with two revisions of the code.

    python -m benchmarks.trees c4e8988            # that revision against the working tree
    python -m benchmarks.trees c4e8988 HEAD --runs 5 --count 12

Checks the revision(s) out into temporary git worktrees and, in turns (before, after, N times),
runs in each: a cold build of the three-language sample (`build ONE.yaml --force`, DOCX and PDF)
and a pack of COUNT varied specs (benchmarks/specgen.py; `build --jobs 2 --force`). Every build
is the real CLI in a fresh process; CPU time is user + sys of it and its workers (the machines
are shared, so CPU time says more than wall time). Prints medians with min and max, and the
median of the per-run ratios after / before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import specgen

REPO = Path(__file__).resolve().parent.parent
TRILINGUAL = "dongguan-bayanlepas-exchange-ms.yaml"


def _checkout(revision: str | None, folder: Path) -> Path:
    """The code of `revision` (None: the working tree) as a folder to run it from."""
    if revision is None:
        return REPO
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "--", str(folder), revision], check=True
    )
    return folder


def _build(code: Path, work: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of `python -m agreements build ARGS` run with `code` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", *args],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {code}: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=None, help="default: the working tree")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=12)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        trees = {
            "before": _checkout(options.before, root / "before"),
            "after": _checkout(options.after, root / "after"),
        }
        try:
            pack = root / "pack"
            specs = specgen.generate(pack / "specs", options.count)
            (root / "one" / "specs").mkdir(parents=True)
            shutil.copy(REPO / "specs" / TRILINGUAL, root / "one" / "specs" / TRILINGUAL)
            results = {(name, what): [] for name in trees for what in ("one", "pack")}
            for _ in range(options.runs):
                for name, code in trees.items():
                    one = ("specs/" + TRILINGUAL, "--out", "out", "--force")
                    results[(name, "one")].append(_build(code, root / "one", *one))
                    packed = (*(f"specs/{p.name}" for p in specs), "--out", "out", "--jobs", "2", "--force")
                    results[(name, "pack")].append(_build(code, pack, *packed))
            print(f"before: {options.before}, after: {options.after or 'working tree'}, {options.runs} runs")
            for what, title in (("one", f"cold build of {TRILINGUAL}"), ("pack", f"{len(specs)}-spec pack")):
                for index, unit in ((0, "wall"), (1, "CPU")):
                    before = [r[index] for r in results[("before", what)]]
                    after = [r[index] for r in results[("after", what)]]
                    ratios = [a / b for a, b in zip(after, before)]
                    print(
                        f"{title}, {unit} s: before {_summary(before)}, after {_summary(after)}, "
                        f"ratio {statistics.median(ratios):.3f}"
                    )
        finally:
            for name, code in trees.items():
                if code != REPO:
                    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", "--", str(code)])


if __name__ == "__main__":
    main()
