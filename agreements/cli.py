"""The command line: parses arguments, calls the library, prints, and picks the exit code.

Exit codes: 0 ok; 1 ran and found differences or problems; 2 invalid input, usage or environment;
70 an unexpected error (a bug), with a short bug report (bug_report.py).
Heavy modules (docxtpl, WeasyPrint) are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .cli_output import TranslatedCommand, TranslatedGroup, TranslatedHelp, show_click_error
from .errors import AgreementError
from .interface import Interface, choose_language
from .kinds import KINDS

OK, FOUND, INVALID = 0, 1, 2
ui = Interface()  # the interface language, chosen by the group (--lang, AGREEMENTS_LANG, LANG ...)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by tests, in-process)."""
    _choose_interface(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=argv, prog_name="agreements", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(ui("interrupted"), err=True)
        return 130
    except click.ClickException as exc:
        show_click_error(exc, ui)
        return INVALID
    except AgreementError as exc:
        _print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo(ui("interrupted"), err=True)
        return 130
    except Exception as exc:  # the machine (disk full: 2) or a bug (70, with a bug report)
        from .bug_report import BUG, unexpected

        message, code = unexpected(exc, " ".join(["agreements", *(sys.argv[1:] if argv is None else argv)]))
        click.echo(message, err=True)
        return INVALID if code != BUG else BUG
    return code if isinstance(code, int) else OK


def run() -> None:  # console script entry point
    code = main()
    # Everything is written, closed and renamed by now; skip the interpreter's teardown (freeing
    # every module and object costs ~0.07 s after a diff, a sixth of a cold redline).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # e.g. `agreements check | head -1`
        pass
    os._exit(code)


def _choose_interface(argv: list[str]) -> None:
    """The interface language, before click parses anything (--help is printed at once)."""
    global ui
    asked = next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--lang=")), None)
    if asked is None and "--lang" in argv[:-1]:
        asked = argv[argv.index("--lang") + 1]
    ui = Interface(choose_language(asked))
    TranslatedHelp.ui = ui


def _print_error(exc: AgreementError) -> None:
    click.echo(ui.formatted(exc.format()), err=True)
    annotate([problem.as_dict() for problem in exc.problems])


def annotate(problems: list[dict]) -> None:
    """GitHub Actions annotations, so errors show on the pull request's diff."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            click.echo(
                f"::error file={p['path']},line={p['line']},col={p['column']}::{p['message']}", err=True
            )


@click.group(cls=TranslatedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="agreements")
@click.option(
    "--lang",
    metavar="LANG",
    help="Language of the messages: zh-Hans or en (default: AGREEMENTS_LANG, LANGUAGE, LC_ALL, "
    "LC_MESSAGES or LANG).",
)
def cli(lang: str | None) -> None:
    """Bilingual cooperation agreements from YAML specs."""


def _workspace():
    """The templates of the workspace the command runs in: its templates/, then the built-in ones."""
    from .languages import register_languages
    from .templates import Templates

    templates = Templates.for_workspace(Path.cwd())
    register_languages(templates)
    return templates


def _cache_notes() -> None:
    """Why compiled templates are not cached (a refused folder), once per command that renders."""
    from .jinja_cache import probe

    for note in probe():
        click.echo(ui("note: {note}", note=ui.problem(note)), err=True)


def _format_choices() -> list[str]:
    from .formats import FORMATS

    return list(FORMATS)


def _spec_files(paths) -> list[Path]:
    """The spec files named, or found in the folders named (default: specs/)."""
    from .files import spec_paths  # not .validate: a no-op build never imports the model

    if not paths and not Path("specs").is_dir():
        raise click.UsageError(
            "there is no specs/ folder here: run in your workspace, or name the spec files or folders"
        )
    files = spec_paths(list(paths) or [Path("specs")])
    if not files:
        raise click.UsageError(
            f"no spec files found (looked for *.yaml and *.yml in {', '.join(map(str, paths or ['specs']))})"
        )
    return files


@cli.command(cls=TranslatedCommand)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for machines.",
)
def check(paths: tuple[Path, ...], output_format: str) -> int:
    """Validate specs (default: specs/) and report every error."""
    from .errors import SpecError
    from .fonts import spec_glyph_problems
    from .loader import load_spec_file
    from .validate import read_spec

    templates = _workspace()  # the workspace's own languages and clauses
    files = _spec_files(paths)
    results = []
    for path in files:
        try:
            spec = read_spec(path, templates)
            glyphs = spec_glyph_problems(load_spec_file(path), list(spec.languages))
            if glyphs:
                raise SpecError(glyphs)
            results.append({"path": str(path), "ok": True, "id": spec.id, "problems": []})
        except AgreementError as exc:
            results.append({"path": str(path), "ok": False, "problems": exc.problems})
            if output_format == "text":
                _print_error(exc)
    bad = [r for r in results if not r["ok"]]
    if output_format == "json":
        for r in results:
            r["problems"] = [p.as_dict() for p in r["problems"]]
        click.echo(json.dumps({"ok": not bad, "specs": results}, ensure_ascii=False, indent=2))
    else:
        errors = sum(len(r["problems"]) for r in bad)
        summary = (
            "{valid} of {total} specs valid"
            if not bad
            else "{valid} of {total} specs valid; 1 error"
            if errors == 1
            else "{valid} of {total} specs valid; {errors} errors"
        )
        click.echo(
            ui(summary, valid=len(results) - len(bad), total=len(results), errors=errors), err=bool(bad)
        )
    return INVALID if bad else OK


@cli.command(cls=TranslatedCommand)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("schema/agreement.schema.json"),
    show_default=True,
    help="Where to write the JSON Schema ('-' for standard output).",
)
def schema(output: Path) -> int:
    """Write the JSON Schema of the spec format, for editors."""
    from .schema import schema_json

    text = schema_json()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        from .files import write_atomic

        write_atomic(output, text.encode())
        click.echo(ui("wrote {path}", path=output))
    return OK


@cli.command(cls=TranslatedCommand)
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--id", "spec_id", help="The agreement id (a slug); also the file name.")
@click.option("--dir", "folder", type=click.Path(path_type=Path), default=Path("specs"), show_default=True)
@click.option("--languages", help="The agreement's languages, in column order, e.g. zh-Hans,lo.")
def new(kind: str, spec_id: str | None, folder: Path, languages: str | None) -> int:
    """Write a commented skeleton spec of KIND into specs/."""
    from .schema import ensure_schema
    from .skeleton import write_skeleton

    tags = [tag.strip() for tag in languages.split(",")] if languages else None
    schema = Path("schema/agreement.schema.json")  # in the workspace, whatever --dir says
    path = write_skeleton(kind, spec_id, folder, _workspace(), tags, schema=schema)
    if ensure_schema(schema):
        click.echo(
            ui("wrote {schema}: editors with the YAML extension check the spec as you type", schema=schema)
        )
    click.echo(ui("wrote {path}: fill in every TODO, then run `agreements check {path}`", path=path))
    return OK


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter("use K/N, e.g. 1/4", param_hint="--shard") from None
    if not 1 <= k <= n:
        raise click.BadParameter(f"{value}: K must be between 1 and N", param_hint="--shard")
    return k, n


@cli.command(cls=TranslatedCommand)
@click.argument("specs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Output folder: DIR/<id>/<id>.docx and .pdf, plus DIR/manifest.json.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Parallel workers (default and most: the number of cores).",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option(
    "--allow-same-revision",
    is_flag=True,
    help="Replace a built revision with a changed spec of the same revision (default: refuse).",
)
@click.option("--shard", help="Build only share K of N (e.g. 2/4), for a CI matrix.")
@click.option(
    "--pack",
    "pack_file",
    type=click.Path(path_type=Path),
    help="Also write a deterministic zip of the outputs and the manifest.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "-t",
    "--to",
    "formats",
    type=click.Choice(_format_choices()),
    multiple=True,
    help="Output format (repeat for several; default: docx and pdf).",
)
def build(
    specs,
    out_dir: Path,
    jobs: int,
    force: bool,
    allow_same_revision: bool,
    shard: str | None,
    pack_file: Path | None,
    output_format: str,
    formats: tuple[str, ...],
) -> int:
    """Build DOCX and PDF (or the formats given with --to) for each spec (default: specs/)."""
    from .cli_output import BuildProgress, build_report_json, build_summary, capped_jobs
    from .pack import build_pack, check_pack_file, write_pack

    files = _spec_files(specs)
    _cache_notes()
    if pack_file is not None:
        check_pack_file(pack_file)  # before anything is built: never over a spec or a DOCX
    progress = BuildProgress(output_format, len(files), annotate, out_dir, ui)
    with progress as show:
        report = build_pack(
            files,
            out_dir,
            _workspace(),
            jobs=capped_jobs(jobs, output_format, ui),
            force=force,
            shard=_shard(shard),
            formats=formats or None,
            on_outcome=show,
            allow_same_revision=allow_same_revision,
            on_stage=progress.on_stage,
        )
    if pack_file is not None and report.ok:
        write_pack(out_dir, pack_file)
    click.echo(build_report_json(report) if output_format == "json" else build_summary(report, pack_file, ui))
    bugs = [outcome for outcome in report.outcomes if outcome.bug]
    if bugs:  # the manifest holds the specs that built; the bug report says what to send
        from . import bug_report

        for outcome in bugs:
            click.echo(bug_report.report(*outcome.bug, f"agreements build {outcome.spec}"), err=True)
        return bug_report.BUG
    # a spec that failed is invalid input (a bad spec, template, font or output folder)
    return OK if report.ok else INVALID


@cli.command("merge-manifests", cls=TranslatedCommand)
@click.argument("manifests", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def merge_manifests_command(manifests, output: Path) -> int:
    """Merge the manifests of several shards into one."""
    from .files import write_atomic
    from .pack import merge_manifests

    write_atomic(output, merge_manifests(list(manifests)))
    click.echo(ui("wrote {path}", path=output))
    return OK


@cli.command(cls=TranslatedCommand)
def doctor() -> int:
    """List the fonts each language needs, what is installed and what is missing."""
    from .fonts import doctor as font_report

    missing = 0
    for row in font_report():
        state = ui("ok") if row.ok else ui("MISSING")
        missing += not row.ok
        click.echo(f"{row.language:8} {state:8} {row.describe(ui)}")
    return OK if not missing else FOUND


def _add_translations() -> None:
    from .cli_translations import lint, review, translations

    for command in (lint, review, translations):
        cli.add_command(command)


_add_translations()

from .cli_diff import diff  # noqa: E402  (the commands use this module's helpers)
from .cli_watch import watch  # noqa: E402

cli.add_command(diff)
cli.add_command(watch)
