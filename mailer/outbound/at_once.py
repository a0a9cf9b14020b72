"""Which mail goes out at once: the assistant's answers to the user's own messages.

Two rules (the README states them too):

- An answer to something the user just sent (a confirmation, a correction's confirmation, an
  error reply, the pending list, a digest asked for at digest@) is sent at once, at any hour:
  the user is waiting for it, and a recap written at 23:10 must not be confirmed at 09:00.
- The brief before a meeting (mailer/briefs/) goes out at once too: it is the user's own mail,
  and a brief held until the window opens would arrive after the meeting.
- Everything else, mail to contacts and the prompts the assistant plans on its own (thank-you
  drafts, "how was it?", follow-ups, reminders, the weekly digest), waits for the user's
  sending window and counts against the hourly cap.

An answer is told by its idempotency key, which every answer takes from the inbound message it
answers (``confirmation:inbound:42``), so rows queued before an upgrade are told apart too.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from mailer.models import OutboxMessage

ANSWER_KEYS = (
    "confirmation:inbound:",
    "correction:inbound:",
    "error-reply:inbound:",
    "pending:inbound:",
    "digest:inbound:",
    "about:inbound:",
    "brief:user:",
)
"""The key prefixes of answers (mailer/outbound/replies.py, mailer/log/reminders.py,
mailer/planning/digest_send.py): each is followed by the id of the inbound message answered."""


def is_answer(idempotency_key: str) -> bool:
    """Does this outbox row answer a message of the user's (and so go out at once)?"""
    return idempotency_key.startswith(ANSWER_KEYS)


def answers() -> ColumnElement[bool]:
    """The same test in SQL, for counting what the hourly cap applies to."""
    return or_(*(OutboxMessage.idempotency_key.startswith(p) for p in ANSWER_KEYS))
