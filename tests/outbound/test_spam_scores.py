"""Every template, as sent, scores below 1.0 with SpamAssassin (local tests, no network).

A thank-you note in the spam folder fails its user silently (tests/outbound/spamassassin.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailer.outbound.compose import compose, make_message_id
from mailer.outbound.templating import Templates
from tests.outbound.spamassassin import spam_score

SAMPLES = {
    "challenge_cancel": {"unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "confirmation": {
        "original_subject": "Fwd: Coffee",
        "summary": "calendar: 1 created",
        "undo_address": "undo+1.x@mailer.example.org",
    },
    "error_reply": {"original_subject": "Coffee notes", "reason": "no calendar was found"},
    "recap_prompt": {},
    "thank_you": {},
    "thank_you_note": {"note": "", "unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "followup_prompt": {
        "items": [
            {
                "text": "Follow up with Anna Ruiz",
                "contact_email": "anna@example.com",
                "reason": "asked for in the recap of Coffee",
                "due": "2027-01-05",
            }
        ],
    },
    "counter_proposal": {"proposed_when": "Thursday 03 December, 11:00"},
    "challenge_update": {"unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "challenge_decline_counter": {
        "proposed_when": "Thursday 03 December, 11:00",
        "unsubscribe_address": "unsubscribe+1.x@mailer.example.org",
    },
    "challenge_invitation": {
        "proposals": ["Tuesday 01 December, 10:00"],
        "unsubscribe_address": "unsubscribe+1.x@mailer.example.org",
    },
}
COMMON = {
    "user_name": "Alice Martín",
    "user_email": "alice@example.com",
    "contact_name": "Anna Ruiz",
    "contact_first_name": "Anna",
    "contact_email": "anna@example.com",
    "meeting_title": "Coffee with Anna",
    "meeting_when": "Tuesday 22 December 2026, 13:30",
    "assistant_address": "assistant@mailer.example.org",
    "domain": "mailer.example.org",
    "reply_address": "assistant@mailer.example.org",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_template_scores_below_one(name: str):
    rendered = Templates().render(name, {**COMMON, **SAMPLES[name]})
    message = compose(
        rendered,
        from_name="Alice Martín",
        from_address="assistant@mailer.example.org",
        to=[("Anna Ruiz", "anna@example.com")],
        message_id=make_message_id("mailer.example.org"),
        date=datetime.now(UTC),
        reply_to=[("Alice Martín", "alice@example.com")],
        list_unsubscribe_mailto="unsubscribe+1.x@mailer.example.org",
    )
    score, details = spam_score(message)
    assert score < 1.0, details
