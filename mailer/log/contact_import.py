"""Merge the people read from a contacts file into one user's contacts, never twice.

A person is matched by any of their addresses, else (when the row has none, like most of
LinkedIn's) by name; a row with an address also completes a contact that so far had only that
name. Matching only ever fills what is empty (name, company, position, and note lines not yet
there): what the user typed or the assistant learnt is never overwritten, and importing the same
file again changes nothing.

Built for files of tens of thousands of rows: the user's contacts are read with one query,
matched in memory, then written with one bulk INSERT and one bulk UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import String, bindparam, insert, select, update
from sqlalchemy.orm import Session

from mailer.config import normalise_address
from mailer.models import Contact
from mailer.parsing.contact_files import read_contact_file
from mailer.parsing.contact_rows import ContactRecord, RowError, name_key

Progress = Callable[[str, int, int], None]
"""Called with (stage, rows done, rows in all), so a caller can draw a progress bar."""

PROGRESS_EVERY = 200


def _length(column: str) -> int | None:
    """The declared length of one of the contacts' string columns (None: unbounded)."""
    kind = Contact.__table__.c[column].type
    if not isinstance(kind, String):
        raise TypeError(f"contacts.{column} is {kind!r}, not a string column")
    return kind.length


_LIMITS = {column: _length(column) for column in ("name", "company", "position")}


@dataclass
class ImportReport:
    """What an import did: counts, and each row skipped with its line and reason."""

    format: str = ""
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "added": self.added,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "errors": [{"line": e.line, "reason": e.reason} for e in self.skipped],
        }


PROFILE = "Profile: "


@dataclass
class _Known:
    """A contact as the import sees it: a row already stored (``id``) or one to insert."""

    id: int | None
    email: str | None
    name: str
    company: str
    position: str
    notes: str
    changed: bool = False

    @property
    def links(self) -> set[str]:
        """The profile URLs earlier imports noted: two people with one name differ by these."""
        return {
            line[len(PROFILE) :].strip()
            for line in self.notes.splitlines()
            if line.startswith(PROFILE)
        }


class _Index:
    """The user's contacts by address, profile link and name, with those this import adds."""

    def __init__(self, stored: Iterable[_Known]) -> None:
        self.stored = list(stored)
        self.new: list[_Known] = []
        self.by_email: dict[str, _Known] = {}
        self.by_link: dict[str, _Known] = {}
        self.by_name: dict[str, list[_Known]] = {}
        for contact in self.stored:
            self._remember(contact)

    def _remember(self, contact: _Known) -> None:
        if contact.email:
            self.by_email[contact.email] = contact
        for link in contact.links:
            self.by_link.setdefault(link, contact)
        if contact.name:
            self.by_name.setdefault(name_key(contact.name), []).append(contact)

    def add(self, contact: _Known) -> None:
        self.new.append(contact)
        self._remember(contact)

    def namesakes(self, record: ContactRecord) -> list[_Known]:
        """Contacts with the record's name, less those a different profile link rules out."""
        found = self.by_name.get(name_key(record.name), []) if record.name else []
        wanted = set(record.links)
        return [c for c in found if not wanted or not c.links or wanted & c.links]

    def give_email(self, contact: _Known, email: str) -> None:
        contact.email = email
        self.by_email[email] = contact

    def give_name(self, contact: _Known, name: str) -> None:
        contact.name = name
        self.by_name.setdefault(name_key(name), []).append(contact)

    def give_link(self, contact: _Known, link: str) -> None:
        self.by_link.setdefault(link, contact)


def _clip(column: str, value: str) -> str:
    limit = _LIMITS[column]
    return value if limit is None or len(value) <= limit else value[: limit - 1] + "…"


def _note_blocks(record: ContactRecord, email: str | None) -> list[str]:
    """What a row adds to a contact's notes: its own note, other addresses, profile links."""
    blocks = [record.notes] if record.notes else []
    others = [e for e in record.emails if e != email]
    if others:
        blocks.append("Other addresses: " + ", ".join(others))
    blocks += [f"{PROFILE}{link}" for link in record.links]
    return blocks


def _fill(index: _Index, contact: _Known, record: ContactRecord) -> bool:
    """Fill the contact's empty fields from the record; True if anything changed."""
    changed = False
    if record.name and not contact.name:
        index.give_name(contact, _clip("name", record.name))
        changed = True
    for column in ("company", "position"):
        value = getattr(record, column)
        if value and not getattr(contact, column):
            setattr(contact, column, _clip(column, value))
            changed = True
    for block in _note_blocks(record, contact.email):
        if block not in contact.notes:
            contact.notes = f"{contact.notes}\n{block}" if contact.notes else block
            changed = True
    for link in record.links:
        index.give_link(contact, link)
    return changed


def _match(index: _Index, record: ContactRecord, emails: list[str]) -> _Known | str | None:
    """The contact this record is, None for a new one, or why it cannot be told (a str)."""
    for email in emails:
        if email in index.by_email:
            return index.by_email[email]
    for link in record.links:
        if link in index.by_link:  # the same profile: the same person, whatever the address
            return index.by_link[link]
    namesakes = index.namesakes(record)
    if emails:  # complete a contact known so far only by this name (e.g. from LinkedIn)
        return next((c for c in namesakes if c.email is None), None)
    if len(namesakes) > 1:
        return (
            f"{len(namesakes)} contacts are named {record.name!r}; add an email address to "
            "this row to say which one it is"
        )
    return namesakes[0] if namesakes else None


def merge_records(
    session: Session,
    user_id: int,
    records: Sequence[ContactRecord],
    *,
    now: datetime,
    own_addresses: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Add or complete the user's contacts from ``records``; the caller commits."""
    report = ImportReport()
    own = {normalise_address(a) for a in own_addresses}
    columns = (Contact.id, Contact.email, Contact.name, Contact.company, Contact.position)
    rows = session.execute(select(*columns, Contact.notes).where(Contact.user_id == user_id))
    index = _Index(_Known(*row) for row in rows)
    for done, record in enumerate(records, start=1):
        _merge_one(index, record, own, report)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(records)):
            progress("Merging contacts", done, len(records))
    _write(session, user_id, index, now)
    return report


def import_contact_file(
    session: Session,
    user_id: int,
    data: bytes,
    *,
    now: datetime,
    format: str | None = None,
    own_addresses: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Read ``data`` (see :func:`read_contact_file`) and merge it; bad rows are in ``skipped``.

    Raises :class:`ContactFileError` when the file as a whole is not one of the formats.
    """
    reading = None if progress is None else partial(progress, "Reading vCards")
    read = read_contact_file(data, format, reading)
    report = merge_records(
        session, user_id, read.records, now=now, own_addresses=own_addresses, progress=progress
    )
    report.format = read.format
    report.skipped = sorted([*read.errors, *report.skipped], key=lambda e: e.line)
    return report


def _merge_one(index: _Index, record: ContactRecord, own: set[str], report: ImportReport) -> None:
    emails = [normalise_address(e) for e in record.emails]
    if emails and emails[0] in own:
        report.skipped.append(RowError(record.line, f"{emails[0]} is you, not a contact"))
        return
    found = _match(index, record, emails)
    if isinstance(found, str):
        report.skipped.append(RowError(record.line, found))
        return
    if found is None:
        email = emails[0] if emails else None
        notes = "\n".join(_note_blocks(record, email))
        name, company, position = (
            _clip(c, getattr(record, c)) for c in ("name", "company", "position")
        )
        index.add(_Known(None, email, name, company, position, notes))
        report.added += 1
        return
    changed = False
    if found.email is None and emails:
        index.give_email(found, emails[0])
        changed = True
    changed = _fill(index, found, record) or changed
    if changed:
        found.changed = True
        report.merged += 1
    else:
        report.unchanged += 1


def _write(session: Session, user_id: int, index: _Index, now: datetime) -> None:
    """One executemany INSERT and one UPDATE, through Core: the ORM's bulk INSERT leaves out
    None values, which splits rows with and without an address into one statement each."""
    table = Contact.__table__
    fields = ("email", "name", "company", "position", "notes")
    if index.new:
        session.execute(
            insert(table),
            [
                {"user_id": user_id, "opted_out": False, "created_at": now, "updated_at": now}
                | {f: getattr(c, f) for f in fields}
                for c in index.new
            ],
        )
    changed = [c for c in index.stored if c.changed]
    if changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("contact_id"))
            .values({f: bindparam(f) for f in (*fields, "updated_at")}),
            [
                {"contact_id": c.id, "updated_at": now} | {f: getattr(c, f) for f in fields}
                for c in changed
            ],
        )
