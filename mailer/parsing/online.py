"""Find the online-meeting link (Teams, Zoom, Meet, Webex, ...) of an event."""

from __future__ import annotations

import re

from icalendar.cal import Component

MEETING_URL = re.compile(
    r"https://(?:[\w-]+\.)*(?:teams\.microsoft\.com|teams\.live\.com|zoom\.us|zoom-x\.de|zoomgov\.com|"
    r"meet\.google\.com|webex\.com|whereby\.com|meet\.jit\.si|gotomeeting\.com|"
    r"chime\.aws|bluejeans\.com)/[^\s<>\"'\\)\]]*",
    re.IGNORECASE,
)
LINK_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "CONFERENCE",
    "URL",
    "LOCATION",
    "DESCRIPTION",
    "X-ALT-DESC",
)


def online_meeting_url(event: Component) -> str | None:
    """The first video-call link in the properties calendars put them in, most specific first."""
    for name in LINK_PROPERTIES:
        for value in _values(event, name):
            match = MEETING_URL.search(value)
            if match:
                return match.group(0).rstrip(".,;>")
    return None


def _values(event: Component, name: str) -> list[str]:
    value = event.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values]


PLACEHOLDERS = frozenset({
    "microsoft teams meeting", "microsoft teams kokous", "microsoft teams besprechung",
    "reunión de microsoft teams", "réunion microsoft teams", "riunione di microsoft teams",
    "zoom", "zoom meeting", "google meet",
})  # fmt: skip
"""What Outlook and others write as LOCATION when the place is only a video call."""


def is_only_a_link(location: str) -> bool:
    text = " ".join(location.replace("-", " ").split()).lower()
    return bool(MEETING_URL.fullmatch(location.strip())) or text in PLACEHOLDERS
