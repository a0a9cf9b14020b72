"""Turn an outbox row into the email that is sent: rendered, addressed, threaded, signed.

Messages to the user come from the assistant; messages to a contact come in the user's name from
a reply address of ours, with Reply-To the user and that address (so a plain answer reaches the
user and tells us the contact answered) and List-Unsubscribe on every one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from mailer.config import Config, UserConfig
from mailer.models import OutboxMessage
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.compose import compose
from mailer.outbound.imip import build_event_calendar
from mailer.outbound.templating import Rendered

TO_CONTACT = frozenset({"thank_you_note", "challenge_invitation", "challenge_cancel"})
"""Templates whose recipient is a contact rather than the user."""

DRAFTS = frozenset({"thank_you"})
"""Templates the user approves by replying to a signed approve address."""


class MessageBuilder:
    def __init__(
        self,
        config: Config,
        addresses: OutboundAddresses,
        render: Callable[[str, Mapping[str, Any]], Rendered],
        *,
        sign: Callable[[EmailMessage], EmailMessage] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.addresses = addresses
        self.render = render
        self.sign = sign
        self.clock = clock

    def __call__(self, row: OutboxMessage, user: UserConfig) -> EmailMessage:
        context = {
            **row.context,
            "user_name": user.name or user.email,
            "user_email": user.email,
            "assistant_address": self.addresses.assistant,
            "domain": self.config.inbound.domain,
        }
        date = self.clock() if self.clock else row.scheduled_at
        common: dict[str, Any] = {
            "message_id": row.message_id,
            "date": date,
            "in_reply_to": row.context.get("in_reply_to"),
            "references": row.context.get("references", ()),
        }
        if row.template in TO_CONTACT:
            reply = self.addresses.token("reply", row.recipient, row.id)
            unsubscribe = self.addresses.token("unsubscribe", row.recipient, row.id)
            base = self.config.outbound.public_base_url.rstrip("/")
            context["unsubscribe_address"] = unsubscribe
            message = compose(
                self.render(row.template, context),
                from_name=user.name or user.email,
                from_address=reply,
                to=[(row.context.get("contact_name", ""), row.recipient)],
                reply_to=[(user.name, user.email), ("", reply)],
                list_unsubscribe_mailto=unsubscribe,
                list_unsubscribe_url=f"{base}/unsubscribe/{unsubscribe.split('@')[0]}"
                if base
                else None,
                calendar=self._calendar(row, user, reply),
                calendar_method=row.context.get("method", "REQUEST"),
                auto_submitted=None,
                **common,
            )
        else:
            reply_to = self.addresses.assistant
            if row.template in DRAFTS:
                reply_to = self.addresses.token("approve", user.email, row.id)
            context["reply_address"] = reply_to
            message = compose(
                self.render(row.template, context),
                from_name=self.config.outbound.from_name,
                from_address=self.addresses.assistant,
                to=[(user.name, row.recipient)],
                reply_to=[("", reply_to)],
                **common,
            )
        return self.sign(message) if self.sign else message

    def _calendar(self, row: OutboxMessage, user: UserConfig, organizer: str) -> bytes | None:
        """The iMIP part of an invitation with a proposed time (REQUEST, or CANCEL)."""
        if not row.context.get("uid"):
            return None
        return build_event_calendar(
            method=row.context.get("method", "REQUEST"),
            uid=row.context["uid"],
            sequence=row.context.get("sequence", 0),
            start=datetime.fromisoformat(row.context["start"]),
            end=datetime.fromisoformat(row.context["end"]),
            summary=row.context.get("meeting_title", "Coffee"),
            description="The Slow Networking Challenge: one meeting a week.",
            location=row.context.get("location", ""),
            organizer_email=organizer,
            organizer_name=user.name or user.email,
            attendee_email=row.recipient,
            attendee_name=row.context.get("contact_name", ""),
            dtstamp=row.created_at,
        )
