"""Facts about a claimed batch of outbox rows, read once for all of them.

At most three queries whatever the batch's size: whose rows they are, which recipients opted
out, and (once per user and run) how much each user sent in the last hour (answers to the
user's own messages do not count: :mod:`mailer.outbound.at_once`). Users, sending
windows and caps come from the config.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.models import Contact, OutboxMessage, User
from mailer.outbound.at_once import answers
from mailer.outbound.messages import envelope_recipients
from mailer.planning.windows import SendingWindow


@dataclass
class Batch:
    users: dict[int, UserConfig | None]
    windows: dict[int, SendingWindow]
    opted_out_addresses: set[tuple[int, str]]
    opted_out_contacts: set[int]
    sent_last_hour: dict[int, int]

    def opted_out(self, row: OutboxMessage) -> bool:
        """Has the recipient opted out (or, for one email to several, any of them)?"""
        addresses = envelope_recipients(row.template, row.recipient, row.context)
        return any((row.user_id, a.lower()) in self.opted_out_addresses for a in addresses) or (
            row.contact_id in self.opted_out_contacts
        )

    def reserve(self, row: OutboxMessage) -> bool:
        """Count ``row`` against its user's hourly cap before sending it; False when full.

        Counted before the send, not after, so concurrent sends cannot overshoot the cap.
        """
        sent = self.sent_last_hour.get(row.user_id, 0)
        if sent >= self.windows[row.user_id].max_per_hour:
            return False
        self.sent_last_hour[row.user_id] = sent + 1
        return True

    def release(self, row: OutboxMessage, answer: bool = False) -> None:
        """The reserved send did not happen (an answer reserved nothing)."""
        if not answer:
            self.sent_last_hour[row.user_id] -= 1


def batch_facts(
    session: Session,
    config: Config,
    rows: list[OutboxMessage],
    now: datetime,
    sent_last_hour: dict[int, int],
) -> Batch:
    """The facts for ``rows``. ``sent_last_hour`` is the run's running count per user: it is
    read from the database once per user and run (counting a user's sent rows reads all of
    them), and kept up to date by the sends themselves."""
    user_ids = {r.user_id for r in rows}
    emails = dict(session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
    opted_out = session.execute(
        select(Contact.user_id, Contact.email, Contact.id).where(
            Contact.opted_out.is_(True),
            Contact.user_id.in_(user_ids),
            or_(
                Contact.email.in_(
                    {
                        address.lower()
                        for r in rows
                        for address in envelope_recipients(r.template, r.recipient, r.context)
                    }
                ),
                Contact.id.in_({r.contact_id for r in rows if r.contact_id}),
            ),
        )
    ).all()
    uncounted = user_ids - sent_last_hour.keys()
    sent_last_hour.update(dict.fromkeys(uncounted, 0))
    sent_last_hour.update(
        session.execute(
            select(OutboxMessage.user_id, func.count(OutboxMessage.id))
            .where(
                OutboxMessage.user_id.in_(uncounted),
                OutboxMessage.status == "sent",
                OutboxMessage.sent_at > now - timedelta(hours=1),
                ~answers(),  # answers to the user's own messages use none of the cap
            )
            .group_by(OutboxMessage.user_id)
        ).all()
    )
    users = {user_id: config.user_for(email) for user_id, email in emails.items()}
    return Batch(
        users=users,
        windows={
            user_id: SendingWindow.for_user(config.outbound, user)
            for user_id, user in users.items()
            if user is not None
        },
        opted_out_addresses={(u, e) for u, e, _ in opted_out if e is not None},
        opted_out_contacts={c for _, _, c in opted_out},
        sent_last_hour=sent_last_hour,
    )
