"""Golden text: the composed text of every sample, one file per language.

Regenerate after an intended change with `make goldens` (python -m tests.goldens), then read the
diff (`git diff tests/golden`) as a reviewer would: it shows exactly what the agreements now say.
"""
from __future__ import annotations

import sys
from pathlib import Path

from agreements.compose import compose
from agreements.validate import read_spec

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"


def golden_texts() -> dict[Path, str]:
    """Golden file path -> the text it must hold, for every sample spec and language."""
    texts = {}
    for spec_path in sorted((REPO / "specs").glob("*.yaml")):
        document = compose(read_spec(spec_path))
        for language in document.languages:
            texts[GOLDEN / document.id / f"{language}.txt"] = "\n".join(document.text(language)) + "\n"
    return texts


def main() -> int:
    texts = golden_texts()
    for stale in set(GOLDEN.rglob("*.txt")) - set(texts):
        stale.unlink()
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(texts)} golden files under {GOLDEN.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
