"""Time `agreements check` on 100 generated specs, alone (the same measurement is part of
`python -m benchmarks.run`, which runs everything).

Usage: python -m benchmarks.check_100 [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import specgen
from .run import Figure, agreements, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agreements-bench-") as temp:
        specgen.generate(Path(temp), 100)
        times = [run(agreements("check", temp)).seconds for _ in range(args.runs)]
    print(f"check of 100 specs, {args.runs} runs: {Figure(times).show()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
