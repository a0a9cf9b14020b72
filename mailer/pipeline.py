"""Take a stored message through parsing into the meeting log.

The pipeline is the same for every entry point (SMTP, ``mailer ingest``, start-up recovery,
reprocessing). Parsing happens outside the database transaction; the transaction first claims
the row (``received`` -> ``processed``), so two processes never apply one message twice and a
crash part-way leaves it ``received`` to be picked up again.

What a message *means* is decided by small handlers tried in order (calendar invitations first,
later recaps and commands); the first one that recognises the message wins.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailer.briefs.about import choose_from_list, tell_about
from mailer.clock import Clock
from mailer.config import Config, UserConfig
from mailer.db import clock_of, rows_changed, transaction, with_clock
from mailer.inbound.spool import Spool
from mailer.intros.handlers import answer_introductions, introduce_by_email, introduce_by_reply
from mailer.log.answers import answer_prompt_commands, answer_tokens
from mailer.log.corrections import correct_by_reply
from mailer.log.counters import answer_counter
from mailer.log.filed import describe_filing
from mailer.log.handling import Context, Handler, NotUnderstood
from mailer.log.invitations import invite_by_email
from mailer.log.invites import log_invitations
from mailer.log.journal import journal
from mailer.log.recaps import log_recap, log_recap_when_addressed
from mailer.log.reminders import cancel_reminders, list_pending, schedule_by_time_address
from mailer.log.undo import undo_filing
from mailer.models import InboundMessage, User
from mailer.outbound.replies import confirm_to_sender, tell_sender_why
from mailer.parsing.message import parse_message
from mailer.parsing.readings import Readings, read_ahead
from mailer.parsing.types import ParsedMessage
from mailer.photos.develop import ReadPhotos, read_photos
from mailer.planning.digest_send import invite_from_digest, send_digest_now
from mailer.said import Said

log = logging.getLogger(__name__)


LOT = 16
"""How many messages are filed in one transaction (one sync of the database for the lot)."""


class Transient(Exception):
    """Processing failed for a reason that passes (a locked, full or unreachable database):
    the message stays ``received`` and is tried again."""


@dataclass(frozen=True)
class Prepared:
    """A message read and parsed, ready to be filed (it pickles: it crosses processes)."""

    inbound_id: int
    user_email: str
    user_id: int
    message: ParsedMessage
    photos: ReadPhotos
    readings: Readings | None = None
    """Its new text and calendar events; None when reading them failed (the filing half then
    tries again and fails where a failure is reported)."""


@dataclass(frozen=True)
class Outcome:
    inbound_id: int
    status: str
    detail: str


CONFIRMED: frozenset[Handler] = frozenset(
    {
        log_recap_when_addressed,
        log_invitations,
        log_recap,
        invite_by_email,
        schedule_by_time_address,
        undo_filing,
        invite_from_digest,
        correct_by_reply,
        introduce_by_email,
        introduce_by_reply,
    }
)
"""Handlers whose work the user is told about (commands and guests' mail are not echoed)."""


def default_handlers() -> list[Handler]:
    """The handlers every message is offered to, most specific first."""
    return [
        cancel_reminders,
        undo_filing,
        introduce_by_reply,
        answer_introductions,
        answer_tokens,
        correct_by_reply,
        schedule_by_time_address,
        list_pending,
        answer_counter,
        answer_prompt_commands,
        send_digest_now,
        choose_from_list,
        tell_about,
        invite_from_digest,
        invite_by_email,
        introduce_by_email,
        log_recap_when_addressed,
        log_invitations,
        log_recap,
    ]


class Pipeline:
    """Processes stored inbound messages for one configuration and database."""

    def __init__(
        self,
        config: Config,
        factory: sessionmaker[Session],
        *,
        handlers: Sequence[Handler] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config
        self.factory = factory if clock is None else with_clock(factory, clock)
        self.clock = clock_of(self.factory)
        """"Now" for every handler and row: the factory's clock, or a replay's own."""
        self.spool = Spool(config.spool_dir, clock=self.clock)
        self.handlers = list(handlers) if handlers is not None else default_handlers()

    def process(self, inbound_id: int) -> Outcome:
        """Process one message; never raises for a bad message (it is marked failed).

        A failure that can pass (the database locked or unreachable, a full disk) raises
        :class:`Transient` and leaves the message ``received``, to be tried again."""
        read = self.read(inbound_id)
        return read if isinstance(read, Outcome) else self.apply(read)

    def read(self, inbound_id: int) -> Prepared | Outcome:
        """The parsing half of :meth:`process`, outside any transaction: what :meth:`apply`
        files, or the outcome when there is nothing to file. It writes nothing unless the
        message cannot be read, so many processes may read at once."""
        try:
            with self.factory() as session:
                row = session.get(InboundMessage, inbound_id)
                if row is None or row.status != "received" or row.user_id is None:
                    status = row.status if row else "missing"
                    return Outcome(inbound_id, status, row.error if row else "no such message")
                raw_path, user_id = row.raw_path, row.user_id
                owner = session.get(User, user_id)  # None only if the row was deleted by hand
                user_email = owner.email if owner is not None else ""  # "": no configured user
        except (OperationalError, InterfaceError) as exc:
            raise Transient(f"database error: {exc.__class__.__name__}") from exc
        user = self.config.user_for(user_email)
        if user is None or raw_path is None:
            return self._fail(inbound_id, "the sender is no longer a user in the configuration")
        try:
            message = parse_message(self.spool.read(raw_path))
        except OSError as exc:
            return self._fail(inbound_id, f"the stored message cannot be read: {exc}")
        if message.refused:  # beyond a structural limit: not read, so not half-filed either
            return self._fail(inbound_id, message.refused, message, user_id)
        photos = read_photos(message.images, self.config.photos, user.zone)  # outside the lock
        return Prepared(
            inbound_id, user_email, user_id, message, photos, self._read_ahead(message, user)
        )

    def _read_ahead(self, message: ParsedMessage, user: UserConfig) -> Readings | None:
        horizon_weeks = self.config.calendar.horizon_weeks
        try:
            return read_ahead(
                message, zone=user.zone, now=self.clock(), horizon_weeks=horizon_weeks
            )
        except Exception:  # a parser bug: reported by the filing half, with the message kept
            return None

    def apply(self, prepared: Prepared) -> Outcome:
        """The filing half of :meth:`process` (:meth:`apply_many` of one)."""
        return self.apply_many([prepared])[0]

    def apply_many(self, batch: Sequence[Prepared]) -> list[Outcome]:
        """File what :meth:`read` found for each of ``batch``, in order, in one transaction:
        one commit (one sync of the database) for the lot. Each message is filed within a
        savepoint of its own, so a message that fails is rolled back and marked failed alone
        while the others are kept. Each claims its row (``received`` -> ``processed``) first,
        so no message is filed twice whichever process gets to it."""
        try:
            with transaction(self.factory) as session:
                # A write before the first savepoint: pysqlite begins its transaction at the
                # first INSERT or UPDATE, and a SAVEPOINT outside one would commit on release.
                # It also takes SQLite's write lock up front, instead of upgrading to it later.
                ids = [prepared.inbound_id for prepared in batch]
                session.execute(
                    update(InboundMessage)
                    .where(InboundMessage.id.in_(ids), InboundMessage.status == "received")
                    .values(error="")
                )
                return [self._file_alone(session, prepared) for prepared in batch]
        except (OperationalError, InterfaceError) as exc:  # locked, full, unreachable: it passes
            waiting = ", ".join(str(prepared.inbound_id) for prepared in batch)
            log.warning("inbound messages %s wait: %s", waiting, exc)
            raise Transient(f"database error: {exc.__class__.__name__}: {exc}") from exc

    def _file_alone(self, session: Session, prepared: Prepared) -> Outcome:
        inbound_id, message, user_id = prepared.inbound_id, prepared.message, prepared.user_id
        try:
            with session.begin_nested():
                return self._file(session, prepared)
        except NotUnderstood as exc:
            reason = exc.reason
        except (OperationalError, InterfaceError):
            raise
        except Exception as exc:  # a parser bug must not lose the message: keep it, failed
            log.exception("processing inbound message %s failed", inbound_id)
            error = f"{exc.__class__.__name__}: {exc}"
            reason = Said("internal error (%(error)s)", error=error)
        return self._mark_failed_in(session, inbound_id, reason, message, user_id)

    def _file(self, session: Session, prepared: Prepared) -> Outcome:
        inbound_id, message, user_id = prepared.inbound_id, prepared.message, prepared.user_id
        user = self.config.user_for(prepared.user_email)
        assert user is not None, "read() checked the user"
        row = session.scalars(  # the claim, and the row it claimed, in one statement
            update(InboundMessage)
            .where(InboundMessage.id == inbound_id, InboundMessage.status == "received")
            .values(status="processed", processed_at=self.clock(), error="")
            .returning(InboundMessage),
            execution_options={"populate_existing": True},
        ).first()
        if row is None:
            return Outcome(inbound_id, "processed", "already processed elsewhere")
        context = Context(
            session, self.config, user, user_id, row, message, self.clock(),
            photos=prepared.photos, readings=prepared.readings,
        )  # fmt: skip
        with journal(session) as changes:
            handler, summary = self._dispatch(context)
        row.summary = summary
        if handler in CONFIRMED or context.filed.confirm:
            filed = describe_filing(context, summary, changes)
            confirm_to_sender(
                session, self.config, user_id, inbound_id, message, filed, context.now,
                undo=changes,
            )  # fmt: skip
        session.flush()  # what fails here fails within this message's savepoint
        return Outcome(inbound_id, "processed", summary)

    def _dispatch(self, context: Context) -> tuple[Handler, str]:
        for handler in self.handlers:
            summary = handler(context)
            if summary is not None:
                return handler, summary
        raise NotUnderstood(
            Said(
                "the message has a calendar but no event in it (only tasks or free/busy data?); "
                "forward the invitation email itself (with its .ics or calendar part)"
            )
        )

    def _fail(
        self,
        inbound_id: int,
        reason: str,
        message: ParsedMessage | None = None,
        user_id: int | None = None,
    ) -> Outcome:
        """Keep the message, marked failed with the reason, and tell its sender why."""
        try:
            return self._mark_failed(inbound_id, reason, message, user_id)
        except (OperationalError, InterfaceError) as exc:
            raise Transient(f"database error: {exc.__class__.__name__}: {exc}") from exc

    def _mark_failed(
        self, inbound_id: int, reason: str, message: ParsedMessage | None, user_id: int | None
    ) -> Outcome:
        with transaction(self.factory) as session:
            return self._mark_failed_in(session, inbound_id, reason, message, user_id)

    def _mark_failed_in(
        self,
        session: Session,
        inbound_id: int,
        reason: str,
        message: ParsedMessage | None,
        user_id: int | None,
    ) -> Outcome:
        failed = session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == inbound_id, InboundMessage.status == "received")
            .values(status="failed", error=str(reason), processed_at=self.clock())
        )
        if rows_changed(failed) and message is not None and user_id is not None:
            tell_sender_why(
                session, self.config, user_id, inbound_id, message, reason, self.clock()
            )
        return Outcome(inbound_id, "failed", reason)

    def process_many(self, ids: Sequence[int]) -> list[Outcome]:
        """:meth:`process` for each of ``ids``, in order, filed :data:`LOT` at a time in one
        transaction each, as ``mailer serve`` files them (``mailer ingest FILE...``). A lot
        that meets a failure that passes stays ``received`` (its outcome says so), for the
        next ``mailer serve`` to take up; the other lots go on."""
        outcomes: list[Outcome] = []
        for start in range(0, len(ids), LOT):
            lot = ids[start : start + LOT]
            try:
                read = [self.read(inbound_id) for inbound_id in lot]
                ready = [prepared for prepared in read if isinstance(prepared, Prepared)]
                filed = {o.inbound_id: o for o in self.apply_many(ready)} if ready else {}
            except Transient as exc:
                reason = str(exc).splitlines()[0][:160]  # not the statement and its values
                detail = f"stored; processing postponed ({reason})"
                outcomes += [Outcome(inbound_id, "received", detail) for inbound_id in lot]
                continue
            outcomes += [r if isinstance(r, Outcome) else filed[r.inbound_id] for r in read]
        return outcomes
