"""Turn the image parts of a message into the two copies we keep of each photo, or a reason why
not; never raises.

Each photo becomes two files, both written by Pillow from the decoded pixels with only the
metadata we hand it (:func:`~mailer.photos.metadata.kept_exif` and the colour profile), upright:

- the *original*: full size, at the photo's own JPEG quantisation tables and chroma subsampling
  (a re-encode you cannot tell from the photo that was sent), a PNG losslessly, a WebP at
  quality 95; a HEIC/HEIF photo (iPhone) becomes a JPEG at quality 95, which every mail client
  and photo site shows;
- the *resized* copy: a JPEG at most ``LONG_SIDE`` px on its long side, for mail and export.

Why not the sent bytes, minus their location? A JPEG from a phone repeats its location and
identifiers in more places than the EXIF GPS IFD: an XMP packet, the maker note, an Exif
thumbnail, the second image an iPhone appends after the first (MPF: its HDR gain map, with an
EXIF of its own). Cutting those out of the byte stream takes a JPEG (and a PNG, WebP and HEIF)
parser of our own and a list of segments to keep up to date; a copy written from the pixels
carries nothing we did not put in it, whatever the next phone adds. What it costs is one
re-encode at the photo's own quality, in return for never sending a location by accident.

Work happens before the database transaction (:mod:`mailer.pipeline`), so a message with ten
photos holds no lock while they are decoded.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pillow_heif
from PIL import Image, ImageOps, JpegImagePlugin

from mailer.config_sections import PhotosConfig
from mailer.parsing.types import ImagePart
from mailer.photos.metadata import kept_exif, taken_at

pillow_heif.register_heif_opener()
log = logging.getLogger(__name__)

LONG_SIDE = 1600
"""The resized copy's long side, at most (what mail and the photo sites show)."""
NOT_A_PHOTO = (300, 160)
"""Images whose long side is under 300 px or short side under 160 px are logos and icons (a
signature's), not photos: they are left out without a word."""
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heif"}
"""Pillow's name of each format a photo may come in, and ours (``photos.received_format``)."""
RESIZED_QUALITY = 85
REENCODED_QUALITY = 95


@dataclass(frozen=True)
class NewPhoto:
    """A photo read from a message, as the files to keep (not written yet)."""

    sha256: str
    """Of the image as it arrived: the same photo sent again has the same one."""
    filename: str
    received_format: str
    original: bytes
    original_suffix: str
    resized: bytes
    width: int
    height: int
    """Of the resized copy."""
    taken_at: datetime | None


@dataclass(frozen=True)
class Skipped:
    """An image not kept, and why: ``too_large`` (bytes), ``too_many_pixels`` (a decompression
    bomb), ``too_many`` (past the count per message), ``unreadable`` (truncated, damaged) or
    ``not_a_photo`` (a format other than JPEG, PNG, WebP, HEIC)."""

    filename: str
    why: str
    size: int = 0
    """The image's bytes (too_large) or pixels (too_many_pixels)."""
    format: str = ""


@dataclass(frozen=True)
class ReadPhotos:
    kept: tuple[NewPhoto, ...] = ()
    skipped: tuple[Skipped, ...] = ()


class _Refused(Exception):
    def __init__(self, skipped: Skipped) -> None:
        self.skipped = skipped


class _NotAPhoto(Exception):
    """A logo or an icon: left out without a word."""


def read_photos(images: Iterable[ImagePart], settings: PhotosConfig, zone: ZoneInfo) -> ReadPhotos:
    """The photos among ``images`` within ``settings``' limits, and the images skipped."""
    kept: list[NewPhoto] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for part in images:
        if len(part.data) > settings.max_bytes:
            skipped.append(Skipped(part.filename, "too_large", len(part.data)))
            continue
        sha256 = hashlib.sha256(part.data).hexdigest()
        if sha256 in seen:  # the same photo twice in one message
            continue
        seen.add(sha256)
        try:
            kept.append(
                _read(part, sha256, settings, zone, room=len(kept) < settings.max_per_message)
            )
        except _Refused as refused:
            skipped.append(refused.skipped)
        except _NotAPhoto:
            continue
        except Image.DecompressionBombError:
            skipped.append(Skipped(part.filename, "too_many_pixels"))
        except Exception as exc:  # truncated, damaged, or a decoder's bug: never the message's end
            log.info("image %r not read: %s: %s", part.filename, exc.__class__.__name__, exc)
            skipped.append(Skipped(part.filename, "unreadable"))
    return ReadPhotos(tuple(kept), tuple(skipped))


def _read(
    part: ImagePart, sha256: str, settings: PhotosConfig, zone: ZoneInfo, *, room: bool
) -> NewPhoto:
    with Image.open(BytesIO(part.data)) as image:  # the header only, so far
        width, height = image.size
        if max(width, height) < NOT_A_PHOTO[0] or min(width, height) < NOT_A_PHOTO[1]:
            raise _NotAPhoto
        ours = FORMATS.get(image.format or "")
        if ours is None:
            raise _Refused(Skipped(part.filename, "not_a_photo", format=image.format or ""))
        if width * height > settings.max_megapixels * 1_000_000:
            raise _Refused(Skipped(part.filename, "too_many_pixels", width * height))
        if not room:
            raise _Refused(Skipped(part.filename, "too_many"))
        image.load()  # decodes: a truncated file raises here
        return _develop(image, ours, part.filename, sha256, zone)


def _develop(
    image: Image.Image, received: str, filename: str, sha256: str, zone: ZoneInfo
) -> NewPhoto:
    source_exif = image.getexif()
    exif = kept_exif(source_exif)
    icc = image.info.get("icc_profile") if image.mode != "CMYK" else None
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    quantisation = getattr(image, "quantization", None) if image.mode in ("RGB", "L") else None
    sampling = JpegImagePlugin.get_sampling(image) if quantisation else -1
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGBA" if alpha else "RGB")
    upright.info = {}  # nothing of the source's (a comment, XMP) is written by accident
    common: dict[str, Any] = {"exif": exif, "icc_profile": icc}
    if received == "png":
        original, suffix = _encode(upright, "PNG", **common), "png"
    elif received == "webp":
        original, suffix = _encode(upright, "WEBP", quality=REENCODED_QUALITY, **common), "webp"
    elif quantisation:  # a JPEG, at its own quality
        keep = {"qtables": quantisation, "subsampling": sampling}
        original, suffix = _encode(upright, "JPEG", **keep, **common), "jpg"
    else:  # HEIF, or a CMYK JPEG: a JPEG at quality 95
        original, suffix = (
            _encode(_flat(upright), "JPEG", quality=REENCODED_QUALITY, **common),
            "jpg",
        )
    small = _flat(upright)
    small.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized = _encode(small, "JPEG", quality=RESIZED_QUALITY, optimize=True, **common)
    return NewPhoto(
        sha256=sha256,
        filename=filename,
        received_format=received,
        original=original,
        original_suffix=suffix,
        resized=resized,
        width=small.width,
        height=small.height,
        taken_at=taken_at(source_exif, zone),
    )


def _flat(image: Image.Image) -> Image.Image:
    """``image`` without transparency (JPEG has none): on white, as it shows on a page."""
    if image.mode in ("RGB", "L"):
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image: Image.Image, format: str, **options: Any) -> bytes:
    for key in ("exif", "icc_profile"):
        if not options.get(key):  # none to write (Pillow would write an empty one)
            options.pop(key, None)
    buffer = BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()
