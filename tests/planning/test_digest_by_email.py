"""digest@ sends the digest now; "invite 2" in reply to a digest invites number 2 of it.

End to end: messages go in through ``mailer.ingest`` and out through ``mailer.tick`` into the
Maildir, exactly as over SMTP.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

import pytest

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.outbound.sinks import maildir_messages
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
ASKED = datetime(2026, 12, 16, 9, 0, tzinfo=MADRID)
KNOWN = datetime(2025, 1, 1, tzinfo=UTC)


def message(to: str, body: str, *, in_reply_to: str | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Alice Martín <{ALICE}>"
    mail["To"] = to
    mail["Subject"] = "Re: Your week" if in_reply_to else "digest please"
    mail["Date"] = "Wed, 16 Dec 2026 09:00:00 +0100"
    mail["Message-ID"] = make_msgid(domain="example.com")
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    mail.set_content(body)
    return mail.as_bytes(policy=policy.SMTP)


def inbox(mailer: Mailer, address: str) -> list[EmailMessage]:
    return [m for m in maildir_messages(mailer.config.maildir) if address in str(m["To"])]


@pytest.fixture
def people(mailer: Mailer) -> dict[str, str]:
    history = History(mailer, ALICE)
    anna = history.contact("Anna Ruiz", known_since=KNOWN)
    pau = history.contact("Pau Serra", known_since=KNOWN)
    laia = history.contact("Laia Vidal", known_since=KNOWN)
    marc = history.contact("Marc Font", known_since=KNOWN)
    history.meeting(datetime(2026, 3, 3, 10, tzinfo=MADRID), pau)
    history.meeting(datetime(2026, 9, 3, 10, tzinfo=MADRID), marc)
    return {
        name: history.email(i)
        for name, i in (("anna", anna), ("pau", pau), ("laia", laia), ("marc", marc))
    }


def ask_for_digest(mailer: Mailer) -> EmailMessage:
    request = message("digest@assistant.localhost", "")
    result = mailer.ingest(
        request, source="ask", envelope_to=["digest@assistant.localhost"], now=ASKED
    )
    assert result.status == "processed" and result.detail.startswith("digest of the week of")
    mailer.tick(ASKED)
    [digest] = [m for m in inbox(mailer, ALICE) if m["Subject"].startswith("Your week")]
    return digest


def test_digest_address_sends_it_now_threaded_under_the_request(mailer: Mailer, people):
    request = message("digest@assistant.localhost", "")
    mailer.ingest(request, source="ask", envelope_to=["digest@assistant.localhost"], now=ASKED)
    mailer.tick(ASKED)
    [digest] = inbox(mailer, ALICE)
    asked_id = request.split(b"Message-ID: ")[1].split(b"\r\n")[0].decode()
    assert digest["In-Reply-To"] == asked_id
    assert digest["Subject"].startswith("Your week, 14–20 December 2026: 0 meetings")
    text = digest.get_body(("plain",)).get_content()
    assert "1. Pau Serra  (this week's pick)" in text and "2. Anna Ruiz" in text
    assert digest.get_body(("html",)).get_content().count('title="Week of') == 52


@pytest.mark.parametrize(("reply", "who"), [("invite 2", "anna"), ("Invitar 3.", "marc")])
def test_invite_number_in_reply_to_the_digest(mailer: Mailer, people, reply: str, who: str):
    digest = ask_for_digest(mailer)
    text = digest.get_body(("plain",)).get_content()
    assert "3. Marc Font" in text
    answer = message(
        "assistant@assistant.localhost",
        f"{reply}\n\nOn Wed... wrote:\n> {text[:200]}",
        in_reply_to=digest["Message-ID"],
    )
    result = mailer.ingest(answer, source="reply", now=ASKED.replace(hour=10))
    assert result.status == "processed", result.detail
    assert result.detail.startswith("invited ") and people[who] in result.detail
    mailer.tick(ASKED.replace(hour=10, minute=5))
    [invitation] = inbox(mailer, people[who])
    assert "Slow Networking Challenge" in invitation.get_body(("plain",)).get_content()
    others = [p for name, p in people.items() if name != who]
    assert all(inbox(mailer, other) == [] for other in others)


def test_a_number_the_digest_did_not_have_is_explained(mailer: Mailer, people):
    digest = ask_for_digest(mailer)
    answer = message("assistant@assistant.localhost", "invite 9", in_reply_to=digest["Message-ID"])
    result = mailer.ingest(answer, source="reply", now=ASKED.replace(hour=10))
    assert result.status == "failed"
    assert "has no number 9" in result.detail and "invite 1" in result.detail
    mailer.tick(ASKED.replace(hour=10, minute=5))
    assert all(inbox(mailer, person) == [] for person in people.values())
