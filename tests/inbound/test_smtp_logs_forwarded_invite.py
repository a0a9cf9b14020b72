"""A user forwards an invitation over real SMTP; the meeting and its people are logged."""

from __future__ import annotations

import smtplib

from mailer.api import Mailer
from tests.conftest import ALICE, BOB, RunningService
from tests.messages import ANNA, invite_message


def test_forwarded_invite_is_logged_with_its_people(server: RunningService, mailer: Mailer):
    with smtplib.SMTP(server.host, server.port) as client:
        refused = client.sendmail(ALICE, ["invites@assistant.localhost"], invite_message())
    assert refused == {}
    server.drain()

    [meeting] = mailer.meetings(ALICE)
    assert meeting["title"] == "Coffee with Anna"
    assert meeting["start"] == "2026-12-22T13:30:00+01:00"
    assert meeting["end"] == "2026-12-22T14:30:00+01:00"
    assert meeting["location"] == "Satan's Coffee Corner, Barcelona"
    assert meeting["status"] == "planned"
    assert [(a["email"], a["name"]) for a in meeting["attendees"]] == [(ANNA, "Anna Ruiz")]
    assert [c["email"] for c in mailer.contacts(ALICE)] == [ANNA]
    [inbound] = mailer.inbound(ALICE)
    assert inbound["status"] == "processed"
    assert mailer.meetings(BOB) == []


def test_any_local_part_at_our_domain_is_ours(server: RunningService, mailer: Mailer):
    with smtplib.SMTP(server.host, server.port) as client:
        client.sendmail(ALICE, ["whatever.you.like@assistant.localhost"], invite_message())
    server.drain()
    assert len(mailer.meetings(ALICE)) == 1


def test_an_also_address_is_the_same_user(server: RunningService, mailer: Mailer):
    message = invite_message(sender="alice.work@example.net")
    with smtplib.SMTP(server.host, server.port) as client:
        client.sendmail("alice.work@example.net", ["invites@assistant.localhost"], message)
    server.drain()
    [meeting] = mailer.meetings(ALICE)
    assert "alice.work@example.net" not in [a["email"] for a in meeting["attendees"]]
