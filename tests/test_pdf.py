"""The PDF writer, checked like a user would: poppler (pdftotext, pdffonts, pdfdetach, pdftoppm)
and qpdf on real WeasyPrint output. No mocks."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agreements.compose import compose
from agreements.document import Document
from agreements.errors import TemplateError
from agreements.fonts import font_stack, require_fonts
from agreements.html_writer import css_content, render_html
from agreements.languages import LANGUAGES
from agreements.lao import ZWSP, break_words
from agreements.pdf_writer import SafeURLFetcher, render_pdf
from agreements.templates import Templates
from agreements.validate import read_spec
from tests.outputs import in_text, pdf_fonts, spec_variant, squash
from tests.shared import once, shared_root

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "specs" / "lingnan-vientiane-pharmacy.yaml"
CREATED = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
LAYOUTS = ("side-by-side", "sequential", "interleaved")

CASES = [(languages, layout) for languages in ("trilingual", "bilingual") for layout in LAYOUTS]


def _render_case(folder: Path, languages: str, layout: str) -> None:
    spec_path = folder / f"{languages}-{layout}.yaml"
    spec_path.write_text(
        spec_variant(SAMPLE.read_text(encoding="utf-8"), layout=layout, drop_lao=languages == "bilingual"),
        encoding="utf-8",
    )
    document = compose(read_spec(spec_path))
    require_fonts(document)
    # what WeasyPrint logs while it renders (test_weasyprint_logs_nothing_for_the_builtin_template)
    logger, records = logging.getLogger("weasyprint"), []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: records.append(f"{record.name}: {record.getMessage()}")
    level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        for name in ("draft", "final"):
            doc = dataclasses.replace(document, status=name)
            (folder / f"{languages}-{layout}-{name}.pdf").write_bytes(
                render_pdf(doc, spec_bytes=spec_path.read_bytes(), spec_name=spec_path.name, created=CREATED)
            )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    (folder / "weasyprint.log").write_text("".join(f"{line}\n" for line in records), encoding="utf-8")


class Rendered:
    """Every case rendered once per run (shared by the xdist workers), as a draft and as final,
    on first use: rendered[(languages, layout)] is (document, spec path, {"draft": pdf, "final":
    pdf}). The files are shared: read them, write anything else under tmp_path."""

    def __init__(self, root: Path):
        self.root, self.cases = root, {}

    def __getitem__(self, case):
        if case not in self.cases:
            languages, layout = case
            folder = once(
                self.root, f"pdf-{languages}-{layout}", lambda folder: _render_case(folder, languages, layout)
            )
            spec_path = folder / f"{languages}-{layout}.yaml"
            self.cases[case] = (
                compose(read_spec(spec_path)),
                spec_path,
                {name: folder / f"{languages}-{layout}-{name}.pdf" for name in ("draft", "final")},
            )
        return self.cases[case]

    def items(self):
        return [(case, self[case]) for case in CASES]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Rendered:
    return Rendered(shared_root(tmp_path_factory))


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}: {result.stderr}"
    return result.stdout


def body_text(pdf: Path) -> str:
    """The text of the page areas without the header and footer (A4: 595 x 842 pt), without
    the hyphens of hyphenation (U+2010 at a line end)."""
    return run(
        "pdftotext", "-raw", "-enc", "UTF-8", "-x", "0", "-y", "64", "-W", "596", "-H", "714", str(pdf), "-"
    ).replace("\u2010\n", "")


@pytest.mark.parametrize("case", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_line_of_every_language_is_in_the_pdf(rendered, case):
    document, _, pdfs = rendered[case]
    text = squash(body_text(pdfs["final"]))
    for language in document.languages:
        missing = [line for line in document.text(language) if not in_text(squash(line), text)]
        assert not missing, f"{language}: not in the PDF: {missing}"


@pytest.mark.parametrize("case", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_fonts_are_embedded_subset_and_chinese_is_set_in_the_sc_face(rendered, case):
    document, _, pdfs = rendered[case]
    rows = pdf_fonts(pdfs["draft"])
    assert rows
    allowed = {
        family.replace(" ", "-")
        for language in LANGUAGES
        for style in ("serif", "sans")
        for family in font_stack(language, style)
    }
    names = []
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes", row
        name = row["name"].split("+", 1)[1]  # drop the subset tag ABCDEF+
        names.append(name)
        assert re.sub(r"-(Bold|Regular)$", "", name) in allowed, f"unexpected font {name}"
        assert not re.search(r"CJK-?(JP|KR|TC|HK)|CJKjp|CJKkr|CJKtc|CJKhk", name), name
    assert any(re.search(r"CJK-?SC|CJKsc", name) for name in names), names
    has_lao = any("Lao" in name for name in names)
    assert has_lao == ("lo" in document.languages), names


@pytest.mark.parametrize("case", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_watermark_only_on_drafts(rendered, case):
    document, _, pdfs = rendered[case]
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdfs["draft"])))[1])
    for page in range(1, pages + 1):
        draft = squash(run("pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdfs["draft"]), "-"))
        for language in document.languages:
            assert squash(document.labels[language]["draft"]) in draft, (page, language)
    final = squash(run("pdftotext", "-raw", str(pdfs["final"]), "-"))
    for language in document.languages:
        assert squash(document.labels[language]["draft"]) not in final


@pytest.mark.parametrize("case", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_header_and_footer_on_every_page(rendered, case):
    document, _, pdfs = rendered[case]
    pdf = pdfs["final"]
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    for page in range(1, pages + 1):
        text = squash(run("pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"))
        assert squash(document.title[document.languages[0]]) in text  # the title, not the file id
        for language in document.languages:
            labels = document.labels[language]
            assert squash(labels["revision"]) in text
            footer = labels["page"].replace("{page}", str(page)).replace("{pages}", str(pages))
            assert squash(footer) in text, (page, language, footer)


@pytest.mark.parametrize("case", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_pdfa_with_the_spec_attached_and_qpdf_clean(rendered, case, tmp_path):
    document, spec_path, pdfs = rendered[case]
    pdf = pdfs["draft"]
    assert spec_path.name in run("pdfdetach", "-list", str(pdf))
    run("qpdf", "--check", str(pdf))
    info = run("pdfinfo", "-isodates", str(pdf))
    assert re.search(r"Title:\s+" + re.escape(document.title[document.languages[0]]), info)
    assert "2026-12-01T09:30:00" in info
    metadata = run("pdfinfo", "-meta", str(pdf))
    assert "pdfaid:part" in metadata and "3" in metadata and "pdfaid:conformance" in metadata
    out = tmp_path / f"{pdf.stem}-attachment.yaml"
    run("pdfdetach", "-save", "1", "-o", str(out), str(pdf))
    assert out.read_bytes() == spec_path.read_bytes()


def test_same_input_gives_identical_bytes_across_runs_and_processes(rendered, tmp_path):
    document, spec_path, pdfs = rendered[("trilingual", "interleaved")]
    draft = dataclasses.replace(document, status="draft")
    again = render_pdf(draft, spec_bytes=spec_path.read_bytes(), spec_name=spec_path.name, created=CREATED)
    assert again == pdfs["draft"].read_bytes()
    out = tmp_path / "other-process.pdf"
    script = (
        "import dataclasses, datetime, sys; from pathlib import Path\n"
        "from agreements.validate import read_spec; from agreements.compose import compose\n"
        "from agreements.pdf_writer import render_pdf\n"
        "spec = Path(sys.argv[1])\n"
        "doc = dataclasses.replace(compose(read_spec(spec)), status='draft')\n"
        "created = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.timezone.utc)\n"
        "Path(sys.argv[2]).write_bytes(render_pdf(doc, spec_bytes=spec.read_bytes(),"
        " spec_name=spec.name, created=created))\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(spec_path), str(out)],
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert out.read_bytes() == pdfs["draft"].read_bytes()


def test_created_date_comes_from_the_argument(rendered, tmp_path):
    document, spec_path, pdfs = rendered[("bilingual", "side-by-side")]
    out = tmp_path / "other-date.pdf"
    out.write_bytes(
        render_pdf(
            dataclasses.replace(document, status="draft"),
            spec_bytes=spec_path.read_bytes(),
            spec_name=spec_path.name,
            created=datetime.datetime(2027, 1, 2, 3, 4, 5),
        )
    )
    assert out.read_bytes() != pdfs["draft"].read_bytes()
    assert "2027-01-02T03:04:05" in run("pdfinfo", "-isodates", str(out))


def test_first_pages_render_to_png(rendered, tmp_path):
    """The first two pages of each layout as PNG (look at them when changing the layout)."""
    for (languages, layout), (_, _, pdfs) in rendered.items():
        prefix = tmp_path / f"{languages}-{layout}"
        run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdfs["draft"]), str(prefix))
        pngs = sorted(tmp_path.glob(f"{languages}-{layout}*.png"))
        assert pngs and all(png.stat().st_size > 5000 for png in pngs)


# --- HTML: lang everywhere, layouts, Lao breaks ---------------------------------------------


@pytest.fixture(scope="module")
def trilingual() -> Document:
    return compose(read_spec(SAMPLE))


def test_every_text_element_has_a_lang_attribute(trilingual):
    from html.parser import HTMLParser

    class Check(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[tuple[str, bool]] = []
            self.bad: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("br", "meta", "col", "link", "img"):
                self.stack.append((tag, "lang" in dict(attrs)))

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop()[0] != tag:
                pass

        def handle_data(self, data):
            if data.strip() and self.stack and self.stack[-1][0] not in ("style", "title"):
                if not self.stack[-1][1]:
                    self.bad.append(f"<{self.stack[-1][0]}> {data.strip()[:30]}")

    for layout in LAYOUTS:
        doc = dataclasses.replace(trilingual, layout=layout)
        check = Check()
        check.feed(render_html(doc, created=CREATED))
        assert not check.bad, (layout, check.bad[:5])


def test_side_by_side_uses_a_fixed_table_and_no_grid(trilingual):
    css = (ROOT / "templates" / "html" / "agreement.css").read_text(encoding="utf-8")
    assert "table-layout: fixed" in css
    assert not re.search(r"display:\s*(inline-)?grid", css)
    two = dataclasses.replace(trilingual, languages=("zh-Hans", "en"), layout="side-by-side")
    html = render_html(two, created=CREATED)
    assert html.count('<col style="width: 50.0000%">') >= 2


def test_margin_boxes_set_fonts_and_lang(trilingual):
    html = render_html(trilingual, created=CREATED)
    page = html[html.index("@page") : html.index("</style>")]
    for box in ("@top-left", "@top-right", "@bottom-left", "@bottom-center", "@bottom-right"):
        block = page[page.index(box) :]
        block = block[: block.index("}")]
        assert "font-family" in block and "-weasy-lang" in block, box
    assert '"第" counter(page) "页，共" counter(pages) "页"' in page


def test_text_is_escaped_and_newlines_become_br(trilingual):
    section = trilingual.sections[0]
    body = dict(section.body)
    body["en"] = (type(body["en"][0])("R&D <Ltd>\nsecond line"),) + body["en"][1:]
    doc = dataclasses.replace(
        trilingual, sections=(dataclasses.replace(section, body=body),) + trilingual.sections[1:]
    )
    html = render_html(doc, created=CREATED)
    assert "R&amp;D &lt;Ltd&gt;<br>second line" in html


def test_css_content_maps_page_placeholders():
    expected = '"Page " counter(page) " of " counter(pages)'
    assert str(css_content("Page {page} of {pages}")) == expected
    assert '\\22 ' in str(css_content('a"b'))  # quotes cannot end the CSS string


def test_lao_words_are_separated_by_zero_width_spaces():
    text = "ສອງຝ່າຍຈະແລກປ່ຽນນັກສຶກສາ ແລະ ຄູອາຈານ (2+1)"
    broken = break_words(text)
    assert ZWSP in broken
    assert broken.replace(ZWSP, "") == text
    assert "ສອງ" + ZWSP + "ຝ່າຍ" in broken
    assert break_words("Article 1 第一条") == "Article 1 第一条"


def test_lao_breaks_only_in_the_pdf_html_not_in_the_model(trilingual):
    assert not any(ZWSP in line for line in trilingual.text("lo"))
    assert ZWSP in render_html(trilingual, created=CREATED)


# --- URL fetching: only data: URLs and the template folders --------------------------------


def test_fetcher_is_a_weasyprint_url_fetcher_that_refuses_outside_files(tmp_path):
    from weasyprint.urls import URLFetcher

    fetcher = SafeURLFetcher([tmp_path])
    assert isinstance(fetcher, URLFetcher)
    (tmp_path / "ok.css").write_text("p {}")
    assert fetcher.fetch((tmp_path / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/",
        (tmp_path / ".." / "x").as_uri(),
        "ftp://example.com/x",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    assert "file:///etc/passwd" in fetcher.refused


def _workspace(tmp_path: Path, html: str | None = None, css: str | None = None) -> Path:
    folder = tmp_path / "templates" / "html"
    folder.mkdir(parents=True)
    if html is not None:
        (folder / "agreement.html").write_text(html, encoding="utf-8")
    if css is not None:
        (folder / "agreement.css").write_text(css, encoding="utf-8")
    return tmp_path


def _render_in(workspace: Path, document: Document, monkeypatch) -> bytes:
    return render_pdf(
        document,
        templates=Templates.for_workspace(workspace),
        spec_bytes=b"id: x\n",
        spec_name="x.yaml",
        created=CREATED,
    )


def test_a_template_attaching_etc_passwd_fails_the_build(trilingual, tmp_path, monkeypatch):
    builtin = (ROOT / "templates" / "html" / "agreement.html").read_text(encoding="utf-8")
    evil = builtin.replace("</head>", '<link rel="attachment" href="file:///etc/passwd">\n</head>')
    workspace = _workspace(tmp_path, html=evil)
    with pytest.raises(TemplateError, match="file:///etc/passwd"):
        _render_in(workspace, trilingual, monkeypatch)


def test_a_stylesheet_fetching_a_system_file_fails_the_build(trilingual, tmp_path, monkeypatch):
    builtin = (ROOT / "templates" / "html" / "agreement.css").read_text(encoding="utf-8")
    evil = builtin + "\nbody { background: url(file:///etc/hostname); }\n"
    workspace = _workspace(tmp_path, css=evil)
    with pytest.raises(TemplateError, match="file:///etc/hostname"):
        _render_in(workspace, trilingual, monkeypatch)


def test_http_fetches_fail_the_build(trilingual, tmp_path, monkeypatch):
    builtin = (ROOT / "templates" / "html" / "agreement.css").read_text(encoding="utf-8")
    workspace = _workspace(tmp_path, css='@import url("http://127.0.0.1:9/x.css");\n' + builtin)
    with pytest.raises(TemplateError, match="http://127.0.0.1:9/x.css"):
        _render_in(workspace, trilingual, monkeypatch)


def test_workspace_override_with_allowed_resources_renders(trilingual, tmp_path, monkeypatch):
    builtin = (ROOT / "templates" / "html" / "agreement.css").read_text(encoding="utf-8")
    workspace = _workspace(
        tmp_path,
        css=builtin + "\n@import url(extra.css);\n"
        "h1 { background: url(data:image/gif;base64,"
        "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7); }\n",
    )
    (workspace / "templates" / "html" / "extra.css").write_text("h2 { color: #333 }")
    pdf = _render_in(workspace, dataclasses.replace(trilingual, status="final"), monkeypatch)
    assert pdf.startswith(b"%PDF")
    assert b"/passwd" not in pdf


def test_weasyprint_logs_nothing_for_the_builtin_template(rendered):
    """Nothing at WARNING or above while rendering every case, draft and final."""
    for case in CASES:
        _, spec_path, _ = rendered[case]
        log = (spec_path.parent / "weasyprint.log").read_text(encoding="utf-8")
        assert log == "", (case, log)


def test_broken_template_is_a_template_error(trilingual, tmp_path, monkeypatch):
    workspace = _workspace(tmp_path, html="<html>{{ no_such_variable }}</html>")
    with pytest.raises(TemplateError):
        _render_in(workspace, trilingual, monkeypatch)


def test_compacted_fonts_change_no_pixel_and_no_text(rendered, tmp_path, monkeypatch):
    """The font compaction (pdf_fonts.py) against the PDF as WeasyPrint wrote it: every page
    rendered by poppler is identical, the text is identical, and the fonts are much smaller."""
    from agreements import pdf_fonts as pdf_fonts_module

    document, spec_path, pdfs = rendered[("trilingual", "interleaved")]  # the sample as it is
    compact = tmp_path / "compact.pdf"
    compact.write_bytes(pdfs["draft"].read_bytes())
    monkeypatch.setattr(pdf_fonts_module, "compact_cid_fonts", lambda document, pdf: None)
    original = tmp_path / "original.pdf"
    original.write_bytes(
        render_pdf(
            dataclasses.replace(document, status="draft"),
            spec_bytes=spec_path.read_bytes(),
            spec_name=spec_path.name,
            created=CREATED,
        )
    )

    assert compact.stat().st_size < 0.5 * original.stat().st_size
    cid_fonts = [row for row in pdf_fonts(compact) if "CJK" in row["name"]]
    assert cid_fonts and all(row["emb"] == "yes" for row in cid_fonts)
    assert "CID Type 0C" in run("pdffonts", str(compact))
    run("qpdf", "--check", str(compact))
    assert run("pdftotext", "-raw", str(compact), "-") == run("pdftotext", "-raw", str(original), "-")
    for name, path in (("compact", compact), ("original", original)):
        run("pdftoppm", "-r", "40", "-gray", str(path), str(tmp_path / name))
    pages = sorted(tmp_path.glob("compact-*.pgm"))
    assert len(pages) > 10
    for page in pages:
        twin = tmp_path / page.name.replace("compact", "original")
        assert page.read_bytes() == twin.read_bytes(), page.name
