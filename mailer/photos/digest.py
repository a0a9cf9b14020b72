"""The digest's photos: the week's, small and with the people's names, and once a month a strip
of the month's.

The strip comes in the digest whose week holds the month's last day, so every month has one,
whatever day weeks start on. Both come from one statement (the digest counts its statements:
tests/planning/test_digest_statement_count.py), and the digest shows them inline, at
``SMALL_SIDE`` px, made from the resized copies when the email is built
(:mod:`mailer.photos.attachments`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.log.filed import names_of
from mailer.models import Attendee, Contact, Meeting, Photo
from mailer.planning.digest_weeks import WEEK, midnight

SMALL_SIDE = 320
"""The long side of the digest's photos as sent (shown smaller: crisp on a phone's screen)."""
WEEK_SHOWN = 9
MONTH_SHOWN = 16
WEEK_WIDTH = 160
STRIP_HEIGHT = 72


@dataclass(frozen=True)
class DigestPhoto:
    sha256: str
    resized_path: str
    width: int
    height: int
    meeting_id: int
    start: datetime
    kind: str | None
    names: str


@dataclass(frozen=True)
class DigestPhotos:
    week: tuple[DigestPhoto, ...] = ()
    month: tuple[DigestPhoto, ...] = ()
    """The month's strip, in the digest whose week holds the month's last day (else empty)."""
    month_first: date | None = None
    month_meetings: int = 0


def last_day_of_month(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def digest_photos(session: Session, user_id: int, week: date, zone: ZoneInfo) -> DigestPhotos:
    """The photos of meetings (not cancelled) in ``week``, and the month's if its strip is due."""
    month_end = last_day_of_month(week)
    month_first = month_end.replace(day=1) if month_end < week + WEEK else None
    start, end = midnight(week, zone), midnight(week + WEEK, zone)
    since = min(start, midnight(month_first, zone)) if month_first else start
    rows = session.execute(
        select(
            Photo.sha256,
            Photo.resized_path,
            Photo.width,
            Photo.height,
            Meeting.id,
            Meeting.start,
            Meeting.kind,
            Contact.name,
            Contact.email,
        )
        .join(Meeting, Meeting.id == Photo.meeting_id)
        .outerjoin(Attendee, Attendee.meeting_id == Meeting.id)
        .outerjoin(Contact, Contact.id == Attendee.contact_id)
        .where(
            Photo.user_id == user_id,
            Meeting.user_id == user_id,
            Meeting.status != "cancelled",
            Meeting.start >= since,
            Meeting.start < end,
        )
        .order_by(Meeting.start, Photo.id, Attendee.id)
    ).all()
    people: dict[tuple[int, str], list[str]] = {}
    photos: dict[tuple[int, str], Any] = {}
    for row in rows:
        key = (row.id, row.sha256)
        photos.setdefault(key, row)
        if row.name or row.email:
            people.setdefault(key, []).append(row.name or row.email)
    found = [
        DigestPhoto(row.sha256, row.resized_path, row.width, row.height, row.id, row.start,
                    row.kind, names_of(people.get(key, [])))
        for key, row in photos.items()
    ]  # fmt: skip
    in_month = []
    if month_first is not None:
        after = midnight(month_end + timedelta(days=1), zone)
        in_month = [p for p in found if midnight(month_first, zone) <= p.start < after]
    return DigestPhotos(
        week=tuple(p for p in found if p.start >= start)[:WEEK_SHOWN],
        month=tuple(_once(in_month))[:MONTH_SHOWN],
        month_first=month_first if in_month else None,
        month_meetings=len({p.meeting_id for p in in_month}),
    )


def _once(photos: list[DigestPhoto]) -> list[DigestPhoto]:
    """Each photo once in the strip, even when it belongs to two meetings."""
    first: dict[str, DigestPhoto] = {}
    for photo in photos:
        first.setdefault(photo.sha256, photo)
    return list(first.values())


def photo_context(photos: DigestPhotos, zone: ZoneInfo) -> dict[str, Any]:
    """What the digest templates show of the photos (``_digest_photos.*``), and the images the
    email carries for them."""

    def shown(photo: DigestPhoto) -> dict[str, Any]:
        return {
            "cid": f"photo-{photo.sha256[:24]}.small@digest",
            "kind": photo.kind,
            "names": photo.names,
            "start": photo.start.isoformat(),
            "width": WEEK_WIDTH,
            "height": round(photo.height * WEEK_WIDTH / photo.width),
            "strip_width": round(photo.width * STRIP_HEIGHT / photo.height),
            "strip_height": STRIP_HEIGHT,
        }

    every = {p.sha256: p for p in (*photos.week, *photos.month)}
    return {
        "photos": {
            "week": [shown(p) for p in photos.week],
            "month": [shown(p) for p in photos.month],
            "month_first": photos.month_first.isoformat() if photos.month_first else None,
            "month_meetings": photos.month_meetings,
            "zone": zone.key,
        },
        "images": [
            {
                "cid": shown(p)["cid"],
                "file": p.resized_path,
                "filename": "photo.jpg",
                "max_side": SMALL_SIDE,
            }
            for p in every.values()
        ],
    }
