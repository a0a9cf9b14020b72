"""A recap sent from a phone with the coffee photo attached: filed with the photo, whose location
and serial number are gone from every copy kept or sent, and the confirmation shows it inline
with a caption to post."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

from click.testing import CliRunner
from PIL.ExifTags import IFD, Base

from mailer.api import Mailer
from mailer.cli import cli
from mailer.config import Config
from tests.conftest import RunningService
from tests.photos.conftest import (
    RECAP,
    SENT,
    image_parts,
    opened,
    parts,
    replies_to,
    send,
    stored_files,
)
from tests.photos.images import carries_location, phone_jpeg, recap_with_images


def test_the_photo_is_kept_without_its_location(
    server: RunningService, mailer: Mailer, config: Config
):
    photo = phone_jpeg(2400, 1800, orientation=6)  # held upright: the pixels lie on their side
    assert carries_location(photo) and opened(photo).getexif().get_ifd(IFD.GPSInfo)
    send(server, recap_with_images(RECAP, [("IMG_0412.JPG", "image/jpeg", photo)], sent=SENT))

    [meeting] = mailer.meetings()
    assert meeting["status"] == "done"
    [kept] = meeting["photos"]
    assert (kept["width"], kept["height"]) == (1200, 1600)  # at most 1600 px, and upright
    assert kept["taken_at"] == "2026-11-23T10:31:00+01:00"  # its own offset, in Alice's zone
    files = stored_files(config)
    assert len(files) == 2 and str(files[0].parent.parent.name) == str(mailer.user()[1])
    original = next(f for f in files if not f.name.endswith("-1600.jpg"))
    assert opened(original).size == (1800, 2400)  # the full size, upright too
    assert kept["file"] == str(config.photos_dir.resolve() / next(
        str(f.relative_to(config.photos_dir)) for f in files if f.name.endswith("-1600.jpg")
    ))  # fmt: skip
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the user's own
        exif = opened(path).getexif()
        assert not exif.get_ifd(IFD.GPSInfo) and IFD.GPSInfo not in exif, path
        assert Base.BodySerialNumber not in exif.get_ifd(IFD.Exif), path
        assert Base.Orientation not in exif  # applied to the pixels instead
        assert exif[Base.Model] == "iPhone 15"  # what is worth keeping stays
        assert not carries_location(path.read_bytes()), path
        assert "comment" not in opened(path).info  # "at home": nothing of the sender's text


def test_the_confirmation_shows_it_inline_with_a_caption(server: RunningService, mailer: Mailer):
    message = recap_with_images(RECAP, [("IMG_0412.JPG", "image/jpeg", phone_jpeg())], sent=SENT)
    send(server, message)
    [confirmation] = replies_to(mailer, message)

    related = next(p for p in confirmation.walk() if p.get_content_type() == "multipart/related")
    html_part, inline = related.get_payload()  # type: ignore[misc]
    assert html_part.get_content_type() == "text/html"
    assert inline.get_content_disposition() == "inline"
    cid = inline["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html_part.get_content()
    attachment = next(
        p for p in image_parts(confirmation) if p.get_content_disposition() == "attachment"
    )
    assert attachment.get_filename() == "2026-11-23 coffee with Marta.jpg"
    for part in (inline, attachment):  # what is sent carries no location either
        data = part.get_content()
        assert not carries_location(data)
        assert not opened(data).getexif().get_ifd(IFD.GPSInfo)

    text, html = parts(confirmation)
    caption = "Coffee with Marta this week, number 1 of my #slownetworking challenge"
    for part in (text, html):
        flat = " ".join(part.split())
        assert caption in flat and "Soler" not in flat.split("caption to go with the photo")[1]
        assert "Ask Marta before you post it" in flat
        assert "without its location or the camera's serial number" in flat
        assert '"caption: …"' in flat


def test_meetings_list_shows_the_photos(server: RunningService, mailer: Mailer, config: Config):
    send(server, recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT))
    runner = CliRunner()
    listed = runner.invoke(cli, ["--config", str(config.path), "meetings", "list", "--json"])
    [meeting] = json.loads(listed.output)
    [photo] = meeting["photos"]
    assert set(photo) == {"file", "width", "height", "sha256", "taken_at"}
    assert photo["file"].endswith("-1600.jpg") and opened_path_exists(photo["file"])
    assert len(photo["sha256"]) == 64
    table = runner.invoke(cli, ["--config", str(config.path), "meetings", "list"])
    assert "📷" in table.output


def opened_path_exists(file: str) -> bool:
    from pathlib import Path

    path = Path(file)
    return path.is_absolute() and path.is_file()


def test_a_photo_without_an_offset_is_read_in_the_users_zone(
    server: RunningService, mailer: Mailer
):
    photo = phone_jpeg(offset="")
    send(server, recap_with_images(RECAP, [("b.jpg", "image/jpeg", photo)], sent=SENT))
    [meeting] = mailer.meetings()
    taken = datetime.fromisoformat(meeting["photos"][0]["taken_at"])
    assert taken.astimezone(UTC) == datetime(2026, 11, 23, 9, 31, tzinfo=UTC)  # 10:31 Madrid
