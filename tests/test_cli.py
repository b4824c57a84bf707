"""The command line, run in-process (main(argv) returns the exit code) and, for crashes, as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agreements.cli import main
from agreements.errors import AgreementError, SkeletonError
from agreements.kinds import KINDS as REGISTRY
from agreements.model import Spec
from agreements.schema import schema_json
from agreements.skeleton import write_skeleton
from tests.conftest import MINIMAL, ROOT, SAMPLES, SPECS, edit, parse, problems

KINDS = list(REGISTRY)


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- check ------------------------------------------------------------------------------------


def test_check_passes_on_the_samples(in_root, capsys):
    assert main(["check", "specs"]) == 0
    out, err = capsys.readouterr()
    count = len(list(SPECS.glob("*.yaml")))  # the four kinds' samples, the memorandum, the supplementary
    assert f"{count} of {count} specs valid" in out and err == ""


def test_check_defaults_to_specs_folder(in_root, capsys):
    assert main(["check"]) == 0
    assert "specs valid" in capsys.readouterr().out


@pytest.mark.parametrize("name", SAMPLES)
def test_check_each_sample_file(name, in_root):
    assert main(["check", f"specs/{name}.yaml"]) == 0


def test_every_sample_declares_the_schema():
    for name in SAMPLES:
        first = (SPECS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/agreement.schema.json"


def test_check_reports_bad_input_with_exit_2(tmp_path, capsys):
    bad = write(tmp_path, "bad.yaml", edit(MINIMAL, "revision: 1", "revision: one"))
    good = write(tmp_path, "good.yaml", MINIMAL)
    assert main(["check", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert re.search(r"bad\.yaml:3:11: error: 'one' is not a whole number", err)
    assert "revision: one" in err and "1 of 2 specs valid; 1 error" in err


def test_check_json_output(tmp_path, capsys):
    write(tmp_path, "a-good.yaml", MINIMAL)
    write(
        tmp_path,
        "b-bad.yaml",
        edit(
            MINIMAL,
            "country: CN\n    address: {zh-Hans: 深圳市南山区",
            "country: China\n    address: {zh-Hans: 深圳市南山区",
        ),
    )
    assert main(["check", "--format", "json", str(tmp_path)]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    good, bad = report["specs"]
    assert good["ok"] is True and good["id"] == "minimal-ue" and good["problems"] == []
    (problem,) = bad["problems"]
    assert problem["path"].endswith("b-bad.yaml")
    assert (problem["line"], problem["column"]) == (16, 14)
    assert "ISO 3166" in problem["message"] and problem["severity"] == "error"


def test_check_json_output_ok(in_root, capsys):
    assert main(["check", "--format", "json", "specs"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and sorted(s["id"] for s in report["specs"]) == sorted(
        path.stem for path in SPECS.glob("*.yaml")
    )


def test_check_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_check_empty_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "no spec files found" in capsys.readouterr().err


def test_check_github_annotations(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    bad = write(tmp_path, "bad.yaml", edit(MINIMAL, "status: draft", "status: done"))
    assert main(["check", str(bad)]) == 2
    assert re.search(r"::error file=.*bad\.yaml,line=4,col=9::", capsys.readouterr().err)


# --- schema -----------------------------------------------------------------------------------


def test_schema_writes_valid_json_listing_the_top_level_fields(tmp_path, capsys):
    target = tmp_path / "out" / "agreement.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(Spec.model_fields)
    assert {"id", "kind", "languages", "parties", "term", "clauses"} <= set(schema["required"])
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["properties"]["kind"]["enum"] == KINDS
    assert all(prop.get("description") for prop in schema["properties"].values())


def test_schema_to_stdout(capsys):
    assert main(["schema", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Cooperation agreement spec"


def test_committed_schema_is_up_to_date():
    committed = (ROOT / "schema" / "agreement.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "schema is stale: run `agreements schema` and commit the result"


# --- new: skeletons ---------------------------------------------------------------------------

# A plausible value for each field that a skeleton leaves as TODO, keyed by the field's name.
FILL = {
    "zh-Hans": "示例文本",
    "en": "Example text",
    "date": "2027-03-01",
    "start": "2027-04-01",
    "due": "2027-09-30",
    "intake": "2027-09-01",
    "country": "CN",
    "email": "office@example.edu.cn",
    "phone": "+86 20 1234 5678",
    "amount": "1000.00",
    "currency": "CNY",
    "years": "3",
    "sender": "A",
    "host": "B",
    "paid_by": "B",
    "item": "tuition",
    "per": "trainee-year",
    "arrangement": "waiver",
    "arranged_by": "host",
    "model": '"2+1"',
    "school_percent": "60",
    "enterprise_percent": "40",
    "hired_percent": "90",
    "service_years": "3",
    "credit_code": "12100000400000624D",
    **{
        count: "10"
        for count in (
            "students_per_year",
            "months",
            "people_per_year",
            "weeks",
            "credits_recognised",
            "places_per_year",
            "trainees",
            "engineers_per_year",
            "hours_per_year",
        )
    },
}
TODO = re.compile(r"(?P<key>[\w-]+): TODO[^,}\n]*")


def fill_todos(text: str) -> str:
    filled = TODO.sub(lambda m: f"{m['key']}: {FILL[m['key']]}", text)
    assert todo_lines(filled) == []  # every placeholder had a key we know
    return filled


def todo_lines(text: str) -> list[int]:
    return [
        n for n, line in enumerate(text.splitlines(), 1) for _ in re.finditer(r": TODO", line.split(" #")[0])
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_new_skeleton_fails_check_at_every_todo(kind, tmp_path, capsys):
    assert main(["new", kind, "--dir", str(tmp_path)]) == 0
    path = tmp_path / f"new-{kind}-agreement.yaml"
    assert f"wrote {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    link = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (tmp_path / link).resolve() == (Path.cwd() / "schema" / "agreement.schema.json").resolve()
    assert f"\nid: new-{kind}-agreement\n" in text and f"\nkind: {kind}\n" in text
    found = problems(text)
    expected = todo_lines(text)
    assert len(expected) > 20
    assert [p.line for p in found] == expected
    assert all(p.message.startswith("fill in this placeholder: TODO") for p in found)
    assert main(["check", str(path)]) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_new_skeleton_with_todos_filled_in_passes_check(kind, tmp_path):
    path = write_skeleton(kind, f"filled-{kind}", tmp_path)
    filled = fill_todos(path.read_text(encoding="utf-8"))
    path.write_text(filled, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    spec = parse(filled)
    assert spec.id == f"filled-{kind}" and spec.kind == kind and spec.languages == ["zh-Hans", "en"]


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_is_commented(kind, tmp_path):
    text = write_skeleton(kind, None, tmp_path).read_text(encoding="utf-8")
    lines = text.splitlines()
    # every placeholder says what belongs there
    for placeholder in re.findall(
        r"TODO[^,}\n]*", "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    ):
        assert len(placeholder.split()) >= 2, placeholder
    # every top-level key has a comment right above it, or is a section whose first key has one
    for number, line in enumerate(lines):
        if re.match(r"[a-z_]+:", line):
            above, below = lines[number - 1], lines[number + 1]
            assert above.startswith("#") or below.lstrip().startswith("#"), f"no hint for: {line}"


def test_new_never_overwrites_and_picks_a_free_default_id(tmp_path, capsys):
    kind = "order-based-training"
    first = write_skeleton(kind, None, tmp_path)
    first.write_text("# my work\n", encoding="utf-8")
    second = write_skeleton(kind, None, tmp_path)
    third = write_skeleton(kind, None, tmp_path)
    assert [first.name, second.name, third.name] == [
        f"new-{kind}-agreement.yaml",
        f"new-{kind}-agreement-2.yaml",
        f"new-{kind}-agreement-3.yaml",
    ]
    assert "\nid: new-order-based-training-agreement-3\n" in third.read_text(encoding="utf-8")
    assert first.read_text(encoding="utf-8") == "# my work\n"


def test_new_with_a_taken_id_is_refused(tmp_path, capsys):
    existing = write(tmp_path, "gdfd-lhsu-2027.yaml", "# keep me\n")
    assert main(["new", "university-university", "--id", "gdfd-lhsu-2027", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "# keep me\n"
    write(tmp_path, "other.yml", "# keep me too\n")
    with pytest.raises(SkeletonError, match="already exists"):
        write_skeleton("university-university", "other", tmp_path)


@pytest.mark.parametrize("bad", ["../escape", "CON", "Upper", "a b"])
def test_new_with_a_bad_id_is_refused(bad, tmp_path, capsys):
    assert main(["new", "university-enterprise", "--id", bad, "--dir", str(tmp_path)]) == 2
    assert "--id" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent / "escape.yaml").exists()


def test_new_with_an_unknown_kind(tmp_path, capsys):
    assert main(["new", "joint-venture", "--dir", str(tmp_path)]) == 2
    with pytest.raises(SkeletonError):
        write_skeleton("joint-venture", None, tmp_path)


def test_new_creates_the_folder_and_leaves_no_temporary_files(tmp_path):
    folder = tmp_path / "a" / "b"
    path = write_skeleton("university-enterprise", "x-2027", folder)
    assert path == folder / "x-2027.yaml"
    assert [p.name for p in folder.iterdir()] == ["x-2027.yaml"]


def test_a_skeleton_refusal_is_an_agreement_error_the_cli_reports_as_such(tmp_path, capsys):
    """Library callers catch AgreementError; the CLI prints its one line and exits 2."""
    write(tmp_path, "taken.yaml", "# mine\n")
    with pytest.raises(AgreementError) as caught:
        write_skeleton("university-enterprise", "taken", tmp_path)
    assert type(caught.value) is SkeletonError and caught.value.exit_code == 2
    message = caught.value.format()
    assert message == (
        f"error: {tmp_path / 'taken.yaml'} already exists; choose another --id or edit that file"
    )
    assert main(["new", "university-enterprise", "--id", "taken", "--dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == message + "\n"


# --- no tracebacks, no heavy imports ----------------------------------------------------------

MALFORMED = {
    "empty.yaml": b"",
    "list.yaml": b"- a\n- b\n",
    "dup.yaml": b"id: a\nid: b\n",
    "bomb.yaml": b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
    "cycle.yaml": b"a: &a [*a]\n",
    "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "tab.yaml": b"id: a\ntitle:\n\ten: x\n",
    "utf16.yaml": "id: a\n".encode("utf-16"),
    "latin1.yaml": "id: caf\u00e9\n".encode("latin-1"),
    "control.yaml": b"id: a\x00b\nname: \x1b[31m\n",
    "surrogate.yaml": b'id: "\\ud800"\n',
    "nonchar.yaml": "id: a\ufffe\n".encode("utf-8"),
    "tag.yaml": b"id: !!python/object/apply:os.system [echo hacked]\n",
    "syntax.yaml": b"id: [a, b\nkind: {\n",
    "huge.yaml": b"a: " + b"x" * (600 * 1024) + b"\n",
    "types.yaml": b"id: [1]\nkind: {a: b}\nrevision: {}\nparties: text\nterm: []\nlanguages: {en: 1}\n",
    "keys.yaml": b"? {a: 1}\n: x\n1: 2\n",
    "todo.yaml": b"id: TODO\n",
    "noise.yaml": bytes(range(256)),
}


def test_malformed_input_never_produces_a_traceback(tmp_path):
    for name, raw in MALFORMED.items():
        write(tmp_path, name, raw)
    for name in MALFORMED:
        run = subprocess.run(
            [sys.executable, "-m", "agreements", "check", str(tmp_path / name)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert "Traceback" not in run.stderr, f"{name}:\n{run.stderr}"
        assert run.returncode == 2, f"{name}: exit {run.returncode}\n{run.stderr}"
        assert re.search(rf"{re.escape(name)}:\d+:\d+: error: ", run.stderr), f"{name}:\n{run.stderr}"


def test_check_does_not_import_the_writers():
    code = (
        "import sys; from agreements.cli import main; main(['check','specs']); "
        "print('weasyprint' in sys.modules, 'docxtpl' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False False"


def test_doctor_lists_every_language_and_its_font_files(capsys):
    from agreements.languages import LANGUAGES

    assert main(["doctor"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == list(LANGUAGES)
    for line, language in zip(out, LANGUAGES.values()):
        assert " ok " in line and language.serif in line and "/fonts/" in line


def test_doctor_reports_a_missing_font_with_the_install_hint(tmp_path, capsys):
    import subprocess
    import sys

    empty = tmp_path / "fonts.conf"
    empty.write_text(
        '<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path) + '</cachedir></fontconfig>',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "agreements", "doctor"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "FONTCONFIG_FILE": str(empty)},
    )
    assert result.returncode == 1, result.stderr
    assert "MISSING" in result.stdout and "apt-get install fonts-noto-cjk" in result.stdout
    assert "Traceback" not in result.stderr


def test_no_specs_folder_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for command in ("check", "build"):
        assert main([command]) == 2
        assert "there is no specs/ folder here" in capsys.readouterr().err
    assert not (tmp_path / "output").exists()
