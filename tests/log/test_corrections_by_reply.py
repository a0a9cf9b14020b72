"""Replying to a confirmation with plain lines corrects what was filed, once."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.log.test_undo_a_filed_message import mail
from tests.messages import BREAKFAST_RECAP as RECAP
from tests.messages import recap_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
NIGHT = datetime(2026, 12, 2, 23, 10, tzinfo=MADRID)
LATER = datetime(2026, 12, 2, 23, 30, tzinfo=MADRID)


def answers(mailer: Mailer) -> list[EmailMessage]:
    return [m for m in maildir_messages(mailer.config.maildir) if ALICE in str(m["To"])]


def file_recap(mailer: Mailer, body: str = RECAP) -> EmailMessage:
    result = mailer.ingest(recap_message(body, sent=NIGHT), source="recap", now=NIGHT)
    assert result.status == "processed", result.detail
    mailer.tick(NIGHT)
    [confirmation] = answers(mailer)
    return confirmation


def reply(mailer: Mailer, confirmation: EmailMessage, body: str, *, message: bytes | None = None):
    """Reply to ``confirmation``; the outcome and the (latest) answer to this reply."""
    message = message or mail(body, in_reply_to=confirmation["Message-ID"])
    result = mailer.ingest(message, source="reply", now=LATER)
    mailer.tick(LATER)
    answers_queued = [
        r for r in mailer.outbox(ALICE) if r["template"] in ("confirmation", "correction")
    ]
    latest = answers_queued[-1]["message_id"]  # rows in the order they were queued
    [answer] = [m for m in answers(mailer) if m["Message-ID"] == latest]
    return result, answer


def open_followups(mailer: Mailer) -> list[dict]:
    return [f for f in mailer.followups(ALICE) if f["kind"] == "followup"]


def test_follow_up_on_a_day_leaves_exactly_one_follow_up_then(mailer: Mailer):
    confirmation = file_recap(mailer, RECAP.replace(" and Jordi Vidal <jordi@example.cat>", ""))
    assert [f["due"] for f in open_followups(mailer)] == ["2026-12-16"]
    result, answer = reply(mailer, confirmation, "follow up: 15 January")
    assert result.status == "processed", result.detail
    assert [f["due"] for f in open_followups(mailer)] == ["2027-01-15"]
    assert answer["Subject"] == "Corrected: breakfast with Oriol Puig, Wed 2 Dec"
    assert "Follow-up now on Friday 15 January." in answer.get_body(("plain",)).get_content()


def test_the_same_reply_twice_changes_nothing_the_second_time(mailer: Mailer):
    confirmation = file_recap(mailer)
    message = mail("follow up in 3 weeks\ngave: a book", in_reply_to=confirmation["Message-ID"])
    reply(mailer, confirmation, "", message=message)
    [meeting] = mailer.meetings(ALICE)
    state = (meeting, open_followups(mailer))
    result, answer = reply(mailer, confirmation, "", message=message)
    assert result.detail == "corrections already applied"
    [meeting] = mailer.meetings(ALICE)
    assert (meeting, open_followups(mailer)) == state
    assert meeting["gave"][0] == "my notes on event formats"  # then the help offered, then:
    assert meeting["gave"][-1] == "a book"
    assert answer["Subject"].startswith("Already corrected:")


def test_several_lines_in_one_reply(mailer: Mailer):
    confirmation = file_recap(mailer)
    lines = (
        "not Jordi\n"
        "add Marc Soler <marc@example.org>\n"
        "place: Café Federal, Barcelona\n"
        "got: an intro to her manager\n"
        "name: Oriol Puig i Soler\n"
        "language: ca\n"
    )
    result, answer = reply(mailer, confirmation, lines)
    assert result.status == "processed", result.detail
    [meeting] = mailer.meetings(ALICE)
    assert {a["email"] for a in meeting["attendees"]} == {"oriol@example.cat", "marc@example.org"}
    assert meeting["location"] == "Café Federal, Barcelona"
    assert meeting["got"][-1] == "an intro to her manager"
    contacts = {c["email"]: c for c in mailer.contacts(ALICE)}
    assert contacts["oriol@example.cat"]["name"] == "Oriol Puig i Soler"
    assert contacts["oriol@example.cat"]["language"] == "ca"
    assert {f["contact"]["email"] for f in open_followups(mailer)} == {
        "oriol@example.cat",
        "marc@example.org",
    }  # Jordi's follow-up went with him; Marc got one for the same day
    text = answer.get_body(("plain",)).get_content()
    assert "Jordi Vidal taken off this meeting." in text
    assert "I will write to Oriol Puig i Soler, Marc Soler in Catalan." in text


def test_no_follow_up_and_a_free_sentence(mailer: Mailer):
    confirmation = file_recap(mailer)
    reply(mailer, confirmation, "no follow-up")
    assert open_followups(mailer) == []
    result, answer = reply(
        mailer, confirmation, "actually it was lunch, and follow up in two weeks"
    )
    assert result.detail.startswith("corrected: kind, follow_up"), result.detail
    [meeting] = mailer.meetings(ALICE)
    assert meeting["kind"] == "lunch"
    assert {f["due"] for f in open_followups(mailer)} == {"2026-12-16"}
    assert answer["Subject"] == "Corrected: lunch with Oriol Puig & Jordi Vidal, Wed 2 Dec"


def test_a_line_not_understood_is_quoted_back_with_the_forms(mailer: Mailer):
    confirmation = file_recap(mailer)
    result, answer = reply(mailer, confirmation, "please fix the thing\nnot Pere")
    assert result.status == "processed"
    text = answer.get_body(("plain",)).get_content()
    assert answer["Subject"] == "I did not understand your reply"
    assert "> please fix the thing" in text and "> not Pere" in text
    assert "follow up: 15 January" in text and "add Marc <marc@example.org>" in text


def test_spanish_and_catalan_forms(mailer: Mailer):
    confirmation = file_recap(mailer)
    reply(mailer, confirmation, "seguimiento: 15 de enero\nquita a Jordi")
    assert [f["due"] for f in open_followups(mailer)] == ["2027-01-15"]
    reply(mailer, confirmation, "seguiment d'aquí a 3 setmanes\nlloc: Federal")
    assert [f["due"] for f in open_followups(mailer)] == ["2026-12-23"]
    assert mailer.meetings(ALICE)[0]["location"] == "Federal"


def test_undo_among_the_lines_takes_the_filing_back(mailer: Mailer):
    confirmation = file_recap(mailer)
    result, answer = reply(mailer, confirmation, "Hi,\nundo\nThanks")
    assert result.detail.startswith("undone"), result.detail
    assert mailer.meetings(ALICE) == []
    assert answer["Subject"] == "Undone: breakfast with Oriol Puig & Jordi Vidal, Wed 2 Dec"


def test_a_correction_can_be_undone_and_corrected_again(mailer: Mailer):
    confirmation = file_recap(mailer)
    _, correction = reply(mailer, confirmation, "follow up: 15 January")
    _, undone = reply(mailer, correction, "undo")
    assert undone["Subject"].startswith("Undone:")
    assert [f["due"] for f in open_followups(mailer)] == ["2026-12-16"] * 2
    assert len(mailer.meetings(ALICE)) == 1  # only the correction was taken back
    reply(mailer, correction, "follow up: 20 January")
    assert {f["due"] for f in open_followups(mailer)} == {"2027-01-20"}
