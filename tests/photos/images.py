"""Photos made with Pillow for the tests, the way phones write them (nothing is downloaded)."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from io import BytesIO

import pillow_heif
from PIL import Image, ImageDraw
from PIL.ExifTags import IFD, Base

pillow_heif.register_heif_opener()

SERIAL = "SN-4815162342"
"""The camera body's serial number in every test photo: it must never be stored or sent."""
LATITUDE = (41.0, 23.0, 10.5)
GPS_POINTERS = (b"\x88\x25\x00\x04\x00\x00\x00\x01", b"\x25\x88\x04\x00\x01\x00\x00\x00")
"""The GPS IFD pointer tag (0x8825, a LONG, count 1) as a big- and a little-endian EXIF
writes it: its bytes in a file mean a location is in there."""


def scene(width: int, height: int, seed: int = 0) -> Image.Image:
    """Something like a photo: a gradient, a few shapes (it compresses like one)."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(6):
        x, y = (seed * 97 + i * 211) % width, (seed * 53 + i * 137) % height
        draw.ellipse(
            (x, y, x + width // 5, y + height // 5), fill=(40 * i, 180 - 20 * i, 90 + seed % 100)
        )
    return image


def phone_exif(
    *, orientation: int = 1, taken: str = "2026:11:23 10:31:00", offset: str = "+01:00"
) -> Image.Exif:
    """An iPhone's EXIF: make, model, orientation, time, the serial number, a maker note and
    the place (Barcelona)."""
    exif = Image.Exif()
    exif[Base.Make], exif[Base.Model], exif[Base.Orientation] = "Apple", "iPhone 15", orientation
    exif[IFD.Exif] = {
        Base.DateTimeOriginal: taken,
        **({Base.OffsetTimeOriginal: offset} if offset else {}),
        Base.BodySerialNumber: SERIAL,
        Base.LensSerialNumber: SERIAL + "-L",
        Base.MakerNote: b"Apple iOS\x00" + SERIAL.encode(),
    }
    exif[IFD.GPSInfo] = {1: "N", 2: LATITUDE, 3: "E", 4: (2.0, 10.0, 30.0)}
    return exif


def phone_jpeg(width: int = 2400, height: int = 1800, seed: int = 0, **exif: object) -> bytes:
    """A JPEG as a phone sends it: with GPS, the serial number, a comment."""
    buffer = BytesIO()
    scene(width, height, seed).save(
        buffer,
        "JPEG",
        quality=85,
        exif=phone_exif(**exif).tobytes(),
        comment=b"at home",  # type: ignore[arg-type]
    )
    return buffer.getvalue()


def phone_heic(width: int = 2000, height: int = 1500) -> bytes:
    buffer = BytesIO()
    scene(width, height, 3).save(
        buffer, "HEIF", quality=50, exif=phone_exif().tobytes(), enc_params={"preset": "ultrafast"}
    )
    return buffer.getvalue()


def bomb_png(megapixels: int = 60) -> bytes:
    """A small file that would open into ``megapixels`` million pixels."""
    buffer = BytesIO()
    Image.new("L", (10_000, megapixels * 100)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    data = phone_jpeg(seed=5)
    return data[: len(data) // 2]


def carries_location(data: bytes) -> bool:
    """Whether the bytes hold a GPS IFD, XMP coordinates or the serial number anywhere."""
    found = any(pointer in data for pointer in GPS_POINTERS) or b"GPSLatitude" in data
    return found or SERIAL.encode() in data


def recap_with_images(
    body: str,
    images: list[tuple[str, str, bytes]],
    *,
    sent: datetime,
    sender: str = "alice@example.com",
    to: str = "recap@assistant.localhost",
    subject: str = "Recap",
    in_reply_to: str | None = None,
) -> bytes:
    """A recap with attachments, as a phone's mail app sends it: (filename, type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = make_msgid(domain="example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    for filename, content_type, data in images:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=policy.SMTP)  # CRLF, as SMTP carries it
