"""Time `python -m agreements check DIR` on 100 specs: the samples copied 25 times each, distinct ids.

Usage: python benchmarks/check_100.py [--runs 5] [--copies 25]
Prints the median, min and max wall time of the whole command (interpreter start-up included).
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_specs(folder: Path, copies: int) -> int:
    samples = sorted((ROOT / "specs").glob("*.yaml"))
    for sample in samples:
        text = sample.read_text(encoding="utf-8")
        for n in range(1, copies + 1):
            spec_id = f"{sample.stem}-{n:03d}"
            copy, found = re.subn(r"^id: .*$", f"id: {spec_id}", text, count=1, flags=re.MULTILINE)
            assert found == 1, sample
            (folder / f"{spec_id}.yaml").write_text(copy, encoding="utf-8")
    return len(samples) * copies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agreements-bench-") as temp:
        folder = Path(temp)
        count = make_specs(folder, args.copies)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "agreements", "check", str(folder)],
                                 capture_output=True, text=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
            if run.returncode != 0:
                print(run.stderr, file=sys.stderr)
                return 1
        print(run.stdout.strip())
    print(f"check on {count} specs, {args.runs} runs: median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s, max {max(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
