"""One week of Alice's slow networking, exact to the day: the digest's sections are checked
against it, and its rendering is scored for spam (a Sunday evening in Madrid)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlalchemy import select

from mailer.api import Mailer
from mailer.models import OutboxMessage
from tests.conftest import ALICE
from tests.outbound.sinks import maildir_messages
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)
KNOWN = datetime(2025, 1, 1, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def seed(mailer: Mailer) -> dict[str, int]:
    h = History(mailer, ALICE)
    names = (  # noqa: SIM905 - names read better as a sentence
        "Anna Ruiz, Pau Serra, Marc Font, Laia Vidal, Júlia Riera, Oriol Puig, Núria Soler, "
        "Marta Costa, Hugo Camps, Sara Pujol, Eva Prat, Jordi Roca, Clara Bosch, Elena Mas, "
        "Fèlix Vila"
    ).split(", ")
    cadences = {"Marta Costa": 30, "Hugo Camps": 60, "Sara Pujol": 30, "Eva Prat": 30}
    cadences["Júlia Riera"] = 30
    c = {n.split()[0]: h.contact(n, cadence=cadences.get(n), known_since=KNOWN) for n in names}
    c["Olga"] = h.contact("Olga Sala", opted_out=True, known_since=KNOWN)
    h.meeting(
        at("2026-12-15T10:00"),
        c["Anna"],
        gave=("my notes on event formats",),
        got=("two contacts",),
    )
    h.meeting(at("2026-06-10T10:00"), c["Pau"])
    h.meeting(at("2026-12-17T13:00"), c["Pau"], gave=("an intro to Anna",))
    h.meeting(at("2026-12-18T13:00"), c["Marc"], status="cancelled")
    h.meeting(at("2026-12-19T10:00"), c["Laia"], status="planned")
    h.meeting(at("2026-12-22T10:00"), c["Júlia"], status="planned", title="Lunch with Júlia")
    h.meeting(at("2026-12-02T10:00"), c["Oriol"])
    h.meeting(at("2026-12-09T10:00"), c["Oriol"])
    h.meeting(at("2025-11-05T10:00"), c["Núria"])
    h.meeting(at("2026-03-03T10:00"), c["Núria"])
    for name, last in (("Marta", "2026-10-20"), ("Hugo", "2026-10-10"), ("Sara", "2026-11-24")):
        h.meeting(at(f"{last}T10:00"), c[name])
    h.meeting(at("2026-12-01T10:00"), c["Eva"])
    h.meeting(at("2026-09-01T10:00"), c["Júlia"])
    h.item("followup", "Follow up with Jordi", contact=c["Jordi"], due=date(2026, 12, 18))
    h.item("followup", "Follow up with Anna", contact=c["Anna"], due=date(2026, 12, 23))
    h.item("followup", "Follow up later", contact=c["Anna"], due=date(2027, 2, 1))
    h.item("followup", "Already done", contact=c["Pau"], due=date(2026, 12, 1), status="done")
    h.item("followup", "Opted out", contact=c["Olga"], due=date(2026, 12, 1))
    h.item("intro", "Introduce Anna to Pau", contact=c["Anna"], other=c["Pau"])
    h.item("task", "Send Clara the deck", contact=c["Clara"], due=date(2026, 12, 30))
    h.item("task", "Kept promise", contact=c["Clara"], status="done")
    h.invitation(c["Elena"], h.email(c["Elena"]), at("2026-12-11T09:00"))
    h.invitation(c["Fèlix"], h.email(c["Fèlix"]), at("2026-12-10T09:00"), answered=True)
    return c


def sent_digest(mailer: Mailer) -> EmailMessage:
    """The digest of the seeded week, planned and sent by ``tick`` into the Maildir."""
    seed(mailer)
    mailer.tick(NOW)
    with mailer.engine.connect() as connection:
        sent = connection.scalar(
            select(OutboxMessage.message_id).where(OutboxMessage.template == "digest")
        )
    [digest] = [m for m in maildir_messages(mailer.config.maildir) if m["Message-ID"] == sent]
    return digest
