"""Contacts: find or create people by normalised address, within one user's log.

A recap may name someone without an address ("Coffee with Georg"): they become a contact with
no address yet, found again by name, and given the address when it turns up later (in a recap,
an invitation, a contact file), so that "Georg" and "Georg Weber <georg@x.de>" are one person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mailer.config import normalise_address
from mailer.models import Contact
from mailer.parsing.types import Person


class ContactError(ValueError):
    """A contact cannot be created as asked; the message says what to give instead."""


def upsert_contact(
    session: Session,
    user_id: int,
    person: Person,
    *,
    company: str | None = None,
    seen_at: datetime | None = None,
    language: str | None = None,
) -> Contact:
    """The user's contact for ``person``, created if new; a name is filled in, never erased,
    and so are ``company`` and ``language`` (what mail to them is written in)."""
    email = normalise_address(person.email)
    if "@" not in email:
        raise ContactError(
            f"{person.email!r} is not an email address; give one like anna@example.com"
        )
    contact = _known(session, user_id, email, person.name)
    if contact is None:
        contact = Contact(user_id=user_id, email=email, name=(person.name or "").strip())
        session.add(contact)
        _fill(contact, company, seen_at, language)
        session.flush()  # one INSERT with all of it, not an INSERT and an UPDATE
        return contact
    if contact.email is None:  # the address of someone known so far by name only
        contact.email = email
        if len(_name_words(person.name)) > len(_name_words(contact.name)):
            contact.name = (person.name or "").strip()
    elif person.name and not contact.name:
        contact.name = person.name.strip()
    _fill(contact, company, seen_at, language)
    return contact


def _known(session: Session, user_id: int, email: str, name: str | None) -> Contact | None:
    """The contact with this address, else the one known by this name with no address yet:
    one query for both."""
    wanted = Contact.email == email
    if _name_words(name):
        wanted = or_(wanted, Contact.email.is_(None))
    found = session.scalars(select(Contact).where(Contact.user_id == user_id, wanted)).all()
    by_address = next((c for c in found if c.email == email), None)
    if by_address is not None or not name:
        return by_address
    return _one_named([c for c in found if c.email is None], name)


def _fill(
    contact: Contact, company: str | None, seen_at: datetime | None, language: str | None
) -> None:
    if company and not contact.company:
        contact.company = company
    if language and contact.language is None:
        contact.language = language
    if seen_at and (contact.last_interaction_at is None or seen_at > contact.last_interaction_at):
        contact.last_interaction_at = seen_at


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


def _name_words(name: str | None) -> list[str]:
    """A name's words without case or accents: "Núria Soler" is ["nuria", "soler"]."""
    decomposed = unicodedata.normalize("NFKD", (name or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", plain)


def _only(candidates: Sequence[Contact]) -> Contact | None:
    return candidates[0] if len(candidates) == 1 else None


def _named_without_address(session: Session, user_id: int, name: str) -> Contact | None:
    """The one contact with no address whose name is ``name`` or its first name
    ("Georg" for "Georg Weber"); None when there is none, or more than one."""
    if not _name_words(name):
        return None
    nameless = session.scalars(
        select(Contact).where(Contact.user_id == user_id, Contact.email.is_(None))
    ).all()
    return _one_named(nameless, name)


def _one_named(nameless: Sequence[Contact], name: str) -> Contact | None:
    """Of contacts with no address, the one named ``name`` (or with its first name)."""
    words = _name_words(name)
    if not words:
        return None
    same = [c for c in nameless if _name_words(c.name) == words]
    return _only(same) or _only([c for c in nameless if _name_words(c.name) == words[:1]])


def contact_for_name(
    session: Session, user_id: int, name: str, *, seen_at: datetime | None = None
) -> Contact:
    """The contact a name without an address stands for: the one contact of that name
    (the same full name, else the only one with that first name), else a new contact with
    no address yet. A name two contacts share is not guessed: it gets a contact of its own.
    """
    words = _name_words(name)
    everyone = session.scalars(
        select(Contact).where(Contact.user_id == user_id, Contact.name != "")
    ).all()
    contact = (
        _named_without_address(session, user_id, name)
        or _only([c for c in everyone if _name_words(c.name) == words])
        or (
            _only([c for c in everyone if _name_words(c.name)[:1] == words])
            if len(words) == 1
            else None
        )
    )
    if contact is None:
        contact = Contact(user_id=user_id, email=None, name=name.strip())
        session.add(contact)
        session.flush()
    if seen_at and (contact.last_interaction_at is None or seen_at > contact.last_interaction_at):
        contact.last_interaction_at = seen_at
    return contact


def contacts_for_names(
    session: Session, user_id: int, names: Iterable[str], *, seen_at: datetime | None = None
) -> list[Contact]:
    """:func:`contact_for_name` for each name, each contact once."""
    found: list[Contact] = []
    for name in names:
        contact = contact_for_name(session, user_id, name, seen_at=seen_at)
        if contact not in found:
            found.append(contact)
    return found
