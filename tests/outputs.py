"""Reading outputs the way a user would: text of DOCX and PDF, PDF fonts, LibreOffice conversion."""
from __future__ import annotations

import os
import re
import unicodedata
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "specs").glob("*.yaml"))


def squash(text: str) -> str:
    """Text without whitespace or zero-width spaces, NFKC-normalised (the PDF text layer spells
    some Lao clusters in their compatibility form), to compare across layouts and tools."""
    return re.sub(r"[\s\u200b\u2028]+", "", unicodedata.normalize("NFKC", text))


def in_text(line: str, text: str) -> bool:
    """`line` is in `text`, whole or split in two where a page break cut its paragraph (in a
    side-by-side page the other column's text stands between the two halves)."""
    if line in text:
        return True
    return any(line[:cut] in text and line[cut:] in text for cut in range(4, len(line) - 3))


def edited_copy(source: Path, path: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of a spec at `path` with each (old, new) replaced once; each old must be there."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(path: Path) -> str:
    """Body paragraphs, table cells, headers and footers of a DOCX, via python-docx."""
    import docx
    document = docx.Document(str(path))
    parts: list[str] = []

    def collect(container) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    collect(cell)

    collect(document)
    for section in document.sections:
        collect(section.header)
        collect(section.footer)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> list[dict]:
    """Rows of `pdffonts`: name, type, embedded, subset."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        fields = line.split()
        # name type [encoding...] emb sub uni object ID
        rows.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4]})
    return rows


def libreoffice_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless; it exits 0 even on failure, so return the file to check."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=False, capture_output=True, timeout=240)
    return out_dir / (docx.stem + ".pdf")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: a separate process."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "agreements", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=environment, timeout=timeout)
