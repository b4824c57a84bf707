"""`agreements watch` (issue 16, item 8): one warm process rebuilds a spec after each change of
the spec or of a workspace template, and says what it wrote or what is wrong."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time

from tests.conftest import MINIMAL, ROOT, edit

# `python -m agreements` with Ctrl+C (SIGINT) raising KeyboardInterrupt, as in a terminal: a test
# run started in the background (`make test &`, nohup) hands its children SIGINT ignored, and
# Python then leaves it ignored (the watch never stopped, and the test failed, in such runs)
CTRL_C_STOPS = [
    sys.executable,
    "-c",
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'agreements'; runpy.run_module('agreements', run_name='__main__')",
]


def test_watch_rebuilds_after_each_change_of_a_spec_or_a_template(tmp_path):
    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "minimal.yaml"
    spec.write_text(MINIMAL, encoding="utf-8")
    process = subprocess.Popen(
        [*CTRL_C_STOPS, "--lang", "en", "watch", "--to", "txt", "--interval", "0.1"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()

    seen: list[str] = []

    def next_outcome() -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith("["):
                return line
        raise AssertionError(f"no build after the change; so far: {''.join(seen)}")

    output = tmp_path / "preview" / "minimal-ue" / "minimal-ue.txt"
    try:
        assert " built specs/minimal.yaml " in next_outcome()
        assert "3 years" in output.read_text(encoding="utf-8")
        time.sleep(0.05)
        spec.write_text(edit(MINIMAL, "  years: 3", "  years: 4"), encoding="utf-8")
        assert " built specs/minimal.yaml " in next_outcome()  # same revision: a preview may change
        assert "4 years" in output.read_text(encoding="utf-8")
        spec.write_text(edit(MINIMAL, "  years: 3", "  years: 4\n  yeers: 5"), encoding="utf-8")
        assert " failed specs/minimal.yaml " in next_outcome()
        error = lines.get(timeout=5)
        assert "unknown key `yeers`; did you mean `years`?" in error and ":39:3: error:" in error
        spec.write_text(edit(MINIMAL, "  years: 3", "  years: 4"), encoding="utf-8")
        assert " skipped specs/minimal.yaml " in next_outcome()  # as built two rounds ago
        # a workspace template: the clause title in English changes in the next build
        builtin = (ROOT / "templates" / "clauses" / "term.yaml").read_text(encoding="utf-8")
        (tmp_path / "templates" / "clauses").mkdir(parents=True)
        (tmp_path / "templates" / "clauses" / "term.yaml").write_text(
            edit(builtin, "title: Term, Renewal and Termination", "title: Term and Ending"), encoding="utf-8"
        )
        assert " built specs/minimal.yaml " in next_outcome()
        assert "Term and Ending" in output.read_text(encoding="utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
