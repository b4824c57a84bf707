"""Editor support from the first minute (issue 16, item 4): `agreements new` leaves a `$schema`
line that resolves to a schema file in any workspace."""

from __future__ import annotations

import json
import re
from pathlib import Path

from agreements.cli import main
from agreements.schema import schema_json


def schema_link(spec: Path) -> Path:
    first = spec.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert found, first
    return (spec.parent / found.group(1)).resolve()


def test_new_in_an_empty_workspace_writes_the_schema_its_link_names(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "university-enterprise", "--id", "acme-2027"]) == 0
    spec = tmp_path / "specs" / "acme-2027.yaml"
    target = schema_link(spec)
    assert target == (tmp_path / "schema" / "agreement.schema.json").resolve()
    assert target.read_text(encoding="utf-8") == schema_json()
    assert "wrote schema/agreement.schema.json" in capsys.readouterr().out


def test_a_skeleton_in_a_deeper_folder_links_back_to_the_workspace_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "order-based-training", "--id", "deep", "--dir", "drafts/2027/autumn"]) == 0
    spec = tmp_path / "drafts" / "2027" / "autumn" / "deep.yaml"
    assert schema_link(spec) == (tmp_path / "schema" / "agreement.schema.json").resolve()
    assert spec.read_text(encoding="utf-8").splitlines()[0].endswith("=../../../schema/agreement.schema.json")


def test_an_older_generated_schema_is_refreshed_and_a_foreign_file_left_alone(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "schema" / "agreement.schema.json"
    schema.parent.mkdir()
    older = json.loads(schema_json())
    del older["allOf"]
    schema.write_text(json.dumps(older), encoding="utf-8")
    assert main(["new", "university-university", "--id", "a"]) == 0
    assert schema.read_text(encoding="utf-8") == schema_json()
    schema.write_text('{"title": "our own"}', encoding="utf-8")
    assert main(["new", "university-university", "--id", "b"]) == 0
    assert schema.read_text(encoding="utf-8") == '{"title": "our own"}'
    assert "wrote schema" not in capsys.readouterr().out.split("a.yaml")[-1]
