"""The on-disk cache of compiled templates: used across processes, never changes the output,
and a damaged, unwritable or disabled cache only costs the compile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agreements.jinja_cache import Sandbox

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "lingnan-vientiane-pharmacy.yaml"

# Renders the DOCX and the HTML of the PDF (clause, DOCX and HTML templates) and reports on stderr
# how many template sources were compiled (not `when:` expressions, which are compiled from a tree).
SCRIPT = """
import sys
from pathlib import Path
import jinja2
compiled = []
original = jinja2.Environment.compile
jinja2.Environment.compile = lambda self, source, *a, **k: (
    isinstance(source, str) and compiled.append(1)) or original(self, source, *a, **k)
from agreements.build import source_date
from agreements.compose import compose
from agreements.docx_writer import render_docx
from agreements.loader import load_spec_file
from agreements.html_writer import render_html
from agreements.validate import validate
spec = validate(load_spec_file(Path(sys.argv[1])))
document = compose(spec)
created = source_date(spec.signing.date)
sys.stdout.buffer.write(render_docx(document, created=created))
sys.stdout.buffer.write(render_html(document, created=created).encode())
print(len(compiled), file=sys.stderr)
"""


def render(cache: str, **variables: str) -> tuple[bytes, int]:
    env = {**os.environ, "AGREEMENTS_TEMPLATE_CACHE": cache, **variables}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SPEC)], cwd=ROOT, env=env, capture_output=True, check=True
    )
    return result.stdout, int(result.stderr.decode().split()[-1])


@pytest.fixture(scope="module")
def uncached() -> bytes:
    output, compiled = render("off")
    assert compiled > 140  # every clause text of a trilingual agreement, DOCX, HTML
    return output


def test_second_process_compiles_nothing_and_renders_the_same(tmp_path, uncached):
    cache = tmp_path / "cache"
    first, compiled_first = render(str(cache))
    entries = sorted(cache.iterdir())
    second, compiled_second = render(str(cache))
    assert first == second == uncached
    assert compiled_first > 140 and compiled_second == 0
    assert len(entries) == compiled_first and sorted(cache.iterdir()) == entries


def test_damaged_entries_are_compiled_again(tmp_path, uncached):
    cache = tmp_path / "cache"
    render(str(cache))
    for number, entry in enumerate(sorted(cache.iterdir())):
        entry.write_bytes(b"" if number % 2 else os.urandom(200))  # empty or garbage
    output, compiled = render(str(cache))
    assert output == uncached and compiled > 140


def test_unwritable_cache_folder_still_renders(tmp_path, uncached):
    if os.geteuid() == 0:
        cache = tmp_path / "file"  # root writes anywhere: use a path that is a file
        cache.write_text("not a folder")
    else:
        cache = tmp_path / "locked"
        cache.mkdir(mode=0o500)
    output, compiled = render(str(cache))
    assert output == uncached and compiled > 140


def test_default_folder_is_jinjas_private_one_and_off_writes_nothing(tmp_path, uncached):
    first, compiled_first = render("", TMPDIR=str(tmp_path))
    folders = list(tmp_path.iterdir())
    assert [f.name for f in folders] == [f"_jinja2-cache-{os.getuid()}"]
    assert folders[0].stat().st_mode & 0o777 == 0o700
    assert compiled_first > 140 and render("", TMPDIR=str(tmp_path))[1] == 0
    elsewhere = tmp_path / "other-tmp"
    elsewhere.mkdir()
    output, compiled = render("off", TMPDIR=str(elsewhere))
    assert output == first == uncached and compiled > 140
    assert list(elsewhere.iterdir()) == []


def test_environments_with_other_settings_do_not_share_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENTS_TEMPLATE_CACHE", str(tmp_path))
    source = "{{ value }}"
    escaping = Sandbox("test-escaping", autoescape=True).from_string(source)
    plain = Sandbox("test-plain", autoescape=False).from_string(source)
    assert escaping.render(value="<b>") == "&lt;b&gt;"
    assert plain.render(value="<b>") == "<b>"
    assert len(list(tmp_path.iterdir())) == 2
