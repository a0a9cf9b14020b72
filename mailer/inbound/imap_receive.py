"""One message fetched over IMAP, taken in exactly as if it had arrived over SMTP.

IMAP has no envelope, so one is reconstructed: the sender from ``Return-Path`` (else the intake
judges by From alone), the recipients from the addresses at our domain that the message names
(``Delivered-To``/``X-Original-To`` first, then To/Cc), else ``[imap] recipient``. Then the same
intake and pipeline run, and the verdict says which folder the message belongs in.

A message stays in the source folder until it has been moved, so a crash between storing it and
moving it would read it again on restart. Before storing, we therefore look for the same message
already stored: same Message-ID and envelope sender (or, without a Message-ID, the same bytes),
and if found we only finish its processing and move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from mailer.config import Config
from mailer.inbound import replies
from mailer.inbound.envelope import named_recipients
from mailer.inbound.headers import message_id_of, read_headers
from mailer.inbound.intake import Intake
from mailer.models import InboundMessage
from mailer.pipeline import Pipeline

PROCESSED = "processed"
FAILED = "failed"


@dataclass(frozen=True)
class Stored:
    """A fetched message in the store, waiting to be filed."""

    inbound_id: int
    duplicate: bool = False
    """Stored by an earlier attempt (read again after a crash before its move)."""


class TemporaryFailure(Exception):
    """The message cannot be stored now (database or spool unavailable); it stays where it is
    and is read again later."""


@dataclass(frozen=True)
class Verdict:
    """Where a message goes: ``folder`` is PROCESSED or FAILED; ``status`` is the inbound row's
    (processed, failed, rejected, or received when its processing was postponed)."""

    folder: str
    status: str
    detail: str
    duplicate: bool = False


def recipients_for(config: Config, headers: Message) -> list[str]:
    """The envelope recipients to assume: our domain's addresses the message names, or the
    configured one, so ``recap@``, ``invite@`` and time addresses work as over SMTP."""
    named = named_recipients(config, headers)
    return named or [config.imap.recipient or f"assistant@{config.inbound.domain}"]


class Receiver:
    """Takes fetched messages in through the intake and the pipeline, at most once each."""

    def __init__(self, config: Config, intake: Intake, pipeline: Pipeline) -> None:
        self.config = config
        self.intake = intake
        self.pipeline = pipeline

    def receive(self, data: bytes, envelope_from: str) -> Verdict:
        """Store and process ``data`` (or finish an earlier attempt); raises TemporaryFailure."""
        stored = self.store(data, envelope_from)
        return stored if isinstance(stored, Verdict) else self.file([stored])[0]

    def store(self, data: bytes, envelope_from: str) -> Stored | Verdict:
        """Store ``data``, or find the row an earlier attempt stored: what :meth:`file` files;
        the verdict of a message refused; TemporaryFailure when it cannot be stored now."""
        headers = read_headers(data)
        try:
            inbound_id = self._already_stored(message_id_of(headers), envelope_from, data)
            if inbound_id is not None:
                return Stored(inbound_id, duplicate=True)
            receipt = self.intake.receive(
                data, envelope_from=envelope_from, envelope_to=recipients_for(self.config, headers)
            )
        except SQLAlchemyError as exc:
            raise TemporaryFailure(f"database error: {exc.__class__.__name__}") from exc
        if receipt.reply.startswith("4"):
            raise TemporaryFailure(receipt.reason or receipt.reply)
        if receipt.inbound_id is None:
            return Verdict(FAILED, "rejected", receipt.reason)
        return Stored(receipt.inbound_id)

    def file(self, stored: list[Stored]) -> list[Verdict]:
        """Process what :meth:`store` stored, a lot at a time, as ``mailer serve`` files what
        it accepts. A message whose processing must wait (the database locked or full) gets
        no folder: it stays where it is, to be read again (and found stored) later."""
        try:
            outcomes = self.pipeline.process_many([s.inbound_id for s in stored])
        except SQLAlchemyError as exc:
            raise TemporaryFailure(f"database error: {exc.__class__.__name__}") from exc
        verdicts = []
        for one, outcome in zip(stored, outcomes, strict=True):
            postponed = outcome.status == "received"  # its lot met a failure that passes
            folder = "" if postponed else PROCESSED if outcome.status == "processed" else FAILED
            verdicts.append(Verdict(folder, outcome.status, outcome.detail, one.duplicate))
        return verdicts

    def refuse_too_big(self, header_bytes: bytes, size: int, envelope_from: str) -> Verdict:
        """Note a message over ``max_message_bytes`` without downloading it, as SMTP's 552."""
        headers = read_headers(header_bytes)
        reply = replies.MESSAGE_TOO_BIG.format(limit=self.config.inbound.max_message_bytes)
        self.intake.store.record_rejection(
            envelope_from=envelope_from,
            envelope_to=recipients_for(self.config, headers),
            reason=reply,
            message_id=message_id_of(headers),
            subject=str(headers.get("Subject") or ""),
            size=size,
        )
        return Verdict(FAILED, "rejected", reply)

    def _already_stored(
        self, message_id: str | None, envelope_from: str, data: bytes
    ) -> int | None:
        """The inbound row of this very message, if an earlier run stored (or refused) it."""
        with self.intake.store.factory() as session:
            same_sender = InboundMessage.envelope_from == envelope_from
            if message_id is not None:
                query = select(InboundMessage.id).where(
                    InboundMessage.message_id == message_id, same_sender
                )
                return session.scalars(query.order_by(InboundMessage.id).limit(1)).first()
            candidates = session.execute(
                select(InboundMessage.id, InboundMessage.raw_path).where(
                    InboundMessage.message_id.is_(None),
                    InboundMessage.raw_path.is_not(None),
                    InboundMessage.size == len(data),
                    same_sender,
                )
            ).all()
        for inbound_id, raw_path in candidates:
            if raw_path is None:  # not asked for: the query reads rows with stored bytes only
                continue
            try:
                if self.intake.store.spool.read(raw_path) == data:
                    return inbound_id
            except OSError:
                continue
        return None
