"""``mailer imap fetch``: read the ``[imap]`` mailbox once (for cron set-ups and tests).

``mailer serve`` watches the mailbox itself when ``[imap] enabled = true``; this command is the
same work done once, for set-ups that run ``mailer tick`` from cron instead of a service.
"""

from __future__ import annotations

import click

from mailer.cli_support import Problem, State, pass_state


@click.group()
def imap() -> None:
    """Mail fetched from an IMAP mailbox ([imap] in the config)."""


@imap.command("fetch")
@pass_state
def imap_fetch(state: State) -> None:
    """Take in every message in the [imap] folder once, then move each out of it."""
    from mailer.inbound.imap import ImapError

    config = state.mailer.config.imap
    try:
        report = state.mailer.imap_fetch()
    except ImapError as exc:
        raise Problem(str(exc)) from None
    click.echo(f"{config.host} {config.folder}: {report}")
    if report.stopped:
        raise Problem(
            f"stopped early: {report.stopped}; the rest stays in {config.folder} for the next run"
        )
