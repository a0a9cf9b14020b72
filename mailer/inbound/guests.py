"""Guest access: a contact may write to the token address issued to them, and to nothing else.

The token binds purpose, person and outbox row; the row says whose contact this is. Both sender
addresses that are present must be the person the token names, as for users.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from mailer.config import normalise_address
from mailer.inbound.intake import GuestAccess
from mailer.models import OutboxMessage
from mailer.outbound.addresses import OutboundAddresses

GUEST_PURPOSES = frozenset({"reply", "unsubscribe"})


def token_guests(addresses: OutboundAddresses, factory: sessionmaker[Session]) -> GuestAccess:
    def resolve(
        envelope_from: str, header_from: str, recipients: Sequence[str], thread: Sequence[str]
    ) -> int | None:
        senders = {normalise_address(a) for a in (envelope_from, header_from) if a}
        if len(senders) != 1:
            return None
        (sender,) = senders
        for recipient in recipients:
            parsed = addresses.claims(recipient, sender)
            if parsed is None or parsed[0] not in GUEST_PURPOSES:
                continue
            claims = parsed[1]
            with factory() as session:
                row = session.get(OutboxMessage, claims.row_id)
                if row is not None and normalise_address(row.recipient) == sender:
                    return row.user_id
        return None

    return resolve
