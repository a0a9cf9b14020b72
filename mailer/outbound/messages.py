"""Turn an outbox row into the email that is sent: rendered, addressed, threaded, signed.

Messages to the user come from the assistant; messages to a contact come in the user's name from
a reply address of ours, with Reply-To the user and that address (so a plain answer reaches the
user and tells us the contact answered) and List-Unsubscribe on every one. A user with their own
relay (``[users.relay]``) sends to contacts from their own address instead, through that relay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mailer.config import Config, UserConfig
from mailer.models import OutboxMessage
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.compose import compose
from mailer.outbound.dkim_signing import DkimSigner
from mailer.outbound.imip import build_event_calendar
from mailer.outbound.replies import CONFIRMATIONS
from mailer.outbound.templating import Templates
from mailer.photos.attachments import inline_images
from mailer.photos.store import PhotoStore

TO_CONTACT = frozenset(
    {
        "thank_you_note",
        "challenge_invitation",
        "challenge_cancel",
        "challenge_update",
        "challenge_decline_counter",
        "intro_ask",
        "intro_joint",
    }
)
"""Templates whose recipient is a contact rather than the user."""

CALENDAR_WORDS = "_calendar_words.txt"
DRAFTS = frozenset(
    {
        "thank_you",
        "intro_ask_draft",
        "intro_joint_draft",
        "intro_question",
        "intro_answer",
        "intro_no_answer",
        "intro_met_check",
        "intro_owed",
    }
)
"""Templates the user answers by replying to a signed approve address (drafts, and the
questions of an introduction)."""
DRAFT_WORDS = {
    "thank_you": "_thank_you_words",
    "intro_ask_draft": "_intro_ask_words",
    "intro_joint_draft": "_intro_joint_words",
}
"""Drafts that quote the message they are a draft of: its words, in the recipient's language."""


def copies(context: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The other people a message to a contact is To and Cc (``also_to``, ``cc``): an
    introduction is one email to two people."""

    def people(field: str) -> list[tuple[str, str]]:
        return [(p.get("name") or "", p["email"]) for p in context.get(field) or []]

    return people("also_to"), people("cc")


def envelope_recipients(template: str, recipient: str, context: dict[str, Any]) -> list[str]:
    """Everyone a row's message goes to: its recipient and, for mail to contacts, those it is
    also To and Cc (a draft for the user names them too, and goes to the user alone)."""
    if template not in TO_CONTACT:
        return [recipient]
    also_to, cc = copies(context)
    return [recipient, *(address for _, address in [*also_to, *cc])]


@dataclass(frozen=True)
class RowToBuild:
    """What building reads of an outbox row, as plain data a worker process can receive."""

    id: int
    template: str
    recipient: str
    context: dict[str, Any]
    message_id: str
    scheduled_at: datetime
    created_at: datetime

    @classmethod
    def from_model(cls, row: OutboxMessage) -> RowToBuild:
        return cls(
            row.id,
            row.template,
            row.recipient,
            dict(row.context),
            row.message_id,
            row.scheduled_at,
            row.created_at,
        )


class MessageBuilder:
    def __init__(
        self,
        config: Config,
        addresses: OutboundAddresses,
        templates: Templates,
        *,
        sign: Callable[[bytes], bytes] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.addresses = addresses
        self.templates = templates
        self.sign = sign
        self.clock = clock

    @classmethod
    def from_config(cls, config: Config) -> MessageBuilder:
        """The builder for ``config``: its templates (and overrides), addresses and DKIM key."""
        outbound = config.outbound
        overrides = config.resolve(outbound.templates) if outbound.templates else None
        sign = (
            DkimSigner(outbound.dkim_selector, config.resolve(outbound.dkim_key_file))
            if outbound.dkim_selector and outbound.dkim_key_file
            else None
        )
        return cls(config, OutboundAddresses.from_config(config), Templates(overrides), sign=sign)

    def __call__(self, row: RowToBuild, user: UserConfig) -> bytes:
        """The row's message as signed wire bytes: to a contact in the contact's language, to
        the user in the user's (a thank-you draft quotes the note in the contact's)."""
        contact_language = row.context.get("contact_language") or user.language
        language = contact_language if row.template in TO_CONTACT else user.language
        context = {
            **row.context,
            "user_name": user.name or user.email,
            "user_first_name": (user.name or user.email).split()[0],
            "user_email": user.email,
            "assistant_address": self.addresses.assistant,
            "domain": self.config.inbound.domain,
            "zone": user.timezone,
            "sent_on": row.scheduled_at.astimezone(user.zone).date().isoformat(),
            "note_language": contact_language,
        }
        if row.template in DRAFT_WORDS:
            for part in ("txt", "html"):
                context[f"note_{part}"] = self.templates.render_file(
                    f"{DRAFT_WORDS[row.template]}.{part}", context, contact_language
                )
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
            # One email to two people (an introduction) has no List-Unsubscribe: one link
            # cannot say which of them clicked; both their opt-outs still stop it at dispatch.
            # Their answers go to the user alone, as a person's own introduction would.
            also_to, cc = copies(row.context)
            alone = not (also_to or cc)
            message = compose(
                self.templates.render(row.template, context, language),
                from_name=user.name or user.email,
                from_address=user.email if user.relay else reply,
                to=[(row.context.get("contact_name", ""), row.recipient), *also_to],
                cc=cc,
                reply_to=[(user.name, user.email), ("", reply)]
                if alone
                else [(user.name, user.email)],
                list_unsubscribe_mailto=unsubscribe if alone else None,
                list_unsubscribe_url=f"{base}/unsubscribe/{unsubscribe.split('@')[0]}"
                if base and alone
                else None,
                calendar=self._calendar(row, user, self._organizer(row), context, language),
                calendar_method=row.context.get("method", "REQUEST"),
                auto_submitted=None,
                **common,
            )
        else:
            reply_to = self.addresses.assistant
            if row.template in DRAFTS:
                reply_to = self.addresses.token("approve", user.email, row.id)
            context["reply_address"] = reply_to
            if row.template in CONFIRMATIONS:
                can_undo = bool(row.context.get("undo"))
                undo = self.addresses.token("undo", user.email, row.id) if can_undo else ""
                context["undo_address"] = undo
            message = compose(
                self.templates.render(row.template, context, language),
                from_name=self.config.outbound.from_name,
                from_address=self.addresses.assistant,
                to=[(user.name, row.recipient)],
                reply_to=[("", reply_to)],
                images=inline_images(row.context, PhotoStore(self.config.photos_dir)),
                **common,
            )
        if row.template in TO_CONTACT and user.relay:
            return message  # it leaves through the user's own relay, which signs it
        return self.sign(message) if self.sign else message

    def _organizer(self, row: RowToBuild) -> str:
        """The ORGANIZER address: the reply address of the first invitation for this meeting,
        so that its updates and its cancellation come from the same organizer (calendars
        ignore a CANCEL from another one) and every answer lands on that invitation."""
        first = row.context.get("organizer_row_id") or row.id
        return self.addresses.token("reply", row.recipient, first)

    def _calendar(
        self,
        row: RowToBuild,
        user: UserConfig,
        organizer: str,
        context: dict[str, Any],
        language: str,
    ) -> bytes | None:
        """The iMIP part of an invitation with a proposed time (REQUEST, CANCEL, DECLINECOUNTER),
        its title and notes in the contact's language (templates/_calendar_words.txt)."""
        if not row.context.get("uid"):
            return None
        words = self.templates.phrases(CALENDAR_WORDS, context, language)
        return build_event_calendar(
            method=row.context.get("method", "REQUEST"),
            uid=row.context["uid"],
            sequence=row.context.get("sequence", 0),
            start=datetime.fromisoformat(row.context["start"]),
            end=datetime.fromisoformat(row.context["end"]),
            summary=words.summary(),
            description=words.description(),
            location=row.context.get("location", ""),
            organizer_email=organizer,
            organizer_name=user.name or user.email,
            attendee_email=row.recipient,
            attendee_name=row.context.get("contact_name", ""),
            dtstamp=row.created_at,
            zone=user.zone,
            comment=row.context.get("calendar_comment") or words.comment(),
        )
