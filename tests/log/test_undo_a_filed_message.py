"""Every confirmation can be undone: by its undo address or by replying "undo"."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE, BOB
from tests.messages import ANNA, invite_ics, invite_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
FORWARDED = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
LATER = datetime(2026, 12, 1, 10, 30, tzinfo=MADRID)
RECAP = "Coffee with Anna Ruiz <anna@example.com> today.\nGave: my notes\nFollow up in 2 weeks."


def mail(body: str, *, to: str = "assistant@assistant.localhost", sender: str = ALICE,
         in_reply_to: str | None = None, subject: str = "Re: Filed") -> bytes:  # fmt: skip
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain="example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


def confirmations(mailer: Mailer, subject_start: str) -> list[EmailMessage]:
    """The confirmations of the filed messages whose subject starts with ``subject_start``
    (a confirmation answers the message it confirms: In-Reply-To is its Message-ID)."""
    answered = {
        m["message_id"]
        for m in mailer.inbound(ALICE)
        if m["status"] == "processed" and " ".join(m["subject"].split()).startswith(subject_start)
    }
    return [
        m
        for m in maildir_messages(mailer.config.maildir)
        if m["In-Reply-To"] in answered and "undo+" in m.get_body(("plain",)).get_content()
    ]


def test_replying_undo_takes_a_forwarded_invite_back_out(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED)
    assert len(mailer.meetings(ALICE)) == 1
    mailer.tick(FORWARDED)
    [confirmation] = confirmations(mailer, "Fwd: Invitation: Coffee with Anna")
    assert confirmation["Subject"] == "Logged: coffee with Anna Ruiz, Tue 22 Dec"
    text = confirmation.get_body(("plain",)).get_content()
    assert 'Reply "undo"' in text and "undo+" in text

    answer = mail("undo", in_reply_to=confirmation["Message-ID"])
    result = mailer.ingest(answer, source="undo", now=LATER)
    assert result.status == "processed" and result.detail.startswith("undone: Fwd: Invitation")
    mailer.tick(LATER)
    [answer] = [
        m for m in maildir_messages(mailer.config.maildir) if m["Subject"].startswith("Undone")
    ]
    assert answer["Subject"] == "Undone: coffee with Anna Ruiz, Tue 22 Dec"
    assert mailer.meetings(ALICE) == []
    assert [c for c in mailer.contacts(ALICE) if c["email"] == ANNA] == []
    again = mailer.ingest(
        mail("undo", in_reply_to=confirmation["Message-ID"]), source="2", now=LATER
    )
    assert again.detail.startswith("already undone")


def test_the_undo_address_takes_back_a_recap_but_keeps_the_meeting_it_completed(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics(start="20261201T090000", end="20261201T093000")),
                  source="invite", now=FORWARDED)  # fmt: skip
    [before] = mailer.meetings(ALICE)
    anna_before = next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)
    mailer.ingest(mail(RECAP, to="recap@assistant.localhost", subject="Coffee"), source="recap",
                  now=LATER)  # fmt: skip
    [after] = mailer.meetings(ALICE)
    assert (after["status"], after["gave"]) == ("done", ["my notes"])
    assert mailer.followups(ALICE)
    mailer.tick(LATER)
    [confirmation] = confirmations(mailer, "Coffee")
    undo_address = confirmation.get_body(("html",)).get_content().split("mailto:")[1].split("?")[0]
    assert undo_address.startswith("undo+")

    result = mailer.ingest(mail("", to=undo_address, subject="Undo"), source="undo",
                           envelope_to=[undo_address], now=LATER)  # fmt: skip
    assert result.detail.startswith("undone: Coffee"), result.detail
    [restored] = mailer.meetings(ALICE)
    assert (restored["id"], restored["status"], restored["gave"]) == (before["id"], "planned", [])
    assert mailer.followups(ALICE) == []
    anna = next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)
    assert anna["last_interaction"] == anna_before["last_interaction"]


def test_an_invitation_not_yet_sent_is_cancelled(mailer: Mailer):
    invite = mail("Please invite Pau <pau@example.org>", to="invite@assistant.localhost",
                  subject="Invite Pau")  # fmt: skip
    mailer.ingest(invite, source="invite@", envelope_to=["invite@assistant.localhost"],
                  now=FORWARDED)  # fmt: skip
    [confirmation] = [r for r in mailer.outbox(ALICE) if r["template"] == "confirmation"]
    answer = mail("undo", in_reply_to=confirmation["message_id"])
    assert mailer.ingest(answer, source="undo", now=FORWARDED).detail.startswith("undone")
    [invitation] = [r for r in mailer.outbox(ALICE) if r["template"] == "challenge_invitation"]
    assert invitation["status"] == "cancelled"


def test_someone_else_cannot_undo_it(mailer: Mailer):
    mailer.ingest(invite_message(invite_ics()), source="invite", now=FORWARDED)
    mailer.tick(FORWARDED)
    [confirmation] = confirmations(mailer, "Fwd: Invitation: Coffee with Anna")
    undo_address = confirmation.get_body(("html",)).get_content().split("mailto:")[1].split("?")[0]
    by_bob = mailer.ingest(
        mail("undo", sender=BOB, in_reply_to=confirmation["Message-ID"], to=undo_address),
        source="bob",
        envelope_from=BOB,
        envelope_to=[undo_address],
        now=LATER,
    )
    assert not by_bob.detail.startswith("undone")
    assert len(mailer.meetings(ALICE)) == 1
