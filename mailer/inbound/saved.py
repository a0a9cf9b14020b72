"""Saved messages (files, a mail server's pipe): stored as SMTP would store them, then filed a
lot at a time, as ``mailer serve`` files what it accepts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.exc import SQLAlchemyError

from mailer.inbound.envelope import envelope_refusal
from mailer.inbound.intake import Intake
from mailer.pipeline import Outcome, Pipeline


@dataclass(frozen=True)
class IngestResult:
    source: str
    status: str
    detail: str
    inbound_id: int | None = None
    reply: str = ""
    """The SMTP reply the message would have had (``mailer ingest -`` maps it to an exit status)."""


def store_saved(
    intake: Intake, data: bytes, source: str, envelope_from: str, envelope_to: Sequence[str]
) -> IngestResult:
    """Envelope checks, intake and the durable store: ``received`` with the row's id once
    the message is on disk, else why not (as SMTP would have answered)."""
    refusal = envelope_refusal(intake.config, data, envelope_to)
    if refusal is not None:
        return IngestResult(source, "rejected", refusal, reply=refusal)
    receipt = intake.receive(data, envelope_from=envelope_from, envelope_to=envelope_to)
    if receipt.inbound_id is None:
        status = "deferred" if receipt.reply.startswith("4") else "rejected"
        return IngestResult(source, status, receipt.reason, reply=receipt.reply)
    return IngestResult(source, "received", "stored", receipt.inbound_id, receipt.reply)


def file_stored(pipeline: Pipeline, stored: list[IngestResult]) -> list[IngestResult]:
    """Process what :func:`store_saved` stored, in order; what cannot be processed now stays
    stored, for ``mailer serve`` to process when it next starts."""
    waiting = [r.inbound_id for r in stored if r.status == "received" and r.inbound_id]
    try:
        outcomes = pipeline.process_many(waiting)
    except SQLAlchemyError as exc:
        detail = f"stored; processing postponed ({exc.__class__.__name__})"
        outcomes = [Outcome(inbound_id, "received", detail) for inbound_id in waiting]
    by_id = {outcome.inbound_id: outcome for outcome in outcomes}
    return [
        replace(r, status=by_id[r.inbound_id].status, detail=by_id[r.inbound_id].detail)
        if r.inbound_id in by_id
        else r
        for r in stored
    ]
