"""Reading outputs the way a user would: text of DOCX and PDF, PDF fonts, LibreOffice conversion."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "specs").glob("*.yaml"))


def squash(text: str) -> str:
    """Text to compare across layouts and tools: without whitespace (lines break anywhere in a
    PDF), without the invisible U+200B (between Lao words), ZWNJ, ZWJ, word joiner and soft
    hyphen (shaping hints that pdftotext does not give back), the direction marks and isolates
    around right-to-left text (bidi.py), NFKC-normalised (the PDF text layer
    spells some Lao clusters in their compatibility form)."""
    return re.sub(
        r"[\s\u200b\u200c\u200d\u2060\u00ad\u2028\u200e\u200f\u202a-\u202e\u2066-\u2069]+",
        "",
        unicodedata.normalize("NFKC", text),
    )


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
            parts.append(visible(paragraph.text))
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
    """The text layer in content order, without the hyphens of hyphenation (WeasyPrint writes
    U+2010 at a line break it hyphenated; the source writes hyphen-minus)."""
    return pdftotext(path, "-raw").decode("utf-8").replace("\u2010\n", "")


PDFTOTEXT_CACHE = "_TEST_PDFTOTEXT_CACHE"  # a folder of this run (conftest.py), or unset


def pdftotext(path: Path, *options: str) -> bytes:
    """poppler's `pdftotext -enc UTF-8 [options] path -`. The tests read the same PDFs many times
    in several processes: each answer is kept for the run, by the PDF's content and the options."""
    command = ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"]
    folder = os.environ.get(PDFTOTEXT_CACHE)
    if not folder:
        return subprocess.run(command, check=True, capture_output=True).stdout
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update("\0".join(options).encode())
    kept = Path(folder) / digest.hexdigest()
    if kept.exists():
        return kept.read_bytes()
    output = subprocess.run(command, check=True, capture_output=True).stdout
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
        handle.write(output)
    os.replace(handle.name, kept)
    return output


def visible(text: str) -> str:
    """DOCX text as the reader sees it: without word joiners and zero-width spaces (added where a
    line must not, or may, break), no-break spaces (narrow or not) read as spaces."""
    return re.sub("[\u2060\u200b]", "", text).replace("\u202f", " ").replace("\u00a0", " ")


def pdf_fonts(path: Path) -> list[dict]:
    """Rows of `pdffonts`: name, type, embedded, subset."""
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        fields = line.split()
        # name type [encoding...] emb sub uni object ID
        rows.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4]})
    return rows


def libreoffice_convert(docx_files: list[Path], out_dir: Path, processes: int = 2) -> list[Path]:
    """Convert with LibreOffice headless: the files shared out among `processes` soffice calls
    running side by side (one per core; a call converts its files one after the other), each
    with a profile of its own. soffice exits 0 even when it fails, so this returns the PDF paths
    for the caller to check."""
    calls = []
    profiles = []
    for share in (docx_files[k::processes] for k in range(processes)):
        if not share:
            continue
        profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        profiles.append(profile)
        command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
        calls.append(
            subprocess.Popen(
                [*command, "--outdir", str(out_dir), *map(str, share)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for call in calls:
        try:
            call.wait(timeout=600)
        except subprocess.TimeoutExpired:
            call.kill()
            call.wait()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)
    return [out_dir / (docx.stem + ".pdf") for docx in docx_files]


def spec_variant(text: str, *, layout: str | None = None, drop_lao: bool = False) -> str:
    """A spec's text with another layout and/or without its Lao texts."""
    if drop_lao:
        text = re.sub(r"(?m)^( *)lo: [|>]-?\n(?:\1 +.*\n)*", "", text)  # block scalars
        text = re.sub(r"(?m)^\s*lo:\s.*\n", "", text)  # block mappings
        text = re.sub(r",\s*lo:\s*[^,}\n]*", "", text)  # flow mappings {.., lo: ..}
        text = re.sub(r"(?m)^languages: \[zh-Hans, en, lo\]$", "languages: [zh-Hans, en]", text)
    if layout is not None:
        text = re.sub(r"(?m)^layout: .*$", f"layout: {layout}", text)
    return text


# --- DOCX XML ----------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def style_of(run) -> str | None:
    style = run.find(f"{W}rPr/{W}rStyle")
    return None if style is None else style.get(f"{W}val")


def texts_by_language(root) -> dict[str, list[str]]:
    """For each language style: per paragraph, the text of the runs in that style (one string).
    Runs inside tracked changes count (w:t and w:delText); field results do not."""
    found: dict[str, list[str]] = {}
    for paragraph in root.iter(f"{W}p"):
        per_style: dict[str, str] = {}
        for run in paragraph.iter(f"{W}r"):
            if run.getparent().tag == f"{W}fldSimple":
                continue
            style = style_of(run)
            if style:
                per_style[style] = per_style.get(style, "") + visible(run_text(run))
        for style, text in per_style.items():
            found.setdefault(style, []).append(text)
    return found


def run_text(run) -> str:
    out = []
    for child in run:
        if child.tag in (f"{W}t", f"{W}delText"):
            out.append(child.text or "")
        elif child.tag == f"{W}br":
            out.append("\n")
        elif child.tag == f"{W}tab":
            out.append("\t")
    return "".join(out)


def run_cli(
    *args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: a separate process."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "agreements", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )
