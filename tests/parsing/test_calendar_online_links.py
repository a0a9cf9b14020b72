"""The video-call link is kept, and is the location when there is no place."""

from __future__ import annotations

from tests.parsing.calendars import one, vcalendar

START = "DTSTART:20261222T123000Z"
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"


def test_teams_link_becomes_the_location_of_a_teams_meeting():
    event = one(
        vcalendar(
            START, "LOCATION:Microsoft Teams Meeting", f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{TEAMS}"
        )
    )
    assert (event.online_url, event.location) == (TEAMS, TEAMS)


def test_zoom_in_location_and_meet_in_google_property():
    zoom = one(vcalendar(START, "LOCATION:https://us02web.zoom.us/j/123456789?pwd=x"))
    assert zoom.online_url == zoom.location == "https://us02web.zoom.us/j/123456789?pwd=x"
    meet = one(vcalendar(START, "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij"))
    assert meet.online_url == meet.location == "https://meet.google.com/abc-defg-hij"


def test_a_real_place_stays_the_location():
    event = one(
        vcalendar(
            START,
            "LOCATION:Nomad Coffee\\, Barcelona",
            "DESCRIPTION:Or join: https://meet.google.com/abc-defg-hij",
        )
    )
    assert event.location == "Nomad Coffee, Barcelona"
    assert event.online_url == "https://meet.google.com/abc-defg-hij"
