"""Contacts: find or create people by normalised address, within one user's log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.config import normalise_address
from mailer.models import Contact
from mailer.parsing.types import Person


class ContactError(ValueError):
    """A contact cannot be created as asked; the message says what to give instead."""


def find_contact(session: Session, user_id: int, email: str) -> Contact | None:
    return session.scalars(
        select(Contact).where(Contact.user_id == user_id, Contact.email == normalise_address(email))
    ).first()


def upsert_contact(
    session: Session,
    user_id: int,
    person: Person,
    *,
    company: str | None = None,
    seen_at: datetime | None = None,
) -> Contact:
    """The user's contact for ``person``, created if new; a name is filled in, never erased."""
    email = normalise_address(person.email)
    if "@" not in email:
        raise ContactError(
            f"{person.email!r} is not an email address; give one like anna@example.com"
        )
    contact = find_contact(session, user_id, email)
    if contact is None:
        contact = Contact(user_id=user_id, email=email, name=(person.name or "").strip())
        session.add(contact)
        session.flush()
    elif person.name and not contact.name:
        contact.name = person.name.strip()
    if company and not contact.company:
        contact.company = company
    if seen_at and (contact.last_interaction_at is None or seen_at > contact.last_interaction_at):
        contact.last_interaction_at = seen_at
    return contact


def people_except(
    people: Iterable[Person], excluded: set[str], excluded_domain: str
) -> list[Person]:
    """``people`` without the user's own addresses and the assistant's, each address once."""
    kept: dict[str, Person] = {}
    for person in people:
        email = normalise_address(person.email)
        if not email or email in excluded or email.rpartition("@")[2] == excluded_domain:
            continue
        if email not in kept or (person.name and not kept[email].name):
            kept[email] = Person(email=email, name=person.name)
    return list(kept.values())
