"""Undo takes a recap's photos back, files and all; deleting a meeting deletes its files (those
no other meeting shares); a filing that fails leaves no file behind."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from mailer.api import Mailer
from mailer.config import Config
from mailer.log.handling import Context
from mailer.log.recaps import file_recap
from mailer.models import Meeting, Photo
from mailer.photos.cleanup import files_follow_rows
from mailer.pipeline import Pipeline
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message
from tests.photos.conftest import RECAP, SENT, replies_to, stored_files
from tests.photos.images import phone_jpeg, recap_with_images

TO = ["recap@assistant.localhost"]


def ingest(mailer: Mailer, message: bytes, at=SENT) -> None:
    result = mailer.ingest(message, source="test", envelope_to=TO, now=at)
    assert result.status == "processed", result.detail


def undo(mailer: Mailer, message: bytes) -> None:
    [confirmation] = replies_to(mailer, message)
    answer = recap_with_images("undo", [], sent=SENT, subject="Re: x",
                               in_reply_to=confirmation["Message-ID"])  # fmt: skip
    ingest(mailer, answer)


def test_undo_takes_the_photos_back(mailer: Mailer, config: Config):
    recap = recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT)
    ingest(mailer, recap)
    assert len(stored_files(config)) == 2
    undo(mailer, recap)
    assert mailer.meetings() == [] and stored_files(config) == []


def test_undo_of_a_recap_onto_an_invitation_keeps_the_meeting(mailer: Mailer, config: Config):
    mailer.ingest(invite_message(invite_ics(start="20261123T093000", end="20261123T103000")),
                  source="invite", now=SENT - timedelta(days=3))  # fmt: skip
    recap = recap_with_images("Had coffee with Anna Ruiz <anna@example.com> this morning.",
                              [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT)  # fmt: skip
    ingest(mailer, recap)
    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "done" and len(meeting["photos"]) == 1
    undo(mailer, recap)
    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "planned" and meeting["photos"] == []
    assert stored_files(config) == []


def test_deleting_a_meeting_deletes_the_files_no_other_shares(mailer: Mailer, config: Config):
    shared, own = phone_jpeg(seed=1), phone_jpeg(seed=2)
    ingest(mailer, recap_with_images(RECAP, [("a.jpg", "image/jpeg", shared)], sent=SENT))
    lunch = "Lunch with Pau Serra <pau@example.org> today."
    photos = [("a.jpg", "image/jpeg", shared), ("b.jpg", "image/jpeg", own)]
    ingest(mailer, recap_with_images(lunch, photos, sent=SENT + timedelta(days=1)))
    assert len(stored_files(config)) == 4
    lunch_id = next(m["id"] for m in mailer.meetings() if "Pau" in m["title"])
    _, user_id = mailer.user()
    with mailer.sessions() as session, session.begin():
        with files_follow_rows(session, mailer.photos, user_id):
            session.execute(
                delete(Meeting).where(Meeting.id == lunch_id)
            )  # photos: ON DELETE CASCADE
        assert len(stored_files(config)) == 4  # not before the commit
    assert len(stored_files(config)) == 2  # the shared photo stays with the coffee
    with mailer.sessions() as session:
        assert session.query(Photo).count() == 1


def test_a_filing_that_fails_leaves_no_file(mailer: Mailer, config: Config):
    def file_then_fail(context: Context) -> str:
        file_recap(context)
        raise RuntimeError("a bug after the photos were written")

    recap = recap_with_images(RECAP, [("a.jpg", "image/jpeg", phone_jpeg())], sent=SENT)
    receipt = mailer.intake().receive(recap, envelope_from=ALICE, envelope_to=TO)
    assert receipt.inbound_id is not None
    outcome = Pipeline(config, mailer.sessions, handlers=[file_then_fail]).process(
        receipt.inbound_id
    )
    assert outcome.status == "failed" and "a bug after the photos" in outcome.detail
    assert stored_files(config) == [] and mailer.meetings() == []
