"""The handlers' one call: keep the message's photos with the meeting it filed.

A recap, a forwarded invitation, a "done" in reply to a prompt or a reply to a confirmation
calls :func:`keep_photos` with the meeting it wrote to. The photos were read before the
transaction (:func:`mailer.photos.develop.read_photos`, ``Context.photos``); here their files
are written and their rows added, and the confirmation gets what it shows: each photo inline
and attached, the ones skipped and why, and the post to copy.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mailer.log.handling import Context
from mailer.models import Meeting, Photo
from mailer.photos.cleanup import forget_if_rolled_back
from mailer.photos.develop import NewPhoto, Skipped
from mailer.photos.naming import file_stem, post_facts
from mailer.photos.store import PhotoStore

MEGABYTE = 1024 * 1024


def has_photos(context: Context) -> bool:
    """Did the message bring images worth a word (kept or skipped)?"""
    return bool(context.photos.kept or context.photos.skipped)


def keep_photos(context: Context, meeting: Meeting | None) -> None:
    """Store the message's photos with ``meeting`` (once per photo and meeting), and tell the
    confirmation. A handler that confirms nothing of its own ("done") gets it confirmed."""
    if meeting is None or not has_photos(context):
        return
    session, user_id = context.session, context.user_id
    store = PhotoStore(context.config.photos_dir)
    known = {
        (photo.meeting_id, photo.sha256)
        for photo in session.scalars(
            select(Photo).where(
                Photo.user_id == user_id,
                Photo.sha256.in_([p.sha256 for p in context.photos.kept]),
            )
        )
    }
    day = meeting.start.astimezone(context.user.zone).date().isoformat()
    post = post_facts(session, user_id, meeting)
    stem = file_stem(day, meeting.kind, post["names"], context.user.language)
    written: list[str] = []
    shown, images = [], []
    for number, photo in enumerate(context.photos.kept, start=1):
        original, resized = store.relative_paths(user_id, photo.sha256, photo.original_suffix)
        for path, data in ((original, photo.original), (resized, photo.resized)):
            if store.write(path, data):
                written.append(path)
        again = (meeting.id, photo.sha256) in known
        if not again:
            session.add(_row(context, meeting, photo, original, resized))
        cid = f"photo-{photo.sha256[:24]}@{context.config.inbound.domain}"
        suffix = f" ({number})" if len(context.photos.kept) > 1 else ""
        attached = f"{stem}{suffix}.jpg"
        shown.append({"cid": cid, "name": photo.filename, "attached": attached,
                      "width": photo.width, "height": photo.height, "again": again})  # fmt: skip
        images.append({"cid": cid, "file": resized, "filename": attached, "attach": True})
    forget_if_rolled_back(session, store, written)
    session.flush()
    context.filed.details["photos"] = {
        "meeting_id": meeting.id,
        "kept": shown,
        "skipped": [_skipped(s, context) for s in context.photos.skipped],
        "post": post if shown else None,
    }
    context.filed.details["images"] = images
    if not context.filed.what:  # "done" to a prompt: confirm it, so the photo and post show
        context.filed.what, context.filed.meeting_ids = "meetings", [meeting.id]
        context.filed.confirm = True


def _row(context: Context, meeting: Meeting, photo: NewPhoto, original: str, resized: str) -> Photo:
    return Photo(
        user_id=context.user_id,
        meeting_id=meeting.id,
        sha256=photo.sha256,
        filename=photo.filename,
        received_format=photo.received_format,
        original_path=original,
        resized_path=resized,
        width=photo.width,
        height=photo.height,
        taken_at=photo.taken_at,
        inbound_message_id=context.inbound.id,
    )


def _skipped(skipped: Skipped, context: Context) -> dict[str, Any]:
    """One image not kept, as the confirmation's line about it says it."""
    settings = context.config.photos
    return {
        "name": skipped.filename,
        "why": skipped.why,
        "megabytes": round(skipped.size / MEGABYTE, 1),
        "limit_megabytes": round(settings.max_bytes / MEGABYTE),
        "megapixels": round(skipped.size / 1_000_000),
        "limit_megapixels": settings.max_megapixels,
        "limit": settings.max_per_message,
        "format": skipped.format,
    }
