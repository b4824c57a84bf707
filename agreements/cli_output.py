"""What `agreements build` prints: progress per spec, the closing summary, the JSON report."""

from __future__ import annotations

import json
import os
import sys

import click

SHOWN_ERRORS = 3  # per spec in a build; `agreements check FILE` lists them all


class BuildProgress:
    """A rich progress bar on a terminal; plain lines in CI and pipes. One line per spec (the
    files written, or the first few errors); errors always."""

    def __init__(self, output_format: str, total: int, annotate, out_dir=None, ui=None):
        self.json = output_format == "json"
        self.fancy = not self.json and sys.stderr.isatty() and not os.environ.get("CI")
        self.total = total
        self.annotate = annotate  # GitHub annotations of a failed spec
        self.out_dir = out_dir
        self.ui = ui or _english

    STEPS = 5  # per spec: the stages of build.STAGES (a skipped or failed spec counts them all)

    def __enter__(self):
        self.steps: dict[str, int] = {}
        if self.fancy:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("building", total=self.total * self.STEPS)
        return self.show

    @property
    def on_stage(self):
        """For build_pack: the bar moves at each stage of each spec (on a terminal only)."""
        return self.stage if self.fancy else None

    def stage(self, spec: str, stage: str) -> None:
        self.steps[spec] = min(self.steps.get(spec, 0) + 1, self.STEPS)
        self.bar.update(self.task, completed=sum(self.steps.values()), description=f"{stage} {spec}")
        self.bar.refresh()  # each stage shows, however fast it goes

    def __exit__(self, *exc) -> None:
        if self.fancy:
            self.bar.stop()

    def show(self, outcome, done: int, total: int) -> None:
        if outcome.status == "failed":
            self.annotate(
                outcome.problems
                or [{"path": outcome.spec, "line": 1, "column": 1, "message": "build failed"}]
            )
        if self.json:
            if outcome.status == "failed":
                for error in outcome.errors:
                    click.echo(error, err=True)
            return
        ui = self.ui
        line = ui(
            "[{done}/{total}] {status} {spec} ({seconds} s)",
            done=done,
            total=total,
            status=ui(outcome.status),
            spec=outcome.spec,
            seconds=f"{outcome.seconds:.2f}",
        )
        if outcome.status == "built" and outcome.entry:
            line += ": " + ", ".join(self._written(outcome.entry))
        elif outcome.status == "failed" and len(outcome.errors) > 1:
            line += ui(": {errors} errors", errors=len(outcome.errors))
        click.echo(line, err=True)
        for error in outcome.errors[:SHOWN_ERRORS]:
            click.echo(ui.formatted(error), err=True)
        if len(outcome.errors) > SHOWN_ERRORS:
            click.echo(
                ui(
                    "  ... and {more} more; run `agreements check {spec}`",
                    more=len(outcome.errors) - SHOWN_ERRORS,
                    spec=outcome.spec,
                ),
                err=True,
            )
        for note in outcome.notes:
            click.echo(f"note: {outcome.spec}: {note}", err=True)
        if self.fancy:
            self.steps[outcome.spec] = self.STEPS
            completed = sum(self.steps.values())
            self.bar.update(self.task, completed=completed, description=f"{outcome.status} {outcome.spec}")

    def _written(self, entry: dict) -> list[str]:
        from pathlib import Path

        return [str(Path(self.out_dir or ".") / output["path"]) for output in entry.get("outputs", [])]


def build_summary(report, pack_file, ui=None) -> str:
    ui = ui or _english
    return ui(
        "{built} built, {skipped} skipped, {failed} failed in {seconds} s; files in {folder}; "
        "manifest: {manifest}",
        built=report.count("built"),
        skipped=report.count("skipped"),
        failed=report.count("failed"),
        seconds=f"{report.seconds:.2f}",
        folder=f"{report.manifest.parent}{os.sep}<id>{os.sep}",
        manifest=report.manifest,
    ) + (ui("; pack: {pack}", pack=pack_file) if pack_file is not None and report.ok else "")


def _english(message: str, **values) -> str:
    return message.format(**values) if values else message


_english.formatted = lambda text: text  # type: ignore[attr-defined]


def build_report_json(report) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "seconds": round(report.seconds, 3),
            "manifest": str(report.manifest),
            "built": report.count("built"),
            "skipped": report.count("skipped"),
            "failed": report.count("failed"),
            "specs": [
                {
                    "spec": o.spec,
                    "status": o.status,
                    "seconds": round(o.seconds, 3),
                    "id": (o.entry or {}).get("id"),
                    "notes": o.notes,
                    "problems": o.problems,
                    "errors": o.errors,
                }
                for o in report.outcomes
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def capped_jobs(asked: int, output_format: str, ui) -> int:
    """Workers for a build: at most one per core (more only compete for the cores), with a note
    when more were asked for."""
    cores = os.cpu_count() or 1
    if asked > cores and output_format == "text":
        click.echo(
            ui(
                "note: --jobs {asked} is more than the {cores} cores here; using {cores} "
                "(more workers would only slow each other down)",
                asked=asked,
                cores=cores,
            ),
            err=True,
        )
    return min(asked, cores) if asked else cores


def show_click_error(exc: click.ClickException, ui) -> None:
    """click's own error (a usage error, a bad option value) in the interface language."""
    if not ui.entries:
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = _heading(ctx.get_usage(), ui)
        hint = ui("Try '{command} {option}' for help.", command=ctx.command_path, option="--help")
        click.echo(f"{usage}\n{hint}\n", err=True)
    click.echo(ui("Error: {message}", message=ui.problem(exc.format_message())), err=True)


class TranslatedHelp:
    """--help in the interface language: the help texts of a command, its options and its
    subcommands, and click's headings, through the interface catalog at the moment of printing."""

    ui = _english

    def get_help(self, ctx) -> str:
        ui = type(self).ui
        commands = getattr(self, "commands", {}).values()
        items = [self, *self.get_params(ctx), *commands]
        swapped = [(item, item.help) for item in items if getattr(item, "help", None)]
        for item, text in swapped:
            item.help = ui(text)
        try:
            text = super().get_help(ctx)
        finally:
            for item, original in swapped:
                item.help = original
        text = text.replace("[default: ", ui("[default: ")).replace("[required]", ui("[required]"))
        return "\n".join(_heading(line, ui) for line in text.split("\n"))


def _heading(line: str, ui) -> str:
    for heading in ("Usage:", "Options:", "Commands:", "Arguments:"):
        if line.startswith(heading):
            return ui(heading) + line[len(heading) :]
    return line


class TranslatedGroup(TranslatedHelp, click.Group):
    pass


class TranslatedCommand(TranslatedHelp, click.Command):
    pass
