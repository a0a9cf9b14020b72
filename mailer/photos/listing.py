"""The photos of each meeting, as ``mailer meetings list --json`` shows them."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.log.queries import iso
from mailer.models import Photo
from mailer.photos.store import PhotoStore


def with_photos(
    session: Session, user_id: int, meetings: list[dict[str, Any]], store: PhotoStore,
    zone: ZoneInfo,
) -> list[dict[str, Any]]:  # fmt: skip
    """``meetings`` (as :func:`mailer.log.queries.list_meetings` gives them), each with its
    ``photos``: the resized copy's absolute path, its size, the SHA-256 and when it was taken."""
    photos: dict[int, list[dict[str, Any]]] = {}
    for photo in session.scalars(
        select(Photo).where(Photo.user_id == user_id).order_by(Photo.meeting_id, Photo.id)
    ):
        photos.setdefault(photo.meeting_id, []).append(
            {
                "file": str(store.path(photo.resized_path)),
                "width": photo.width,
                "height": photo.height,
                "sha256": photo.sha256,
                "taken_at": iso(photo.taken_at, zone),
            }
        )
    return [{**meeting, "photos": photos.get(meeting["id"], [])} for meeting in meetings]
