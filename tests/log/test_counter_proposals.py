"""A contact's COUNTER (another time proposed) reaches the user as a question; the answer acts.

'accept' moves the meeting and sends the updated REQUEST (same UID and ORGANIZER, SEQUENCE +
1); 'decline' sends a DECLINECOUNTER and the meeting stays. Both are read back by ical.js,
`ical` and vobject. Google's own COUNTER (the corpus) goes the same way.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from mailer.api import Mailer
from mailer.log.counters import ACCEPT, DECLINE
from mailer.models import OutboxMessage
from mailer.outbound.languages import LANGUAGES, translations
from tests.conftest import ALICE, corpus_file
from tests.outbound.calendar_readers import one_reading
from tests.outbound.sinks import maildir_messages
from tests.outbound.test_calendars_read_the_same_everywhere import calendars_to
from tests.planning.challenge_mail import PAU, calendar_reply, invitation, request_of

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MADRID)
PROPOSED = datetime(2026, 12, 3, 11, 0, tzinfo=MADRID)  # Thursday


def _question(mailer: Mailer) -> EmailMessage:
    with mailer.engine.connect() as connection:
        asked = connection.scalar(
            select(OutboxMessage.message_id).where(OutboxMessage.template == "counter_proposal")
        )
    [question] = [m for m in maildir_messages(mailer.config.maildir) if m["Message-ID"] == asked]
    return question


def _counter_asked(mailer: Mailer, counter: bytes | None = None) -> EmailMessage:
    mailer.invite(PAU, name="Pau Vidal", propose=[datetime(2026, 12, 1, 10, tzinfo=MADRID)])
    mailer.tick(NOW)
    request, organizer = request_of(invitation(mailer))
    counter = counter or calendar_reply(
        request, organizer, "TENTATIVE", method="COUNTER", start=PROPOSED
    )
    outcome = mailer.ingest(counter, source="counter", envelope_from=PAU, envelope_to=[organizer])
    assert outcome.status == "processed", outcome.detail
    assert outcome.detail == f"{PAU} proposes Thursday 03 December, 11:00 instead; you were asked"
    mailer.tick(NOW)
    return _question(mailer)


def _answer(mailer: Mailer, question: EmailMessage, text: str):
    reply = EmailMessage()
    reply["From"] = ALICE
    reply["To"] = "assistant@assistant.localhost"
    reply["Subject"] = f"Re: {question['Subject']}"
    reply["Message-ID"] = f"<answer-{text.encode().hex()}@example.com>"
    reply["In-Reply-To"] = question["Message-ID"]
    body = question.get_body(("plain",)).get_content()
    quoted = "\n".join("> " + line for line in body.split("\n"))
    reply.set_content(f"{text}\n\nOn Monday the assistant wrote:\n{quoted}\n")
    outcome = mailer.ingest(
        reply.as_bytes(policy=policy.SMTP),
        source="answer",
        envelope_to=["assistant@assistant.localhost"],
    )
    mailer.tick(NOW)
    return outcome


def test_the_user_is_asked_in_words(mailer: Mailer):
    question = _counter_asked(mailer)
    assert question["To"].addresses[0].addr_spec == ALICE
    assert question["Subject"] == "Pau proposes Thursday 3 December at 11:00 instead"
    text = " ".join(question.get_body(("plain",)).get_content().split())
    assert (
        "Pau Vidal proposes Thursday 3 December at 11:00 instead of Tuesday 1 December at 10:00 "
        "for your coffee." in text
    )
    assert 'Reply "accept"' in text and '"decline"' in text
    assert mailer.meetings(ALICE)[0]["start"] == "2026-12-01T10:00:00+01:00"  # not yet moved


def test_accept_sends_the_updated_request_with_the_next_sequence(mailer: Mailer):
    question = _counter_asked(mailer)
    outcome = _answer(mailer, question, "Accept")
    assert outcome.status == "processed", outcome.detail
    assert outcome.detail == "moved the meeting with Pau Vidal to Thursday 03 December, 11:00"
    first, update = sorted(
        (one_reading(data) for _, data in calendars_to(mailer, PAU)), key=lambda r: r.sequence
    )
    assert (update.method, update.sequence) == ("REQUEST", first.sequence + 1)
    assert update.uid == first.uid and update.organizer == first.organizer
    assert update.start == datetime(2026, 12, 3, 10, tzinfo=UTC)
    assert update.organizer_cn == "Alice Martín" and update.attendees == ((PAU, "Pau Vidal"),)
    [meeting] = mailer.meetings(ALICE)
    assert (meeting["start"], meeting["sequence"]) == ("2026-12-03T11:00:00+01:00", 1)
    again = _answer(mailer, question, "decline")
    assert again.detail == "the proposal of Pau Vidal was already answered"


def test_decline_sends_a_declinecounter_and_keeps_the_meeting(mailer: Mailer):
    question = _counter_asked(mailer)
    outcome = _answer(mailer, question, "no")
    assert outcome.detail == "kept the meeting with Pau Vidal on Tuesday 01 December, 10:00"
    readings = {r.method: r for r in (one_reading(d) for _, d in calendars_to(mailer, PAU))}
    assert set(readings) == {"REQUEST", "DECLINECOUNTER"}
    decline, request = readings["DECLINECOUNTER"], readings["REQUEST"]
    assert (decline.uid, decline.sequence, decline.organizer) == (
        request.uid,
        request.sequence,
        request.organizer,
    )
    assert decline.start == request.start == datetime(2026, 12, 1, 9, tzinfo=UTC)
    message, data = next(
        (m, d) for m, d in calendars_to(mailer, PAU) if "Keeping" in str(m["Subject"])
    )
    assert message["Subject"] == "Keeping our coffee on Tue 1 Dec"
    assert "I cannot make that time" in " ".join(message.get_body(("plain",)).get_content().split())
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["COMMENT"]) == (
        "Thursday 3 December at 11:00 does not suit me; our coffee stays on Tuesday 1 December "
        "at 10:00."
    )
    assert mailer.meetings(ALICE)[0]["sequence"] == 0


def test_anything_else_is_answered_with_what_to_write(mailer: Mailer):
    question = _counter_asked(mailer)
    outcome = _answer(mailer, question, "maybe later")
    assert outcome.status == "failed"
    assert outcome.detail == (
        "reply 'accept' to move the meeting with Pau Vidal to Thursday 03 December, 11:00, or "
        "'decline' to keep it on Tuesday 01 December, 10:00"
    )


@pytest.mark.parametrize(
    ("alice_language", "answer", "done"),
    [
        ("es", "Acepto", "moved the meeting with Pau Vidal to Thursday 03 December, 11:00"),
        ("es", "rechazo", "kept the meeting with Pau Vidal on Tuesday 01 December, 10:00"),
        ("ca", "D’acord.", "moved the meeting with Pau Vidal to Thursday 03 December, 11:00"),
        ("ca", "rebutjo", "kept the meeting with Pau Vidal on Tuesday 01 December, 10:00"),
    ],
)
def test_the_user_is_asked_and_answers_in_their_language(
    mailer: Mailer, alice_language: str, answer: str, done: str
):
    question = _counter_asked(mailer)
    assert (
        question["Subject"]
        == {
            "es": "Pau propone otra hora: jueves 3 de diciembre a las 11:00",
            "ca": "Pau proposa una altra hora: dijous 3 de desembre a les 11:00",
        }[alice_language]
    )
    text = " ".join(question.get_body(("plain",)).get_content().split())
    assert {
        "es": "Pau Vidal propone pasar el café del martes 1 de diciembre a las 10:00 al jueves "
        "3 de diciembre a las 11:00. Responde «acepto» y le enviaré a Pau la invitación",
        "ca": "Pau Vidal proposa passar el cafè del dimarts 1 de desembre a les 10:00 al dijous "
        "3 de desembre a les 11:00. Respon «accepto» i li enviaré a Pau la invitació",
    }[alice_language] in text
    assert _answer(mailer, question, answer).detail == done


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answers_each_language_asks_for_are_understood(language: str):
    words = translations(language)
    assert ACCEPT.match(words.gettext("accept")) and DECLINE.match(words.gettext("decline"))


def test_a_catalan_contact_gets_the_moved_invitation_in_catalan(mailer: Mailer):
    mailer.add_contact(PAU, name="Pau Vidal", language="ca")
    _answer(mailer, _counter_asked(mailer), "accept")
    [(update, data)] = [
        (m, d) for m, d in calendars_to(mailer, PAU) if "Nova hora" in str(m["Subject"])
    ]
    assert update["Subject"] == "Nova hora per al nostre cafè: dj. 3 de des. a les 11:00"
    text = " ".join(update.get_body(("plain",)).get_content().split())
    assert text == (
        "Hola, Pau, El dijous 3 de desembre a les 11:00 també em va bé, gràcies. La invitació "
        "adjunta mou el nostre cafè a aquesta hora. Alice Martín"
    )
    assert "Si prefereixes no rebre correus" in update.get_body(("html",)).get_content()
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Cafè amb Alice Martín"
    assert str(event["DESCRIPTION"]) == (
        "Slow Networking Challenge: quedar amb una persona cada setmana."
    )


def test_googles_own_counter_is_asked_about(mailer: Mailer):
    raw = corpus_file("imip/bluemind_google_counter_french.eml").read_bytes()
    [event_lines] = re.findall(rb"BEGIN:VEVENT.*?END:VEVENT", raw, re.S)
    mailer_uid = b"UID-OF-OUR-INVITATION"
    changed = (
        event_lines.replace(b"36da4919-6cf5-4ce9-aa18-6e56c1da2298", mailer_uid)
        .replace(b"max.mustermann@bluemind.net", b"ORGANIZER-ADDRESS")
        .replace(b"mailto:max@gmail.com", f"mailto:{PAU}".encode())
        .replace(b"20210113T184500Z", b"20261203T100000Z")
        .replace(b"20210113T194500Z", b"20261203T110000Z")
    )
    counter = raw.replace(event_lines, changed, 1)
    counter = counter.replace(b"From: max@gmail.com", b"From: " + PAU.encode())
    mailer.invite(PAU, name="Pau Vidal", propose=[datetime(2026, 12, 1, 10, tzinfo=MADRID)])
    mailer.tick(NOW)
    request, organizer = request_of(invitation(mailer))
    counter = counter.replace(mailer_uid, str(request.walk("VEVENT")[0]["UID"]).encode())
    counter = counter.replace(b"ORGANIZER-ADDRESS", organizer.encode())
    outcome = mailer.ingest(counter, source="google", envelope_from=PAU, envelope_to=[organizer])
    assert outcome.detail == f"{PAU} proposes Thursday 03 December, 11:00 instead; you were asked"


@pytest.fixture(autouse=True)
def _clock_at_now(clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(NOW)
