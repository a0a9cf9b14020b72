"""Whatever bytes arrive as an image, reading them never raises: each is kept, skipped with a
reason, or (a logo) left out; and the parser hands over every image part exactly as sent."""

from __future__ import annotations

from email.message import EmailMessage
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.config_sections import PhotosConfig
from mailer.parsing.message import parse_message
from mailer.parsing.types import ImagePart
from mailer.photos.develop import read_photos
from tests.photos.images import phone_jpeg

MADRID = ZoneInfo("Europe/Madrid")
JPEG = phone_jpeg(640, 480)
REASONS = {"too_large", "too_many_pixels", "too_many", "unreadable", "not_a_photo"}


def mutated(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    """``data`` with bytes overwritten here and there (a damaged download, a bad transfer)."""
    buffer = bytearray(data)
    for position, value in cuts:
        buffer[position % len(buffer)] = value
    return bytes(buffer)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=2000),
            st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8).map(
                lambda cuts: mutated(JPEG, cuts)
            ),
            st.integers(0, len(JPEG)).map(lambda end: JPEG[:end]),
        ),
        max_size=4,
    )
)
def test_any_bytes_are_kept_skipped_or_left_out(payloads: list[bytes]):
    parts = [ImagePart(f"{n}.jpg", "image/jpeg", data) for n, data in enumerate(payloads)]
    read = read_photos(parts, PhotosConfig(max_per_message=2), MADRID)
    assert len(read.kept) <= 2
    assert {s.why for s in read.skipped} <= REASONS
    for photo in read.kept:
        assert photo.original and photo.resized and max(photo.width, photo.height) <= 1600


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["image/jpeg", "image/png", "image/heic", "application/octet-stream"]),
            st.text(alphabet="abcXYZ_ 0123456789éñ", min_size=1, max_size=20),
            st.binary(min_size=1, max_size=300),
        ),
        max_size=4,
    )
)
def test_the_parser_hands_over_each_image_as_sent(attachments: list[tuple[str, str, bytes]]):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.org", "x"
    message.set_content("Coffee with Marta.")
    for content_type, name, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=f"{name}.jpg")
    parsed = parse_message(message.as_bytes())
    assert [(i.filename, i.data) for i in parsed.images] == [
        (" ".join(f"{name}.jpg".split()), data) for _, name, data in attachments
    ]
    assert parsed.text.strip() == "Coffee with Marta."
