"""Mail queued before this version (its context without the new facts) still renders."""

from __future__ import annotations

import pytest

from mailer.outbound.templating import Templates
from tests.outbound.samples import COMMON

OLD_CONTEXTS = {
    "confirmation": {"original_subject": "Fwd: Coffee", "summary": "calendar: 1 created",
                     "undo": [], "undo_address": "undo+1.x@mailer.example.org"},
    "recap_prompt": {"meeting_title": "Coffee with Anna", "meeting_when": "Tuesday 22 December",
                     "contact_name": "Anna Ruiz", "contact_first_name": "Anna"},
    "thank_you_note": {"meeting_title": "Coffee with Anna", "contact_first_name": "Anna",
                       "note": "", "unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "challenge_invitation": {"contact_first_name": "Pau",
                             "proposals": ["Tuesday 01 December, 10:00"],
                             "unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "pending_list": {"items": [{"when": "Sun 06 Dec 09:00", "text": "Coffee?", "who": "Anna"}]},
    "followup_prompt": {"items": [{"kind": "cadence", "text": "Keep in touch with Anna Ruiz",
                                   "contact_name": "Anna Ruiz", "contact_email": "anna@example.com",
                                   "reason": "last contact 2026-10-22, every 42 days",
                                   "due": "2026-12-03"}]},
    "counter_proposal": {"contact_name": "Pau Vidal", "contact_first_name": "Pau",
                         "meeting_title": "Coffee: Alice & Pau",
                         "meeting_when": "Tuesday 01 December, 10:00",
                         "proposed_start": "2026-12-03T10:00:00+00:00",
                         "proposed_when": "Thursday 03 December, 11:00"},
    "challenge_update": {"contact_first_name": "Pau", "meeting_title": "Coffee: Alice & Pau",
                         "meeting_kind": "coffee", "meeting_when": "Thursday 03 December, 11:00",
                         "start": "2026-12-03T10:00:00+00:00", "method": "REQUEST",
                         "proposed_when": "Thursday 03 December, 11:00",
                         "unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "challenge_decline_counter": {"contact_first_name": "Pau", "meeting_kind": "coffee",
                                  "meeting_title": "Coffee: Alice & Pau",
                                  "meeting_when": "Tuesday 01 December, 10:00",
                                  "start": "2026-12-01T09:00:00+00:00",
                                  "method": "DECLINECOUNTER",
                                  "proposed_when": "Thursday 03 December, 11:00",
                                  "calendar_comment": "Thursday 03 December, 11:00 does not suit",
                                  "unsubscribe_address": "unsubscribe+1.x@mailer.example.org"},
    "digest": {"welcome": False, "week_label": "14–20 December 2026",
               "suggestions": [{"number": 1, "name": "Marta Costa", "reason": "You meant to"}]},
}  # fmt: skip


@pytest.mark.parametrize("template", sorted(OLD_CONTEXTS))
def test_an_old_row_renders(template: str):
    rendered = Templates().render(template, {**COMMON, **OLD_CONTEXTS[template]})
    assert rendered.subject and rendered.text.strip()
    if template == "challenge_invitation":
        assert "Tuesday 01 December, 10:00" in rendered.text
    if template == "confirmation":
        assert "calendar: 1 created" in rendered.text
    if template == "counter_proposal":
        assert "instead of Tuesday 01 December, 10:00" in " ".join(rendered.text.split())
    if template == "challenge_decline_counter":
        assert "proposing Thursday 03 December, 11:00" in " ".join(rendered.text.split())
    if template == "digest":  # its facts were English words: it asks for a fresh one
        assert "digest@mailer.example.org" in rendered.text and "Marta" not in rendered.text
