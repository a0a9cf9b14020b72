"""The brief comes once, on the morning of a meeting: at brief_hour, or brief_hours_before an
early one; several meetings make one email; moved and cancelled meetings are followed."""

from __future__ import annotations

import pytest

from mailer.api import Mailer
from tests.briefs.world import at, briefs, invite, log_lunch, text_of
from tests.conftest import ALICE

PAU = "pau@example.org"


def test_at_seven_for_a_ten_oclock_coffee_recalling_the_last_lunch(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T06:59"))
    assert briefs(mailer) == []
    mailer.tick(at("2026-11-24T07:00"))
    for later in ("2026-11-24T08:00", "2026-11-24T09:00", "2026-11-24T09:59"):
        mailer.tick(at(later))
    [brief] = briefs(mailer)
    assert brief["Subject"] == "Before you meet: coffee with Anna Ruiz at 10:00"
    assert brief["To"].addresses[0].addr_spec == ALICE
    text = text_of(brief)
    assert "When: Tuesday 24 November, 10:00–11:00" in text
    assert "Where: Satan's Coffee Corner, Barcelona" in text
    assert "You have met once before. Last met 13 days ago." in text
    assert (
        "- Lunch, Tuesday 10 November 2026: you gave: my notes on community events; the contact"
        " of a venue in Gràcia" in text
    )
    assert "you got: feedback on my pitch; a book on facilitation" in text
    assert "You promised Anna: send her the list of venues" in text
    assert "Next follow-up: Follow up with Anna Ruiz, due Tue 1 Dec" in text
    assert 'A question to take along: you promised Anna "send her the list of' in text
    html = brief.get_body(("html",)).get_content()
    assert "a book on facilitation" in html and "Can you tell them where it stands?" in html


def test_an_early_breakfast_is_briefed_two_hours_before(mailer: Mailer):
    log_lunch(mailer)
    invite(
        mailer, start="20261124T080000", summary="Breakfast with Anna", now=at("2026-11-23T10:00")
    )
    mailer.tick(at("2026-11-24T05:59"))
    assert briefs(mailer) == []
    mailer.tick(at("2026-11-24T06:00"))
    mailer.tick(at("2026-11-24T07:00"))
    [brief] = briefs(mailer)
    assert brief["Subject"] == "Before you meet: breakfast with Anna Ruiz at 08:00"


def test_two_meetings_on_one_morning_are_one_email_in_time_order(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T160000", uid="call-pau@x", summary="Call with Pau",
           attendees=((PAU, "Pau Serra", "ACCEPTED"),), now=at("2026-11-23T10:00"))  # fmt: skip
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:00"))
    [brief] = briefs(mailer)
    assert brief["Subject"] == ("Before you meet: 2 meetings on Tue 24 Nov, the first at 10:00")
    text = text_of(brief)
    assert text.index("== Coffee with Anna Ruiz, 10:00 ==") < text.index(
        "== Call with Pau Serra, 16:00 =="
    )
    assert "This is your first meeting with Pau." in text


def test_a_meeting_logged_after_the_morning_brief_is_briefed_at_once(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:00"))
    invite(mailer, start="20261124T170000", uid="call-pau@x", summary="Call with Pau",
           attendees=((PAU, "Pau Serra", "ACCEPTED"),), now=at("2026-11-24T11:00"))  # fmt: skip
    mailer.tick(at("2026-11-24T11:01"))
    mailer.tick(at("2026-11-24T12:00"))
    first, second = briefs(mailer)
    assert "Anna" in first["Subject"] and second["Subject"] == (
        "Before you meet: call with Pau Serra at 17:00"
    )


@pytest.mark.parametrize(
    ("moved_to", "briefed"),
    [("20261124T120000", ["Tuesday 24 November, 10:00"]),  # the same day: covered
     ("20261126T100000", ["Tuesday 24 November, 10:00", "Thursday 26 November, 10:00"])],
)  # fmt: skip
def test_a_moved_meeting_is_briefed_again_only_on_another_day(
    mailer: Mailer, moved_to: str, briefed: list[str]
):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    mailer.tick(at("2026-11-24T07:00"))
    invite(mailer, start=moved_to, sequence=1, now=at("2026-11-24T07:30"))
    for moment in ("2026-11-24T08:00", "2026-11-25T07:00", "2026-11-26T07:00", "2026-11-26T08:00"):
        mailer.tick(at(moment))
    sent = briefs(mailer)
    assert len(sent) == len(briefed)
    assert all(when in text_of(m) for m, when in zip(sent, briefed, strict=True))


def test_a_cancelled_meeting_gets_no_brief(mailer: Mailer):
    log_lunch(mailer)
    invite(mailer, start="20261124T100000", now=at("2026-11-23T10:00"))
    invite(mailer, start="20261124T100000", sequence=1, method="CANCEL", now=at("2026-11-23T18:00"))
    mailer.tick(at("2026-11-24T07:00"))
    assert briefs(mailer) == []
