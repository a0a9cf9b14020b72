"""The importable API behind the CLI: ``Mailer(config)`` does what the commands do.

Like sqlite-utils' ``Database``, the CLI is a thin shell over this class, so everything a
command can do, a script or a test can do in Python with the same checks and results.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailer.clock import Clock, PinnedClock, system_clock
from mailer.config import EXAMPLE_CONFIG, Config, ConfigError, UserConfig, load_config
from mailer.config_sections import language_code
from mailer.db import clock_of, session_factory, transaction
from mailer.inbound import replies
from mailer.inbound.envelope import named_recipients, no_named_recipient
from mailer.inbound.guests import token_guests
from mailer.inbound.headers import read_headers
from mailer.inbound.intake import GuestAccess, Intake, any_guest
from mailer.inbound.reprocess import Reprocessed, failed_ids, reprocess
from mailer.inbound.saved import IngestResult, file_stored, store_saved
from mailer.inbound.spool import Spool
from mailer.inbound.store import InboundStore
from mailer.log import queries
from mailer.log.calendar_feeds import FeedUrl, get_feed_url, revoke_feeds
from mailer.log.contact_import import ImportReport, Progress, import_contact_file
from mailer.log.contacts import upsert_contact
from mailer.log.export_ics import log_ics
from mailer.log.export_tables import contacts_vcf, meetings_csv
from mailer.log.invitations import call_off, invite_contact
from mailer.log.meeting_facts import set_contact_language
from mailer.log.reminders import thread_guests
from mailer.outbound import outbox
from mailer.outbound.addresses import OutboundAddresses
from mailer.parsing.types import Person
from mailer.photos.store import PhotoStore
from mailer.pipeline import Pipeline
from mailer.planning.heartbeat import Status, beat, status
from mailer.service import Service, prepare

if TYPE_CHECKING:
    from mailer.briefs.planner import Brief
    from mailer.inbound.imap import FetchReport
    from mailer.planning.digest import Digest


class UnknownUser(LookupError):
    """The address named is not one of the configured users."""


@dataclass(frozen=True)
class TickReport:
    planned: int
    dispatched: str


def write_default_config(path: Path, answers: dict[str, str] | None = None) -> None:
    """Write ``path`` from the example, with the user's own email, name and zone if given."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for key, value in (answers or {}).items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f"{key} = {_toml_string(value)}", text, count=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Mailer:
    """One configuration and its database."""

    def __init__(self, config: Config | str | Path, *, clock: Clock = system_clock) -> None:
        self.config = config if isinstance(config, Config) else load_config(config)
        self.clock = clock
        """Where every command reads "now" (a :class:`~mailer.clock.PinnedClock` in tests)."""
        self._engine: Engine | None = None
        self._user_ids: dict[str, int] | None = None

    @property
    def engine(self) -> Engine:
        self._prepare()
        assert self._engine is not None
        return self._engine

    @property
    def user_ids(self) -> dict[str, int]:
        self._prepare()
        assert self._user_ids is not None
        return self._user_ids

    def _prepare(self) -> None:
        if self._engine is None:
            self._engine, self._user_ids = prepare(self.config)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine, self.clock)

    def _sessions_at(self, now: datetime | None) -> sessionmaker[Session]:
        """Sessions as of ``now`` when given (a replay), else the Mailer's own."""
        return self.sessions if now is None else session_factory(self.engine, PinnedClock(now))

    def user(self, address: str | None = None) -> tuple[UserConfig, int]:
        """The configured user for ``address`` (the first user when None) and their row id."""
        if not self.config.users:
            raise ConfigError(self.config.path, "users", "no [[users]] configured; add one")
        user = self.config.users[0] if address is None else self.config.user_for(address)
        if user is None:
            known = ", ".join(u.email for u in self.config.users)
            raise UnknownUser(f"{address} is not a configured user; users are: {known}")
        return user, self.user_ids[user.addresses[0]]

    def upgrade(self) -> None:
        self._prepare()

    def ingest(
        self,
        data: bytes,
        *,
        source: str,
        envelope_from: str = "",
        envelope_to: Sequence[str] = (),
        now: datetime | None = None,
    ) -> IngestResult:
        """Run one saved message through exactly the SMTP path: envelope checks, intake, store,
        pipeline.

        ``now`` processes it as if at that time (for tests and replays).
        """
        sessions = self._sessions_at(now)
        stored = store_saved(self.intake(sessions), data, source, envelope_from, envelope_to)
        return file_stored(Pipeline(self.config, sessions), [stored])[0]

    def ingest_saved(
        self,
        data: bytes,
        *,
        source: str,
        envelope_from: str = "",
        envelope_to: Sequence[str] = (),
        strict: bool = True,
    ) -> IngestResult:
        """:meth:`ingest` for a message without an envelope of its own (a saved file, a pipe
        without ``--to``): its recipients are the addresses at our domain it names, read as
        the IMAP path reads them (:func:`~mailer.inbound.envelope.named_recipients`).

        A file naming none is refused (``strict``): filed as if sent to the main address, an
        RSVP or an opt-out to a token address would land on the wrong thing. A pipe
        (``strict=False``) keeps to the main address then, as a ``.forward`` delivers mail
        for an address that is not ours.
        """
        messages = [(source, data)]
        return self.ingest_saved_many(
            messages, envelope_from=envelope_from, envelope_to=envelope_to, strict=strict
        )[0]

    def ingest_saved_many(
        self,
        messages: Iterable[tuple[str, bytes]],
        *,
        envelope_from: str = "",
        envelope_to: Sequence[str] = (),
        strict: bool = True,
    ) -> list[IngestResult]:
        """:meth:`ingest_saved` for many (source, bytes): each stored as it comes, then all
        read and filed a lot at a time, one transaction each, as ``mailer serve`` files them
        (:meth:`Pipeline.process_many`), so that a year of invitations goes in at its speed."""
        intake = self.intake()
        stored = []
        for source, data in messages:
            recipients = envelope_to or named_recipients(self.config, read_headers(data))
            if not recipients and strict:
                reason = no_named_recipient(self.config)
                refused = IngestResult(
                    source, "rejected", reason, reply=replies.NO_VALID_RECIPIENTS
                )
                stored.append(refused)
                continue
            stored.append(store_saved(intake, data, source, envelope_from, recipients))
        return file_stored(Pipeline(self.config, self.sessions), stored)

    def intake(self, sessions: sessionmaker[Session] | None = None) -> Intake:
        """The intake every way in shares (``ingest``, ``imap fetch``; ``serve`` builds its own)."""
        sessions = sessions or self.sessions
        store = InboundStore(sessions, Spool(self.config.spool_dir, clock=clock_of(sessions)))
        return Intake(self.config, store, self.user_ids, guests=self._guests(sessions))

    def imap_fetch(self) -> FetchReport:
        """Read the ``[imap]`` mailbox once: each message in, then moved out of the folder."""
        from mailer.inbound.imap import fetch_once

        return fetch_once(self.config, self.intake(), Pipeline(self.config, self.sessions))

    def _guests(self, sessions: sessionmaker[Session] | None = None) -> GuestAccess:
        sessions = sessions or self.sessions
        return any_guest(
            token_guests(OutboundAddresses.from_config(self.config), sessions),
            thread_guests(sessions),
        )

    def meetings(self, user: str | None = None) -> list[dict[str, Any]]:
        """The log, oldest first; each meeting with its people and its ``photos``."""
        from mailer.photos.listing import with_photos

        config, user_id = self.user(user)
        with self.sessions() as session:
            meetings = queries.list_meetings(session, user_id, config.zone)
            return with_photos(session, user_id, meetings, self.photos, config.zone)

    @property
    def photos(self) -> PhotoStore:
        """Where the photos kept with meetings are (``[photos] folder``)."""
        return PhotoStore(self.config.photos_dir)

    def export_photos(
        self, folder: Path, *, year: int | None = None, user: str | None = None
    ) -> list[Path]:
        """Write the user's photos (the resized copies) into ``folder`` as "2026-03-12 coffee
        with Marta.jpg", each with its post's caption in the JPEG comment; the files written."""
        from mailer.photos.export import export_photos

        config, user_id = self.user(user)
        with self.sessions() as session:
            return export_photos(
                session, self.config, config, user_id, self.photos, folder, year=year
            )

    def contacts(self, user: str | None = None) -> list[dict[str, Any]]:
        config, user_id = self.user(user)
        with self.sessions() as session:
            return queries.list_contacts(session, user_id, config.zone)

    def inbound(self, user: str | None = None) -> list[dict[str, Any]]:
        config, user_id = self.user(user)
        with self.sessions() as session:
            return queries.list_inbound(session, user_id, config.zone)

    def reprocess(self, ids: Sequence[int] = (), *, failed: bool = False) -> list[Reprocessed]:
        """Run stored messages through the pipeline again: ``ids``, and with ``failed`` every
        failed one (idempotent; see mailer/inbound/reprocess.py)."""
        chosen = [*ids, *(failed_ids(self.sessions) if failed else [])]
        return reprocess(self.config, self.sessions, list(dict.fromkeys(chosen)))

    def followups(self, user: str | None = None, *, status: str | None = "open") -> list[dict]:
        config, user_id = self.user(user)
        with self.sessions() as session:
            return queries.list_followups(session, user_id, config.zone, status=status)

    def intros(
        self, user: str | None = None, *, contact: str | None = None
    ) -> list[dict[str, Any]]:
        """Introductions with their stage, the dates of each stage and the messages sent
        (``contact``: only those of one person, by address)."""
        from mailer.intros.queries import list_introductions

        config, user_id = self.user(user)
        with self.sessions() as session:
            return list_introductions(session, user_id, config.zone, contact=contact)

    def drop_intro(self, intro_id: int, *, user: str | None = None) -> dict[str, Any]:
        """End an introduction not made yet: nothing queued for it is sent any more."""
        from mailer.intros.flow import drop
        from mailer.intros.planner import mail_for
        from mailer.intros.queries import own_introduction
        from mailer.planning.context import PlanningContext

        config, user_id = self.user(user)
        with transaction(self.sessions) as session:
            intro = own_introduction(session, user_id, intro_id)
            planning = PlanningContext(session, self.config, config, user_id, self.clock())
            drop(mail_for(planning), intro, "dropped with mailer intros drop")
        return next(i for i in self.intros(config.email) if i["id"] == intro_id)

    def add_contact(
        self,
        email: str,
        *,
        name: str = "",
        cadence_days: int | None = None,
        language: str | None = None,
        user: str | None = None,
    ) -> dict[str, Any]:
        """Add or change a contact; ``language`` ("en", "es", "ca") is what mail to them is
        written in from now on, queued mail included."""
        config, user_id = self.user(user)
        code = language_code(language) if language is not None else None
        with transaction(self.sessions) as session:
            contact = upsert_contact(session, user_id, Person(email=email, name=name or None))
            if name:
                contact.name = name
            if cadence_days is not None:
                contact.cadence_days = cadence_days or None
            if code is not None:
                set_contact_language(session, user_id, contact, code)
            session.flush()
            contact_id = contact.id
        return next(c for c in self.contacts(config.email) if c["id"] == contact_id)

    def tick(self, now: datetime | None = None) -> TickReport:
        """Plan and dispatch once, as if at ``now`` (for cron set-ups and tests)."""
        from mailer.outbound.setup import dispatcher_for
        from mailer.planning.run import plan_all

        now = now or self.clock()
        sessions = self._sessions_at(now)
        planned = plan_all(self.config, sessions, now)
        beat(sessions, "plan", now)
        report = asyncio.run(dispatcher_for(self.config, sessions).run_once(now))
        beat(sessions, "dispatch", now)
        return TickReport(planned, str(report))

    def status(self, now: datetime | None = None) -> Status:
        with self.sessions() as session:
            return status(session, now or self.clock())

    def digest(self, user: str | None = None, *, now: datetime | None = None) -> Digest:
        """The weekly digest as of ``now``, without sending it (see mailer.planning.digest)."""
        from mailer.planning.digest import build_digest

        config, user_id = self.user(user)
        with self.sessions() as session:
            return build_digest(session, self.config, config, user_id, now or self.clock())

    def brief(self, user: str | None = None, *, now: datetime | None = None) -> list[Brief]:
        """The briefs due at ``now`` (sent or not), without sending them (mailer.briefs)."""
        from mailer.briefs.planner import due_briefs

        config, user_id = self.user(user)
        with self.sessions() as session:
            return due_briefs(session, self.config, config, user_id, now or self.clock())

    def stats(self, user: str | None = None, *, now: datetime | None = None) -> dict[str, Any]:
        """Meetings per month, streaks, people met, follow-ups kept (JSON-safe)."""
        from mailer.planning.digest_stats import user_stats

        config, user_id = self.user(user)
        with self.sessions() as session:
            return user_stats(session, self.config, config, user_id, now or self.clock())

    def outbox(self, user: str | None = None) -> list[dict[str, Any]]:
        config, user_id = self.user(user) if user else (self.config.users[0], None)
        with self.sessions() as session:
            return [queries.outbox_dict(r, config.zone) for r in outbox.rows(session, user_id)]

    def retry(self, row_id: int) -> dict[str, Any]:
        with transaction(self.sessions) as session:
            row = outbox.retry(session, row_id, now=self.clock())
            return queries.outbox_dict(row, self.config.users[0].zone)

    def invite(
        self,
        email: str,
        *,
        name: str = "",
        propose: Sequence[datetime] = (),
        user: str | None = None,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """Queue a Slow Networking Challenge invitation to ``email`` (sent at the next tick)."""
        config, user_id = self.user(user)
        with transaction(self.sessions) as session:
            return invite_contact(
                session,
                self.config,
                config,
                user_id,
                Person(email.strip().lower(), name or None),
                proposals=propose,
                now=now or self.clock(),
            )

    def call_off(
        self, email: str, *, user: str | None = None, now: datetime | None = None
    ) -> dict[str, Any]:
        """Cancel the planned challenge meeting with ``email``; its calendar gets a CANCEL."""
        config, user_id = self.user(user)
        with transaction(self.sessions) as session:
            return call_off(session, self.config, config, user_id, email, now=now or self.clock())

    def serve(self) -> None:
        asyncio.run(Service(self.config, self.engine, clock=self.clock).serve_forever())

    def ingest_many(
        self, items: Iterable[tuple[str, bytes]], envelope_from: str = ""
    ) -> list[IngestResult]:
        return [self.ingest(data, source=name, envelope_from=envelope_from) for name, data in items]

    def import_contacts(
        self,
        data: bytes,
        *,
        format: str | None = None,
        user: str | None = None,
        now: datetime | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Add or complete contacts from a vCard file or a Google, Outlook or LinkedIn CSV."""
        config, user_id = self.user(user)
        with transaction(self.sessions) as session:
            return import_contact_file(
                session,
                user_id,
                data,
                now=now or self.clock(),
                format=format,
                own_addresses=config.addresses,
                progress=progress,
            )

    def export_ics(self, user: str | None = None) -> bytes:
        """The meeting log as an iCalendar file (what the subscription feed serves too)."""
        with self.sessions() as session:
            return log_ics(session, self.user(user)[1])

    def export_meetings_csv(self, user: str | None = None) -> str:
        config, user_id = self.user(user)
        with self.sessions() as session:
            return meetings_csv(session, user_id, config.zone)

    def export_vcf(self, user: str | None = None) -> str:
        with self.sessions() as session:
            return contacts_vcf(session, self.user(user)[1])

    def feed_url(
        self, user: str | None = None, *, new: bool = False, now: datetime | None = None
    ) -> FeedUrl:
        """A secret calendar feed URL for the user (shown once; ``new`` replaces the old one)."""
        base = self.config.outbound.public_base_url
        with transaction(self.sessions) as session:
            return get_feed_url(session, self.user(user)[1], base, new=new, now=now or self.clock())

    def revoke_feed(self, user: str | None = None, *, now: datetime | None = None) -> int:
        """Stop the user's calendar feed URL at once; the number of URLs revoked."""
        with transaction(self.sessions) as session:
            return revoke_feeds(session, self.user(user)[1], now or self.clock())
