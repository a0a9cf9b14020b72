"""A recap is filed: matched to the logged meeting, people, gave/got, promises, follow-up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE, BOB
from tests.messages import ANNA, RECAP, invite_ics, invite_message, recap_message

MADRID = ZoneInfo("Europe/Madrid")


def test_recap_completes_the_logged_meeting(mailer: Mailer):
    assert mailer.ingest(invite_message(invite_ics()), source="invite").status == "processed"
    sent = datetime(2026, 12, 22, 18, 0, tzinfo=MADRID)
    result = mailer.ingest(recap_message(RECAP, sent=sent), source="recap")
    assert result.status == "processed", result.detail

    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "done"
    assert meeting["gave"][0] == "shared my notes on event formats"
    assert meeting["got"] == ["two contacts for the project", "honest feedback on my pitch"]
    assert meeting["tags"] == ["slownetworking"]
    assert meeting["source"] == "calendar"

    followups = mailer.followups(ALICE)
    kinds = {f["kind"]: f for f in followups}
    assert kinds["followup"]["due"] == "2027-01-05"
    assert kinds["followup"]["contact"]["email"] == ANNA
    assert kinds["intro"]["contact"]["email"] == ANNA
    assert kinds["intro"]["introduce_to"]["email"] == "pau@example.org"
    assert all(f["status"] == "open" for f in followups)


def test_recap_without_a_logged_meeting_creates_a_done_one(mailer: Mailer):
    sent = datetime(2026, 11, 23, 18, 0, tzinfo=MADRID)
    result = mailer.ingest(
        recap_message(RECAP, sent=sent, to="hello@assistant.localhost"), source="recap"
    )
    assert result.status == "processed", result.detail
    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "done"
    assert meeting["source"] == "text"
    assert meeting["start"].startswith("2026-11-23T")
    assert [a["email"] for a in meeting["attendees"]] == [ANNA]
    assert {c["email"] for c in mailer.contacts(ALICE)} == {ANNA, "pau@example.org"}


def test_a_recap_naming_nobody_fails_with_a_reason_and_is_kept(mailer: Mailer):
    sent = datetime(2026, 11, 23, 18, 0, tzinfo=MADRID)
    # The subject counts too ("Coffee with Anna" names Anna): this one names nobody either.
    message = recap_message("Nice day today.", sent=sent, subject="Recap")
    result = mailer.ingest(message, source="recap")
    assert result.status == "failed"
    assert "whom you met" in result.detail
    [inbound] = mailer.inbound(ALICE)
    assert inbound["status"] == "failed" and inbound["error"] == result.detail


def test_spanish_recap_finds_a_known_contact_by_name(mailer: Mailer):
    mailer.add_contact(ANNA, name="Anna Ruiz")
    sent = datetime(2026, 11, 25, 20, 0, tzinfo=MADRID)  # a Wednesday
    body = (
        "Ayer tomé un café con Anna.\nDi: feedback sobre su web\nRecibí: un contacto\n"
        "Seguimiento en 3 semanas."
    )
    result = mailer.ingest(recap_message(body, sent=sent), source="recap")
    assert result.status == "processed", result.detail
    [meeting] = mailer.meetings(ALICE)
    assert meeting["start"].startswith("2026-11-24")
    assert meeting["gave"] == ["feedback sobre su web"]
    [followup] = [f for f in mailer.followups(ALICE) if f["kind"] == "followup"]
    assert followup["due"] == "2026-12-16"


def test_recaps_never_reach_another_user(mailer: Mailer):
    sent = datetime(2026, 11, 23, 18, 0, tzinfo=MADRID)
    mailer.ingest(recap_message(RECAP, sent=sent), source="recap")
    assert mailer.meetings(BOB) == [] and mailer.contacts(BOB) == []
