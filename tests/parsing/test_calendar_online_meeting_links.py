"""The video-call link of an event is found where each client puts it.

It becomes the location when there is no place (LOCATION empty or just "Microsoft Teams
Meeting"); a real room stays the location and the link is kept in ``online_url``.
"""

from __future__ import annotations

import pytest

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from mailer.parsing.types import CalendarEvent
from tests.conftest import FIXTURES
from tests.parsing.calendars import MADRID, NOW, one, vcalendar

START = "DTSTART:20261222T123000Z"
TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTZmYjAtZDk1Mi00ZDI0LTk1NTMtYjE3"
    "ZWMyNzZkNjk1%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47"
    "%22%2c%22Oid%22%3a%22a1b2c3d4-0000-1111-2222-333344445555%22%7d"
)
TEAMS_DESCRIPTION = (
    "DESCRIPTION:________________________________________________________________________________"
    "\\n Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\n"
    f"Click here to join the meeting<{TEAMS}>\\nMeeting ID: 123 456 789 012\\nPasscode: "
    "aBc123\\nDownload Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | "
    "Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\\n"
)
ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=aBcDeFgHiJkLmNoPqRsTuV.1"
MEET = "https://meet.google.com/abc-defg-hij"
GOOGLE_DESCRIPTION = (
    "DESCRIPTION:-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:"
    f"~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\\nJoin with Google Meet: {MEET}\\n\\nLearn "
    "more about Meet at: https://support.google.com/a/users/answer/9282720\\n\\nPlease do not "
    "edit this section.\\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
)


def _links(*lines: str) -> tuple[str | None, str | None]:
    event = one(vcalendar(START, *lines))
    return event.location, event.online_url


def _fixture_event(name: str) -> CalendarEvent:
    message = parse_message((FIXTURES / "invites" / name).read_bytes())
    [event] = events_from_message(message, default_zone=MADRID, now=NOW)
    return event


def test_teams_property_with_the_teams_placeholder_location():
    assert _links(
        "LOCATION:Microsoft Teams Meeting",
        TEAMS_DESCRIPTION,
        f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{TEAMS}",
        "X-MICROSOFT-ONLINEMEETINGCONFLINK:conf:sip:alice@example.com\\;gruu\\;opaque=app:conf",
    ) == (TEAMS, TEAMS)


@pytest.mark.parametrize(
    "location",
    ["LOCATION:", "LOCATION:Microsoft Teams Meeting", "LOCATION:Reunión de Microsoft Teams"],
)
def test_teams_link_only_in_the_description(location: str):
    assert _links(location, TEAMS_DESCRIPTION) == (TEAMS, TEAMS)


def test_teams_link_without_any_location():
    assert _links(TEAMS_DESCRIPTION) == (TEAMS, TEAMS)


def test_real_outlook_teams_invite():
    event = _fixture_event("tb_teams_invite_finnish.eml")
    assert event.online_url is not None
    assert event.online_url.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_")
    assert event.location == event.online_url


def test_zoom_link_as_the_location():
    assert _links(f"LOCATION:{ZOOM}") == (ZOOM, ZOOM)


def test_zoom_link_in_the_description_loses_trailing_punctuation():
    description = f"DESCRIPTION:Join Zoom Meeting\\n{ZOOM}.\\n\\nMeeting ID: 812 3456 7890"
    assert _links(description) == (ZOOM, ZOOM)


def test_google_meet_conference_property():
    assert _links(f"X-GOOGLE-CONFERENCE:{MEET}", GOOGLE_DESCRIPTION) == (MEET, MEET)
    assert _links("LOCATION:Google Meet", f"X-GOOGLE-CONFERENCE:{MEET}") == (MEET, MEET)


def test_rfc7986_conference_property():
    assert _links(f"CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Meet:{MEET}") == (MEET, MEET)


def test_real_google_meet_invite():
    event = _fixture_event("tb_google_meet_invite_swedish.eml")
    assert event.online_url == "https://meet.google.com/pyb-ndcu-hhc"
    assert event.location == event.online_url


def test_a_real_room_stays_the_location():
    assert _links(
        "LOCATION:Nomad Coffee\\, Passatge Sert 12\\, Barcelona",
        f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{TEAMS}",
    ) == ("Nomad Coffee, Passatge Sert 12, Barcelona", TEAMS)
    assert _links("LOCATION:Sala 3 (Edificio B)", GOOGLE_DESCRIPTION) == (
        "Sala 3 (Edificio B)",
        MEET,
    )


def test_no_link_no_online_url():
    assert _links("LOCATION:Nomad Coffee", "DESCRIPTION:See https://nomadcoffee.es/menu") == (
        "Nomad Coffee",
        None,
    )
    assert _links("LOCATION:Microsoft Teams Meeting") == ("Microsoft Teams Meeting", None)
    assert _links() == (None, None)


def test_zoom_x_link_is_an_online_meeting():
    event = _fixture_event("calmailproc_outlook16_inline_vcalendar.eml")
    assert event.online_url == "https://uni-frankfurt.zoom-x.de/j/3029758878?omn=63051536587"


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("Microsoft Teams -kokous"),
        pytest.param("Microsoft Teams-Besprechung"),
    ],
)
def test_localised_teams_placeholders_become_the_link(label: str):
    assert _links(f"LOCATION:{label}", TEAMS_DESCRIPTION) == (TEAMS, TEAMS)
