"""The template cache cannot be poisoned: cached code is executed, so an entry is only used from
a folder owned by us and not writable by others, as a regular file (no link) owned by us with
mode 0600, written in our own format and bound to its template source and settings; all checked
on the open descriptors at every load and store, not once when the cache is created. Otherwise
the templates are compiled without a cache, and the reason is exposed (`cache_notes`).

Jinja's own file cache unpickles part of every entry: an entry rewritten by anyone else would run
their code at the next render, before any check. A poisoned entry here is such a pickle.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from agreements import jinja_cache

SOURCE = "Hello {{ name }}!"


class _Payload:
    """Unpickling this creates the marker folder: proof that an entry's content was executed."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def _poison(marker: Path) -> bytes:
    return bc_magic + pickle.dumps(_Payload(marker), 2) + b"\x00" * 16


@pytest.fixture
def cache_at(monkeypatch):
    """Point the cache at a folder (fresh cache objects each time)."""

    def use(folder: Path) -> None:
        monkeypatch.setenv(jinja_cache.ENV_VARIABLE, str(folder))
        jinja_cache.bytecode_cache.cache_clear()

    yield use
    jinja_cache.bytecode_cache.cache_clear()
    jinja_cache.forget_notes()  # the refused folder's note must not reach a later test's output


def _render(name: str = "poison-test") -> str:
    return jinja_cache.Sandbox(name, autoescape=True).from_string(SOURCE).render(name="<x>")


def _entry_names(tmp_path: Path, cache_at, name: str = "poison-test") -> list[str]:
    """The file names the cache gives our template (learnt from a private folder)."""
    private = tmp_path / "learn"
    private.mkdir(mode=0o700)
    cache_at(private)
    assert _render(name) == "Hello &lt;x&gt;!"
    names = sorted(p.name for p in private.iterdir())
    assert len(names) == 1
    return names


def test_a_folder_writable_by_others_is_never_read_or_written(tmp_path, cache_at):
    names = _entry_names(tmp_path, cache_at)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    marker = tmp_path / "executed"
    for name in names:
        (shared / name).write_bytes(_poison(marker))
        (shared / name).chmod(0o600)
    cache_at(shared)
    assert _render() == "Hello &lt;x&gt;!"
    assert not marker.exists(), "a poisoned entry in a 1777 folder was executed"
    assert sorted(p.name for p in shared.iterdir()) == names  # nothing written there either
    assert any("writable by others" in note for note in jinja_cache.cache_notes())


def test_the_folder_is_checked_at_every_load_not_only_when_the_cache_is_made(tmp_path, cache_at):
    names = _entry_names(tmp_path, cache_at)
    folder = tmp_path / "later-shared"
    folder.mkdir(mode=0o700)
    cache_at(folder)
    environment = jinja_cache.Sandbox("poison-test", autoescape=True)  # cache made: folder fine
    folder.chmod(0o1777)  # then opened to everyone
    marker = tmp_path / "executed"
    (folder / names[0]).write_bytes(_poison(marker))
    (folder / names[0]).chmod(0o600)
    assert environment.from_string(SOURCE).render(name="<x>") == "Hello &lt;x&gt;!"
    assert not marker.exists()


# a file of another user: only root can make one (CI runs as root)
OTHER_OWNER = pytest.param(
    "other_owner", marks=pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
)


@pytest.mark.parametrize("how", ["mode_0666", "mode_0640", "link", OTHER_OWNER])
def test_an_entry_that_is_not_ours_alone_is_rejected(tmp_path, cache_at, how):
    names = _entry_names(tmp_path, cache_at)
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "executed"
    entry = folder / names[0]
    if how == "link":
        planted = tmp_path / "planted.cache"
        planted.write_bytes(_poison(marker))
        planted.chmod(0o600)
        entry.symlink_to(planted)
    else:
        entry.write_bytes(_poison(marker))
        entry.chmod({"mode_0666": 0o666, "mode_0640": 0o640, "other_owner": 0o600}[how])
        if how == "other_owner":
            os.chown(entry, 65534, 65534)
    cache_at(folder)
    assert _render() == "Hello &lt;x&gt;!"
    assert not marker.exists(), f"an entry ({how}) was executed"
    assert jinja_cache.cache_notes()


def test_an_entry_is_bound_to_its_template_and_settings(tmp_path, cache_at):
    """Swap two valid entries (same owner, mode 0600): each is rejected under the other's name."""
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    cache_at(folder)
    jinja_cache.Sandbox("binding", autoescape=True).from_string("A{{ 1 }}").render()
    first = set(folder.iterdir())
    jinja_cache.Sandbox("binding", autoescape=True).from_string("B{{ 2 }}").render()
    (a,) = first
    (b,) = set(folder.iterdir()) - first
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    jinja_cache.bytecode_cache.cache_clear()
    assert jinja_cache.Sandbox("binding", autoescape=True).from_string("A{{ 1 }}").render() == "A1"
    assert jinja_cache.Sandbox("binding", autoescape=True).from_string("B{{ 2 }}").render() == "B2"


def test_entries_are_written_0600_in_our_format_without_pickle(tmp_path, cache_at):
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    cache_at(folder)
    _render()
    (entry,) = folder.iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600
    assert not entry.read_bytes().startswith(b"j2")  # not Jinja's pickle-based format
    assert entry.read_bytes().startswith(jinja_cache.MAGIC)


def test_a_linked_cache_folder_is_not_used(tmp_path, cache_at):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    cache_at(tmp_path / "link")
    assert _render() == "Hello &lt;x&gt;!"
    assert list(real.iterdir()) == []
    assert any("symbolic link" in note for note in jinja_cache.cache_notes())


def test_a_poisoned_shared_folder_does_not_run_during_a_real_render(tmp_path):
    """End to end, in fresh processes: the DOCX and HTML of a real agreement, through a 1777
    folder holding a poisoned entry under every name a private cache uses."""
    from tests.test_jinja_cache import render

    private = tmp_path / "private"
    clean, compiled = render(str(private))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    marker = tmp_path / "executed"
    for entry in private.iterdir():
        (shared / entry.name).write_bytes(_poison(marker))
    output, compiled_again = render(str(shared))
    assert output == clean
    assert not marker.exists(), "a poisoned entry was executed during a build"
    assert compiled_again > 140 and compiled > 140  # everything compiled afresh


def test_the_cli_says_why_the_cache_is_not_used(tmp_path):
    """A refused cache folder is named by `build` (once, as a note), and the build still succeeds."""
    from tests.outputs import REPO, run_cli

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    run = run_cli(
        "build",
        str(REPO / "specs" / "lingnan-vientiane-pharmacy.yaml"),
        "--out",
        str(tmp_path / "out"),
        "--to",
        "txt",
        env={"AGREEMENTS_TEMPLATE_CACHE": str(shared)},
    )
    assert run.returncode == 0, run.stderr
    notes = [line for line in run.stderr.splitlines() if line.startswith("note: template cache")]
    assert len(notes) == 1 and "writable by others" in notes[0], run.stderr
