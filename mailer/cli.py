"""The ``mailer`` command: a thin click shell over :class:`mailer.api.Mailer`.

Known problems (a bad config, an unknown user, an unreachable database) end with one line on
stderr and a documented exit status, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from mailer import (
    cli_backup,
    cli_brief,
    cli_data,
    cli_digest,
    cli_dkim,
    cli_doctor,
    cli_imap,
    cli_inbound,
    cli_init,
    cli_intros,
    cli_photos,
)
from mailer.cli_pipe import deliver_from_stdin
from mailer.cli_sending import COMMANDS
from mailer.cli_support import (
    EXIT_USAGE,
    MailerGroup,
    Problem,
    State,
    json_option,
    parse_now,
    pass_state,
    show,
    table,
    user_option,
)
from mailer.config import default_config_path
from mailer.pipeline import LOT


@click.group(cls=MailerGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: $MAILER_CONFIG, else ./config.toml).",
)
@click.option(
    "--now",
    "now",
    metavar="ISO-TIME",
    help="Run the command as if it were this time, with its offset (replays, trials).",
)
@click.version_option(package_name="mailer")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, now: str | None) -> None:
    """An email-driven follow-up assistant for slow networking."""
    ctx.obj = State(default_config_path(config_path), parse_now(now))


@cli.command()
@pass_state
def serve(state: State) -> None:
    """Run the SMTP server, the processing worker and the scheduler."""
    import logging

    from mailer.inbound.web_server import HttpListenError

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per run is noise
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per SMTP command
    inbound = state.mailer.config.inbound
    click.echo(f"mailer: SMTP on {inbound.host}:{inbound.port} for @{inbound.domain}", err=True)
    try:
        state.mailer.serve()
    except KeyboardInterrupt:
        pass
    except HttpListenError as exc:
        raise Problem(str(exc)) from None
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
@click.option(
    "--to", "recipients", multiple=True, metavar="ADDRESS", help="Envelope recipient (repeatable)."
)
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@pass_state
def ingest(
    state: State, envelope_from: str, recipients: Sequence[str], files: Sequence[str]
) -> None:
    """Run saved messages (FILE...) through the same pipeline as SMTP.

    Without --to, each message's recipients are the addresses at the assistant's domain it
    names (Delivered-To, X-Original-To, else To and Cc), as over IMAP; a file naming none is
    refused.

    A lone - reads one message from a mail server's pipe and exits with a sysexits status:
    0 stored, 75 try again later, 77 sender not allowed, 67 unknown recipient, 65 bad data.
    """
    if tuple(files) == ("-",):
        sys.exit(deliver_from_stdin(state, envelope_from, recipients))
    problems = 0
    for start in range(0, len(files), LOT):  # a lot at a time: filed as `mailer serve` files
        lot = [(name, _saved_message(name)) for name in files[start : start + LOT]]
        for result in state.mailer.ingest_saved_many(
            lot, envelope_from=envelope_from, envelope_to=recipients
        ):
            if result.status == "processed":
                click.echo(f"{result.source}: {result.detail}")
            else:
                problems += 1
                click.echo(f"{result.source}: {result.status}: {result.detail}", err=True)
    if problems:
        sys.exit(1)


def _saved_message(name: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise Problem(f"cannot read {name}: {exc.strerror}", EXIT_USAGE) from None


@cli.group()
def meetings() -> None:
    """The meeting log."""


@meetings.command("list")
@user_option
@json_option
@pass_state
def meetings_list(state: State, user: str | None, as_json: bool) -> None:
    """List meetings, oldest first."""
    show(
        state.mailer.meetings(user),
        as_json,
        table(
            "Meetings",
            ["Start", "Title", "Where", "Status", "With"],
            lambda m: [
                (m["start"] or "")[:16].replace("T", " "),
                ("📷 " if m["photos"] else "") + m["title"],  # a camera: it has photos
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
    show(
        state.mailer.contacts(user),
        as_json,
        table(
            "Contacts",
            ["Name", "Email", "Company", "Last contact"],
            lambda c: [c["name"], c["email"], c["company"], (c["last_interaction"] or "")[:10]],
        ),
    )


@contacts.command("add")
@click.argument("email")
@click.option("--name", default="", help="Their name.")
@click.option(
    "--cadence",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Keep in touch every DAYS days (0: no cadence).",
)
@click.option(
    "--language",
    type=click.Choice(["en", "es", "ca"]),
    default=None,
    help="Write to them in English, Spanish or Catalan (thank-you notes, invitations).",
)
@user_option
@pass_state
def contacts_add(
    state: State,
    email: str,
    name: str,
    cadence: int | None,
    language: str | None,
    user: str | None,
) -> None:
    """Add a contact (or name an existing one, or set how often to keep in touch and the
    language to write to them in)."""
    from mailer.log.contacts import ContactError

    try:
        contact = state.mailer.add_contact(
            email, name=name, cadence_days=cadence, language=language, user=user
        )
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
    show(
        state.mailer.followups(user, status=None if status == "all" else status),
        as_json,
        table(
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


@cli.group()
def inbound() -> None:
    """Messages the assistant received."""


@inbound.command("list")
@user_option
@json_option
@pass_state
def inbound_list(state: State, user: str | None, as_json: bool) -> None:
    """List received messages and what became of each."""
    show(
        state.mailer.inbound(user),
        as_json,
        table(
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


cli.add_command(cli_init.init)
cli.add_command(cli_intros.intros)
cli.add_command(cli_brief.brief)
for command in COMMANDS:
    cli.add_command(command)
contacts.add_command(cli_data.contacts_import)
contacts.add_command(cli_data.contacts_export)
meetings.add_command(cli_data.meetings_export)
cli.add_command(cli_data.feed)
cli.add_command(cli_imap.imap)
cli.add_command(cli_dkim.dkim)
cli.add_command(cli_doctor.doctor)
cli.add_command(cli_backup.backup)
cli.add_command(cli_backup.restore)
cli.add_command(cli_photos.photos)
inbound.add_command(cli_inbound.reprocess)
for command in cli_digest.COMMANDS:
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=argv, prog_name="mailer")
