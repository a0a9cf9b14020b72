"""The ``mailer`` command: a thin click shell over :class:`mailer.api.Mailer`.

Known problems (a bad config, an unknown user, an unreachable database) end with one line on
stderr and a documented exit status, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from mailer.api import Mailer, UnknownUser, write_default_config
from mailer.config import ConfigError, default_config_path, load_config
from mailer.db import DatabaseUnavailable

EXIT_USAGE = 2


class Problem(click.ClickException):
    """A known problem, shown as ``Error: ...`` with its exit status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class MailerGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, UnknownUser) as exc:
            raise Problem(str(exc), EXIT_USAGE) from None
        except DatabaseUnavailable as exc:
            raise Problem(str(exc)) from None


class State:
    """Per-invocation state: the config path, and the Mailer opened on first use."""

    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self._mailer: Mailer | None = None

    @property
    def mailer(self) -> Mailer:
        if self._mailer is None:
            self._mailer = Mailer(load_config(self.config_path))
        return self._mailer


pass_state = click.make_pass_decorator(State)
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
user_option = click.option(
    "--user", "user", metavar="EMAIL", help="Whose log (default: the first configured user)."
)


@click.group(cls=MailerGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: $MAILER_CONFIG, else ./config.toml).",
)
@click.version_option(package_name="mailer")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """An email-driven follow-up assistant for slow networking."""
    ctx.obj = State(default_config_path(config_path))


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing configuration file.")
@click.option("--no-input", is_flag=True, help="Ask nothing; write the example's defaults.")
@pass_state
def init(state: State, force: bool, no_input: bool) -> None:
    """Write config.toml (if missing) and create or migrate the database."""
    path = state.config_path
    if path.exists() and not force:
        click.echo(f"{path} exists; keeping it.")
    else:
        answers: dict[str, str] = {}
        if sys.stdin.isatty() and not no_input:
            answers["email"] = click.prompt("Your email address", default="you@example.com")
            answers["name"] = click.prompt("Your name", default="Your Name")
            answers["timezone"] = click.prompt("Your time zone", default="Europe/Madrid")
        write_default_config(path, answers)
        click.echo(f"Wrote {path}.")
    state.mailer.upgrade()
    click.echo(f"Database ready: {state.mailer.config.database.url}")


@cli.command()
@pass_state
def serve(state: State) -> None:
    """Run the SMTP server, the processing worker and the scheduler."""
    import logging

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    inbound = state.mailer.config.inbound
    click.echo(f"mailer: SMTP on {inbound.host}:{inbound.port} for @{inbound.domain}", err=True)
    try:
        state.mailer.serve()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise Problem(
            f"cannot listen on {inbound.host}:{inbound.port}: {exc.strerror}; "
            "change [inbound] port in the config or stop what is using it"
        ) from None


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@pass_state
def db_upgrade(state: State) -> None:
    """Apply any pending migrations."""
    state.mailer.upgrade()
    click.echo("Database is up to date.")


@cli.command()
@click.option("--from", "envelope_from", default="", metavar="ADDRESS", help="Envelope sender.")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@pass_state
def ingest(state: State, envelope_from: str, files: Sequence[str]) -> None:
    """Run saved messages (FILE... or - for stdin) through the same pipeline as SMTP."""
    problems = 0
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            raise Problem(f"cannot read {name}: {exc.strerror}", EXIT_USAGE) from None
        result = state.mailer.ingest(data, source=name, envelope_from=envelope_from)
        if result.status == "processed":
            click.echo(f"{name}: {result.detail}")
        else:
            problems += 1
            click.echo(f"{name}: {result.status}: {result.detail}", err=True)
    if problems:
        sys.exit(1)


def _show(rows: list[dict[str, Any]], as_json: bool, table: Callable[[list[dict]], Table]) -> None:
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        Console().print(table(rows))


def _table(title: str, columns: Sequence[str], cells: Callable[[dict], Sequence[Any]]) -> Callable:
    def build(rows: list[dict]) -> Table:
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in cells(row)))
        return table

    return build


@cli.group()
def meetings() -> None:
    """The meeting log."""


@meetings.command("list")
@user_option
@json_option
@pass_state
def meetings_list(state: State, user: str | None, as_json: bool) -> None:
    """List meetings, oldest first."""
    _show(
        state.mailer.meetings(user),
        as_json,
        _table(
            "Meetings",
            ["Start", "Title", "Where", "Status", "With"],
            lambda m: [
                (m["start"] or "")[:16].replace("T", " "),
                m["title"],
                m["location"],
                m["status"],
                ", ".join(f"{a['name'] or a['email']} ({a['status']})" for a in m["attendees"]),
            ],
        ),
    )


@cli.group()
def contacts() -> None:
    """People you know."""


@contacts.command("list")
@user_option
@json_option
@pass_state
def contacts_list(state: State, user: str | None, as_json: bool) -> None:
    """List contacts by name."""
    _show(
        state.mailer.contacts(user),
        as_json,
        _table(
            "Contacts",
            ["Name", "Email", "Company", "Last contact"],
            lambda c: [c["name"], c["email"], c["company"], (c["last_interaction"] or "")[:10]],
        ),
    )


@contacts.command("add")
@click.argument("email")
@click.option("--name", default="", help="Their name.")
@user_option
@pass_state
def contacts_add(state: State, email: str, name: str, user: str | None) -> None:
    """Add a contact (or name an existing one)."""
    from mailer.log.contacts import ContactError

    try:
        contact = state.mailer.add_contact(email, name=name, user=user)
    except ContactError as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    click.echo(f"Contact {contact['name'] or contact['email']} <{contact['email']}> saved.")


@cli.group()
def followups() -> None:
    """Follow-ups and promises."""


@followups.command("list")
@click.option(
    "--status",
    type=click.Choice(["open", "done", "cancelled", "all"]),
    default="open",
    show_default=True,
)
@user_option
@json_option
@pass_state
def followups_list(state: State, status: str, user: str | None, as_json: bool) -> None:
    """List follow-ups, introductions and tasks, soonest due first."""
    _show(
        state.mailer.followups(user, status=None if status == "all" else status),
        as_json,
        _table(
            "Follow-ups",
            ["Due", "Kind", "Who", "What", "Why"],
            lambda f: [
                f["due"],
                f["kind"],
                (f["contact"] or {}).get("name") or (f["contact"] or {}).get("email"),
                f["text"],
                f["reason"],
            ],
        ),
    )


@cli.command()
@click.option("--now", "now", metavar="ISO-TIME", help="Act as if it were this time.")
@pass_state
def tick(state: State, now: str | None) -> None:
    """Run the planners and the dispatcher once (for cron, and for trying things out)."""
    from datetime import datetime

    moment = None
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            raise Problem(
                f"--now {now!r} is not an ISO time like 2026-12-23T09:00+01:00", 2
            ) from None
        if moment.tzinfo is None:
            raise Problem("--now needs an offset, e.g. 2026-12-23T09:00+01:00 (no guessing)", 2)
    report = state.mailer.tick(moment)
    click.echo(f"planned {report.planned}; dispatched: {report.dispatched}")


@cli.command()
@click.argument("email")
@click.option("--name", default="", help="Their name, as the invitation greets them.")
@click.option(
    "--propose",
    "proposals",
    multiple=True,
    metavar="DATETIME",
    help="A time to propose, with its offset (repeatable): 2026-12-01T10:00+01:00.",
)
@user_option
@pass_state
def invite(
    state: State, email: str, name: str, proposals: tuple[str, ...], user: str | None
) -> None:
    """Invite a contact to the Slow Networking Challenge."""
    from datetime import datetime

    from mailer.log.invitations import InvitationError

    try:
        times = [datetime.fromisoformat(p) for p in proposals]
    except ValueError as exc:
        raise Problem(f"--propose: {exc}; write e.g. 2026-12-01T10:00+01:00", EXIT_USAGE) from None
    try:
        result = state.mailer.invite(email, name=name, propose=times, user=user)
    except InvitationError as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    when = f", proposing {', '.join(result['proposals'])}" if result["proposals"] else ""
    state_word = "queued" if result["queued"] else "already queued today"
    click.echo(f"Invitation to {result['contact']} {state_word}{when}.")


@cli.command()
@pass_state
def status(state: State) -> None:
    """Is the assistant working? Scheduler runs, due and failed mail, last error."""
    report = state.mailer.status()
    console = Console()
    for name, job in report.jobs.items():
        when = job["last_run"].strftime("%Y-%m-%d %H:%M:%S UTC")  # type: ignore[union-attr]
        console.print(f"{name:<9} last ran {when}" + ("  [bold red]LATE[/]" if job["late"] else ""))
    console.print(f"outbox: {report.outbox_due} due, {report.outbox_failed} failed")
    console.print(f"inbound: {report.inbound_failed} failed")
    if report.last_error:
        console.print(f"last sending error: {report.last_error}")
    for problem in report.problems:
        click.secho(f"PROBLEM: {problem}", fg="red", bold=True, err=True)
    if not report.healthy:
        sys.exit(1)


@cli.group()
def outbox() -> None:
    """Email the assistant sends or has sent."""


@outbox.command("list")
@user_option
@json_option
@pass_state
def outbox_list(state: State, user: str | None, as_json: bool) -> None:
    """Each message's state, attempts and last error."""
    _show(
        state.mailer.outbox(user),
        as_json,
        _table(
            "Outbox",
            ["ID", "To", "Template", "Status", "Attempts", "Scheduled", "Last error"],
            lambda r: [
                r["id"],
                r["recipient"],
                r["template"],
                r["status"],
                r["attempts"],
                (r["scheduled"] or "")[:16].replace("T", " "),
                r["last_error"],
            ],
        ),
    )


@outbox.command("retry")
@click.argument("row_id", type=int, metavar="ID")
@pass_state
def outbox_retry(state: State, row_id: int) -> None:
    """Requeue a failed message now."""
    from mailer.outbound.outbox import OutboxError

    try:
        row = state.mailer.retry(row_id)
    except OutboxError as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    click.echo(f"Outbox row {row['id']} to {row['recipient']} is queued again.")


@cli.group()
def inbound() -> None:
    """Messages the assistant received."""


@inbound.command("list")
@user_option
@json_option
@pass_state
def inbound_list(state: State, user: str | None, as_json: bool) -> None:
    """List received messages and what became of each."""
    _show(
        state.mailer.inbound(user),
        as_json,
        _table(
            "Inbound messages",
            ["ID", "Received", "From", "Subject", "Status", "Detail"],
            lambda m: [
                m["id"],
                (m["received"] or "")[:16].replace("T", " "),
                m["sender"],
                m["subject"],
                m["status"],
                m["error"] or m["summary"],
            ],
        ),
    )


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=argv, prog_name="mailer")
