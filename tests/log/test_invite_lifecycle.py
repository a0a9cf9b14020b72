"""The whole life of one meeting: invite, update, stale version, RSVP, duplicate, cancel."""

from __future__ import annotations

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message

UID = "life-1@example.com"


def _ingest(mailer: Mailer, ics: str, method: str = "REQUEST") -> str:
    result = mailer.ingest(invite_message(ics, method=method), source="test")
    assert result.status == "processed", result.detail
    return result.detail


def _only_meeting(mailer: Mailer) -> dict:
    [meeting] = mailer.meetings(ALICE)
    return meeting


def test_update_stale_version_reply_and_cancel(mailer: Mailer):
    _ingest(mailer, invite_ics(uid=UID, sequence=0))
    assert _only_meeting(mailer)["start"] == "2026-12-22T13:30:00+01:00"

    moved = invite_ics(
        uid=UID,
        sequence=1,
        start="20261223T100000",
        end="20261223T110000",
        location="Nomad Coffee",
        dtstamp="20261121T100000Z",
    )
    assert "1 updated" in _ingest(mailer, moved)
    meeting = _only_meeting(mailer)
    assert (meeting["start"], meeting["location"]) == ("2026-12-23T10:00:00+01:00", "Nomad Coffee")

    assert "unchanged" in _ingest(mailer, invite_ics(uid=UID, sequence=0))
    assert _only_meeting(mailer)["location"] == "Nomad Coffee"

    reply = invite_ics(
        uid=UID,
        sequence=1,
        method="REPLY",
        organizer=ALICE,
        attendees=((ANNA, "Anna Ruiz", "ACCEPTED"),),
        dtstamp="20261122T100000Z",
    )
    assert "RSVP" in _ingest(mailer, reply, method="REPLY")
    [anna] = _only_meeting(mailer)["attendees"]
    assert (anna["email"], anna["status"]) == (ANNA, "accepted")

    cancel = invite_ics(
        uid=UID,
        sequence=2,
        method="CANCEL",
        dtstamp="20261123T100000Z",
        extra="STATUS:CANCELLED",
    ).replace("STATUS:CONFIRMED\r\n", "")
    assert "cancelled" in _ingest(mailer, cancel, method="CANCEL")
    meeting = _only_meeting(mailer)
    assert meeting["status"] == "cancelled"
    assert meeting["start"] == "2026-12-23T10:00:00+01:00"  # kept in the log, not deleted


def test_same_invite_twice_and_same_message_twice_make_one_meeting(mailer: Mailer):
    message = invite_message(invite_ics(uid=UID))
    for _ in range(2):
        mailer.ingest(message, source="same message")
    mailer.ingest(invite_message(invite_ics(uid=UID)), source="forwarded again")
    assert len(mailer.meetings(ALICE)) == 1
    assert len(mailer.contacts(ALICE)) == 1


def test_a_reply_without_organizer_is_matched_by_uid(mailer: Mailer):
    """outlook.com sends REPLYs without ORGANIZER."""
    _ingest(mailer, invite_ics(uid=UID))
    reply = invite_ics(
        uid=UID,
        method="REPLY",
        attendees=((ANNA, "Anna Ruiz", "DECLINED"),),
        dtstamp="20261122T100000Z",
    ).replace(f"ORGANIZER;CN=Alice Martín:mailto:{ALICE}\r\n", "")
    _ingest(mailer, reply, method="REPLY")
    assert _only_meeting(mailer)["attendees"][0]["status"] == "declined"


def test_a_reply_never_touches_another_users_meeting(mailer: Mailer):
    from tests.conftest import BOB

    bob_invite = invite_message(invite_ics(uid=UID, organizer=BOB), sender=BOB)
    assert mailer.ingest(bob_invite, source="bob").status == "processed"
    reply = invite_ics(uid=UID, method="REPLY", attendees=((ANNA, "Anna", "DECLINED"),))
    _ingest(mailer, reply, method="REPLY")  # Alice forwards a reply naming Bob's UID
    assert mailer.meetings(ALICE) == []
    [bobs] = mailer.meetings(BOB)
    assert bobs["attendees"][0]["status"] == "needs-action"
