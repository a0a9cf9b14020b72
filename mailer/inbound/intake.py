"""Receiving one message, whatever brought it: SMTP, ``mailer ingest`` or a pipe.

The same checks (is the sender a user?) and the same durable store apply on every path, so a
saved message fed to ``mailer ingest`` is treated exactly as if it had arrived over SMTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from mailer.config import Config
from mailer.inbound import replies
from mailer.inbound.access import SenderRejected, header_address, identify_user
from mailer.inbound.store import InboundStore, StorageUnavailable


@dataclass(frozen=True)
class Receipt:
    """The answer to one delivery: the SMTP reply and, when stored, the inbound row's id."""

    reply: str
    inbound_id: int | None = None
    reason: str = ""

    @property
    def stored(self) -> bool:
        return self.inbound_id is not None


class Intake:
    """Decides whether a message may be stored, and stores it durably."""

    def __init__(self, config: Config, store: InboundStore, user_ids: dict[str, int]) -> None:
        self.config = config
        self.store = store
        self.user_ids = user_ids

    def receive(self, data: bytes, *, envelope_from: str, envelope_to: Sequence[str]) -> Receipt:
        """Store ``data`` for its user, or record why it was refused; never raises for input."""
        headers = BytesHeaderParser(policy=compat32).parsebytes(data[:65536])
        message_id = str(headers.get("Message-ID") or "").strip()[:998] or None
        subject = str(headers.get("Subject") or "")
        try:
            user = identify_user(self.config, envelope_from, header_address(headers.get("From")))
        except SenderRejected as rejected:
            self.store.record_rejection(
                envelope_from=envelope_from,
                envelope_to=envelope_to,
                reason=str(rejected),
                message_id=message_id,
                subject=subject,
                size=len(data),
            )
            return Receipt(rejected.reply, reason=str(rejected))
        try:
            inbound_id = self.store.accept(
                data,
                envelope_from=envelope_from,
                envelope_to=envelope_to,
                user_id=self.user_ids[user.addresses[0]],
                message_id=message_id,
                subject=subject,
            )
        except StorageUnavailable as exc:
            return Receipt(replies.STORAGE_UNAVAILABLE, reason=str(exc))
        return Receipt(replies.ACCEPTED_FOR_DELIVERY, inbound_id)
