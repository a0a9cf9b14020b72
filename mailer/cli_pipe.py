"""``mailer ingest -``: one message from a mail server's pipe, answered with a sysexits status.

Postfix's ``pipe`` transport, a ``.forward`` line or procmail hand the message on standard input
and read nothing back but the exit status and a line of text. So every outcome becomes a status
(:mod:`mailer.inbound.exit_codes`): 0 once the message is stored (even when it was not
understood: its sender is told why by email), 75 for anything that may pass (a database that is
down, a full spool, a broken configuration, a bug of ours), so the mail server keeps the message
and tries again, and 77 / 67 / 65 for a refusal, which the mail server bounces with our line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click
from sqlalchemy.exc import SQLAlchemyError

from mailer.cli_support import State
from mailer.config import ConfigError
from mailer.db import DatabaseUnavailable
from mailer.inbound.envelope import return_path, without_mbox_line
from mailer.inbound.exit_codes import exit_status

KEPT = "the mail server keeps the message and will try again"


def deliver_from_stdin(state: State, envelope_from: str, recipients: Sequence[str]) -> int:
    """Store the message on standard input; return the exit status for the mail server."""
    try:
        data = without_mbox_line(sys.stdin.buffer.read())
    except OSError as exc:
        return _say(os.EX_TEMPFAIL, f"cannot read standard input ({exc.strerror}); {KEPT}")
    if not data.strip():
        return _say(os.EX_DATAERR, "no message on standard input: there is nothing to store")
    try:
        result = state.mailer.ingest_saved(
            data,
            source="-",
            envelope_from=envelope_from or return_path(data),
            envelope_to=recipients,
            strict=False,
        )
    except ConfigError as exc:
        return _say(os.EX_TEMPFAIL, f"{exc}; {KEPT} once the configuration is fixed")
    except DatabaseUnavailable as exc:
        return _say(os.EX_TEMPFAIL, f"{exc} ({KEPT})")
    except (SQLAlchemyError, OSError) as exc:
        cause = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _say(os.EX_TEMPFAIL, f"cannot store the message now ({cause}); {KEPT}")
    except Exception as exc:  # a bug of ours must not bounce a user's mail
        return _say(os.EX_TEMPFAIL, f"internal error ({exc.__class__.__name__}: {exc}); {KEPT}")
    status = exit_status(result.reply)
    if status == os.EX_OK:
        click.echo(f"-: {result.status}: {result.detail}")
        return status
    reason = f" ({result.detail})" if result.detail and result.detail not in result.reply else ""
    return _say(status, f"{result.reply}{reason}")


def _say(status: int, line: str) -> int:
    """One line on stderr: Postfix logs it and quotes it in a bounce."""
    click.echo(f"mailer: {line}", err=True)
    return status
