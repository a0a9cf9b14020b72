"""``mailer doctor``: check a set-up and say what to fix (exit 1 when anything FAILs)."""

from __future__ import annotations

import json
import sys

import click

from mailer.cli_support import State, pass_state
from mailer.doctor import Checkup


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON array.")
@pass_state
def doctor(state: State, as_json: bool) -> None:
    """Check the config, files, database, clock, scheduler, ports, mailbox and DNS."""
    checkup = Checkup(state.config_path, clock=state.clock)
    findings = checkup.run()
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(finding.line())
    if checkup.failed:
        sys.exit(1)
