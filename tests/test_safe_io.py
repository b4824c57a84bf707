"""The file-access policy (agreements/safe_io.py): what an input read may open, and how.

The end-to-end cases (a spec linked to /proc/self/environ, a FIFO spec, a 3 GiB sparse spec,
clause/HTML/CSS/catalog templates linked out of the workspace, a DOCX zip bomb) are in
tests/hostile/ (input-*, template-*-link-outside, template-clause-fifo, yaml-sparse-3-gib,
template-docx-zip-bomb). These tests pin the rules one by one.
"""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
from pathlib import Path

import jinja2
import pytest

from agreements import safe_io
from agreements.errors import SpecError, TemplateError
from agreements.loader import load_spec_file, read_input
from agreements.safe_io import Refused

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_DOCX = ROOT / "templates" / "docx" / "agreement.docx"


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    """A workspace as the working folder, with a folder next to it that is outside."""
    work = tmp_path / "ws"
    (work / "specs").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.yaml").write_text("id: hunter2-secret\n")
    monkeypatch.chdir(work)
    return work


def _refused(path, **kw) -> Refused:
    with pytest.raises(Refused) as caught:
        safe_io.read_input(path, limit=1024, **kw)
    return caught.value


def test_a_regular_file_and_a_link_inside_the_workspace_are_read(ws):
    (ws / "specs" / "a.yaml").write_text("id: a\n")
    (ws / "specs" / "b.yaml").symlink_to("a.yaml")
    assert safe_io.read_input("specs/a.yaml", limit=1024) == b"id: a\n"
    assert safe_io.read_input(ws / "specs" / "b.yaml", limit=1024) == b"id: a\n"


def test_a_link_out_of_the_workspace_is_refused_without_naming_its_target(ws):
    (ws / "specs" / "s.yaml").symlink_to(ws.parent / "elsewhere" / "secret.yaml")
    (ws / "specs" / "env.yaml").symlink_to("/proc/self/environ")
    for name in ("specs/s.yaml", "specs/env.yaml"):
        error = _refused(name)
        assert "leads outside the workspace" in error.message
        assert "elsewhere" not in error.message and "environ" not in error.message
    with pytest.raises(SpecError) as caught:
        load_spec_file(Path("specs/s.yaml"))
    text = caught.value.format()
    assert text.startswith("specs/s.yaml:1:1: error: cannot read file: it leads outside")
    assert "hunter2" not in text and "elsewhere" not in text


def test_a_linked_folder_out_of_the_workspace_is_refused(ws):
    (ws / "linked").symlink_to(ws.parent / "elsewhere")
    assert "leads outside" in _refused("linked/secret.yaml").message


def test_special_files_are_refused_before_they_are_opened(ws, tmp_path):
    os.mkfifo(ws / "specs" / "pipe.yaml")
    (ws / "specs" / "folder.yaml").mkdir()
    finished = []
    worker = threading.Thread(target=lambda: finished.append(_refused("specs/pipe.yaml")))
    worker.start()
    worker.join(10)
    assert finished and "named pipe (FIFO)" in finished[0].message  # and it did not hang
    assert _refused("specs/folder.yaml").message == "cannot read file: it is a folder"
    # named explicitly outside the workspace: confined to its own folder, still no device or /proc
    assert "a device" in _refused("/dev/zero").message
    assert "file of the kernel" in _refused("/proc/self/status").message


def test_the_size_is_checked_on_the_descriptor_before_a_byte_is_read(ws, monkeypatch):
    with open(ws / "specs" / "huge.yaml", "wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GiB, no disk space
    reads = []
    monkeypatch.setattr(safe_io.os, "read", lambda *a: reads.append(a) or b"")
    with pytest.raises(SpecError) as caught:
        read_input(Path("specs/huge.yaml"))
    assert caught.value.problems[0].message == (
        "file is 3,221,225,472 bytes; a spec may be at most 524,288 bytes"
    )
    assert reads == []


def test_a_file_is_opened_without_following_a_final_link_and_non_blocking(ws, monkeypatch):
    (ws / "specs" / "a.yaml").write_text("id: a\n")
    flags = []
    real_open = os.open
    monkeypatch.setattr(safe_io.os, "open", lambda path, f, *a: flags.append(f) or real_open(path, f, *a))
    safe_io.read_input("specs/a.yaml", limit=1024)
    assert flags and all(f & os.O_NOFOLLOW and f & os.O_NONBLOCK and f & os.O_CLOEXEC for f in flags)


def test_an_explicit_root_refuses_everything_outside_it(ws, tmp_path):
    (ws / "specs" / "a.yaml").write_text("id: a\n")
    other = tmp_path / "other"
    other.mkdir()
    assert "outside the workspace" in _refused(ws / "specs" / "a.yaml", root=other).message
    assert safe_io.read_input(ws / "specs" / "a.yaml", limit=1024, root=ws) == b"id: a\n"


def test_a_file_named_outside_the_workspace_is_confined_to_its_folder(ws, tmp_path):
    outside = tmp_path / "downloads"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\n")
    (outside / "y.yaml").symlink_to(tmp_path / "elsewhere" / "secret.yaml")
    assert safe_io.read_input(outside / "x.yaml", limit=1024) == b"id: x\n"
    assert "leads outside" in _refused(outside / "y.yaml").message


def test_a_templates_folder_linked_out_of_the_workspace_is_refused(ws, tmp_path):
    (tmp_path / "elsewhere" / "clauses").mkdir()
    (tmp_path / "elsewhere" / "clauses" / "scope.yaml").write_text("when: x\n")
    (ws / "templates").symlink_to(tmp_path / "elsewhere")
    # the template search path resolves the folder: the path found lies outside the workspace
    found = (ws / "templates").resolve() / "clauses" / "scope.yaml"
    assert "templates folder leads outside" in _refused(found).message


def test_the_built_in_templates_are_readable_from_any_workspace(ws):
    assert safe_io.read_template(BUILTIN_DOCX, limit=safe_io.MAX_DOCX_BYTES)[:2] == b"PK"


def test_read_regular_refuses_a_link_a_special_file_and_a_large_one(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "link.json").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.json")
    assert safe_io.read_regular(tmp_path / "manifest.json", limit=10) == b"{}"
    with pytest.raises(Refused, match="symbolic link"):
        safe_io.read_regular(tmp_path / "link.json", limit=10)
    with pytest.raises(Refused, match="named pipe"):
        safe_io.read_regular(tmp_path / "pipe.json", limit=10)
    with pytest.raises(Refused) as caught:
        safe_io.read_regular(tmp_path / "manifest.json", limit=1, what="a manifest")
    assert caught.value.message == "file is 2 bytes; a manifest may be at most 1 bytes"


# --- templates ----------------------------------------------------------------------------------


def test_template_loader_reads_under_the_policy(ws, tmp_path):
    (ws / "templates" / "html").mkdir(parents=True)
    (ws / "templates" / "html" / "ok.html").write_text("hello {{ name }}")
    (ws / "templates" / "html" / "bad.html").symlink_to("/etc/passwd")
    from agreements.jinja_cache import TemplateLoader

    env = jinja2.Environment(loader=TemplateLoader([str(ws / "templates")]))
    assert env.get_template("html/ok.html").render(name="x") == "hello x"
    with pytest.raises(jinja2.TemplateError) as caught:
        env.get_template("html/bad.html")
    assert "leads outside the workspace" in str(caught.value) and "passwd" not in str(caught.value)
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("html/missing.html")


def _docx_with(extra: dict[str, bytes] | None = None, members: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(BUILTIN_DOCX) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
        for number in range(members):
            z.writestr(f"customXml/n{number}.xml", b"")
    return out.getvalue()


def _declare(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the central directory declares for one member."""
    data = bytearray(data)
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_length].decode() == name:
            struct.pack_into("<I", data, offset + 24, size)
            return bytes(data)
        offset += 4
    raise AssertionError(f"no member {name}")


def test_check_zip_passes_a_real_docx_to_docxtpl(ws):
    from docxtpl import DocxTemplate

    checked = safe_io.check_zip(BUILTIN_DOCX)
    assert DocxTemplate(checked).get_docx().sections


def test_check_zip_refuses_declared_sizes_before_inflating(ws, monkeypatch):
    path = ws / "bomb.docx"
    path.write_bytes(
        _declare(_docx_with({"word/media/x.bin": b"0" * 100}), "word/media/x.bin", 4_000_000_000)
    )
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a: pytest.fail("inflated"))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated"))
    with pytest.raises(TemplateError, match="declares 4,000,000,000 bytes uncompressed"):
        safe_io.check_zip(path)


def test_check_zip_limits_the_total_and_the_number_of_members(ws):
    path = ws / "many.docx"
    path.write_bytes(_docx_with({"a.bin": b"0" * 5000, "b.bin": b"0" * 5000}))
    with pytest.raises(TemplateError, match="members declare .* bytes uncompressed; at most 9,000"):
        safe_io.check_zip(path, max_total=9000, max_member=10**9)
    path.write_bytes(_docx_with(members=30))
    with pytest.raises(TemplateError, match="members; at most 20"):
        safe_io.check_zip(path, max_members=20)
    path.write_bytes(b"not a zip at all")
    with pytest.raises(TemplateError, match="not a zip file"):
        safe_io.check_zip(path)


def test_a_skeleton_template_linked_out_of_the_workspace_is_refused(ws, tmp_path):
    from agreements.skeleton import write_skeleton
    from agreements.templates import Templates

    (ws / "templates" / "skeletons").mkdir(parents=True)
    (ws / "templates" / "skeletons" / "university-university.yaml").symlink_to(
        tmp_path / "elsewhere" / "secret.yaml"
    )
    with pytest.raises(TemplateError) as caught:
        write_skeleton("university-university", "x", ws / "specs", Templates.for_workspace(ws))
    assert "leads outside the workspace" in caught.value.format()
    assert "hunter2" not in caught.value.format()
    assert list((ws / "specs").iterdir()) == []  # the secret was not copied into a new spec
