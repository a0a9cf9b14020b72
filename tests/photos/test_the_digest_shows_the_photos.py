"""The weekly digest shows the week's photos, small and inline, with the names; the digest of
the week that ends a month shows a strip of the month's photos. It scores below 1.0."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from mailer.api import Mailer
from mailer.clock import PinnedClock
from tests.conftest import RunningService
from tests.outbound.sinks import maildir_messages
from tests.outbound.spamassassin import spam_scores
from tests.photos.conftest import MADRID, RECAP, SENT, image_parts, opened, parts, send
from tests.photos.images import carries_location, phone_jpeg, recap_with_images

SUNDAY = datetime(2026, 11, 29, 18, 5, tzinfo=MADRID)
"""The digest's hour (Sundays at 18:00): the week of 23 to 29 November."""
NEXT_SUNDAY = SUNDAY + timedelta(days=7)
"""The week of 30 November to 6 December, which holds the last day of November."""


def digests(mailer: Mailer, clock: PinnedClock, at: datetime) -> list[EmailMessage]:
    clock.set(at)
    mailer.tick(at)
    return [
        m for m in maildir_messages(mailer.config.maildir) if m["Subject"].startswith("Your week")
    ]


def test_the_weeks_photo_and_the_months_strip(
    server: RunningService, mailer: Mailer, clock: PinnedClock
):
    send(server, recap_with_images(RECAP, [("IMG_1.JPG", "image/jpeg", phone_jpeg())], sent=SENT))
    [digest] = digests(mailer, clock, SUNDAY)
    first = digest["Message-ID"]
    text, html = parts(digest)
    assert "PHOTOS OF THE WEEK" in text and "Coffee with Marta Soler, Mon 23 Nov" in text
    assert "Photos of the week" in html and "Coffee with Marta Soler, Mon 23 Nov" in html
    assert "in photos" not in text  # the month is not over in this digest's week
    [small] = image_parts(digest)
    assert small.get_content_disposition() == "inline"  # inline only: no attachment
    assert f"cid:{small['Content-ID'].strip('<>')}" in html
    image = opened(small.get_content())
    assert max(image.size) == 320 and not carries_location(small.get_content())
    weekly = digest

    [digest] = [d for d in digests(mailer, clock, NEXT_SUNDAY) if d["Message-ID"] != first]
    text, html = parts(digest)
    assert "NOVEMBER 2026 IN PHOTOS" in text and "November 2026 in photos" in html
    assert "1 photo of 1 meeting" in text and "PHOTOS OF THE WEEK" not in text
    assert len(image_parts(digest)) == 1
    for score, details in spam_scores([weekly.as_bytes(), digest.as_bytes()]):  # one run
        assert score < 1.0, details


def test_a_cancelled_meetings_photo_is_not_shown(
    server: RunningService, mailer: Mailer, clock: PinnedClock
):
    send(server, recap_with_images(RECAP, [("IMG_1.JPG", "image/jpeg", phone_jpeg())], sent=SENT))
    with mailer.sessions() as session, session.begin():
        from mailer.models import Meeting

        session.query(Meeting).update({"status": "cancelled"})
    [digest] = digests(mailer, clock, SUNDAY)
    assert "PHOTOS OF THE WEEK" not in parts(digest)[0] and image_parts(digest) == []
