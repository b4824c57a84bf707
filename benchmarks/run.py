"""Run every benchmark, print a table and write the results as JSON.

    python -m benchmarks.run                 # 5 runs of everything (`make bench`)
    python -m benchmarks.run --runs 7        # more runs
    python -m benchmarks.run --quick         # smoke test: 3 runs, a 12-spec pack
    python -m benchmarks.run --json out.json # default: benchmarks/results.json

Every figure is the median of N runs, with min and max. Each measurement of ours runs side by side
with its alternative in the same run (ours, then the alternative, N times), and the ratio is the
median of the per-run ratios: the machines are noisy, only ratios count.

What is measured (all of ours are the real CLI in a fresh process, `python -m agreements ...`):

- one agreement, cold: `agreements build ONE.yaml --out TMP --force` (DOCX + PDF) against
  `soffice --headless --convert-to pdf` of the same DOCX. LibreOffice gets its own profile folder,
  created once before timing and reused; a new soffice process is started for every run.
- packs: the 4 samples and generated packs of 7 and 50 varied specs (benchmarks/specgen.py), DOCX +
  PDF with --jobs 2, against ONE soffice call converting all of the same DOCX files.
- a no-op rebuild of the 50-spec pack (a second build, nothing changed), and `check` of 100 specs.
- `agreements diff A B --redline DIR` of two revisions (cold CLI), and the library calls
  (compare + write_redlines) in one process: the first call and the next ones.
- PDF bytes per page (pdfinfo page counts) of the 50-spec pack, ours against LibreOffice's PDFs
  of our DOCX.
- peak memory: the RSS high-water mark (os.wait4 -> ru_maxrss) of a one-spec build, of a 50-spec
  build in one process (--jobs 1: the worst a worker gets after many documents), and of the
  --jobs 2 pack build (the largest of the CLI process and its workers).
- scaling: --jobs 1 against --jobs 2 on the 50-spec pack (throughput ratio), and the time per spec
  of the 7-spec against the 50-spec pack.
- whether python-redlines (the .NET-based redline tool on PyPI) could run here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import specgen

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


# --- running things ------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    maxrss_mb: float
    code: int
    stdout: str
    stderr: str


def run(argv: list[str], *, cwd: Path = ROOT, ok: tuple[int, ...] = (0,)) -> Run:
    """Run a command; wall time and the peak RSS of it and its children (os.wait4)."""
    env = {**os.environ, "CI": "1", "PYTHONDONTWRITEBYTECODE": "0"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        result = Run(
            seconds,
            usage.ru_maxrss / 1024,
            proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )
    if result.code not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {result.code}:\n{result.stderr[-3000:]}")
    return result


def agreements(*args) -> list[str]:
    return [PY, "-m", "agreements", *map(str, args)]


class LibreOffice:
    """soffice with a private profile (created once, reused); a new process for every call."""

    def __init__(self, temp: Path):
        self.exe = shutil.which("soffice") or shutil.which("libreoffice")
        self.profile = temp / "lo-profile"
        self.version = ""
        if self.exe:
            version = subprocess.run([self.exe, "--version"], capture_output=True, text=True)
            self.version = version.stdout.strip()

    def convert(self, docx_files: list[Path], out_dir: Path) -> Run:
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        result = run(
            [
                self.exe,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, docx_files),
            ]
        )
        for docx in docx_files:  # LibreOffice exits 0 even when it could not load a document
            if not (out_dir / (docx.stem + ".pdf")).is_file():
                raise RuntimeError(f"LibreOffice did not convert {docx}:\n{result.stderr}")
        return result


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


# --- results ---------------------------------------------------------------------------------------


@dataclass
class Figure:
    values: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self) -> str:
        if not self.values:
            return "-"
        fmt = _fmt(self.unit)
        if len(self.values) == 1:
            return fmt(self.values[0])
        return f"{fmt(self.median)} [{fmt(min(self.values))}–{fmt(max(self.values))}]"

    def as_dict(self) -> dict:
        if not self.values:
            return {}
        return {
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "runs": self.values,
            "unit": self.unit,
        }


def _fmt(unit: str):
    return {
        "s": lambda v: f"{v:.3f} s",
        "MB": lambda v: f"{v:.0f} MB",
        "x": lambda v: f"{v:.2f}×",
        "KB/page": lambda v: f"{v:.1f} KB/p",
        "s/spec": lambda v: f"{v:.3f} s/spec",
    }.get(unit, lambda v: f"{v:.3g} {unit}")


@dataclass
class Row:
    name: str
    ours: Figure
    alternative: Figure | None = None
    alt_name: str = ""
    ratio: Figure | None = None  # per-run ratios ours/alternative (or as the target says)
    target: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "ours": self.ours.as_dict(),
            "alternative": self.alternative.as_dict() if self.alternative else None,
            "alternative_name": self.alt_name,
            "ratio": self.ratio.as_dict() if self.ratio else None,
            "target": self.target,
            "met": self.met,
            "notes": self.notes,
        }


def ratios(ours: list[float], theirs: list[float]) -> Figure:
    return Figure([a / b for a, b in zip(ours, theirs)], "x")


def at_most(figure: Figure, limit: float) -> bool:
    return figure.median <= limit


# --- the measurements --------------------------------------------------------------------------------


class Bench:
    def __init__(self, runs: int, quick: bool, temp: Path, log):
        self.runs, self.quick, self.temp, self.log = runs, quick, temp, log
        self.lo = LibreOffice(temp)
        self.rows: list[Row] = []
        self.info: dict = {}
        self.pack_size = 12 if quick else 50

    def add(self, row: Row) -> None:
        self.rows.append(row)
        met = {True: "met", False: "MISSED", None: ""}[row.met]
        self.log(
            f"  {row.name}: {row.ours.show()}"
            + (f" vs {row.alternative.show()}" if row.alternative else "")
            + (f" ratio {row.ratio.show()}" if row.ratio else "")
            + f" {met}"
        )

    # fixtures

    def prepare(self) -> None:
        self.log("generating specs and warming up")
        self.samples = specgen.samples()
        self.sample_dir = self.temp / "samples"
        self.sample_dir.mkdir()
        for path in self.samples:
            shutil.copy(path, self.sample_dir / path.name)
        self.pack_dir = self.temp / f"pack{self.pack_size}"
        self.pack = specgen.generate(self.pack_dir, self.pack_size)
        self.small_dir = self.temp / "pack7"  # the small end of the 7 -> 50 scaling
        self.small = specgen.generate(self.small_dir, 7)
        self.check_dir = self.temp / "check100"
        specgen.generate(self.check_dir, 100)
        # reference outputs: our DOCX for LibreOffice, page counts
        self.sample_out = self.temp / "out-samples"
        run(agreements("build", self.sample_dir, "--out", self.sample_out, "--jobs", 2, "--force"))
        self.pack_out = self.temp / "out-pack"
        run(agreements("build", self.pack_dir, "--out", self.pack_out, "--jobs", 2, "--force"))
        self.small_out = self.temp / "out-pack7"
        run(agreements("build", self.small_dir, "--out", self.small_out, "--jobs", 2, "--force"))
        pdfs = {p.stem: pages(self.sample_out / p.stem / f"{p.stem}.pdf") for p in self.samples}
        # the one cold agreement: the sample with the most pages
        self.one = max(self.samples, key=lambda p: (pdfs[p.stem], p.name))
        self.info["one_agreement"] = {"spec": self.one.name, "pdf_pages": pdfs[self.one.stem]}
        self.info["sample_pages"] = pdfs
        if self.lo.exe:  # creates the LibreOffice profile (not timed)
            self.lo.convert([self.docx(self.sample_out, self.one)], self.temp / "lo-warmup")

    @staticmethod
    def docx(out: Path, spec: Path) -> Path:
        return out / spec.stem / f"{spec.stem}.docx"

    # 1. one agreement, cold

    def one_agreement(self) -> None:
        self.log(f"one agreement, cold CLI: {self.one.name}")
        ours, theirs, rss, lo_rss = [], [], [], []
        docx = self.docx(self.sample_out, self.one)
        for i in range(self.runs):
            r = run(agreements("build", self.one, "--out", self.temp / "out-one", "--force"))
            ours.append(r.seconds), rss.append(r.maxrss_mb)
            if self.lo.exe:
                lo = self.lo.convert([docx], self.temp / "lo-one")
                theirs.append(lo.seconds), lo_rss.append(lo.maxrss_mb)
        ratio = ratios(ours, theirs) if theirs else None
        self.add(
            Row(
                "one agreement, cold CLI (DOCX+PDF)",
                Figure(ours),
                Figure(theirs) if theirs else None,
                "soffice --convert-to pdf (new process)",
                ratio,
                "≤ 0.8× LibreOffice",
                at_most(ratio, 0.8) if ratio else None,
            )
        )
        self.one_rss, self.one_lo_rss = rss, lo_rss

    # 2. packs

    def packs(self) -> None:
        for label, folder, specs, out in (
            ("sample pack (4 specs)", self.sample_dir, self.samples, self.sample_out),
            ("generated pack (7 specs)", self.small_dir, self.small, self.small_out),
            (f"generated pack ({self.pack_size} specs)", self.pack_dir, self.pack, self.pack_out),
        ):
            self.log(f"{label}: --jobs 2 against one soffice call")
            docx = [self.docx(out, spec) for spec in specs]
            ours, theirs, rss = [], [], []
            for i in range(self.runs):
                r = run(
                    agreements(
                        "build",
                        folder,
                        "--out",
                        self.temp / f"out-bench-{folder.name}",
                        "--jobs",
                        2,
                        "--force",
                    )
                )
                ours.append(r.seconds), rss.append(r.maxrss_mb)
                if self.lo.exe:
                    theirs.append(self.lo.convert(docx, self.temp / "lo-pack").seconds)
            ratio = ratios(ours, theirs) if theirs else None
            self.add(
                Row(
                    f"{label}, --jobs 2 (DOCX+PDF)",
                    Figure(ours),
                    Figure(theirs) if theirs else None,
                    "one soffice call, same DOCX",
                    ratio,
                    "≤ 0.5× LibreOffice",
                    at_most(ratio, 0.5) if ratio else None,
                )
            )
            if folder == self.pack_dir:
                self.pack_jobs2, self.pack_rss = ours, rss
                self.pack_lo_dir = self.temp / "lo-pack"
            elif folder == self.small_dir:
                self.small_jobs2 = ours

    def scaling(self) -> None:
        self.log(f"scaling: --jobs 1 against --jobs 2 on {self.pack_size} specs")
        one, two, rss1 = [], [], []
        for i in range(self.runs):
            r = run(
                agreements(
                    "build",
                    self.pack_dir,
                    "--out",
                    self.temp / f"out-bench-{self.pack_dir.name}",
                    "--jobs",
                    1,
                    "--force",
                )
            )
            one.append(r.seconds), rss1.append(r.maxrss_mb)
            r = run(
                agreements(
                    "build",
                    self.pack_dir,
                    "--out",
                    self.temp / f"out-bench-{self.pack_dir.name}",
                    "--jobs",
                    2,
                    "--force",
                )
            )
            two.append(r.seconds)
        throughput = Figure([a / b for a, b in zip(one, two)], "x")
        self.add(
            Row(
                f"scaling: throughput of --jobs 2 / --jobs 1 ({self.pack_size} specs)",
                Figure(two),
                Figure(one),
                "--jobs 1",
                throughput,
                "≥ 1.7×",
                throughput.median >= 1.7,
            )
        )
        n = self.pack_size
        per_small = [t / len(self.small) for t in self.small_jobs2]
        per_big = [t / n for t in self.pack_jobs2]
        self.add(
            Row(
                f"scaling: time per spec, {n} specs / 7 specs (--jobs 2)",
                Figure(per_big, "s/spec"),
                Figure(per_small, "s/spec"),
                "7 generated specs",
                ratios(per_big, per_small),
                "",
                None,
            )
        )
        self.pack_jobs1_rss = rss1

    # 3. no-op rebuild, check

    def noop(self) -> None:
        self.log(f"no-op rebuild of {self.pack_size} specs")
        out = self.temp / "out-noop"
        run(agreements("build", self.pack_dir, "--out", out, "--jobs", 2))
        times = []
        for i in range(self.runs):
            r = run(agreements("build", self.pack_dir, "--out", out, "--jobs", 2))
            if f"0 built, {self.pack_size} skipped" not in r.stdout:
                raise RuntimeError(f"the no-op rebuild rebuilt something: {r.stdout}")
            times.append(r.seconds)
        self.add(
            Row(
                f"no-op rebuild ({self.pack_size} specs, cold CLI)",
                Figure(times),
                target="≤ 0.3 s",
                met=at_most(Figure(times), 0.3),
            )
        )

    def check(self) -> None:
        self.log("check of 100 specs")
        times = []
        for i in range(self.runs):
            r = run(agreements("check", self.check_dir))
            if "100 of 100 specs valid" not in r.stdout + r.stderr:
                raise RuntimeError(f"check: {r.stdout} {r.stderr}")
            times.append(r.seconds)
        self.add(
            Row(
                "check of 100 specs (cold CLI)",
                Figure(times),
                target="≤ 1 s",
                met=at_most(Figure(times), 1.0),
            )
        )

    # 4. redline

    def redline(self) -> None:
        sample = next((p for p in self.samples if p.stem == self.one.stem), self.samples[0])
        a, b = specgen.revisions(self.temp / "revisions", sample)
        self.log(f"redline: {a.name} -> {b.name}")
        self.info["python_redlines"] = info = python_redlines(self.temp / "pypi")
        engine = info.get("binary")
        if engine:  # the DOCX of both revisions, for the Docxodus engine
            docx = []
            for spec in (a, b):
                out = self.temp / f"rev-{spec.stem}"
                run(agreements("build", spec, "--out", out, "--force"))
                docx += list(out.glob("*/*.docx"))
        docx_only, both, theirs, text = [], [], [], []
        for i in range(self.runs):
            text.append(run(agreements("diff", a, b), ok=(1,)).seconds)
            out = self.temp / f"redline-docx-{i}"
            docx_only.append(
                run(agreements("diff", a, b, "--redline", out, "--redline-format", "docx"), ok=(1,)).seconds
            )
            out = self.temp / f"redline-{i}"
            both.append(run(agreements("diff", a, b, "--redline", out), ok=(1,)).seconds)
            if len(list(out.glob("*.redline.*"))) != 2:
                raise RuntimeError(f"diff --redline wrote {list(out.iterdir())}")
            if engine:
                target = self.temp / f"docxodus-{i}.docx"
                theirs.append(run([engine, *map(str, docx), str(target), "--author=bench"]).seconds)
                if not target.is_file():
                    raise RuntimeError("the Docxodus engine wrote no redline")
        script = (
            "import json, sys, time\n"
            "from pathlib import Path\n"
            "from agreements.compare import compare\n"
            "from agreements.revisions import read_revision\n"
            "from agreements.redline import write_redlines\n"
            "times = {'docx': [], 'both': []}\n"
            f"for i in range({self.runs + 1}):\n"
            "    for formats in (('docx',), ('docx', 'pdf')):\n"
            "        t = time.perf_counter()\n"
            "        c = compare(read_revision(sys.argv[1]), read_revision(sys.argv[2]))\n"
            "        write_redlines(c, Path(sys.argv[3]), author='bench', formats=formats)\n"
            "        times['docx' if len(formats) == 1 else 'both'].append(time.perf_counter() - t)\n"
            "print(json.dumps(times))\n"
        )
        r = run([PY, "-c", script, str(a), str(b), str(self.temp / "redline-lib")])
        lib = json.loads(r.stdout)
        self.add(
            Row(
                "redline: diff --redline-format docx (cold CLI)",
                Figure(docx_only),
                Figure(theirs) if theirs else None,
                "python-redlines Docxodus, DOCX only",
                ratios(docx_only, theirs) if theirs else None,
                target="≤ 0.5 s",
                met=at_most(Figure(docx_only), 0.5),
            )
        )
        self.add(Row("diff: change list and text redline (cold CLI)", Figure(text), target="", met=None))
        self.add(Row("redline: diff --redline (cold CLI, DOCX+PDF)", Figure(both), target="", met=None))
        self.add(
            Row(
                "redline: library call, DOCX, first in a process",
                Figure(lib["docx"][:1]),
                target="",
                met=None,
            )
        )
        self.add(
            Row(
                "redline: library call, DOCX, warm",
                Figure(lib["docx"][1:]),
                target="≤ 0.5 s",
                met=at_most(Figure(lib["docx"][1:]), 0.5),
            )
        )
        self.add(Row("redline: library call, DOCX+PDF, warm", Figure(lib["both"][1:]), target="", met=None))

    # 5. PDF size, memory

    def pdf_size(self) -> None:
        if not self.lo.exe:
            return
        specs = self.pack
        ours_bytes = sum((self.pack_out / s.stem / f"{s.stem}.pdf").stat().st_size for s in specs)
        ours_pages = sum(pages(self.pack_out / s.stem / f"{s.stem}.pdf") for s in specs)
        lo_dir = self.pack_lo_dir
        lo_bytes = sum((lo_dir / f"{s.stem}.pdf").stat().st_size for s in specs)
        lo_pages = sum(pages(lo_dir / f"{s.stem}.pdf") for s in specs)
        ours, theirs = ours_bytes / ours_pages / 1024, lo_bytes / lo_pages / 1024
        self.add(
            Row(
                f"PDF bytes per page ({self.pack_size} specs)",
                Figure([ours], "KB/page"),
                Figure([theirs], "KB/page"),
                "LibreOffice PDF of our DOCX",
                Figure([ours / theirs], "x"),
                "≤ 1.5× LibreOffice",
                ours / theirs <= 1.5,
            )
        )
        self.info["pdf_pages"] = {
            "ours": ours_pages,
            "libreoffice": lo_pages,
            "ours_bytes": ours_bytes,
            "libreoffice_bytes": lo_bytes,
        }

    def memory(self) -> None:
        peak = [max(a, b) for a, b in zip(self.pack_rss, self.pack_jobs1_rss)]
        self.add(
            Row(
                "peak RSS, one spec (cold CLI)",
                Figure(self.one_rss, "MB"),
                Figure(self.one_lo_rss, "MB") if self.one_lo_rss else None,
                "soffice",
                None,
                "≤ 400 MB",
                at_most(Figure(self.one_rss, "MB"), 400),
            )
        )
        self.add(
            Row(
                f"peak RSS per worker, {self.pack_size} specs (--jobs 1 and 2)",
                Figure(peak, "MB"),
                target="≤ 400 MB",
                met=at_most(Figure(peak, "MB"), 400),
            )
        )

    def all(self) -> None:
        self.prepare()
        self.one_agreement()
        self.packs()
        self.scaling()
        self.noop()
        self.check()
        self.redline()
        self.pdf_size()
        self.memory()


CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "agreements-bench"


def python_redlines(folder: Path) -> dict:
    """Can python-redlines run here? It is a pure-Python core; its engines are .NET binaries in
    companion wheels (python-redlines-docxodus). Both are fetched with `pip download --no-deps`
    (the 45 MB engine wheel is kept in ~/.cache/agreements-bench) and nothing is installed."""
    result: dict = {}
    for package in ("python-redlines", "python-redlines-docxodus"):
        target = CACHE / package
        if not any(target.glob("*.whl")):
            got = subprocess.run(
                [PY, "-m", "pip", "download", "--no-deps", "-q", "-d", str(target), package],
                capture_output=True,
                text=True,
            )
            if got.returncode != 0:
                result[package] = f"pip download failed: {got.stderr.strip()[-300:]}"
                return result
        result[package] = sorted(w.name for w in target.glob("*.whl"))
    result["dotnet_on_path"] = shutil.which("dotnet")
    wheel = next((CACHE / "python-redlines-docxodus").glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        archives = [n for n in z.namelist() if n.endswith("linux-x64.tar.gz")]
        if not archives:
            result["binary_error"] = "no linux-x64 engine in the wheel"
            return result
        z.extract(archives[0], folder)
    import tarfile

    with tarfile.open(folder / archives[0]) as tar:
        tar.extractall(folder / "engine", filter="data")
    exe = folder / "engine" / "redline"
    exe.chmod(0o755)
    tried = subprocess.run([str(exe)], capture_output=True, text=True)
    result["engine_runs"] = tried.returncode != 127 and "libcoreclr" not in tried.stderr
    result["engine_output"] = (tried.stdout + tried.stderr).strip()[:300]
    if result["engine_runs"]:
        result["binary"] = str(exe)
    return result


# --- output --------------------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = ("measurement", "ours (median [min–max])", "alternative", "ratio", "target", "met?")
    lines = [head]
    for row in rows:
        alt = f"{row.alternative.show()} ({row.alt_name})" if row.alternative else "-"
        ratio = f"{row.ratio.median:.2f}×" if row.ratio else "-"
        met = {True: "met", False: "MISSED", None: "-"}[row.met]
        lines.append((row.name, row.ours.show(), alt, ratio, row.target or "-", met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def machine() -> dict:
    import importlib.metadata as md

    versions = {}
    for name in ("weasyprint", "docxtpl", "pydantic", "laonlp"):
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 3 runs, a 12-spec pack")
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "benchmarks" / "results.json",
        help="where to write the results (default benchmarks/results.json)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated subset: one,packs,scaling,noop,check,redline,pdf,memory (some need packs)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    os.chdir(ROOT)
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="agreements-bench-") as temp:
        bench = Bench(runs, args.quick, Path(temp), log)
        if not bench.lo.exe:
            log("LibreOffice (soffice) is not installed: the comparisons are skipped")
        if args.only:
            bench.prepare()
            steps = {
                "one": bench.one_agreement,
                "packs": bench.packs,
                "scaling": bench.scaling,
                "noop": bench.noop,
                "check": bench.check,
                "redline": bench.redline,
                "pdf": bench.pdf_size,
                "memory": bench.memory,
            }
            for name in args.only.split(","):
                steps[name.strip()]()
        else:
            bench.all()
    text = table(bench.rows)
    print(text)
    result = {
        "runs": runs,
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
        "libreoffice": bench.lo.version,
        "info": bench.info,
        "rows": [row.as_dict() for row in bench.rows],
        "table": text,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {args.json}", file=sys.stderr)
    if "python_redlines" in bench.info:
        print(
            f"python-redlines: {json.dumps(bench.info['python_redlines'], ensure_ascii=False)}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
