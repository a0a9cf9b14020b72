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
}  # fmt: skip


@pytest.mark.parametrize("template", sorted(OLD_CONTEXTS))
def test_an_old_row_renders(template: str):
    rendered = Templates().render(template, {**COMMON, **OLD_CONTEXTS[template]})
    assert rendered.subject and rendered.text.strip()
    if template == "challenge_invitation":
        assert "Tuesday 01 December, 10:00" in rendered.text
    if template == "confirmation":
        assert "calendar: 1 created" in rendered.text
