"""Goldens: for every sample, the composed text, one file per language (<id>/<language>.txt), and
the HTML the PDF is laid out from (<id>/agreement.html: the layout, the classes, the lang
attributes and the Lao word breaks, before WeasyPrint; cheap to make, deterministic).

Regenerate after an intended change with `make goldens` (python -m tests.goldens), then read the
diff (`git diff tests/golden`) as a reviewer would: it shows exactly what the agreements now say
and how they are laid out.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from agreements.compose import compose
from agreements.html_writer import render_html
from agreements.validate import read_spec

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
HTML = "agreement.html"


def created(signing: dt.date) -> dt.datetime:
    """The date a build stamps on the PDF when SOURCE_DATE_EPOCH is not set: the signing date."""
    return dt.datetime(signing.year, signing.month, signing.day, tzinfo=dt.UTC)


def golden_paths() -> list[Path]:
    """The golden files there must be, from the specs alone (nothing composed or rendered)."""
    paths = []
    for spec_path in sorted((REPO / "specs").glob("*.yaml")):
        spec = read_spec(spec_path)
        paths += [GOLDEN / spec.id / f"{language}.txt" for language in spec.languages]
        paths.append(GOLDEN / spec.id / HTML)
    return paths


def golden_texts() -> dict[Path, str]:
    """Golden file path -> the text it must hold, for every sample spec: each language's text and
    the PDF's HTML."""
    texts = {}
    for spec_path in sorted((REPO / "specs").glob("*.yaml")):
        spec = read_spec(spec_path)
        document = compose(spec)
        for language in document.languages:
            texts[GOLDEN / document.id / f"{language}.txt"] = "\n".join(document.text(language)) + "\n"
        texts[GOLDEN / document.id / HTML] = render_html(document, created=created(spec.signing.date))
    return texts


def golden_files() -> set[Path]:
    """The golden files there are now."""
    return {path for path in GOLDEN.rglob("*") if path.is_file()}


def main() -> int:
    texts = golden_texts()
    for stale in golden_files() - set(texts):
        stale.unlink()
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(texts)} golden files under {GOLDEN.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
