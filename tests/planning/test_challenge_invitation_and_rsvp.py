"""A challenge invitation goes out with an iMIP REQUEST; the contact's calendar REPLY comes back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from tests.conftest import ALICE
from tests.outbound.sinks import maildir_messages
from tests.planning.challenge_mail import PAU, calendar_reply, invitation, request_of

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MADRID)


def test_the_invite_command_queues_an_invitation(mailer: Mailer, config_path):
    result = CliRunner().invoke(
        cli,
        ["--config", str(config_path), "invite", PAU, "--name", "Pau Vidal",
         "--propose", "2026-12-01T10:00+01:00", "--propose", "2026-12-02T18:30+01:00"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Invitation to pau@example.org queued, proposing Tuesday 01 December, 10:00" in (
        result.output
    )
    [row] = mailer.outbox(ALICE)
    assert (row["recipient"], row["template"], row["status"]) == (
        PAU,
        "challenge_invitation",
        "queued",
    )


def test_invitation_with_a_proposed_time_and_its_rsvp(mailer: Mailer):
    proposals = [
        datetime(2026, 12, 1, 10, tzinfo=MADRID),
        datetime(2026, 12, 2, 18, 30, tzinfo=MADRID),
    ]
    mailer.invite(PAU, name="Pau Vidal", propose=proposals, now=NOW)
    mailer.tick(NOW)
    message = invitation(mailer)
    assert message["Subject"] == "Alice Martín invites you to the Slow Networking Challenge"
    assert message["From"].addresses[0].display_name == "Alice Martín"
    parts = {part.get_content_type(): part for part in message.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    request = icalendar.Calendar.from_ical(calendar_part.get_content())
    assert request["METHOD"] == "REQUEST"
    [event] = request.walk("VEVENT")
    organizer = str(event["ORGANIZER"]).removeprefix("mailto:")
    assert organizer.startswith("reply+") and event["ORGANIZER"].params["CN"] == "Alice Martín"
    assert "Wednesday 2 December at 18:30" in message.get_body(("plain",)).get_content()

    [meeting] = mailer.meetings(ALICE)
    assert (meeting["start"], meeting["attendees"][0]["status"]) == (
        "2026-12-01T10:00:00+01:00",
        "needs-action",
    )
    reply = calendar_reply(request, organizer, "ACCEPTED")
    outcome = mailer.ingest(reply, source="rsvp", envelope_from=PAU, envelope_to=[organizer])
    assert outcome.status == "processed", outcome.detail
    assert "accepted" in outcome.detail
    assert mailer.meetings(ALICE)[0]["attendees"][0]["status"] == "accepted"


def test_a_reply_without_organizer_from_outlook_com_is_matched_by_uid(mailer: Mailer):
    mailer.invite(PAU, name="Pau", propose=[datetime(2026, 12, 1, 10, tzinfo=MADRID)], now=NOW)
    mailer.tick(NOW)
    request, organizer = request_of(invitation(mailer))
    reply = calendar_reply(request, organizer, "DECLINED")
    outcome = mailer.ingest(reply, source="rsvp", envelope_from=PAU, envelope_to=[organizer])
    assert "declined" in outcome.detail


def test_an_invitation_without_times_and_by_email_to_invite(mailer: Mailer):
    mailer.invite("nuria@example.es", name="Núria", now=NOW)
    mailer.invite("nuria@example.es", name="Núria", now=NOW)  # twice in a day: once
    mailer.tick(NOW)
    sent = [m for m in maildir_messages(mailer.config.maildir) if "nuria" in str(m["To"])]
    assert len(sent) == 1
    assert "text/calendar" not in {p.get_content_type() for p in sent[0].walk()}
    assert "reply with a day" in sent[0].get_body(("plain",)).get_content()


def test_an_email_to_invite_names_the_people_to_invite(mailer: Mailer):
    from email import policy
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = ALICE
    message["To"] = "invite@assistant.localhost, Jordi Puig <jordi@example.cat>"
    message["Subject"] = "Invite these two"
    message["Message-ID"] = "<invite-by-mail@example.com>"
    message.set_content("And also Marta Soler <marta@example.es>, please.")
    result = mailer.ingest(
        message.as_bytes(policy=policy.SMTP),
        source="invite@",
        envelope_to=["invite@assistant.localhost"],
        now=NOW,
    )
    assert result.status == "processed", result.detail
    assert result.detail == "invited jordi@example.cat, marta@example.es"
    mailer.tick(NOW)
    sent = {str(m["To"]) for m in maildir_messages(mailer.config.maildir)}
    assert sent - {f"Alice Martín <{ALICE}>"} == {
        "Jordi Puig <jordi@example.cat>",
        "Marta Soler <marta@example.es>",
    }
    confirmation = next(
        m
        for m in maildir_messages(mailer.config.maildir)
        if m["Subject"] == "Invitation on its way to Jordi Puig, Marta Soler"
    )
    assert (
        "invitation to Jordi Puig, Marta Soler" in confirmation.get_body(("plain",)).get_content()
    )


def test_calling_it_off_sends_a_cancel_for_the_same_uid(mailer: Mailer):
    mailer.invite(PAU, name="Pau", propose=[datetime(2026, 12, 1, 10, tzinfo=MADRID)], now=NOW)
    mailer.tick(NOW)
    mailer.call_off(PAU, now=NOW)
    mailer.tick(NOW)
    calendars = []
    for message in maildir_messages(mailer.config.maildir):
        if PAU in str(message["To"]):
            part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
            calendars.append(
                (part.get_param("method"), icalendar.Calendar.from_ical(part.get_content()))
            )
    methods = sorted(method for method, _ in calendars)
    assert methods == ["CANCEL", "REQUEST"]
    events = {m: c.walk("VEVENT")[0] for m, c in calendars}
    assert events["CANCEL"]["UID"] == events["REQUEST"]["UID"]
    assert events["CANCEL"]["SEQUENCE"] > events["REQUEST"]["SEQUENCE"]
    assert events["CANCEL"]["STATUS"] == "CANCELLED"
    assert mailer.meetings(ALICE)[0]["status"] == "cancelled"
