"""Redlines checked in a real client: LibreOffice opens each redline DOCX through UNO, counts its
tracked changes, runs Accept All and Reject All, and the paragraphs that result must be those of
the new and of the old revision's own DOCX, paragraph by paragraph (empty ones and table cells
included), per language, header included.

The revisions are commits of a git repository made from the samples, one realistic edit each, and
the redlines come from the command line: `agreements diff REV1:path REV2:path --redline DIR`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from agreements.build import source_date
from agreements.cli import main
from agreements.formats import Job, lay_out
from agreements.revisions import read_revision
from agreements.templates import Templates
from tests.outputs import REPO, W, run_text, visible

SYSTEM_PYTHON = "/usr/bin/python3"
CLIENT = Path(__file__).with_name("uno_client.py")
LINGNAN = "specs/lingnan-vientiane-pharmacy.yaml"
NANSHAN = "specs/nanshan-xinchuang-battery.yaml"
LANCANG = "specs/lancang-nanyue-railway-order.yaml"
JINJIHU = "specs/jinjihu-pennine-mechatronics.yaml"

PARTY_C = """  - role: C
    name:
      zh-Hans: 万象卫生人员培训中心
      en: Health Personnel Training Centre of Vientiane
      lo: ສູນຝຶກອົບຮົມບຸກຄະລາກອນສາທາລະນະສຸກ ນະຄອນຫຼວງວຽງຈັນ
    country: LA
    address:
      zh-Hans: 老挝万象市西沙达纳县
      en: Sisattanak District, Vientiane, Lao PDR
      lo: ເມືອງສີສັດຕະນາກ, ນະຄອນຫຼວງວຽງຈັນ, ສປປ ລາວ
    representative:
      name: {zh-Hans: 坎佩·西丰, en: Khamphet Siphone, lo: ຄຳເພັດ ສີພອນ}
      title: {zh-Hans: 主任, en: Director, lo: ຜູ້ອຳນວຍການ}
    contact:
      name: {zh-Hans: 维莱·占塔冯, en: Vilay Chanthavong, lo: ວິໄລ ຈັນທະວົງ}
      email: training@hptc.gov.la
      phone: +856 21 250 300
term:
"""


def _without_lao(text: str) -> str:
    text = re.sub(r"(?m)^\s*lo: .*\n", "", text)
    text = re.sub(r", lo: [^}]*\}", "}", text)
    return text.replace("languages: [zh-Hans, en, lo]", "languages: [zh-Hans, en]")


def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


LINGNAN_DATA = (
    "  personal_data:\n    # the transfer between China and Laos follows from the parties' countries\n"
    "    categories: [identity, contact, academic, passport-visa, health]\n"
)
NANSHAN_DATA = (
    "  personal_data:\n    # both parties are in China, but interns' data goes to the plant in Thailand\n"
    "    cross_border_transfer: true\n"
    "    categories: [identity, contact, academic, passport-visa, health, bank-account, employment]\n"
)


def _without_party_c_courses(text: str) -> str:
    """Party C's courses go with it."""
    return text[: text.index("\n  taught_courses:\n") + 1] + text[text.index("\n  tuition:\n") + 1 :]


# one commit each, in this order; an edit applies to the file as the previous commit left it
EDITS: list[tuple[str, str, object]] = [
    ("an amount", LINGNAN, _replace("amount: 400000.00", "amount: 455000.00")),
    (  # the header's revision changes too
        "a date",
        LINGNAN,
        lambda text: _replace("revision: 3", "revision: 4")(
            _replace("start: 2027-01-01", "start: 2027-02-15")(text)
        ),
    ),
    ("a quota", LINGNAN, _replace("students_per_year: 20", "students_per_year: 25")),
    (
        "a party name with & and <",
        NANSHAN,
        _replace("en: Shenzhen Xinchuang Power Battery", "en: Shenzhen R&D <Xinchuang> Power Battery"),
    ),
    ("a clause option removed", LINGNAN, _replace(LINGNAN_DATA, "")),
    (
        "a clause option added",
        LINGNAN,
        _replace("  disputes:\n", LINGNAN_DATA + "  disputes:\n"),
    ),
    (
        "a third party added",
        LINGNAN,
        lambda text: _replace("term:\n", PARTY_C)(
            _replace("held_by: {A: 3, B: 3}", "held_by: {A: 3, B: 3, C: 1}")(text)
        ),
    ),
    (  # side by side: an article is a table row
        "an article removed, side by side",
        NANSHAN,
        _replace(NANSHAN_DATA, ""),
    ),
    (
        "a party removed, side by side",
        JINJIHU,
        lambda text: _replace("held_by: {A: 2, B: 2, C: 1}", "held_by: {A: 2, B: 2}")(
            _without_party_c_courses(text[: text.index("  - role: C")] + text[text.index("term:") :])
        ),
    ),
    ("the layout changed", NANSHAN, _replace("layout: side-by-side", "layout: sequential")),
    (
        "an exchange item removed",
        LINGNAN,
        lambda text: re.sub(r"(?s)    - sender: A\n.*?(?=  staff_exchange:)", "", text),
    ),
    (  # and the draft becomes final: the header's draft mark goes
        "arbitration changed to court",
        LINGNAN,
        lambda text: re.sub(
            r"(?s)    method: arbitration\n.*?(?=  governing_law:)",
            "    method: court\n    court:\n      zh-Hans: 广州市白云区人民法院\n"
            "      en: People's Court of Baiyun District, Guangzhou\n"
            "      lo: ສານປະຊາຊົນເຂດໄປ່ຢຸ່ນ ນະຄອນກວາງໂຈ\n",
            text,
        ).replace("status: draft", "status: final"),
    ),
    (
        "a cost item changed",
        LANCANG,
        _replace("amount: {amount: 260.00, currency: USD}", "amount: {amount: 300.00, currency: USD}"),
    ),
    ("Lao removed again", LINGNAN, _without_lao),
]
LAO_ADDED = "Lao added to a zh-Hans/en agreement"
CASES = [name for name, _, _ in EDITS[:3]] + [LAO_ADDED] + [name for name, _, _ in EDITS[3:]]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str, str]]]:
    """A git repository of the samples: the first commit has the trilingual sample without its
    Lao, the second adds the Lao, then one commit per edit. case -> (old rev, new rev, path)."""
    repo = tmp_path_factory.mktemp("history")
    (repo / "specs").mkdir()
    for path in (LINGNAN, NANSHAN, LANCANG, JINJIHU):
        shutil.copy(REPO / path, repo / path)
    (repo / LINGNAN).write_text(_without_lao((REPO / LINGNAN).read_text(encoding="utf-8")), encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "samples; the pharmacy agreement in Chinese and English only")
    cases: dict[str, tuple[str, str, str]] = {}

    def commit(name: str, path: str, text: str) -> None:
        before = _git(repo, "rev-parse", "HEAD")
        (repo / path).write_text(text, encoding="utf-8")
        _git(repo, "commit", "-q", "-am", name)
        cases[name] = (before, _git(repo, "rev-parse", "HEAD"), path)

    commit(LAO_ADDED, LINGNAN, (REPO / LINGNAN).read_text(encoding="utf-8"))
    for name, path, edit in EDITS:
        commit(name, path, edit((repo / path).read_text(encoding="utf-8")))
    return repo, cases


class Client:
    """The UNO client (tests/uno_client.py) under the system python3: one soffice for the module."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(CLIENT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.answers: dict[tuple[str, str], dict] = {}
        ready = self.process.stdout.readline()
        assert ready.strip() == '{"ready": true}', f"the UNO client did not start: {ready!r}"

    def read(self, path: Path, action: str = "none") -> dict:
        key = (hashlib.sha256(path.read_bytes()).hexdigest(), action)
        if key not in self.answers:  # one revision's DOCX serves two cases
            self.answers[key] = self._ask(path, action)
        return self.answers[key]

    def _ask(self, path: Path, action: str) -> dict:
        self.process.stdin.write(json.dumps({"path": str(path), "action": action}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def office():
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    assert probe.returncode == 0, "python3-uno is missing: run scripts/install-system-deps"
    client = Client()
    yield client
    client.close()


def _normal_docx(repo: Path, revision: str, path: str, out: Path, layout: str | None = None) -> Path:
    """The revision's own DOCX, as `agreements build` makes it (same dates as the redline);
    `layout`: laid out in another layout (what Reject All gives when the layout changed)."""
    templates = Templates.for_workspace(repo)
    read = read_revision(f"{revision}:{path}", templates, repo)
    document = dataclasses.replace(read.document, layout=layout or read.document.layout)
    job = Job(templates, source_date(read.spec.signing.date), read.raw, "spec.yaml")
    rendered = lay_out(document, ("docx",), job, stem=f"{revision[:8]}")
    target = out / f"{revision[:8]}.docx"
    target.write_bytes(rendered[f"{revision[:8]}.docx"].data)
    return target


def _by_language(paragraphs: list) -> dict[str, list[str]]:
    """Per language style, the paragraphs that hold text of that language (or whose empty mark is
    in it), each as the text of its runs in that language."""
    result: dict[str, list[str]] = {}
    for _in_table, mark, portions in paragraphs:
        styles = dict.fromkeys(style for style, _ in portions if style) or ({mark: None} if mark else {})
        for style in styles:
            result.setdefault(style, []).append(_seen("".join(text for s, text in portions if s == style)))
    return result


def _same(got, want, what: str) -> None:
    """got == want, or a failure that shows the first paragraph that differs."""
    if got == want:
        return
    if isinstance(got, dict):
        for key in dict.fromkeys([*want, *got]):
            _same(got.get(key, []), want.get(key, []), f"{what}, {key}")
        return
    index = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    pytest.fail(
        f"{what}: {len(got)} paragraphs, expected {len(want)}; first difference at {index}:\n"
        f"  got:      {got[index : index + 2]!r}\n  expected: {want[index : index + 2]!r}"
    )


def _plain(paragraphs: list) -> list[tuple[bool, str]]:
    return [(in_table, _seen("".join(text for _, text in portions))) for in_table, _, portions in paragraphs]


def _xml_paragraphs(path: Path) -> list[str]:
    """The text of every body paragraph of a DOCX, table cells included, in the XML's order."""
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(f"{W}body")
    return [_seen("".join(run_text(run) for run in p.iter(f"{W}r"))) for p in body.iter(f"{W}p")]


def _party_by_party(paragraphs: list, document) -> list:
    """The paragraphs with the signature table read party by party, as a redline whose parties
    changed lays it out (one row per party, docx_redline._party_rows). The table has one row per
    field (Document.signature_table) and a cell holds the field's line in every language (one
    empty paragraph where a party has no such line)."""
    assert document.layout != "sequential"  # one table, every language
    rows = document.signature_table(document.languages)
    first = _seen(document.signatories[0].lines[0].text[document.languages[0]])
    start = next(i for i, (in_table, text) in enumerate(_plain(paragraphs)) if in_table and text == first)
    cells: dict[int, list] = {}
    index = start
    for row in rows:
        for party, cell in enumerate(row):
            count = len(cell.lines) if cell else 1
            chunk = paragraphs[index : index + count]
            index += count
            expected = [_seen(text) for _, text, _ in cell.lines] if cell else [""]
            assert [text for _, text in _plain(chunk)] == expected, (party, expected)
            if cell:
                cells.setdefault(party, []).extend(chunk)
    return paragraphs[:start] + [p for party in sorted(cells) for p in cells[party]] + paragraphs[index:]


def _header(answer: dict) -> list[str]:
    return [_seen("".join(text for _, text in portions)) for _, _, portions in answer["header"]]


def _seen(text: str) -> str:
    """Text as a reader sees it: a redline's changed text is not guarded against line breaks as
    the agreement's is (word joiners, U+200B, narrow no-break spaces), nor need it be."""
    return visible(text).replace("\u00a0", " ")


def _footer(answer: dict) -> list[str]:
    """The footer's text without its page numbers (fields LibreOffice fills in)."""
    return [re.sub(r"[0-9]+", "#", "".join(t for _, t in portions)) for _, _, portions in answer["footer"]]


@pytest.mark.parametrize("case", CASES)
def test_accept_all_gives_new_and_reject_all_gives_old(history, office, tmp_path: Path, monkeypatch, case):
    repo, cases = history
    old, new, path = cases[case]
    monkeypatch.chdir(repo)
    out = tmp_path / "redline"
    arguments = ["diff", f"{old}:{path}", f"{new}:{path}", "--redline", str(out), "--redline-format", "docx"]
    assert main(arguments) == 1
    (redline,) = out.glob("*.redline.docx")
    accepted, rejected = office.read(redline, "accept"), office.read(redline, "reject")
    if case != "the layout changed":  # a layout is no text: the change list says it
        assert accepted["redlines"] > 0
    assert accepted["left"] == 0 and rejected["left"] == 0
    new_path = _normal_docx(repo, new, path, tmp_path)
    new_docx = office.read(new_path)
    # the client reads what a DOCX holds: LibreOffice's paragraphs of the new revision are its XML's
    assert [text for _, text in _plain(new_docx["body"])] == _xml_paragraphs(new_path)
    # a layout is no tracked change: Reject All gives the old text in the redline's layout
    templates = Templates.for_workspace(repo)
    new_document = read_revision(f"{new}:{path}", templates, repo).document
    old_document = read_revision(f"{old}:{path}", templates, repo).document
    old_docx = office.read(_normal_docx(repo, old, path, tmp_path, new_document.layout))
    assert new_docx["redlines"] == old_docx["redlines"] == 0
    if len(new_document.signatories) != len(old_document.signatories):
        # a party added or removed is a row of its own (a column is no tracked change)
        new_docx = {**new_docx, "body": _party_by_party(new_docx["body"], new_document)}
        old_docx = {**old_docx, "body": _party_by_party(old_docx["body"], old_document)}
    # per language, paragraph by paragraph (the old revision may lack a language)
    _same(_by_language(accepted["body"]), _by_language(new_docx["body"]), "Accept All")
    _same(_by_language(rejected["body"]), _by_language(old_docx["body"]), "Reject All")
    # every paragraph, empty ones and table cells included, in the new revision's layout
    _same(_plain(accepted["body"]), _plain(new_docx["body"]), "Accept All, every paragraph")
    _same(_plain(rejected["body"]), _plain(old_docx["body"]), "Reject All, every paragraph")
    _same(_header(accepted), _header(new_docx), "Accept All, header")
    _same(_header(rejected), _header(old_docx), "Reject All, header")
    _same(_footer(accepted), _footer(new_docx), "Accept All, footer")
    _same(_footer(rejected), _footer(old_docx), "Reject All, footer")
