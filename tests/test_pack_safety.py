"""Writes and the output folder: temporary files, the lock, the manifest, the pack, the merge.

The end-to-end cases are in tests/hostile/ (repair-keeps-users-part-files, repair-output-links,
output-lock-is-a-link, output-manifest-is-dev-zero, pack-over-the-spec).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from agreements import files, pack
from agreements.errors import OutputError

from tests.outputs import REPO, SAMPLES, run_cli


# --- temporary files and the final path ---------------------------------------------------------

def test_temporary_files_are_created_exclusively_without_following_links(tmp_path, monkeypatch):
    opened = []
    real_open = os.open
    monkeypatch.setattr(files.os, "open", lambda p, f, *a, **k: opened.append((p, f)) or real_open(p, f, *a, **k))
    files.write_all({tmp_path / "a.pdf": b"one", tmp_path / "sub" / "b.docx": b"two"})
    assert len(opened) == 2
    for path, flags in opened:
        assert re.fullmatch(r"\.(a\.pdf|b\.docx)\.agreements-[0-9a-f]{12}\.part", Path(path).name)
        assert flags & os.O_EXCL and flags & os.O_NOFOLLOW and flags & os.O_CREAT
    assert (tmp_path / "a.pdf").read_bytes() == b"one"
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.pdf", "b.docx", "sub"]


def test_a_link_at_the_final_path_is_replaced_and_its_target_left_alone(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.pdf").symlink_to(victim)
    files.write_atomic(tmp_path / "out" / "x.pdf", b"%PDF new")
    assert victim.read_bytes() == b"precious\n"
    assert not (tmp_path / "out" / "x.pdf").is_symlink()
    assert (tmp_path / "out" / "x.pdf").read_bytes() == b"%PDF new"


def test_a_link_planted_at_a_temporary_name_is_never_written_through(tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: next(names).ljust(12, "0")[:12])
    (tmp_path / ".x.pdf.agreements-planted00000.part").symlink_to(victim)
    files.write_atomic(tmp_path / "x.pdf", b"%PDF new")   # first name taken: the next one is used
    assert victim.read_bytes() == b"precious\n"
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF new"


def test_clean_up_removes_only_this_tools_temporary_files(tmp_path):
    out = tmp_path / "out"
    (out / "my-id").mkdir(parents=True)
    (out / "drafts").mkdir()
    ours = [out / ".manifest.json.agreements-0123456789ab.part", out / ".pack.zip.agreements-00000000000a.part",
            out / "my-id" / ".my-id.pdf.agreements-abcdef012345.part",
            out / "my-id" / ".my-id.docx.k2j_4x9q.part",             # mkstemp, older versions
            out / ".manifest.json.x1y2z3ab.part"]
    users = [out / ".notes.part", out / ".manifest.json.part", out / "drafts" / ".letter.docx.part",
             out / "my-id" / ".scan.pdf.part", out / "my-id" / ".other.pdf.k2j_4x9q.part"]
    for path in ours + users:
        path.write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".x.pdf.agreements-0123456789ab.part").write_bytes(b"not ours to touch")
    (out / "linked").symlink_to(elsewhere)
    (out / ".link.pdf.agreements-0123456789ab.part").symlink_to(elsewhere / ".x.pdf.agreements-0123456789ab.part")
    pack._remove_partial_files(out)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in users)
    assert (elsewhere / ".x.pdf.agreements-0123456789ab.part").exists()
    assert (out / ".link.pdf.agreements-0123456789ab.part").is_symlink()   # a link is not our file
