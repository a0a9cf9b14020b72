"""Read an invitation whose calendar part was stripped, from the text calendars put around it.

Google Calendar names the meeting in the subject ("Invitation: Coffee @ Tue Dec 22, 2026 1:30pm
- 2:30pm (CET) (anna@example.com)"), Outlook in the body ("When: Tuesday, December 22, 2026
1:30 PM-2:30 PM. (UTC+01:00) Brussels, Copenhagen, Madrid, Paris"), in the sender's language.
Dates are read with dateparser (English, Spanish, Catalan). A zone label is used when it names
an offset or a city unambiguously (CET is +01:00, "(UTC+01:00) Madrid" is Europe/Madrid);
otherwise the user's zone is used. Such events are marked ``source="text"``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import dateparser

from mailer.parsing.timezones import zone_from_label, zone_name
from mailer.parsing.types import Attendee, CalendarEvent, ParsedMessage, Person

LANGUAGES = ["en", "es", "ca"]
FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|rv|re|reenviar|tr|wg)\s*:\s*)+", re.I)
SUBJECT = re.compile(
    r"^(?:updated invitation|invitation|invitación actualizada|invitación|invitació)"
    r"(?: with note| con nota)?\s*:\s*(?P<title>.+?)\s+@\s+(?P<when>.+?)"
    r"(?:\s+\((?P<who>[^()\s]+@[^()\s]+)\))?\s*$",
    re.I,
)
WHEN_LINE = re.compile(r"^\s*(?:when|cuándo|cuando|quan)\s*:\s*(?P<when>.+)$", re.I | re.M)
"""Not "Date:" or "Fecha:": those head every forwarded email and say when it was sent."""
WHERE_LINE = re.compile(
    r"^\s*(?:where|dónde|donde|on|ubicación|location|lugar)\s*:\s*(?P<where>.+)$", re.I | re.M
)
TIME = r"\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
RANGE = re.compile(
    rf"^(?P<date>.*?)(?P<start>{TIME})\s*(?:-|–|—|\bto\b|\ba\b|\bhasta\b)\s*(?P<end>.+)$", re.I
)
FIXED_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _zone(label: str, default: tzinfo) -> tzinfo:
    label = label.strip().rstrip(".").strip()
    bare = label.strip("()").strip()
    if bare.upper() in FIXED_ABBREVIATIONS:
        return timezone(timedelta(hours=FIXED_ABBREVIATIONS[bare.upper()]))
    named = zone_from_label(
        label if label.upper().startswith(("(UTC", "(GMT")) else f"(UTC) {bare}"
    )
    if named is None and "-" in label:  # Google: "Central European Time - Madrid"
        named = zone_from_label("(UTC) " + label.rsplit("-", 1)[1])
    return named or default


def _split_zone(when: str) -> tuple[str, str]:
    when = when.strip()
    match = re.search(r"\.?\s*(\((?:UTC|GMT)[^)]*\).*)$", when)
    if match:
        return when[: match.start()], match.group(1)
    match = re.search(r"\(([^()]+)\)\s*$", when)
    if match:
        return when[: match.start()], match.group(1)
    return when, ""


def _parse(text: str, zone: tzinfo) -> datetime | None:
    cleaned = text.replace("⋅", " ").replace("·", " ").strip(" ,.")
    try:
        value = dateparser.parse(
            cleaned, languages=LANGUAGES, settings={"RETURN_AS_TIMEZONE_AWARE": False}
        )
    except Exception:
        return None
    return value.replace(tzinfo=zone) if value else None


def parse_when(when: str, default_zone: tzinfo) -> tuple[datetime, datetime] | None:
    """Start and end of a "Tue Dec 22, 2026 1:30pm - 2:30pm (CET)" phrase, or None."""
    core, label = _split_zone(when)
    zone = _zone(label, default_zone) if label else default_zone
    match = RANGE.match(core.replace("⋅", " "))
    if not match:
        start = _parse(core, zone)
        return (start, start + timedelta(hours=1)) if start else None
    date_words = match["date"].strip(" ,⋅")
    start = _parse(f"{date_words} {match['start']}", zone)
    if start is None:
        return None
    end_text = match["end"].strip()
    end = _parse(
        end_text if re.search(r"[a-zA-Z]{3}.*\d{4}", end_text) else f"{date_words} {end_text}", zone
    )
    if end is None or end < start:
        end = start + timedelta(hours=1)
    return start, end


def events_from_invitation_text(
    message: ParsedMessage, *, default_zone: tzinfo
) -> list[CalendarEvent]:
    """An event read from an invitation's subject or body text; [] when there is none."""
    subject = FORWARD_PREFIX.sub("", message.subject)
    subject_match = SUBJECT.match(subject)
    body_when = WHEN_LINE.search(message.text or "")
    found = subject_match or body_when  # the subject's time first
    if found is None:
        return []
    when = found["when"]
    times = parse_when(when, default_zone)
    if times is None and body_when and subject_match:
        times = parse_when(body_when["when"], default_zone)
    if times is None:
        return []
    start, end = times
    title = subject_match["title"] if subject_match else subject
    where = WHERE_LINE.search(message.text or "")
    organizer_email = subject_match["who"] if subject_match and subject_match["who"] else None
    people = {a.lower() for a in EMAIL.findall(message.text or "")}
    if organizer_email:
        people.add(organizer_email.lower())
    if message.sender:
        people.discard(message.sender.email)
    seed = f"{title}|{start.isoformat()}|{organizer_email or ''}"
    return [
        CalendarEvent(
            uid="text-" + hashlib.sha256(seed.encode()).hexdigest()[:24],
            start=start.astimezone(UTC),
            end=end.astimezone(UTC),
            title=title.strip(),
            timezone=zone_name(start.tzinfo),
            location=where["where"].strip() if where else None,
            organizer=Person(organizer_email.lower()) if organizer_email else None,
            attendees=tuple(Attendee(Person(email)) for email in sorted(people)),
            source="text",
        )
    ]
