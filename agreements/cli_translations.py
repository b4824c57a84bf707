"""`agreements lint`, `review` and `translations export|import|status`: the command line of the
translations and their review (clauses.py, labels.py, reviews.py, translations.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli_output import TranslatedCommand, TranslatedGroup
from .kinds import KINDS

OK, FOUND, INVALID = 0, 1, 2


@click.group(cls=TranslatedGroup)
def translations() -> None:
    """Clause texts and labels out to translators and back (XLIFF 2.0 or PO)."""


@translations.command("export", cls=TranslatedCommand)
@click.argument("language")
@click.option("--kind", type=click.Choice(list(KINDS)), help="Only the clauses of this kind's outline.")
@click.option("--stale-only", is_flag=True, help="Only the units whose target is older than the source.")
@click.option(
    "--format", "file_format", type=click.Choice(["xliff", "po"]), default="xliff", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write.")
def export(language: str, kind: str | None, stale_only: bool, file_format: str, output: Path) -> int:
    """Write the LANGUAGE units (clause paragraphs and titles, labels) for a translator."""
    from .cli import _workspace
    from .files import write_atomic
    from .translation_files import write_po, write_xliff
    from .translations import units

    chosen = units(language, _workspace(), kind)
    if stale_only:
        chosen = [unit for unit in chosen if unit.stale]
    writer = write_xliff if file_format == "xliff" else write_po
    write_atomic(output, writer(language, chosen))
    ui = _ui()
    said = ui("wrote {path}: {count} {language} unit(s)", path=output, count=len(chosen), language=language)
    click.echo(said)
    return OK


@translations.command("import", cls=TranslatedCommand)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--partial", is_flag=True, help="Write the good units even if some are refused.")
def import_(file: Path, partial: bool) -> int:
    """Write the targets of a translator's XLIFF or PO file into the clause files and catalog."""
    from .cli import _workspace
    from .translation_files import read_file
    from .translations import apply

    language, incoming = read_file(file)
    outcome = apply(language, incoming, _workspace(), Path.cwd(), partial)
    ui = _ui()
    for problem in outcome.refused:
        click.echo(ui.formatted(problem.format()), err=True)
    for path in outcome.written:
        click.echo(ui("wrote {path}", path=path))
    click.echo(
        ui(
            "{language}: {changed} unit(s) changed, {refused} refused",
            language=language,
            changed=len(outcome.changed),
            refused=len(outcome.refused),
        )
    )
    if outcome.claimed_reviewed:
        click.echo(
            ui(
                "{count} unit(s) marked reviewed in the file: recorded as the translator's review; "
                "a qualified reader makes them final: `agreements review {language} --by NAME`",
                count=outcome.claimed_reviewed,
                language=language,
            ),
            err=True,
        )
    return FOUND if outcome.refused else OK


@translations.command("status", cls=TranslatedCommand)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def status(output_format: str) -> int:
    """Per language: how many units are initial, translated, reviewed, final and stale."""
    from .cli import _workspace
    from .translations import STATES
    from .translations import status as counts

    table = counts(_workspace())
    if output_format == "json":
        click.echo(json.dumps(table, indent=2))
        return OK
    columns = (*STATES, "stale")
    ui = _ui()
    click.echo(_cell(ui("language"), 10) + "".join(_cell(ui(c), 12, right=True) for c in columns))
    for language, row in table.items():
        click.echo(_cell(language, 10) + "".join(f"{row[c]:>12}" for c in columns))
    return OK


@click.command(cls=TranslatedCommand)
@click.option(
    "--stamp",
    is_flag=True,
    help="Record the current Chinese source hash in every translation (after review).",
)
def lint(stamp: bool) -> int:
    """Check the clause library and label catalogs: missing, changed or outdated translations."""
    from .clauses import library, lint_clauses
    from .clauses import stamp as stamp_clause
    from .cli import _workspace
    from .labels import lint_catalogs
    from .reviews import lint_reviews

    templates = _workspace()
    ui = _ui()
    if stamp:
        changed = [c.id for c in library(templates).values() if stamp_clause(c, Path.cwd())]
        names = ": " + ", ".join(changed) if changed else ""
        click.echo(ui("stamped {count} clause file(s){names}", count=len(changed), names=names))
        return OK
    problems = lint_clauses(templates) + lint_catalogs(templates) + lint_reviews(templates)
    for problem in problems:
        click.echo(ui.formatted(problem.format()), err=True)
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = len(problems) - len(errors)
    click.echo(
        (ui("{count} translation problem(s)", count=len(errors)) if errors else ui("clauses and labels: ok"))
        + (ui("; {count} warning(s)", count=warnings) if warnings else ""),
        err=bool(errors),
    )
    return INVALID if errors else OK


@click.command(cls=TranslatedCommand)
@click.argument("language")
@click.argument("names", nargs=-1)
@click.option("--by", "reviewer", required=True, help="Who reviewed them (name, qualification).")
def review(language: str, names: tuple[str, ...], reviewer: str) -> int:
    """Record that a qualified reader reviewed the LANGUAGE translations (clause ids or label
    msgids NAMES; default: all) as they are now, in templates/reviews/LANGUAGE.yaml."""
    from .cli import _workspace
    from .reviews import record_reviews

    count = record_reviews(language, reviewer, _workspace(), list(names) or None)
    click.echo(_ui()("recorded {count} reviewed {language} translation(s)", count=count, language=language))
    return OK


def _ui():
    from . import cli

    return cli.ui  # chosen when the command line was read


def _cell(text: str, width: int, right: bool = False) -> str:
    """`text` padded to `width` columns on a terminal (a Chinese character takes two)."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    pad = " " * max(0, width - shown)
    return pad + text if right else text + pad
