"""What one inbound message changed in the log, so that "undo" can take it back.

While a handler files a message, the session's flushes are watched: rows of the log's own
tables created, changed (each column's value before and after) and deleted, and the outbox rows
it queued. The journal travels in the confirmation the user receives; undoing it
(:func:`undo`) walks it backwards, and only reverts what later messages have not changed since,
so an undo never clobbers newer work. A contact it created is kept if something else now
refers to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert, Table, delete, event, exists, insert, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from mailer.log import first_met
from mailer.models import (
    ActionItem,
    Attendee,
    Base,
    Contact,
    Introduction,
    Meeting,
    OutboxMessage,
    Photo,
)
from mailer.said import Said

JOURNALED = (Photo, Introduction, ActionItem, Attendee, Meeting, Contact)
"""The log's tables whose rows a message may create, change or delete (a photo's files follow
its row: :mod:`mailer.photos.cleanup`)."""

Entry = dict[str, Any]


def _encode(value: Any) -> Any:
    """A column value as JSON (the journal is stored in an outbox row's context)."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def _columns(instance: Base) -> dict[str, Any]:
    mapper = inspect(instance).mapper
    return {c.key: _encode(getattr(instance, c.key)) for c in mapper.column_attrs}


def _changes(instance: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    """Columns changed since the last flush: (values before, values after)."""
    state = inspect(instance)
    before, after = {}, {}
    for column in state.mapper.column_attrs:
        history = state.attrs[column.key].history
        if history.has_changes() and history.deleted:
            before[column.key] = _encode(history.deleted[0])
            after[column.key] = _encode(history.added[0] if history.added else None)
    return before, after


@contextmanager
def journal(session: Session) -> Iterator[list[Entry]]:
    """Record what ``session`` changes in the log inside the ``with`` block."""
    entries: list[Entry] = []
    pending: list[Entry] = []

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        for instance in session.dirty:
            if isinstance(instance, JOURNALED) and session.is_modified(instance):
                old, new = _changes(instance)
                if old:
                    table = instance.__tablename__
                    pending.append({"op": "update", "table": table, "id": instance.id,
                                    "old": old, "new": new})  # fmt: skip
        for instance in session.deleted:
            if isinstance(instance, JOURNALED):
                row = _columns(instance)
                pending.append({"op": "delete", "table": instance.__tablename__, "row": row})

    def after_flush(session: Session, _context: Any) -> None:
        entries.extend(pending)
        pending.clear()
        for instance in session.new:
            if isinstance(instance, JOURNALED):
                entries.append({"op": "insert", "table": instance.__tablename__, "id": instance.id})

    def queued(state: ORMExecuteState) -> None:
        statement = state.statement
        description = getattr(statement, "entity_description", None) or {}
        if isinstance(statement, Insert) and description.get("table") is OutboxMessage.__table__:
            key = state.execution_options.get("idempotency_key")
            if key:
                entries.append({"op": "queue", "key": key})

    hooks = (("before_flush", before_flush), ("after_flush", after_flush),
             ("do_orm_execute", queued))  # fmt: skip
    for name, hook in hooks:
        event.listen(session, name, hook)
    try:
        yield entries
        session.flush()  # what the block left pending is its work too
    finally:
        for name, hook in hooks:
            event.remove(session, name, hook)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def undo(session: Session, entries: list[Entry]) -> list[str]:
    """Reverse ``entries``; returns what could not be taken back, and why.

    In dependency order rather than the order of the flushes (whose new rows come unordered):
    cancel what was queued, remove the rows it created (a meeting takes its attendees and
    items with it), restore changed columns newest first, put back deleted rows, and last
    remove the contacts it created that nothing else refers to any more. These are Core
    statements, so the first done meeting of everyone concerned is recomputed at the end.
    """
    kept: list[str] = []
    attending = _attending(session, entries)  # whose first done meeting may move
    for entry in entries:
        if entry["op"] == "queue":
            _unqueue(session, entry["key"], kept)
    created = [e for e in entries if e["op"] == "insert"]
    for entry in created:
        if entry["table"] != Contact.__tablename__:
            table = _table(entry["table"])
            session.execute(delete(table).where(table.c.id == entry["id"]))
    for entry in reversed(entries):
        if entry["op"] == "update":
            _restore(session, _table(entry["table"]), entry)
    deleted = [e for e in entries if e["op"] == "delete"]
    for model in JOURNALED[::-1]:  # contacts, then meetings, attendees, items, photos
        for entry in deleted:
            if entry["table"] == model.__tablename__:
                row = {key: _decode(value) for key, value in entry["row"].items()}
                if session.get(model, row["id"]) is None:
                    session.execute(insert(model.__table__).values(**row))
    for entry in created:
        if entry["table"] == Contact.__tablename__:
            _remove_contact(session, entry["id"], kept)
    first_met.refresh(session.connection(), attending | _attending(session, entries))
    session.expire_all()
    return kept


def _attending(session: Session, entries: list[Entry]) -> set[int]:
    """The contacts of the attendances and meetings in ``entries``, as the log has them now."""
    ids: dict[str, set[int]] = {Meeting.__tablename__: set(), Attendee.__tablename__: set()}
    for entry in entries:
        if entry.get("table") in ids:
            ids[entry["table"]].add(entry["row"]["id"] if entry["op"] == "delete" else entry["id"])
    if not any(ids.values()):
        return set()
    return set(
        session.scalars(
            select(Attendee.contact_id).where(
                Attendee.meeting_id.in_(ids[Meeting.__tablename__])
                | Attendee.id.in_(ids[Attendee.__tablename__])
            )
        )
    )


def _unqueue(session: Session, key: str, kept: list[str]) -> None:
    outbox = OutboxMessage.__table__
    row = session.execute(
        select(outbox.c.status, outbox.c.recipient).where(outbox.c.idempotency_key == key)
    ).first()
    if row is None:
        return
    if row.status == "queued":
        session.execute(
            update(outbox)
            .where(outbox.c.idempotency_key == key)
            .values(status="cancelled", last_error="undone by the user")
        )
    elif row.status == "sent":
        kept.append(Said("the message to %(address)s was already sent", address=row.recipient))


def _remove_contact(session: Session, contact_id: int, kept: list[str]) -> None:
    if _still_used(session, contact_id):
        contact = session.get(Contact, contact_id)
        kept.append(
            Said(
                "the contact %(address)s (now in other entries)",
                address=contact.email if contact else contact_id,
            )
        )
        return
    session.execute(delete(Contact.__table__).where(Contact.__table__.c.id == contact_id))


def _still_used(session: Session, contact_id: int) -> bool:
    """Does anything outside what is being undone refer to the contact?"""
    attendee = exists().where(Attendee.contact_id == contact_id)
    item = exists().where(ActionItem.contact_id == contact_id)
    return bool(session.scalar(select(attendee | item)))


def _restore(session: Session, table: Table, entry: Entry) -> None:
    """Put back the old values of the columns that still hold what the message wrote."""
    current = session.execute(select(table).where(table.c.id == entry["id"])).mappings().first()
    if current is None:
        return
    back = {
        column: _decode(old)
        for column, old in entry["old"].items()
        if _encode(current[column]) == entry["new"].get(column)
    }
    if back:
        session.execute(update(table).where(table.c.id == entry["id"]).values(**back))
