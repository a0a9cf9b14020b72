"""What the other person will send is owed to the user, not yet in hand: the confirmation lists
it once, under "Owed to you", though the log also keeps it with what was received."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from tests.log.test_confirmation_lists_what_was_filed import confirmation_of, parts
from tests.messages import recap_message

NOON = datetime(2026, 12, 2, 11, 20, tzinfo=ZoneInfo("Europe/Madrid"))
RECAP = """Breakfast with Oriol Puig <oriol@example.org> at Can Culleretes.
He recommended the book "Never Eat Alone". Oriol will send me the contact of his editor.
"""
PROMISE = "send me the contact of his editor"


def test_a_promise_to_the_user_is_owed_not_got(mailer: Mailer):
    result = mailer.ingest(recap_message(RECAP, sent=NOON), source="recap", now=NOON)
    mailer.tick(NOON)
    [meeting] = mailer.meetings()
    assert PROMISE in meeting["got"]  # the log keeps it with what was received
    text, html = parts(confirmation_of(mailer, result))
    assert text.count(PROMISE) == 1 and html.count(PROMISE) == 1
    owed_at, got_at = text.index("Owed to you:"), text.index("You got:")
    assert text.index(PROMISE) > owed_at > got_at
    assert "Never Eat Alone" in text[got_at:owed_at]
