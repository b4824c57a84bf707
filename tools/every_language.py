"""Builds every partner language in every kind and document type, in every layout, as DOCX and
PDF, through the command line, and prints a table (`make every-language`, about 4 minutes).

The specs are the samples of tests/test_every_language_every_kind.py with the new language in
place of the sample's own (`partner_spec`), one per layout. Exit code 1 when any build fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from tests.test_every_language_every_kind import SOURCES, partner_spec
from tests.test_partner_languages import NEW

LAYOUTS = ("side-by-side", "sequential", "interleaved")


def write_specs(folder: Path) -> None:
    for name in SOURCES:
        for language in NEW:
            data = partner_spec(name, language)
            for layout in LAYOUTS:
                data.update(id=f"{name}-{language}-{layout}", layout=layout)
                text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                (folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "specs").mkdir()
        write_specs(folder / "specs")
        command = [sys.executable, "-m", "agreements", "build", "specs", "--out", "out", "--jobs", "2"]
        result = subprocess.run([*command, "--format", "json"], cwd=folder, capture_output=True, text=True)
        report = json.loads(result.stdout)
        built = {Path(s["spec"]).stem: s["status"] for s in report["specs"]}
        print(f"| language | {' | '.join(SOURCES)} |")
        print(f"|---|{'---|' * len(SOURCES)}")
        for language in NEW:
            cells = []
            for name in SOURCES:
                ok = [built.get(f"{name}-{language}-{layout}") == "built" for layout in LAYOUTS]
                cells.append(f"{sum(ok)}/{len(LAYOUTS)} layouts")
            print(f"| {language} | {' | '.join(cells)} |")
        outputs = sorted((folder / "out").rglob("*.*"))
        docx, pdf = (sum(p.suffix == suffix for p in outputs) for suffix in (".docx", ".pdf"))
        print(f"\n{report['built']} built, {report['failed']} failed; {docx} DOCX, {pdf} PDF")
        for spec in report["specs"]:
            if spec["status"] != "built":
                print(spec["spec"], spec.get("problems") or spec)
        return 0 if report["failed"] == 0 and report["built"] == len(built) else 1


if __name__ == "__main__":
    sys.exit(main())
