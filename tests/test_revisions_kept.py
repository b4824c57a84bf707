"""A built revision is never lost (issue 16, item 6): a changed spec with an unchanged `revision`
is refused (unless --allow-same-revision), and raising the revision keeps the files of the
previous one in DIR/<id>/r<N>/ while DIR/<id>/<id>.* and the manifest name the latest."""

from __future__ import annotations

import json

import pytest

from agreements.cli import main
from tests.conftest import MINIMAL, edit

SPEC = "specs/minimal-ue.yaml"
OUT = "output/minimal-ue"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / SPEC).write_text(MINIMAL, encoding="utf-8")
    return tmp_path


def build(*extra: str) -> int:
    return main(["build", SPEC, "--to", "txt", "--jobs", "1", *extra])


def change(workspace, old: str, new: str) -> None:
    path = workspace / SPEC
    path.write_text(edit(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")


def latest(workspace) -> str:
    return (workspace / OUT / "minimal-ue.txt").read_text(encoding="utf-8")


def manifest(workspace) -> dict:
    (entry,) = json.loads((workspace / "output" / "manifest.json").read_text(encoding="utf-8"))["agreements"]
    return entry


def test_a_changed_spec_with_the_same_revision_is_refused_and_the_built_files_stay(workspace, capsys):
    assert build() == 0
    before = latest(workspace)
    change(workspace, "  years: 3", "  years: 4")
    capsys.readouterr()
    assert build() == 2
    err = capsys.readouterr().err
    assert f"{SPEC}:3:11: error: the spec changed since revision 1 was built" in err
    assert "raise it to 2" in err and "--allow-same-revision" in err
    assert latest(workspace) == before
    assert manifest(workspace)["revision"] == 1


def test_a_comment_or_spacing_edit_is_not_a_change(workspace):
    assert build() == 0
    change(workspace, "  years: 3", "  years:   3   # three years, as agreed")
    assert build() == 0


def test_allow_same_revision_replaces_the_revision(workspace):
    assert build() == 0
    change(workspace, "  years: 3", "  years: 4")
    assert build("--allow-same-revision") == 0
    assert "4" in latest(workspace) and not (workspace / OUT / "r1").exists()


def test_raising_the_revision_keeps_every_earlier_one(workspace):
    assert build() == 0
    first = latest(workspace)
    change(workspace, "  years: 3", "  years: 4")
    change(workspace, "revision: 1", "revision: 2")
    assert build() == 0
    second = latest(workspace)
    assert second != first
    assert (workspace / OUT / "r1" / "minimal-ue.txt").read_text(encoding="utf-8") == first
    change(workspace, "  years: 4", "  years: 5")
    change(workspace, "revision: 2", "revision: 3")
    assert build() == 0
    assert (workspace / OUT / "r1" / "minimal-ue.txt").read_text(encoding="utf-8") == first
    assert (workspace / OUT / "r2" / "minimal-ue.txt").read_text(encoding="utf-8") == second
    entry = manifest(workspace)
    assert entry["revision"] == 3
    assert [o["path"] for o in entry["outputs"]] == ["minimal-ue/minimal-ue.txt"]
    assert build() == 0 and sorted(p.name for p in (workspace / OUT).iterdir()) == [
        "minimal-ue.txt",
        "r1",
        "r2",
    ]
