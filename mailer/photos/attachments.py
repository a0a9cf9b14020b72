"""The photos an email shows, read from the folder when it is built.

An outbox row names its images (``context["images"]``: a Content-ID, a stored path, a file
name, whether to attach it too, and for the digest's small ones the size to show them at); the
bytes are read at dispatch, never copied into the database. A photo deleted since (its meeting
undone) is left out, and the message goes without it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from io import BytesIO
from typing import Any

from PIL import Image

from mailer.outbound.compose import InlineImage
from mailer.photos.store import PhotoPathError, PhotoStore

log = logging.getLogger(__name__)

SMALL_QUALITY = 80


def inline_images(context: Mapping[str, Any], store: PhotoStore) -> list[InlineImage]:
    """The images ``context`` names, each once, as they go in the message."""
    images: list[InlineImage] = []
    seen: set[str] = set()
    for entry in context.get("images") or []:
        if entry["cid"] in seen:
            continue
        seen.add(entry["cid"])
        try:
            data = store.read(entry["file"])
        except (OSError, PhotoPathError) as exc:
            log.info("photo %s left out of the message: %s", entry["file"], exc)
            continue
        if entry.get("max_side"):
            data = smaller(data, int(entry["max_side"]))
        images.append(
            InlineImage(
                entry["cid"],
                data,
                entry.get("filename") or "photo.jpg",
                attach=bool(entry.get("attach")),
            )
        )
    return images


def smaller(data: bytes, side: int) -> bytes:
    """A stored JPEG at most ``side`` px on its long side (the digest's small photos), with its
    colour profile and no other metadata."""
    with Image.open(BytesIO(data)) as image:
        image.draft("RGB", (side, side))  # JPEG decodes at a fraction of the size: fast
        icc = image.info.get("icc_profile")
        small = image.convert("RGB")
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
    small.info = {}
    buffer = BytesIO()
    small.save(buffer, "JPEG", quality=SMALL_QUALITY, **({"icc_profile": icc} if icc else {}))
    return buffer.getvalue()
