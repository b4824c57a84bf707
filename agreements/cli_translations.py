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
    click.echo(f"wrote {output}: {len(chosen)} {language} unit(s)")
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
    for problem in outcome.refused:
        click.echo(problem.format(), err=True)
    for path in outcome.written:
        click.echo(f"wrote {path}")
    click.echo(f"{language}: {len(outcome.changed)} unit(s) changed, {len(outcome.refused)} refused")
    if outcome.claimed_reviewed:
        click.echo(
            f"{outcome.claimed_reviewed} unit(s) marked reviewed in the file: recorded as the translator's "
            f"review; a qualified reader makes them final: `agreements review {language} --by NAME`",
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
    click.echo(f"{'language':10}" + "".join(f"{c:>12}" for c in columns))
    for language, row in table.items():
        click.echo(f"{language:10}" + "".join(f"{row[c]:>12}" for c in columns))
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
    if stamp:
        changed = [c.id for c in library(templates).values() if stamp_clause(c, Path.cwd())]
        click.echo(f"stamped {len(changed)} clause file(s){': ' + ', '.join(changed) if changed else ''}")
        return OK
    problems = lint_clauses(templates) + lint_catalogs(templates) + lint_reviews(templates)
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = len(problems) - len(errors)
    click.echo(
        (f"{len(errors)} translation problem(s)" if errors else "clauses and labels: ok")
        + (f"; {warnings} warning(s)" if warnings else ""),
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
    click.echo(f"recorded {count} reviewed {language} translation(s)")
    return OK
