"""The command line: parses arguments, calls the library, prints, and picks the exit code.

Exit codes: 0 ok; 1 ran but found differences or failures; 2 invalid input or usage.
Heavy modules (docxtpl, WeasyPrint) are imported inside the commands that need them.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .errors import AgreementError

OK, FOUND, INVALID = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used by tests, in-process)."""
    try:
        code = cli.main(args=argv, prog_name="agreements", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return INVALID
    except AgreementError as exc:
        _print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    return code if isinstance(code, int) else OK


def run() -> None:  # console script entry point
    sys.exit(main())


def _print_error(exc: AgreementError) -> None:
    click.echo(exc.format(), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in exc.problems:
            click.echo(f"::error file={problem.path},line={problem.line},col={problem.column}::"
                       f"{problem.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="agreements")
def cli() -> None:
    """Bilingual cooperation agreements from YAML specs."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="text for people, json for machines.")
def check(paths: tuple[Path, ...], output_format: str) -> int:
    """Validate specs (default: specs/) and report every error."""
    from .validate import read_spec, spec_paths
    files = spec_paths(list(paths) or [Path("specs")])
    if not files:
        raise click.UsageError("no spec files found (looked for *.yaml in "
                               f"{', '.join(map(str, paths or ['specs']))})")
    results = []
    for path in files:
        try:
            spec = read_spec(path)
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
        summary = f"{len(results) - len(bad)} of {len(results)} specs valid"
        click.echo(summary + (f"; {errors} error{'s' if errors != 1 else ''}" if bad else ""),
                   err=bool(bad))
    return INVALID if bad else OK


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("schema/agreement.schema.json"),
              show_default=True, help="Where to write the JSON Schema ('-' for standard output).")
def schema(output: Path) -> int:
    """Write the JSON Schema of the spec format, for editors."""
    from .schema import schema_json
    text = schema_json()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        from .files import write_atomic
        write_atomic(output, text.encode())
        click.echo(f"wrote {output}")
    return OK


@cli.command()
@click.argument("kind", type=click.Choice(["university-university", "university-enterprise",
                                           "order-based-training"]))
@click.option("--id", "spec_id", help="The agreement id (a slug); also the file name.")
@click.option("--dir", "folder", type=click.Path(path_type=Path), default=Path("specs"), show_default=True)
def new(kind: str, spec_id: str | None, folder: Path) -> int:
    """Write a commented skeleton spec of KIND into specs/."""
    from .skeleton import write_skeleton
    path = write_skeleton(kind, spec_id, folder)
    click.echo(f"wrote {path}: fill in every TODO, then run `agreements check {path}`")
    return OK
