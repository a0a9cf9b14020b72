"""Write a small, exact history for one user with Core inserts, for the digest's tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from mailer.api import Mailer
from mailer.log import first_met
from mailer.models import ActionItem, Attendee, Contact, Meeting, OutboxMessage
from mailer.parsing.meeting_kinds import kind_in


class History:
    """One user's log, written row by row as the test says; every row carries the user's id."""

    def __init__(self, mailer: Mailer, user: str) -> None:
        self.mailer = mailer
        self.config, self.user_id = mailer.user(user)

    def _insert(self, table: Any, **values: Any) -> int:
        with self.mailer.engine.begin() as connection:
            return int(connection.scalar(insert(table).values(**values).returning(table.id)))

    def contact(
        self,
        name: str,
        *,
        cadence: int | None = None,
        last: datetime | None = None,
        known_since: datetime | None = None,
        company: str = "",
        opted_out: bool = False,
    ) -> int:
        email = f"{name.lower().replace(' ', '.')}.{self.user_id}@example.com"
        values: dict[str, Any] = {
            "user_id": self.user_id,
            "email": email,
            "name": name,
            "company": company,
            "cadence_days": cadence,
            "last_interaction_at": last,
            "opted_out": opted_out,
        }
        if known_since is not None:
            values["created_at"] = known_since
        return self._insert(Contact, **values)

    def meeting(
        self,
        start: datetime,
        *people: int,
        status: str = "done",
        title: str = "Coffee",
        gave: tuple[str, ...] = (),
        got: tuple[str, ...] = (),
    ) -> int:
        """A meeting with ``people``; a done one restarts their keep-in-touch timer and may be
        their first (Core inserts: the first done meeting is recomputed here, as undo does).
        Its kind is read from the title, as filing an invitation does."""
        meeting_id = self._insert(
            Meeting,
            user_id=self.user_id,
            uid=f"seed-{uuid.uuid4().hex}@example.com",
            recurrence_key="",
            title=title,
            kind=kind_in(title),
            start=start,
            end=start + timedelta(hours=1),
            status=status,
            gave=list(gave),
            got=list(got),
        )
        with self.mailer.engine.begin() as connection:
            for contact_id in people:
                connection.execute(
                    insert(Attendee).values(
                        user_id=self.user_id, meeting_id=meeting_id, contact_id=contact_id
                    )
                )
                if status == "done":
                    connection.execute(
                        update(Contact)
                        .where(
                            Contact.id == contact_id,
                            (Contact.last_interaction_at.is_(None))
                            | (Contact.last_interaction_at < start),
                        )
                        .values(last_interaction_at=start)
                    )
            first_met.refresh(connection, people)
        return meeting_id

    def item(
        self,
        kind: str,
        text: str,
        *,
        contact: int | None = None,
        other: int | None = None,
        due: date | None = None,
        status: str = "open",
    ) -> int:
        return self._insert(
            ActionItem,
            user_id=self.user_id,
            kind=kind,
            text=text,
            contact_id=contact,
            other_contact_id=other,
            due=due,
            status=status,
        )

    def invitation(
        self, contact: int, email: str, sent_at: datetime, *, answered: bool = False
    ) -> int:
        return self._insert(
            OutboxMessage,
            user_id=self.user_id,
            idempotency_key=f"seed-invite:{contact}:{sent_at.isoformat()}",
            recipient=email,
            contact_id=contact,
            template="challenge_invitation",
            context={"contact_name": email, **({"answered": True} if answered else {})},
            scheduled_at=sent_at,
            created_at=sent_at,
            status="sent",
            sent_at=sent_at,
        )

    def email(self, contact_id: int) -> str:
        with self.mailer.sessions() as session:
            contact = session.get(Contact, contact_id)
            assert contact is not None
            return contact.email or ""
