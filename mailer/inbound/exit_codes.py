"""The exit status an MTA understands (sysexits.h) for each SMTP reply the assistant gives.

``mailer ingest -`` runs under Postfix's ``pipe`` transport, a ``.forward`` or procmail. Those
read only the exit status: 0 delivered, 75 (EX_TEMPFAIL) keep the message and try again later,
anything else bounce it with the text we print. The intake already decides every case with a
named SMTP reply (:mod:`mailer.inbound.replies`), so the status is looked up from that reply
here, in one table, and nowhere else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Final

from mailer.inbound import replies

EXIT_STATUS: Final[Mapping[str, int]] = {
    replies.ACCEPTED_FOR_DELIVERY: os.EX_OK,
    replies.STORAGE_UNAVAILABLE: os.EX_TEMPFAIL,
    replies.TOO_MANY_RECIPIENTS: os.EX_TEMPFAIL,
    replies.SENDER_NOT_ALLOWED: os.EX_NOPERM,
    replies.SENDER_MISMATCH: os.EX_NOPERM,
    replies.NOT_OUR_DOMAIN: os.EX_NOUSER,
    replies.BAD_RECIPIENT_SYNTAX: os.EX_NOUSER,
    replies.NO_VALID_RECIPIENTS: os.EX_NOUSER,
    replies.MESSAGE_TOO_BIG: os.EX_DATAERR,
}
"""Named replies (templates such as ``{domain}`` included) and their sysexits status."""

BY_CLASS: Final[Mapping[str, int]] = {"2": os.EX_OK, "4": os.EX_TEMPFAIL, "5": os.EX_UNAVAILABLE}
"""For a reply the table does not name (yet): success, retry later, or a permanent refusal."""


def _pattern(template: str) -> re.Pattern[str]:
    """A reply template as a regular expression: ``{domain}`` matches whatever was filled in."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".*".join(re.escape(part) for part in parts) + r"\Z", re.S)


_PATTERNS: Final = [(_pattern(template), status) for template, status in EXIT_STATUS.items()]


def exit_status(reply: str) -> int:
    """The sysexits status for an SMTP reply, e.g. 75 for ``451 4.3.0 ...``."""
    for pattern, status in _PATTERNS:
        if pattern.match(reply):
            return status
    return BY_CLASS.get(reply[:1], os.EX_UNAVAILABLE)
