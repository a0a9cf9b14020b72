"""The commands that move data in and out: contacts import/export, meetings export, feed.

``-`` is stdin or stdout wherever a file is named, so exports can be piped; what the commands
say about their work goes to stderr for that reason.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from mailer.cli_support import EXIT_USAGE, Problem, State, json_option, pass_state, user_option
from mailer.parsing.contact_rows import FORMAT_NAMES, FORMATS

PROGRESS_FROM_ROWS = 500
"""Smaller files are done before a progress bar would be worth drawing."""


def _read(name: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise Problem(f"cannot read {name}: {exc.strerror}", EXIT_USAGE) from None


def _write(name: str, data: bytes) -> None:
    if name == "-":
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()
        return
    try:
        Path(name).write_bytes(data)
    except OSError as exc:
        raise Problem(f"cannot write {name}: {exc.strerror}", EXIT_USAGE) from None


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr for big files, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, TaskID

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if total < PROGRESS_FROM_ROWS:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        yield advance


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS),
    help="The file's format, when telling it from the content is not enough.",
)
@user_option
@json_option
@pass_state
def contacts_import(
    state: State, file: str, file_format: str | None, user: str | None, as_json: bool
) -> None:
    """Import contacts from a vCard file or a Google, Outlook or LinkedIn CSV export.

    People are matched by address, else by name, and only empty fields are filled, so
    importing again adds nobody twice. Exit status 1 when some rows were skipped (each is
    listed with its line number; the others are imported), 2 when the file cannot be read.
    """
    from mailer.parsing.contact_rows import ContactFileError

    data = _read(file)
    try:
        with _progress_bar() as progress:
            report = state.mailer.import_contacts(
                data, format=file_format, user=user, progress=progress
            )
    except ContactFileError as exc:
        raise Problem(f"{file}: {exc}", EXIT_USAGE) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(
            f"{file} ({FORMAT_NAMES[report.format]}): {report.added} added, "
            f"{report.merged} merged, {report.unchanged} unchanged, "
            f"{len(report.skipped)} skipped."
        )
    for error in report.skipped:
        click.echo(f"{file}:{error.line}: {error.reason}", err=True)
    if report.skipped:
        sys.exit(1)


@click.command("export")
@click.option(
    "--vcf",
    "target",
    required=True,
    metavar="FILE",
    help="Write every contact as vCard 3.0 to FILE (- for stdout).",
)
@user_option
@pass_state
def contacts_export(state: State, target: str, user: str | None) -> None:
    """Export your contacts for Google, Outlook or Apple Contacts."""
    text = state.mailer.export_vcf(user)
    _write(target, text.encode("utf-8"))
    click.echo(f"Wrote {text.count('BEGIN:VCARD')} contacts to {target}.", err=True)


@click.command("export")
@click.option("--ics", metavar="FILE", help="Write an iCalendar file (- for stdout).")
@click.option("--csv", "csv_target", metavar="FILE", help="Write a CSV table (- for stdout).")
@user_option
@pass_state
def meetings_export(
    state: State, ics: str | None, csv_target: str | None, user: str | None
) -> None:
    """Export the meeting log as a calendar (Google, Outlook, Apple) and/or a spreadsheet."""
    if not ics and not csv_target:
        raise Problem("say what to write: --ics FILE and/or --csv FILE", EXIT_USAGE)
    if ics:
        data = state.mailer.export_ics(user)
        _write(ics, data)
        click.echo(f"Wrote {data.count(b'BEGIN:VEVENT')} meetings to {ics}.", err=True)
    if csv_target:
        text = state.mailer.export_meetings_csv(user)
        bom = "" if csv_target == "-" else "\ufeff"  # so that Excel reads the accents right
        _write(csv_target, (bom + text).encode("utf-8"))
        rows = max(len(text.splitlines()) - 1, 0)
        click.echo(f"Wrote {rows} rows to {csv_target}.", err=True)


@click.group()
def feed() -> None:
    """Your meeting log as a calendar feed that calendar apps subscribe to."""


@feed.command("url")
@click.option("--new", is_flag=True, help="Make a new URL; the old one stops working.")
@user_option
@pass_state
def feed_url(state: State, new: bool, user: str | None) -> None:
    """Make the secret URL of your calendar feed and print it (it is shown only once)."""
    from mailer.log.calendar_feeds import FeedError

    try:
        made = state.mailer.feed_url(user, new=new)
    except FeedError as exc:
        raise Problem(str(exc)) from None
    click.echo(made.url)
    click.echo(
        "Subscribe to this URL in your calendar app (Google Calendar: Other calendars, From "
        "URL). Anyone who has it can read your meeting log; `mailer feed revoke` stops it.",
        err=True,
    )


@feed.command("revoke")
@user_option
@pass_state
def feed_revoke(state: State, user: str | None) -> None:
    """Stop your calendar feed URL at once."""
    count = state.mailer.revoke_feed(user)
    click.echo("Calendar feed revoked." if count else "There was no calendar feed to revoke.")
