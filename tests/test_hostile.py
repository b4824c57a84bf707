"""Hostile input, run through the real command line: one test per case folder in tests/hostile/.

Each case is a folder holding `case.yaml` (what is expected) and the input files, written as
files (a spec, possibly binary; templates a workspace overrides). The folder's files are copied
into a fresh workspace, which becomes the working folder of `python -m agreements`. See
tests/hostile/README.md for the format.

Every case asserts: the exit code; no 'Traceback'; for errors the `file:line` and a part of the
message in stderr, the input files unchanged and no output for the agreement; for renders the
given strings verbatim in the DOCX text and in the PDF text.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.outputs import docx_text, pdf_text, squash
from tests.shared import once, shared_root

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.parent for p in HOSTILE.glob("*/case.yaml"))


def _load(case: Path) -> dict:
    return yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))


def _params():
    for case in CASES:
        spec = _load(case)
        marks = [pytest.mark.render] if spec["expect"] in ("renders", "pack", "repairs") else []
        yield pytest.param(case, id=case.name, marks=marks)


# --- generators for inputs too big (or too silly) to keep as files ------------------------------


def _generate(name: str, **args) -> bytes:
    base = (HOSTILE / "_base" / "nanshan.yaml").read_bytes()
    if name == "padded":  # a valid spec after a comment of `size` bytes
        return b"# " + b"x" * args["size"] + b"\n" + base
    if name == "many_keys":  # thousands of unknown keys, just under the size limit
        lines = b"".join(b"k%d: v\n" % i for i in range(args["count"]))
        return base + lines
    if name == "long_line":  # one value far longer than a text may be
        return base.replace(b"  en: Shenzhen\n", b"  en: " + b"x" * args["length"] + b"\n", 1)
    if name == "billion_laughs":
        lines = [b'a0: &a0 "lol"']
        for level in range(1, args["levels"] + 1):
            refs = b", ".join([b"*a%d" % (level - 1)] * 10)
            lines.append(b"a%d: &a%d [%s]" % (level, level, refs))
        return b"\n".join(lines) + b"\n"
    if name == "edited_template":  # a built-in template with one edit (stays current as it grows)
        text = (HOSTILE.parent.parent / "templates" / args["template"]).read_text(encoding="utf-8")
        assert args["old"] in text, f"{args['old']!r} is not in templates/{args['template']}"
        return text.replace(args["old"], args["new"], 1).encode()
    if name == "deep":
        return b"a: " + b"[" * args["depth"] + b"]" * args["depth"] + b"\n"
    raise AssertionError(f"unknown generator {name}")


def _special_files(case: dict, work: Path, tmp_path: Path) -> None:
    """Files git cannot hold or should not: links, named pipes, and files outside the workspace.

    `outside: {name: text}` is written to a folder next to the workspace (`../elsewhere/name`
    from the workspace root); `links: {path: target}` makes `path` a symbolic link to `target`
    (as written: relative to the link's folder, or absolute); `fifos: [path]` makes named pipes.
    """
    for name, text in (case.get("outside") or {}).items():
        target = tmp_path / "elsewhere" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, target in (case.get("links") or {}).items():
        link = work / path
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(target)
    for path in case.get("fifos") or []:
        fifo = work / path
        fifo.parent.mkdir(parents=True, exist_ok=True)
        if fifo.exists():
            fifo.unlink()
        os.mkfifo(fifo)


def _docx_bomb(target: Path, size: int) -> None:
    """The built-in DOCX template plus one member of `size` zero bytes (deflated to ~size/1000)."""
    import zipfile

    builtin = HOSTILE.parent.parent / "templates" / "docx" / "agreement.docx"
    with zipfile.ZipFile(builtin) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        with bomb.open("word/media/padding.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)


def _edited_docx(target: Path, member: str, old: str, new: str) -> None:
    """The built-in DOCX template with one edit in one member (stays current as the template grows)."""
    import zipfile

    builtin = HOSTILE.parent.parent / "templates" / "docx" / "agreement.docx"
    with zipfile.ZipFile(builtin) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as edited:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                text = data.decode("utf-8")
                assert old in text, f"{old!r} is not in {member} of the built-in template"
                data = text.replace(old, new, 1).encode("utf-8")
            edited.writestr(info, data)


# --- environments ------------------------------------------------------------------------------


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True
    )
    return run.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True)


def _setup(kind: str | None, work: Path, cleanups: list) -> dict:
    """Prepare the environment a case names; returns extra environment variables."""
    out = work / "out"
    if kind is None:
        return {}
    if kind == "no_fonts":
        config = work / "fonts.conf"
        config.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
            f"<fontconfig><cachedir>{work / 'fc-cache'}</cachedir></fontconfig>\n"
        )
        return {"FONTCONFIG_FILE": str(config)}
    if kind == "out_is_a_file":
        out.write_bytes(b"not a folder\n")
        return {}
    if kind == "read_only_out":
        # chattr +i works even for root; else a read-only tmpfs; else a file where the folder
        # should be (the same refusal path, simulated).
        out.mkdir()
        if (
            shutil.which("chattr")
            and subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode == 0
        ):
            cleanups.append(lambda: subprocess.run(["chattr", "-i", str(out)], capture_output=True))
            return {}
        if _can_mount() and _mount_tmpfs(out, "ro,size=64k"):
            cleanups.append(lambda: _umount(out))
            return {}
        out.rmdir()
        out.write_bytes(b"")
        return {}
    if kind == "full_disk":
        if _can_mount() and _mount_tmpfs(out, "size=200k"):
            cleanups.append(lambda: _umount(out))
            return {}
        # no tmpfs here: a file-size limit makes large writes fail the same way (EFBIG)
        return {FILE_SIZE_LIMIT: str(200 * 1024)}
    raise AssertionError(f"unknown setup {kind}")


FILE_SIZE_LIMIT = "_TEST_FILE_SIZE_LIMIT"

# --- running -----------------------------------------------------------------------------------

MEMORY_LIMIT = "_TEST_MEMORY_LIMIT"
TIMEOUT = "_TEST_TIMEOUT"


def _cli(work: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "CI": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    environment.pop("SOURCE_DATE_EPOCH", None)
    limit = environment.pop(FILE_SIZE_LIMIT, None)
    memory = environment.pop(MEMORY_LIMIT, None)
    timeout = int(environment.pop(TIMEOUT, 300))

    def limit_resources() -> None:
        if limit:  # Python ignores SIGXFSZ, so the write fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
        if memory:  # reading a huge input whole then fails with MemoryError (a traceback)
            resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))

    return subprocess.run(
        [sys.executable, "-m", "agreements", *args],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit_resources if limit or memory else None,
    )


def _digest(path: Path) -> str:
    """A regular file's sha256 (size and mtime for a huge one); a link's target; a FIFO's kind."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return "link to " + os.readlink(path)
    if not stat.S_ISREG(info.st_mode):
        return f"special file {stat.S_IFMT(info.st_mode):o}"
    if info.st_size > 64 * 1024 * 1024:  # a sparse giant: never read it here either
        return f"{info.st_size} bytes, mtime {info.st_mtime_ns}"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digests(work: Path) -> dict[str, str]:
    found = {}
    for folder, dirs, files in os.walk(work):  # never into a linked folder
        for name in dirs + files:
            path = Path(folder) / name
            relative = path.relative_to(work)
            if relative.parts[0] == "out" or (name in dirs and not path.is_symlink()):
                continue
            found[str(relative)] = _digest(path)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return dict(sorted(found.items()))


# Raw control characters in an error message could drive the terminal (ESC sequences) or hide
# text; they must be shown escaped. (Tab and line breaks are the only ones a message may hold.)
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _outputs(out: Path) -> list[str]:
    """Files in the output folder other than the manifest and the lock."""
    if not out.is_dir():
        return []
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", ".agreements.lock")
    )


def _assert_error(run: subprocess.CompletedProcess, case: dict, shown: str, command: str) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    raw = _RAW_CONTROL.search(run.stderr)
    assert not raw, f"{command}: raw U+{ord(raw.group()):04X} in the message\n{run.stderr!r}"
    for secret in case.get("not_in_stderr", []):
        assert secret not in run.stderr, f"{command}: {secret!r} was printed\n{run.stderr}"
    assert run.returncode == case.get("exit", 2), f"{command}: exit {run.returncode}\n{run.stderr}"
    line = case.get("line")
    if line is not None:
        where = re.compile(rf"^{re.escape(case.get('file', shown))}:{line}:\d+: error: ", re.M)
        assert where.search(run.stderr), f"{command}: no {shown}:{line}: in\n{run.stderr}"
    assert case["message"] in run.stderr, f"{command}: {case['message']!r} not in\n{run.stderr}"


@pytest.mark.parametrize("case_dir", list(_params()))
def test_case(case_dir: Path, tmp_path: Path, tmp_path_factory):
    case = _load(case_dir)
    work = tmp_path / "ws"
    shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns("case.yaml"))
    shown = case.get("input", "spec.yaml")
    if "generate" in case:
        generator = dict(case["generate"])
        name = generator.pop("name")
        target = work / generator.pop("path", shown)
        target.parent.mkdir(parents=True, exist_ok=True)
        if name == "sparse":  # a huge file of zeros that takes no disk space
            with open(target, "wb") as handle:
                handle.truncate(generator["size"])
        elif name == "docx_bomb":
            _docx_bomb(target, generator["size"])
        elif name == "edited_docx":
            _edited_docx(target, **generator)
        else:
            target.write_bytes(_generate(name, **generator))
    _special_files(case, work, tmp_path)
    cleanups: list = []
    try:
        env = _setup(case.get("setup"), work, cleanups)
        env.update({key: str(value) for key, value in (case.get("env") or {}).items()})
        if "memory" in case:
            env[MEMORY_LIMIT] = str(case["memory"])
        if "timeout" in case:
            env[TIMEOUT] = str(case["timeout"])
        before = _digests(work)
        elsewhere = tmp_path / "elsewhere"
        outside_before = _digests(elsewhere) if elsewhere.is_dir() else {}
        expect = case["expect"]
        if expect == "valid":
            run = _cli(work, "check", shown, env=env)
            assert "Traceback" not in run.stderr, run.stderr
            assert run.returncode == 0, run.stderr
        elif expect == "error":
            commands = case.get("commands", ["check"])
            for command in commands:
                args = (
                    ["check", shown]
                    if command == "check"
                    else ["build", shown, "--out", "out", *case.get("build_args", [])]
                )
                run = _cli(work, *args, env=env)
                _assert_error(run, case, shown, command)
                if command == "build":
                    left = _outputs(work / "out")
                    assert not left, f"partial output after an error: {left}"
        elif expect == "renders":
            _assert_renders(case, work, shown, env)
        elif expect == "pack":
            _assert_pack(case, work, env)
        elif expect == "repairs":
            _assert_repairs(case, work, shown, env, shared_root(tmp_path_factory))
        else:
            raise AssertionError(f"{case_dir.name}: unknown expect {expect}")
        assert _digests(work) == before, "an input file was modified"
        if outside_before:
            assert _digests(elsewhere) == outside_before, "a file outside the workspace was modified"
    finally:
        for cleanup in reversed(cleanups):
            cleanup()


def _assert_renders(case: dict, work: Path, shown: str, env: dict) -> None:
    run = _cli(work, "build", shown, "--out", "out", "--format", "json", env=env)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    spec_id = report["specs"][0]["id"]
    folder = work / "out" / spec_id
    docx = squash(docx_text(folder / f"{spec_id}.docx"))
    pdf = squash(pdf_text(folder / f"{spec_id}.pdf"))
    for language, strings in case["strings"].items():
        for text in strings:
            wanted = squash(text)
            assert wanted in docx, f"{language} {text!r} is not in the DOCX text"
            assert wanted in pdf, f"{language} {text!r} is not in the PDF text"
    for language, strings in (case.get("absent") or {}).items():
        for text in strings:
            assert squash(text) not in docx + pdf, f"{language} {text!r} should not appear"
    if case.get("no_attachment_but_spec"):
        listing = subprocess.run(
            ["pdfdetach", "-list", str(folder / f"{spec_id}.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert listing.splitlines()[0].strip() == "1 embedded files", listing


def _assert_pack(case: dict, work: Path, env: dict) -> None:
    """Several specs into one output folder (ids that collide); each run is a list of paths."""
    runs = case.get("runs") or [["specs"]]
    for number, paths in enumerate(runs, 1):
        run = _cli(work, "build", *paths, "--out", "out", env=env)
        assert "Traceback" not in run.stderr, run.stderr
        if number < len(runs):
            assert run.returncode == 0, run.stderr
    _assert_error(run, case, case.get("file", ""), "build")
    manifest = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in manifest["agreements"]) == sorted(case["built"])
    for entry in manifest["agreements"]:
        for output in entry["outputs"]:
            data = (work / "out" / output["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output["sha256"], output["path"]
        docx = squash(docx_text(work / "out" / entry["id"] / f"{entry['id']}.docx"))
        for text in case.get("absent", []):
            assert squash(text) not in docx, f"{text!r}: the refused spec overwrote the outputs"
    expected = {f"{i}/{i}.{ext}" for i in case["built"] for ext in ("docx", "pdf")}
    assert set(_outputs(work / "out")) == expected


def _corrupt(kind: str, out: Path, spec_id: str) -> None:
    folder, manifest = out / spec_id, out / "manifest.json"
    if kind == "garbage_outputs":
        (folder / f"{spec_id}.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
        docx = folder / f"{spec_id}.docx"
        docx.write_bytes(docx.read_bytes()[: docx.stat().st_size // 2])
    elif kind == "garbage_manifest":
        manifest.write_bytes(b"\x00{\"agreements\": [" + bytes(range(128, 256)))
    elif kind == "manifest_shape":
        manifest.write_text(json.dumps({"agreements": [1, "x", None, {"spec": {}}, {"id": spec_id}]}))
    elif kind == "manifest_escape":
        # an edited manifest pointing an output at a file outside DIR/<id>/, with its true hash
        secret = out.parent.parent / "secret.txt"
        secret.write_bytes(b"not for the pack\n")
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["agreements"][0]["outputs"][0].update(
            path="../../secret.txt",
            size=secret.stat().st_size,
            sha256=hashlib.sha256(secret.read_bytes()).hexdigest(),
        )
        manifest.write_text(json.dumps(data))
    elif kind == "leftover_part":  # as files.write_all names them, and as mkstemp did before
        (folder / f".{spec_id}.pdf.agreements-0123456789ab.part").write_bytes(b"%PDF-1.7\n half")
        (folder / f".{spec_id}.docx.x1y2z3_q.part").write_bytes(b"PK\x03\x04 half")
        (out / ".manifest.json.agreements-ba9876543210.part").write_bytes(b"{")
    elif kind == "output_links":  # outputs and manifest replaced by links to a file elsewhere
        victim = out.parent.parent / "elsewhere" / "victim.txt"
        for path in (folder / f"{spec_id}.pdf", folder / f"{spec_id}.docx", manifest):
            path.unlink()
            path.symlink_to(victim)
    elif kind == "users_part_files":  # files that merely look temporary are not ours to delete
        for name in USERS_PART_FILES:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(b"the user's own notes\n")
        (folder / f".{spec_id}.pdf.agreements-0123456789ab.part").write_bytes(b"%PDF-1.7\n half")
    else:
        raise AssertionError(f"unknown corruption {kind}")


USERS_PART_FILES = [
    ".notes.part",
    "drafts/.letter.docx.part",
    ".manifest.json.part",
    "nanshan-xinchuang-battery/.scan.pdf.part",
]


def _first_build(work: Path, shown: str, env: dict, shared: Path) -> str:
    """Build the workspace's inputs into work/out; returns the agreement's id. The repair cases
    share their inputs (the same spec), so the build is made once per run in a copy of the
    workspace with the same inputs and copied in (a build records relative paths and hashes)."""
    key = hashlib.sha256(json.dumps([_digests(work), shown, env], sort_keys=True).encode()).hexdigest()

    def make(folder: Path) -> None:
        shutil.copytree(work, folder / "ws")
        first = _cli(folder / "ws", "build", shown, "--out", "out", "--format", "json", env=env)
        assert "Traceback" not in first.stderr, first.stderr
        assert first.returncode == 0, first.stdout + first.stderr
        (folder / "report.json").write_text(first.stdout, encoding="utf-8")

    built = once(shared, f"hostile-first-build-{key[:16]}", make)
    shutil.copytree(built / "ws" / "out", work / "out")
    return json.loads((built / "report.json").read_text(encoding="utf-8"))["specs"][0]["id"]


def _assert_repairs(case: dict, work: Path, shown: str, env: dict, shared: Path) -> None:
    """Build, damage the output folder, build again: the second build repairs everything."""
    out = work / "out"
    spec_id = _first_build(work, shown, env, shared)
    kept = USERS_PART_FILES if case["corrupt"] == "users_part_files" else []
    good = {p: (out / p).read_bytes() for p in [*_outputs(out), "manifest.json"]}
    _corrupt(case["corrupt"], out, spec_id)
    second = _cli(work, "build", shown, "--out", "out", "--pack", "../pack.zip", env=env)
    assert "Traceback" not in second.stderr, second.stderr
    assert second.returncode == 0, second.stderr
    assert {p: (out / p).read_bytes() for p in [*_outputs(out), "manifest.json"] if p not in kept} == good
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.part")) == sorted(kept)
    import zipfile

    with zipfile.ZipFile(work.parent / "pack.zip") as pack:
        assert sorted(pack.namelist()) == sorted(good), pack.namelist()


# What case.yaml may say (tests/hostile/README.md); a misspelt key would otherwise be ignored
# and its check silently skipped.
KEYS = {
    "about",
    "expect",
    "input",
    "generate",
    "commands",
    "exit",
    "file",
    "line",
    "message",
    "setup",
    "strings",
    "absent",
    "no_attachment_but_spec",
    "corrupt",
    "runs",
    "built",
    "build_args",
    "env",
    "fifos",
    "links",
    "memory",
    "not_in_stderr",
    "outside",
    "timeout",
}
NEEDS = {
    "valid": set(),
    "error": {"message", "line"},
    "renders": {"strings"},
    "pack": {"message", "line", "file", "built"},
    "repairs": {"corrupt"},
}
SETUPS = {"no_fonts", "read_only_out", "out_is_a_file", "full_disk"}
CORRUPTIONS = {
    "garbage_outputs",
    "garbage_manifest",
    "manifest_shape",
    "manifest_escape",
    "leftover_part",
    "users_part_files",
    "output_links",
}
GENERATORS = {
    "padded",
    "many_keys",
    "long_line",
    "billion_laughs",
    "deep",
    "docx_bomb",
    "sparse",
    "edited_template",
    "edited_docx",
}


def test_every_case_folder_is_a_complete_case():
    """Each folder is run by test_case, and says enough for it to check something: no folder
    without case.yaml, no unknown key, the keys its kind of expectation needs, an input."""
    folders = sorted(p for p in HOSTILE.iterdir() if p.is_dir() and p.name != "_base")
    assert folders == CASES, sorted(set(folders) ^ set(CASES))
    assert len(CASES) >= 60, len(CASES)
    for case_dir in CASES:
        case = _load(case_dir)
        name = case_dir.name
        assert isinstance(case, dict) and set(case) <= KEYS, (name, set(case) - KEYS)
        assert isinstance(case.get("about"), str) and case["about"].strip(), name
        assert case["expect"] in NEEDS, (name, case["expect"])
        assert NEEDS[case["expect"]] <= set(case), (name, NEEDS[case["expect"]] - set(case))
        if "message" in case:
            assert isinstance(case["message"], str) and case["message"].strip(), name
        if case.get("line") is not None:
            assert isinstance(case["line"], int) and case["line"] >= 1, name
        assert set(case.get("commands", ["check"])) <= {"check", "build"}, name
        assert case.get("setup") in SETUPS | {None}, name
        if case["expect"] == "repairs":
            assert case["corrupt"] in CORRUPTIONS, name
        if case["expect"] == "renders":
            assert case["strings"] and all(case["strings"].values()), name
        if case["expect"] == "pack":
            assert case["built"] and (case_dir / "specs").is_dir(), name
        elif "generate" in case:
            assert case["generate"]["name"] in GENERATORS, name
        elif case.get("input", "spec.yaml") in (case.get("fifos") or []):
            pass  # the input is a named pipe the case makes
        elif case.get("links"):
            assert isinstance(case["links"], dict), name  # the input is a link the case makes
        else:
            assert (case_dir / case.get("input", "spec.yaml")).is_file(), f"{name}: no input file"
