"""Build the email message itself: headers, a text and an HTML part, optionally a calendar.

Headers go through the email package's header registry, so a contact whose name is
"x\\r\\nBcc: y" stays a strange name and never becomes a header.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mailer.outbound.templating import Rendered


def make_message_id(domain: str) -> str:
    """A new, globally unique Message-ID at our domain."""
    return f"<{uuid.uuid4().hex}@{domain}>"


def _address(name: str | None, address: str) -> Address:
    display = " ".join((name or "").replace("\r", " ").replace("\n", " ").split())
    local, _, domain = address.strip().rpartition("@")
    return Address(display_name=display, username=local, domain=domain)


def compose(
    rendered: Rendered,
    *,
    from_name: str,
    from_address: str,
    to: Sequence[tuple[str | None, str]],
    message_id: str,
    date: datetime,
    reply_to: Sequence[tuple[str | None, str]] = (),
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    list_unsubscribe_mailto: str | None = None,
    list_unsubscribe_url: str | None = None,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    auto_submitted: str | None = "auto-generated",
    extra_headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = _address(from_name, from_address)
    message["To"] = [_address(name, address) for name, address in to]
    if reply_to:
        message["Reply-To"] = [_address(name, address) for name, address in reply_to]
    message["Subject"] = " ".join(rendered.subject.split())
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = " ".join(dict.fromkeys([*references, in_reply_to]))
    if auto_submitted:
        message["Auto-Submitted"] = auto_submitted
    unsubscribe = [f"<mailto:{list_unsubscribe_mailto}>"] if list_unsubscribe_mailto else []
    if list_unsubscribe_url:
        unsubscribe.insert(0, f"<{list_unsubscribe_url}>")
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if unsubscribe:
        message["List-Unsubscribe"] = ", ".join(unsubscribe)
        # RFC 2919: mail one can unsubscribe from says which "list" it belongs to
        message["List-Id"] = f"Slow networking <slow-networking.{from_address.rpartition('@')[2]}>"
    for name, value in (extra_headers or {}).items():
        message[name] = " ".join(value.split())
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    if calendar is not None:
        method = (calendar_method or "REQUEST").upper()
        message.add_alternative(  # as text, so the part says charset=utf-8
            calendar.decode("utf-8"), subtype="calendar", params={"method": method}
        )
        message.add_attachment(
            calendar, maintype="application", subtype="ics", filename="invite.ics"
        )
    return message
