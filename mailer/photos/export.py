"""``mailer photos export DIR``: the year's photos as files a person keeps, shares and finds
again: "2026-03-12 coffee with Marta.jpg", the post's caption in the JPEG comment.

The resized copies are written as they are kept, with a comment segment (COM) put in after the
start of the image: no re-encoding, so the photo is the one the confirmation showed. The
caption is the user's own (a reply "caption: ...") or the ready one, in their language.
Exporting again writes the same names, so it brings a folder up to date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mailer.config import Config, UserConfig
from mailer.models import Attendee, Meeting, Photo
from mailer.outbound.templating import Templates
from mailer.photos.naming import file_stem, post_facts
from mailer.photos.store import PhotoStore
from mailer.planning.digest_weeks import midnight

START_OF_IMAGE = b"\xff\xd8"
COMMENT = b"\xff\xfe"
LONGEST_COMMENT = 65_533
"""A JPEG segment's length is two bytes, and counts itself."""


class ExportError(Exception):
    """The folder cannot be written; the message says which and why."""


def with_comment(jpeg: bytes, comment: str) -> bytes:
    """``jpeg`` with ``comment`` (UTF-8) in a COM segment right after its start marker."""
    if not jpeg.startswith(START_OF_IMAGE) or not comment:
        return jpeg
    text = comment.encode("utf-8")[:LONGEST_COMMENT]
    segment = COMMENT + (len(text) + 2).to_bytes(2, "big") + text
    return START_OF_IMAGE + segment + jpeg[len(START_OF_IMAGE) :]


def export_photos(
    session: Session,
    config: Config,
    user: UserConfig,
    user_id: int,
    store: PhotoStore,
    folder: Path,
    *,
    year: int | None = None,
) -> list[Path]:
    """Write the photos of ``user``'s meetings (in ``year``, by the meeting's day in their
    zone, or all) into ``folder``; the paths written, oldest meeting first."""
    query = (
        select(Meeting)
        .where(Meeting.user_id == user_id, Meeting.id.in_(select(Photo.meeting_id)))
        .options(selectinload(Meeting.attendees).selectinload(Attendee.contact))
        .order_by(Meeting.start, Meeting.id)
    )
    if year is not None:
        query = query.where(
            Meeting.start >= midnight(_first_of(year), user.zone),
            Meeting.start < midnight(_first_of(year + 1), user.zone),
        )
    overrides = config.resolve(config.outbound.templates) if config.outbound.templates else None
    templates = Templates(overrides)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {folder}: {exc.strerror}") from None
    written: list[Path] = []
    taken: set[str] = set()
    for meeting in session.scalars(query):
        photos = session.scalars(
            select(Photo).where(Photo.meeting_id == meeting.id).order_by(Photo.id)
        ).all()
        post = post_facts(session, user_id, meeting)
        caption = templates.render_file("_caption.txt", {"post": post}, user.language).strip()
        day = meeting.start.astimezone(user.zone).date().isoformat()
        stem = file_stem(day, meeting.kind, post["names"], user.language)
        for number, photo in enumerate(photos, start=1):
            name = _free_name(f"{stem} ({number})" if len(photos) > 1 else stem, taken)
            path = folder / f"{name}.jpg"
            try:
                path.write_bytes(with_comment(store.read(photo.resized_path), caption))
            except FileNotFoundError:  # its file is gone (deleted by hand): the others still go
                continue
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror}") from None
            written.append(path)
    return written


def _first_of(year: int) -> date:
    return date(year, 1, 1)


def _free_name(stem: str, taken: set[str]) -> str:
    """``stem``, or "stem (2)"... when another meeting of the same day has the same name."""
    name, number = stem, 1
    while name.lower() in taken:
        number += 1
        name = f"{stem} ({number})"
    taken.add(name.lower())
    return name
