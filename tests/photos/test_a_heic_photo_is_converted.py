"""An iPhone photo in HEIC: kept as a JPEG that every mail client and photo site shows, its
location gone like any other's."""

from __future__ import annotations

from PIL.ExifTags import IFD

from mailer.api import Mailer
from mailer.config import Config
from mailer.models import Photo
from tests.conftest import RunningService
from tests.photos.conftest import RECAP, SENT, image_parts, opened, replies_to, send, stored_files
from tests.photos.images import carries_location, phone_heic, recap_with_images


def test_a_heic_is_kept_and_sent_as_a_jpeg(server: RunningService, mailer: Mailer, config: Config):
    heic = phone_heic(2000, 1500)
    assert opened(heic).format == "HEIF" and carries_location(heic)
    message = recap_with_images(RECAP, [("IMG_0413.HEIC", "image/heic", heic)], sent=SENT)
    send(server, message)

    [meeting] = mailer.meetings()
    [photo] = meeting["photos"]
    assert (photo["width"], photo["height"]) == (1600, 1200)
    files = stored_files(config)
    assert sorted(f.suffix for f in files) == [".jpg", ".jpg"]
    for path in files:
        image = opened(path)
        assert image.format == "JPEG" and not image.getexif().get_ifd(IFD.GPSInfo)
        assert not carries_location(path.read_bytes())
    assert max(opened(f).size for f in files) == (2000, 1500)  # the original's size, kept
    with mailer.sessions() as session:
        assert session.query(Photo.received_format, Photo.filename).one() == (
            "heif",
            "IMG_0413.HEIC",
        )
    [confirmation] = replies_to(mailer, message)
    assert {opened(p.get_content()).format for p in image_parts(confirmation)} == {"JPEG"}
    assert "you sent it as IMG_0413.HEIC" in confirmation.get_body(("plain",)).get_content()
