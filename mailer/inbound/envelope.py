"""The checks SMTP makes before DATA, for messages that arrive another way (a pipe, IMAP).

Over SMTP, aiosmtpd refuses an oversized message and the RCPT hook refuses other domains before
the intake sees anything. A message handed to ``mailer ingest`` by an MTA, or fetched over IMAP,
skips that conversation, so the same rules are applied here, with the same named replies.
Without an envelope (IMAP, a saved file), the recipients are the addresses at our domain that
the message itself names (:func:`named_recipients`).
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import Message
from email.utils import getaddresses, parseaddr

from mailer.config import Config
from mailer.inbound import replies
from mailer.inbound.access import is_our_address
from mailer.inbound.headers import read_headers


def recipient_refusal(config: Config, address: str, accepted: int = 0) -> str | None:
    """The reply refusing ``address`` as a recipient (after ``accepted`` others), or None."""
    if "@" not in address:
        return replies.BAD_RECIPIENT_SYNTAX
    if not is_our_address(config, address):
        return replies.NOT_OUR_DOMAIN.format(domain=config.inbound.domain)
    if accepted >= config.inbound.max_recipients:
        return replies.TOO_MANY_RECIPIENTS
    return None


def envelope_refusal(config: Config, data: bytes, recipients: Sequence[str]) -> str | None:
    """The reply refusing this delivery before it is stored (size, recipients), or None."""
    limit = config.inbound.max_message_bytes
    if len(data) > limit:
        return replies.MESSAGE_TOO_BIG.format(limit=limit)
    for accepted, address in enumerate(recipients):
        refusal = recipient_refusal(config, address, accepted)
        if refusal is not None:
            return refusal
    return None


RECIPIENT_HEADERS = (("Delivered-To", "X-Original-To"), ("To", "Cc"))
"""Where a delivered message says whom it was for: what the last mail server recorded on final
delivery, else what the sender wrote (which a forward or a Bcc makes less exact)."""


def named_recipients(config: Config, headers: Message) -> list[str]:
    """Our domain's addresses the message names, from the first of :data:`RECIPIENT_HEADERS`
    that names any (at most ``max_recipients``); [] when none is ours."""
    domain = "@" + config.inbound.domain.lower()
    for names in RECIPIENT_HEADERS:
        values = [str(v) for name in names for v in headers.get_all(name) or []]
        ours = [a.strip().lower() for _, a in getaddresses(values) if a.lower().endswith(domain)]
        if ours:
            return list(dict.fromkeys(ours))[: config.inbound.max_recipients]
    return []


def no_named_recipient(config: Config) -> str:
    """Why a saved message without ``--to`` and without an address of ours cannot be filed."""
    domain = config.inbound.domain
    return (
        f"the message names no address at {domain} in Delivered-To, X-Original-To, To or Cc, "
        f"so it is not known which address of the assistant it was for; give it with --to "
        f"(e.g. --to invites@{domain})"
    )


def without_mbox_line(data: bytes) -> bytes:
    """``data`` without the leading ``From sender date`` line that local delivery agents
    (Postfix's local(8) for a ``.forward`` pipe, procmail) put in front of a message."""
    if data.startswith(b"From "):
        _, _, rest = data.partition(b"\n")
        return rest
    return data


def return_path(data: bytes) -> str:
    """The envelope sender the last MTA recorded in ``Return-Path:``, or "" when there is none.

    Pipes without ``--from`` and IMAP have no envelope of their own; this header, added on final
    delivery, is the nearest thing. Without it the intake judges the sender by From alone.
    """
    headers = read_headers(data)
    value = str(headers.get("Return-Path") or "")
    return parseaddr(value)[1] if "@" in value else ""
