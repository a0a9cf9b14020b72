"""A photo sent twice is stored once: again for the same meeting it is the same photo, and for
another meeting it is a second row naming the same files."""

from __future__ import annotations

from datetime import timedelta

from mailer.api import Mailer
from mailer.config import Config
from mailer.models import Photo
from tests.conftest import RunningService
from tests.photos.conftest import RECAP, SENT, replies_to, send, stored_files
from tests.photos.images import phone_jpeg, recap_with_images


def test_sent_twice_it_is_kept_once(server: RunningService, mailer: Mailer, config: Config):
    photo = phone_jpeg(seed=7)
    first = recap_with_images(RECAP, [("IMG_1.JPG", "image/jpeg", photo)], sent=SENT)
    send(server, first)
    [confirmation] = replies_to(mailer, first)
    again = recap_with_images(
        "Here is the photo again.", [("IMG_1.JPG", "image/jpeg", photo)], sent=SENT,
        subject="Re: " + confirmation["Subject"], in_reply_to=confirmation["Message-ID"],
    )  # fmt: skip
    send(server, again)  # a reply to the confirmation, the same photo attached
    files = stored_files(config)
    assert len(files) == 2
    [meeting] = mailer.meetings()
    assert len(meeting["photos"]) == 1

    other = recap_with_images(
        "Lunch with Pau Serra <pau@example.org> today.",
        [("IMG_1.JPG", "image/jpeg", photo), ("IMG_1 copy.JPG", "image/jpeg", photo)],
        sent=SENT + timedelta(days=2),
    )  # fmt: skip
    send(server, other)  # for another meeting, and twice in one message
    assert stored_files(config) == files
    with mailer.sessions() as session:
        rows = session.query(Photo.meeting_id, Photo.sha256, Photo.resized_path).all()
    assert len(rows) == 2 and len({r.meeting_id for r in rows}) == 2
    assert len({(r.sha256, r.resized_path) for r in rows}) == 1
