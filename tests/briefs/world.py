"""Anna's world for the brief's tests: a lunch in the log, and coffee with her ahead.

Everything goes in as mail through ``mailer.ingest`` (the recap, the invitation), exactly as
over SMTP, and comes out through ``mailer.tick`` into the Maildir.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import invite_ics, invite_message, recap_message
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
LUNCH = datetime(2026, 11, 10, 14, 0, tzinfo=MADRID)
LUNCH_RECAP = """Had lunch with Anna Ruiz <anna@example.com> today at Can Culleretes.
Gave: my notes on community events; the contact of a venue in Gràcia
Got: feedback on my pitch; a book on facilitation
I will send her the list of venues.
Follow up in 3 weeks.
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def log_lunch(mailer: Mailer) -> None:
    result = mailer.ingest(recap_message(LUNCH_RECAP, sent=LUNCH), source="recap", now=LUNCH)
    assert result.status == "processed", result.detail


def invite(mailer: Mailer, *, start: str, uid: str = "coffee-anna-1@google.com", now: datetime,
           sequence: int = 0, method: str = "REQUEST", summary: str = "Coffee with Anna",
           attendees: tuple[tuple[str, str, str], ...] | None = None) -> None:  # fmt: skip
    """Forward an invitation for an hour's meeting starting at ``start`` (local, compact)."""
    end = start[:9] + f"{int(start[9:11]) + 1:02d}" + start[11:]
    extra = {} if attendees is None else {"attendees": attendees}
    ics = invite_ics(uid=uid, start=start, end=end, sequence=sequence, method=method,
                     summary=summary, **extra)  # fmt: skip
    result = mailer.ingest(invite_message(ics), source="invite", now=now)
    assert result.status == "processed", result.detail


def briefs(mailer: Mailer, address: str = ALICE) -> list[EmailMessage]:
    """The briefs sent to ``address``, in the order they were queued."""
    order = [row["message_id"] for row in mailer.outbox() if row["template"] == "brief"]
    sent = [
        m
        for m in maildir_messages(mailer.config.maildir)
        if address in str(m["To"]) and str(m["Message-ID"]) in order
    ]
    return sorted(sent, key=lambda m: order.index(str(m["Message-ID"])))


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()
