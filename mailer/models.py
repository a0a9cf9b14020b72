"""The meeting log's tables (SQLAlchemy 2.0 typed models).

Every row that belongs to a user carries ``user_id`` and every query filters on it: tenancy is a
column, not a convention. Times are stored as aware UTC (:class:`UTCDateTime`) on SQLite and
PostgreSQL alike. Alembic migrations in ``mailer/migrations`` must agree with these models; a
test compares them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from mailer.clock import system_clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


CLOCK_OPTION = "mailer_clock"
"""The execution option that carries a session factory's clock to its connections
(:func:`mailer.db.session_factory`), where :func:`row_time` reads it."""


def row_time(context: Any) -> datetime:
    """When a row is written, by the clock of the session writing it (see :mod:`mailer.clock`):
    SQLAlchemy passes the execution context, whose options carry the factory's clock."""
    options = getattr(context, "execution_options", None) or {}
    clock = options.get(CLOCK_OPTION, system_clock)
    return clock()


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    __table__: ClassVar[Table]  # every model is a declarative table (SQLAlchemy types a FromClause)
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class User(Base):
    """A person who uses the assistant, mirrored from ``[[users]]`` in the config."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    addresses: Mapped[list[UserAddress]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class UserAddress(Base):
    """Each address that is a user (their main one and the ``also`` ones)."""

    __tablename__ = "user_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320), unique=True)
    user: Mapped[User] = relationship(back_populates="addresses")


class Contact(Base):
    """Someone a user knows, unique per user by normalised address."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("user_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8))
    """``en``, ``es`` or ``ca``: what mail to them is written in (None: the user's language)."""
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None]
    last_interaction_at: Mapped[datetime | None]
    first_met: Mapped[datetime | None]
    """Start of the first done meeting with them: derived from the log, kept by
    :mod:`mailer.log.first_met` (the digest's "new people" never probes years of history)."""
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    updated_at: Mapped[datetime] = mapped_column(default=row_time, onupdate=row_time)


class Meeting(Base):
    """A meetup, or one occurrence of a recurring series.

    ``recurrence_key`` is the occurrence's RECURRENCE-ID in ISO form, or "" for a single event,
    so that (user, uid, occurrence) can be unique on both SQLite and PostgreSQL (NULLs never
    collide in a unique index).
    """

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("user_id", "uid", "recurrence_key"),
        Index("ix_meetings_user_start", "user_id", "start"),
        # The digest's streaks and counts read every done meeting of a user: from this index
        # alone, never the table (twice as fast on SQLite at 100,000 meetings).
        Index("ix_meetings_user_status_start", "user_id", "status", "start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(500))
    recurrence_key: Mapped[str] = mapped_column(String(40), default="")
    recurrence_id: Mapped[datetime | None]
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    dtstamp: Mapped[datetime | None]
    title: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str | None] = mapped_column(String(32))
    """coffee, lunch, breakfast, dinner, drinks, call, video...: how templates speak of it
    ("our breakfast"); None when neither the invitation nor the recap says."""
    start: Mapped[datetime]
    end: Mapped[datetime]
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str | None] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(Text)
    online_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    source: Mapped[str] = mapped_column(String(16), default="calendar")
    notes: Mapped[str] = mapped_column(Text, default="")
    gave: Mapped[list[str]] = mapped_column(default=list)
    got: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    inbound_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_messages.id", ondelete="SET NULL")
    )
    caption: Mapped[str | None] = mapped_column(Text)
    """The user's own words for a post about the meeting (a reply "caption: ..."); None: the
    ready caption the confirmation drafts is the one offered (mailer/photos/)."""
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    updated_at: Mapped[datetime] = mapped_column(default=row_time, onupdate=row_time)
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendee.id"
    )


class Attendee(Base):
    """A contact invited to a meeting, with their answer (RSVP)."""

    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "contact_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    rsvp: Mapped[str] = mapped_column(String(16), default="needs-action")
    is_organizer: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    contact: Mapped[Contact] = relationship()


class ActionItem(Base):
    """Something to do: a follow-up with a contact, a promised task, or an introduction."""

    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_user_status_due", "user_id", "status", "due"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="followup")
    text: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    other_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    done_at: Mapped[datetime | None]
    contact: Mapped[Contact | None] = relationship(foreign_keys=[contact_id])
    meeting: Mapped[Meeting | None] = relationship()


class Photo(Base):
    """A photo kept with a meeting (mailer/photos/): its files under ``[photos] folder``.

    The files are named by the SHA-256 of the image as it arrived, so the same photo sent again
    (for this meeting or another) is stored once; each meeting it belongs to has its own row.
    Deleting the meeting deletes the row (ON DELETE CASCADE), and the files go with the last row
    that names them (:mod:`mailer.photos.cleanup`).
    """

    __tablename__ = "photos"
    __table_args__ = (
        UniqueConstraint("meeting_id", "sha256"),
        Index("ix_photos_user_sha256", "user_id", "sha256"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200), default="")
    """The name it arrived with ("IMG_1234.HEIC")."""
    received_format: Mapped[str] = mapped_column(String(8))
    """jpeg, png, webp or heif: what was sent (a HEIF photo is kept as a JPEG)."""
    original_path: Mapped[str] = mapped_column(String(200))
    """The photo at full size, without its location and serial number, relative to the folder."""
    resized_path: Mapped[str] = mapped_column(String(200))
    """The copy at most 1600 px on its long side (always a JPEG), relative to the folder."""
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    """Of the resized copy, upright (the EXIF orientation applied)."""
    taken_at: Mapped[datetime | None]
    inbound_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=row_time)


class InboundMessage(Base):
    """A message that reached us, with where its raw bytes are and what became of it."""

    __tablename__ = "inbound_messages"
    __table_args__ = (Index("ix_inbound_messages_status", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    envelope_from: Mapped[str] = mapped_column(String(320), default="")
    envelope_to: Mapped[list[str]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    raw_path: Mapped[str | None] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="received")
    error: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(default=row_time)
    processed_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """An email we mean to send; the idempotency key makes planning it twice enqueue it once."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_scheduled", "status", "scheduled_at"),
        # Queued reminders, read for every inbound message (a reply may cancel one): without
        # it each message scanned all of its user's outbox, which only grows.
        Index("ix_outbox_messages_template_status_user", "template", "status", "user_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    template: Mapped[str] = mapped_column(String(100))
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    scheduled_at: Mapped[datetime] = mapped_column(default=row_time)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(998), default="")
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=row_time)


class Heartbeat(Base):
    """When each periodic job (planner, dispatcher) last ran, so a stalled one is noticed."""

    __tablename__ = "heartbeats"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=60)
    last_run_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")


class CalendarFeed(Base):
    """A secret URL at which a calendar app reads one user's log as ICS, without a password.

    Only the token's SHA-256 is stored, so a copy of the database holds no working URL, and the
    token is shown once, when it is made. Revoking sets ``revoked_at`` (the row stays, so the
    CLI can say when), and the endpoint answers 404 for it from then on.
    """

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    revoked_at: Mapped[datetime | None]


class Introduction(Base):
    """An introduction of two people, followed step by step (:mod:`mailer.intros`).

    ``direction`` is "given" (the user introduces ``contact`` to ``to_contact``: the double
    opt-in, stages drafted, asked, accepted or declined, sent, met, or dropped) or "owed"
    (``contact`` promised to introduce the user to someone, ``to_name``: stages owed, then
    sent or dropped). A person named without an address has a name and no contact yet; the
    assistant asks the user for the address rather than guessing one. ``source_key`` says
    where it came from (``item:12`` for a recap's promise, ``inbound:40:1`` for the first
    introduction of a message), so reading the same thing twice makes one introduction.
    """

    __tablename__ = "introductions"
    __table_args__ = (
        UniqueConstraint("user_id", "source_key"),
        Index("ix_introductions_user_stage", "user_id", "stage"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source_key: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(8), default="given")
    stage: Mapped[str] = mapped_column(String(16), default="drafted")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    """The person introduced (Marta, who needs something), or, owed, the one who promised."""
    to_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    """The person Marta is introduced to (Jordi, whose time is asked for)."""
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    to_name: Mapped[str] = mapped_column(String(200), default="")
    """The names as the user wrote them, for people not (yet) among the contacts."""
    ask: Mapped[str] = mapped_column(String(16), default="to")
    """Whom to ask: "to" (Jordi), "both" at once, "contact-first" or "to-first" (one, and
    after their yes the other)."""
    contact_answer: Mapped[str | None] = mapped_column(String(8))
    to_answer: Mapped[str | None] = mapped_column(String(8))
    """ "yes" or "no" from each person asked."""
    why: Mapped[str] = mapped_column(Text, default="")
    """Why they should meet, in the user's words (the recap's, or the intro@ message's)."""
    text: Mapped[str] = mapped_column(Text, default="")
    """What the user wrote that made the introduction ("I'll introduce Marta to Jordi")."""
    action_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE")
    )
    """The recap's promise, done when the introduction is made (gone if the recap is undone)."""
    created_at: Mapped[datetime] = mapped_column(default=row_time)
    asked_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    met_at: Mapped[datetime | None]
    dropped_at: Mapped[datetime | None]
    ended: Mapped[str] = mapped_column(Text, default="")
    """How it ended, when it did: "Jordi said no", "skipped by reply", "opted out"."""
    updated_at: Mapped[datetime] = mapped_column(default=row_time, onupdate=row_time)
