"""What a photo's EXIF may keep, and when it was taken.

A phone writes where the photo was taken (the GPS IFD), the serial numbers of the camera body
and lens, a maker note (Apple's and Samsung's hold identifiers of their own), the owner's name
and an XMP or IPTC packet that can repeat the location. Rather than deleting what we know of,
which leaves whatever the next phone adds, the EXIF of every copy we keep or send is rebuilt
from a short list of what is worth keeping: the camera's make and model, the times, and the
exposure. Anything else, the location first, is never copied.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from PIL import Image
from PIL.ExifTags import IFD, Base

KEEP_MAIN = (Base.Make, Base.Model, Base.Software, Base.DateTime)
"""From the main IFD: who made the camera, which one, and when the file was written."""
KEEP_EXIF = (
    Base.DateTimeOriginal,
    Base.DateTimeDigitized,
    Base.OffsetTime,
    Base.OffsetTimeOriginal,
    Base.OffsetTimeDigitized,
    Base.SubsecTimeOriginal,
    Base.ExposureTime,
    Base.FNumber,
    Base.ISOSpeedRatings,
    Base.ExposureProgram,
    Base.ExposureBiasValue,
    Base.ApertureValue,
    Base.ShutterSpeedValue,
    Base.MeteringMode,
    Base.Flash,
    Base.FocalLength,
    Base.FocalLengthIn35mmFilm,
    Base.WhiteBalance,
    Base.SceneCaptureType,
    Base.ColorSpace,
    Base.LensMake,
    Base.LensModel,
)
"""From the Exif IFD: times and exposure. Not the serial numbers (BodySerialNumber,
LensSerialNumber), the owner's name, ImageUniqueID or the maker note."""

EXIF_TIME = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")


def kept_exif(source: Image.Exif) -> bytes:
    """The EXIF block to write into a copy: only what :data:`KEEP_MAIN` and :data:`KEEP_EXIF`
    name, and no orientation (every copy is written upright). b"" when nothing is kept or the
    source's values cannot be written back (a damaged EXIF is dropped, not repaired)."""
    clean = Image.Exif()
    for tag in KEEP_MAIN:
        if tag in source:
            clean[tag] = source[tag]
    try:
        exif_ifd = source.get_ifd(IFD.Exif)
    except Exception:  # a broken pointer: keep the main IFD only
        exif_ifd = {}
    kept = {tag: exif_ifd[tag] for tag in KEEP_EXIF if tag in exif_ifd}
    if kept:
        clean[IFD.Exif] = kept
    if not len(clean):
        return b""
    try:
        return clean.tobytes()
    except Exception:  # a value of a type Pillow cannot write back
        return b""


def taken_at(source: Image.Exif, zone: ZoneInfo) -> datetime | None:
    """When the photo was taken, in UTC: DateTimeOriginal at its OffsetTimeOriginal. A camera
    that writes no offset wrote its own clock's time; it is read in the user's zone (where
    the photo of a coffee was taken, nearly always)."""
    try:
        exif_ifd = source.get_ifd(IFD.Exif)
    except Exception:
        return None
    written = exif_ifd.get(Base.DateTimeOriginal) or source.get(Base.DateTime)
    match = EXIF_TIME.match(str(written or ""))
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        local = datetime(year, month, day, hour, minute, second)  # its zone: below
    except ValueError:  # "0000:00:00 00:00:00", as some cameras write for "unknown"
        return None
    offset = OFFSET.match(str(exif_ifd.get(Base.OffsetTimeOriginal) or ""))
    if offset is None:
        return local.replace(tzinfo=zone).astimezone(UTC)
    sign = -1 if offset.group(1) == "-" else 1
    delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
    with contextlib.suppress(ValueError):  # an offset beyond a day: not a real one
        return local.replace(tzinfo=timezone(sign * delta)).astimezone(UTC)
    return None
