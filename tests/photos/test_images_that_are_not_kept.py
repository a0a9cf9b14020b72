"""Images beyond a limit or that do not decode are skipped, each with its line in the
confirmation, and the recap is filed all the same. A signature's logo is not a photo."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from mailer.api import Mailer
from mailer.config import Config
from tests.conftest import RunningService
from tests.photos.conftest import RECAP, SENT, parts, replies_to, send, stored_files
from tests.photos.images import bomb_png, phone_jpeg, recap_with_images, truncated_jpeg


def _image(format: str, size: tuple[int, int]) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, format)
    return buffer.getvalue()


def test_a_bomb_and_a_truncated_file_are_refused_and_the_recap_is_filed(
    server: RunningService, mailer: Mailer, config: Config
):
    bomb = bomb_png(60)
    assert len(bomb) < 200_000  # a small file...
    message = recap_with_images(
        RECAP,
        [("bomb.png", "image/png", bomb), ("IMG_0414.JPG", "image/jpeg", truncated_jpeg()),
         ("IMG_0415.JPG", "image/jpeg", phone_jpeg(seed=1))],
        sent=SENT,
    )  # fmt: skip
    send(server, message)

    [meeting] = mailer.meetings()
    assert meeting["status"] == "done" and len(meeting["photos"]) == 1
    assert len(stored_files(config)) == 2  # the one good photo, twice (original and resized)
    [confirmation] = replies_to(mailer, message)
    text, html = parts(confirmation)
    for part in (text, html):
        flat = " ".join(part.split())
        assert "I did not keep bomb.png: it has 60 megapixels, and a photo has at most 50." in flat
        assert "I did not keep IMG_0414.JPG: it cannot be read (damaged, or cut short" in flat
        assert "I kept 1 photo with the meeting" in flat


def test_past_the_size_and_the_count_a_line_says_so(
    server: RunningService, mailer: Mailer, config: Config
):
    big = phone_jpeg(3000, 2000, seed=2) + bytes(2_000_000)  # past [photos] max_bytes (2 MB)
    photos = [("big.jpg", "image/jpeg", big)] + [
        (f"IMG_{n}.JPG", "image/jpeg", phone_jpeg(seed=10 + n)) for n in range(4)
    ]
    message = recap_with_images(RECAP, photos, sent=SENT)
    send(server, message)

    [meeting] = mailer.meetings()
    assert len(meeting["photos"]) == 3  # [photos] max_per_message
    [confirmation] = replies_to(mailer, message)
    flat = " ".join(parts(confirmation)[0].split())
    assert "I did not keep big.jpg: it is 2.1 MB, and I keep photos of up to 2 MB." in flat
    assert "I did not keep IMG_3.JPG: I keep 3 photos from one message" in flat
    assert "I kept 3 photos with the meeting" in flat


def test_a_gif_gets_a_line_and_a_logo_gets_none(server: RunningService, mailer: Mailer):
    message = recap_with_images(
        RECAP,
        [("logo.png", "image/png", _image("PNG", (120, 40))),
         ("party.gif", "image/gif", _image("GIF", (800, 600)))],
        sent=SENT,
    )  # fmt: skip
    send(server, message)
    [meeting] = mailer.meetings()
    assert meeting["photos"] == []
    [confirmation] = replies_to(mailer, message)
    text = " ".join(parts(confirmation)[0].split())
    assert (
        "I did not keep party.gif: it is GIF, and I keep JPEG, PNG, WebP and HEIC photos." in text
    )
    assert "logo.png" not in text and "caption" not in text  # no photo kept: nothing to post
