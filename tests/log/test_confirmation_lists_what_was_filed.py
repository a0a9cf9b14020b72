"""The confirmation of a filed message shows everything that was filed, in both parts."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlalchemy import select

from mailer.api import Mailer
from mailer.models import OutboxMessage
from tests.conftest import ALICE
from tests.messages import ANNA, invite_ics, invite_message, recap_message
from tests.messages import BREAKFAST_RECAP as RECAP
from tests.outbound.samples import RECAP_MEETING
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
NIGHT = datetime(2026, 12, 2, 23, 10, tzinfo=MADRID)


def confirmation_of(mailer: Mailer, result) -> EmailMessage:
    [inbound] = [m for m in mailer.inbound(ALICE) if m["id"] == result.inbound_id]
    [confirmation] = [
        m
        for m in maildir_messages(mailer.config.maildir)
        if m["In-Reply-To"] == inbound["message_id"]
    ]
    return confirmation


def parts(message: EmailMessage) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_a_recap_is_confirmed_with_every_fact_in_both_parts(mailer: Mailer):
    mailer.add_contact("jordi@example.cat", name="Jordi Vidal")  # known since today
    result = mailer.ingest(recap_message(RECAP, sent=NIGHT), source="recap", now=NIGHT)
    mailer.tick(NIGHT)
    confirmation = confirmation_of(mailer, result)
    assert confirmation["Subject"] == "Logged: breakfast with Oriol Puig & Jordi Vidal, Wed 2 Dec"
    text, html = parts(confirmation)
    for fact in (
        "Breakfast",
        "Wednesday 2 December at 09:00",
        "Federal Café",
        "oriol@example.cat",
        "my notes on event formats",
        "two contacts for the project",
        "send him my deck on community building",
        "Pau",
        "Wednesday 16 December",
        "in two weeks",
    ):
        assert fact in text, fact
        assert fact in html, fact
    assert "new in your contacts" in text and "new contact" in html
    assert "in your contacts since November 2026" in text and "known since November 2026" in html
    assert "Follow-up: Wednesday 16 December (in two weeks, as you wrote)." in text
    assert "follow up: 15 January" in text and "undo+" in text
    for part in (confirmation["Subject"], text, html):
        assert "mailer " not in part and "`" not in part and "Fwd:" not in part
    assert ALICE not in confirmation["Subject"]


def test_the_facts_have_the_shape_the_snapshots_render(mailer: Mailer):
    mailer.ingest(recap_message(RECAP, sent=NIGHT), source="recap", now=NIGHT)
    with mailer.sessions() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "confirmation")
        ).one()
        [meeting] = row.context["filed"]["meetings"]
    assert set(meeting) == set(RECAP_MEETING)
    assert set(meeting["people"][0]) == set(RECAP_MEETING["people"][0])
    assert set(meeting["follow_up"]) == set(RECAP_MEETING["follow_up"])


def test_without_a_follow_up_date_the_cadence_asks_when(mailer: Mailer):
    mailer.add_contact("oriol@example.cat", name="Oriol Puig", cadence_days=42)
    body = "Had breakfast with Oriol Puig <oriol@example.cat> this morning."
    result = mailer.ingest(recap_message(body, sent=NIGHT), source="recap", now=NIGHT)
    mailer.tick(NIGHT)
    text, html = parts(confirmation_of(mailer, result))
    sentence = "your 6-week cadence says Wednesday 13 January. When should I remind you?"
    assert sentence in " ".join(text.split()) and sentence in " ".join(html.split())


def test_a_moved_invitation_says_what_changed_and_a_cancelled_one_says_so(mailer: Mailer):
    forwarded = datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
    mailer.ingest(invite_message(invite_ics()), source="invite", now=forwarded)
    moved = invite_ics(start="20261222T143000", end="20261222T153000", sequence=1,
                       dtstamp="20261121T100000Z")  # fmt: skip
    result = mailer.ingest(invite_message(moved), source="moved", now=forwarded)
    mailer.tick(forwarded)
    confirmation = confirmation_of(mailer, result)
    assert confirmation["Subject"] == "Updated: coffee with Anna Ruiz, Tue 22 Dec at 14:30"
    text, html = parts(confirmation)
    assert "Moved from 13:30 to 14:30, the same day." in text
    assert "Moved from 13:30 to 14:30, the same day." in html
    assert f"Anna Ruiz <{ANNA}>, in your contacts since December 2026" in text

    cancel = invite_ics(method="CANCEL", sequence=2, dtstamp="20261122T100000Z")
    result = mailer.ingest(invite_message(cancel, method="CANCEL"), source="cancel", now=forwarded)
    mailer.tick(forwarded)
    confirmation = confirmation_of(mailer, result)
    assert confirmation["Subject"] == "Cancelled: coffee with Anna Ruiz, Tue 22 Dec"
    assert "marked cancelled" in parts(confirmation)[0]


def test_the_users_language_writes_the_confirmation(tmp_path, database_url, clock):
    from mailer.config import load_config
    from tests.conftest import write_config

    path = write_config(tmp_path, database_url, language="es")
    mailer = Mailer(load_config(path), clock=clock)
    result = mailer.ingest(recap_message(RECAP, sent=NIGHT), source="recap", now=NIGHT)
    mailer.tick(NIGHT)
    confirmation = confirmation_of(mailer, result)
    assert confirmation["Subject"] == "Anotado: desayuno con Oriol Puig & Jordi Vidal, mié 2 dic"
    text, _ = parts(confirmation)
    assert "Seguimiento: miércoles 16 de diciembre (in two weeks, como escribiste)." in text
    mailer.engine.dispose()
