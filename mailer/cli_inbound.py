"""``mailer inbound reprocess``: run stored messages through the pipeline again."""

from __future__ import annotations

from collections.abc import Sequence

import click

from mailer.cli_support import EXIT_USAGE, Problem, State, json_option, pass_state, show, table
from mailer.inbound.reprocess import NotReprocessable


@click.command("reprocess")
@click.argument("ids", nargs=-1, type=click.IntRange(min=1), metavar="[ID]...")
@click.option("--failed", is_flag=True, help="Every failed message (after a parser upgrade).")
@json_option
@pass_state
def reprocess(state: State, ids: Sequence[int], failed: bool, as_json: bool) -> None:
    """Run stored messages (IDs from `mailer inbound list`) through the pipeline again.

    Idempotent: a second run changes nothing. A processed message is run again only when
    named by its ID, and applies the same effects once.
    """
    if not ids and not failed:
        raise Problem("name message IDs (see `mailer inbound list`) or give --failed", EXIT_USAGE)
    try:
        results = state.mailer.reprocess(ids, failed=failed)
    except NotReprocessable as exc:
        raise Problem(str(exc), EXIT_USAGE) from None
    rows = [
        {"id": r.inbound_id, "before": r.before, "status": r.status, "detail": r.detail}
        for r in results
    ]
    if not rows and not as_json:
        click.echo("No failed messages to run again.")
        return
    show(
        rows,
        as_json,
        table(
            "Reprocessed",
            ["ID", "Was", "Now", "Detail"],
            lambda r: [r["id"], r["before"], r["status"], r["detail"]],
        ),
    )
