"""A photo comes later, too: with "done" in reply to the prompt about the meeting, alone in a
reply to the confirmation, or with a caption of the user's own ("caption: ..."), in any of the
three languages; each is kept with that meeting and confirmed."""

from __future__ import annotations

from datetime import datetime

from mailer.api import Mailer
from mailer.models import Meeting
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message
from tests.outbound.sinks import maildir_messages
from tests.photos.conftest import MADRID, RECAP, SENT, image_parts, parts, replies_to
from tests.photos.images import phone_jpeg, recap_with_images

FORWARDED = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
AFTER = datetime(2026, 12, 22, 17, 0, tzinfo=MADRID)
"""The coffee with Anna (22 December, 13:30) is over: the recap prompt goes out."""


def reply(mailer: Mailer, to: str, answered: str, body: str, photos=(), *, at: datetime) -> bytes:
    message = recap_with_images(body, list(photos), sent=at, to=to, subject="Re: x",
                                in_reply_to=answered)  # fmt: skip
    result = mailer.ingest(message, source="reply", envelope_to=[to], now=at)
    assert result.status == "processed", result.detail
    return message


def test_done_with_a_photo_to_the_recap_prompt(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED)
    mailer.tick(AFTER)
    [prompt] = [
        m for m in maildir_messages(mailer.config.maildir) if m["Subject"].startswith("How was")
    ]
    message = reply(mailer, "assistant@assistant.localhost", prompt["Message-ID"], "done",
                    [("IMG_9.JPG", "image/jpeg", phone_jpeg())], at=AFTER)  # fmt: skip
    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "done" and len(meeting["photos"]) == 1
    [confirmation] = replies_to(mailer, message, AFTER)
    text = " ".join(parts(confirmation)[0].split())
    assert "Coffee with Anna this week, number 1 of my #slownetworking challenge" in text
    assert len(image_parts(confirmation)) == 2  # inline, and attached


def test_a_photo_alone_in_reply_to_the_confirmation(mailer: Mailer):
    recap = recap_with_images(RECAP, [], sent=SENT)
    mailer.ingest(recap, source="recap", envelope_to=["recap@assistant.localhost"], now=SENT)
    [confirmation] = replies_to(mailer, recap)
    message = reply(mailer, "assistant@assistant.localhost", confirmation["Message-ID"], "",
                    [("IMG_10.JPG", "image/jpeg", phone_jpeg())], at=SENT)  # fmt: skip
    [meeting] = mailer.meetings(ALICE)
    assert len(meeting["photos"]) == 1
    [answer] = replies_to(mailer, message)
    assert answer["Subject"] == "Already logged: coffee with Marta Soler, Mon 23 Nov"
    assert "I kept 1 photo with the meeting" in " ".join(parts(answer)[0].split())


def test_the_users_own_caption_by_reply_and_its_undo(mailer: Mailer):
    recap = recap_with_images(RECAP, [("IMG_11.JPG", "image/jpeg", phone_jpeg())], sent=SENT)
    mailer.ingest(recap, source="recap", envelope_to=["recap@assistant.localhost"], now=SENT)
    [confirmation] = replies_to(mailer, recap)
    own = "Pie de foto: Café con Marta, ¡qué buena charla! #slownetworking."
    message = reply(mailer, "assistant@assistant.localhost", confirmation["Message-ID"], own,
                    at=SENT)  # fmt: skip
    with mailer.sessions() as session:
        [caption] = session.query(Meeting.caption).one()
    assert caption == "Café con Marta, ¡qué buena charla! #slownetworking."  # its full stop too
    [answer] = replies_to(mailer, message)
    assert answer["Subject"] == "Corrected: coffee with Marta Soler, Mon 23 Nov"
    assert "The caption of your post: Café con Marta" in parts(answer)[0]

    reply(mailer, "assistant@assistant.localhost", answer["Message-ID"], "undo", at=SENT)
    with mailer.sessions() as session:
        assert session.query(Meeting.caption).one() == (None,)
