"""The pipeline's readers work out a message's calendar events (and a text message's new text)
before the filing transaction, in parallel; what they hand over files exactly as a handler
that works it out itself would."""

from __future__ import annotations

from dataclasses import replace

from mailer.api import Mailer
from mailer.pipeline import Pipeline, Prepared
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message, plain_message


def _read(mailer: Mailer, pipeline: Pipeline, data: bytes) -> Prepared:
    receipt = mailer.intake().receive(
        data, envelope_from=ALICE, envelope_to=["invites@assistant.localhost"]
    )
    assert receipt.inbound_id is not None, receipt
    read = pipeline.read(receipt.inbound_id)
    assert isinstance(read, Prepared), read
    return read


def test_an_invitation_is_read_ahead_and_files_the_same_without(mailer: Mailer):
    pipeline = Pipeline(mailer.config, mailer.sessions)
    ahead = _read(mailer, pipeline, invite_message(invite_ics(uid="ahead@example.com")))
    assert ahead.readings is not None
    assert [event.uid for event in ahead.readings.events] == ["ahead@example.com"]
    assert ahead.readings.new_text is None  # a covering note: worked out only if asked for
    alone = _read(mailer, pipeline, invite_message(invite_ics(uid="alone@example.com")))
    filed = pipeline.apply_many([ahead, replace(alone, readings=None)])
    assert [o.detail for o in filed] == ["calendar: 1 created"] * 2
    meetings = {m["uid"]: m for m in mailer.meetings(ALICE)}
    assert meetings["ahead@example.com"]["start"] == meetings["alone@example.com"]["start"]


def test_a_broken_calendar_read_ahead_fails_with_its_reason(mailer: Mailer):
    pipeline = Pipeline(mailer.config, mailer.sessions)
    broken = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n"
    read = _read(mailer, pipeline, invite_message(broken))
    assert read.readings is not None and read.readings.calendar_error
    [outcome] = pipeline.apply_many([read])
    assert outcome.status == "failed"
    assert "the calendar in the message cannot be read" in outcome.detail
    assert read.readings.calendar_error in outcome.detail


def test_a_reply_has_its_new_text_read_ahead(mailer: Mailer):
    pipeline = Pipeline(mailer.config, mailer.sessions)
    body = "Coffee with Anna today, lovely.\n\nOn Mon, Bob wrote:\n> How was it?\n"
    read = _read(mailer, pipeline, plain_message(body=body, subject="Re: How was it?"))
    assert read.readings is not None
    assert read.readings.new_text == "Coffee with Anna today, lovely."
    assert read.readings.events == ()
