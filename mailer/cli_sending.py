"""The commands about what the assistant sends: tick, status, invite, outbox."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from mailer.cli_support import (
    EXIT_USAGE,
    Problem,
    State,
    json_option,
    now_option,
    parse_now,
    pass_state,
    show,
    table,
    user_option,
)


@click.command()
@now_option
@pass_state
def tick(state: State, now: str | None) -> None:
    """Run the planners and the dispatcher once (for cron, and for trying things out)."""
    report = state.mailer.tick(parse_now(now))
    click.echo(f"planned {report.planned}; dispatched: {report.dispatched}")


@click.command()
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


@click.command()
@pass_state
def status(state: State) -> None:
    """Is the assistant working? Scheduler runs, due and failed mail, last error."""
    report = state.mailer.status()
    console = Console()
    for name, job in report.jobs.items():
        when = job["last_run"].strftime("%Y-%m-%d %H:%M:%S UTC")
        console.print(f"{name:<9} last ran {when}" + ("  [bold red]LATE[/]" if job["late"] else ""))
    console.print(f"outbox: {report.outbox_due} due, {report.outbox_failed} failed")
    waiting = ""
    if report.inbound_waiting:
        since = report.inbound_oldest_waiting
        waiting = f", {report.inbound_waiting} waiting to be read (retried"
        waiting += f"; the oldest since {since:%Y-%m-%d %H:%M:%S} UTC)" if since else ")"
    console.print(f"inbound: {report.inbound_failed} failed{waiting}")
    if report.last_error:
        console.print(f"last sending error: {report.last_error}")
    for problem in report.problems:
        click.secho(f"PROBLEM: {problem}", fg="red", bold=True, err=True)
    if not report.healthy:
        sys.exit(1)


@click.group()
def outbox() -> None:
    """Email the assistant sends or has sent."""


@outbox.command("list")
@user_option
@json_option
@pass_state
def outbox_list(state: State, user: str | None, as_json: bool) -> None:
    """Each message's state, attempts and last error."""
    show(
        state.mailer.outbox(user),
        as_json,
        table(
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


@click.command("call-off")
@click.argument("email")
@user_option
@pass_state
def call_off(state: State, email: str, user: str | None) -> None:
    """Call off a planned challenge meeting; their calendar gets the cancellation."""
    from mailer.log.invitations import InvitationError

    try:
        result = state.mailer.call_off(email, user=user)
    except InvitationError as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    click.echo(f"{result['meeting']} is called off; {result['contact']} will be told.")


COMMANDS = (tick, status, invite, call_off, outbox)
