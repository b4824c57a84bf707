"""`agreements diff`: compare two revisions, list what changed, write the redlines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from .cli import FOUND, OK, _cache_notes, _format_choices, _workspace
from .cli_output import TranslatedCommand


@click.command(cls=TranslatedCommand)
@click.argument("old")
@click.argument("new")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--redline",
    "redline_dir",
    type=click.Path(path_type=Path),
    help="Write <id>.redline.docx (tracked changes) and <id>.redline.pdf into this folder.",
)
@click.option(
    "--redline-format",
    "redline_formats",
    type=click.Choice(_format_choices()),
    multiple=True,
    help="Only this redline format (repeat for several; default: docx and pdf).",
)
@click.option(
    "--allow-different-agreements",
    "different_agreements",
    is_flag=True,
    help="Compare two revisions whose agreement ids differ (refused otherwise).",
)
@click.option("--author", default="agreements", show_default=True, help="Author of the tracked changes.")
@click.option(
    "--date",
    "change_date",
    help="Date of the tracked changes (YYYY-MM-DD); default: "
    "SOURCE_DATE_EPOCH, else the new revision's signing date.",
)
def diff(
    old: str,
    new: str,
    output_format: str,
    redline_dir: Path | None,
    redline_formats: tuple[str, ...],
    different_agreements: bool,
    author: str,
    change_date: str | None,
) -> int:
    """Compare two revisions: spec paths or git revisions such as HEAD~1:specs/x.yaml."""
    from .cli import ui
    from .compare import compare
    from .report import as_json, report_lines
    from .revisions import read_revision

    templates, cwd = _workspace(), Path.cwd()
    _cache_notes()
    when = _date(change_date)  # a bad date is refused before anything is read
    comparison = compare(
        read_revision(old, templates, cwd),
        read_revision(new, templates, cwd),
        templates,
        different_agreements=different_agreements,
    )
    if output_format == "json":
        click.echo(json.dumps(as_json(comparison), ensure_ascii=False, indent=2))
    else:
        click.echo(ui.formatted("\n".join(report_lines(comparison, say=ui))))
    if redline_dir is not None and comparison.differs:  # identical revisions: nothing to write
        from .redline import write_redlines

        for path in write_redlines(
            comparison, redline_dir, author=author, date=when, formats=redline_formats or None
        ):
            click.echo(ui("wrote {path}", path=path), err=True)
    return FOUND if comparison.differs else OK


def _date(value: str | None):
    if value is None:
        return None
    import datetime as dt

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # fromisoformat takes 2027-W01-1
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--date") from None
