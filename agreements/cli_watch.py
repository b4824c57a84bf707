"""`agreements watch`: the command (the loop is agreements/watch.py)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import OK, _format_choices, _spec_files, _workspace, annotate
from .cli_output import TranslatedCommand


@click.command(cls=TranslatedCommand)
@click.argument("specs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("preview"), show_default=True)
@click.option("-t", "--to", "formats", type=click.Choice(_format_choices()), multiple=True)
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True)
def watch(specs, out_dir: Path, formats: tuple[str, ...], interval: float) -> int:
    """Rebuild the specs into a preview folder whenever a spec or a template changes."""
    from . import cli as cli_module
    from .cli_output import BuildProgress
    from .watch import watch as watch_specs

    files = _spec_files(specs)
    folders = [Path("templates")]  # watched even before it exists
    click.echo(
        cli_module.ui("watching {count} specs and their templates; Ctrl+C to stop", count=len(files)),
        err=True,
    )
    show = BuildProgress("text", len(files), annotate, out_dir, cli_module.ui)
    show.fancy = False  # a line per spec and round, not a bar
    try:
        watch_specs(
            list(specs) or [Path("specs")],
            out_dir,
            _workspace,
            template_folders=folders,
            formats=formats or None,
            interval=interval,
            on_outcome=show.show,
        )
    except KeyboardInterrupt:
        pass
    return OK
