"""One context per message the assistant sends, as the dispatcher completes it: the snapshots
(tests/outbound/test_snapshots.py) and the spam scores render exactly these, in every language.

The ``filed`` facts have the shape :mod:`mailer.log.filed` gives them (a test files a real
recap and compares the keys), so a template cannot come to need a fact that is never there.
"""

from __future__ import annotations

from typing import Any

COMMON: dict[str, Any] = {
    "user_name": "Alice Martín",
    "user_first_name": "Alice",
    "user_email": "alice@example.com",
    "assistant_address": "assistant@mailer.example.org",
    "domain": "mailer.example.org",
    "reply_address": "assistant@mailer.example.org",
    "zone": "Europe/Madrid",
    "sent_on": "2026-12-03",
}
UNDO = {"undo_address": "undo+1.x7fk2q@mailer.example.org"}
UNSUBSCRIBE = {"unsubscribe_address": "unsubscribe+1.x7fk2q@mailer.example.org"}
MEETING = {
    "meeting_id": 7,
    "contact_id": 3,
    "meeting_title": "Breakfast Oriol / Alice",
    "meeting_kind": "breakfast",
    "meeting_start": "2026-12-02T08:30:00+00:00",
    "meeting_day": "2026-12-02",
    "meeting_location": "Federal Café, Barcelona",
    "contact_name": "Oriol Puig",
    "contact_first_name": "Oriol",
    "contact_email": "oriol@example.cat",
    "contact_language": None,
    "specific": {"kind": "send", "text": "my deck on community building"},
}
ORIOL = {"name": "Oriol Puig", "email": "oriol@example.cat", "new": True, "since": None,
         "language": None}  # fmt: skip
JORDI = {"name": "Jordi Vidal", "email": "jordi@example.cat", "new": False,
         "since": "2025-03-14", "language": "ca"}  # fmt: skip
RECAP_MEETING: dict[str, Any] = {
    "id": 7,
    "kind": "breakfast",
    "title": "Met Oriol Puig",
    "start": "2026-12-02T08:30:00+00:00",
    "end": "2026-12-02T09:30:00+00:00",
    "all_day": False,
    "location": "Federal Café, Barcelona",
    "online_url": "",
    "status": "done",
    "change": "new",
    "moved_from": None,
    "place_from": None,
    "people": [ORIOL, JORDI],
    "name": "Oriol Puig & Jordi Vidal",
    "gave": ["my notes on event formats"],
    "got": ["two contacts for the project", "honest feedback on my pitch"],
    "promises": [{"id": 1, "text": "send him my deck on community building",
                  "due": "2026-12-04", "to": None}],
    "intros": [{"id": 2, "text": "introduce him to Pau", "due": None, "to": "Pau Vidal"}],
    "owed": [{"id": 3, "text": "the slides of his talk", "due": None, "to": None}],
    "follow_up": {"due": "2026-12-16", "how": "phrase", "phrase": "in two weeks",
                  "cadence_days": None, "cadence_due": None},
    "no_address": ["Marta"],
}  # fmt: skip
INVITATION = {
    **RECAP_MEETING,
    "kind": "coffee",
    "title": "Coffee: Anna / Alice",
    "start": "2026-12-22T12:30:00+00:00",
    "end": "2026-12-22T13:30:00+00:00",
    "status": "planned",
    "location": "Satan's Coffee Corner",
    "online_url": "https://meet.example.com/abc-defg-hij",
    "people": [{**ORIOL, "name": "Anna Ruiz", "email": "anna@example.com"}],
    "name": "Anna Ruiz",
    "gave": [], "got": [], "promises": [], "intros": [], "owed": [],
    "follow_up": None, "no_address": [],
}  # fmt: skip


MARTA = {"id": 5, "name": "Marta Soler", "first_name": "Marta", "email": "marta@example.com",
         "about": "", "language": "es"}  # fmt: skip
JORDI_VILA = {"id": 6, "name": "Jordi Vila", "first_name": "Jordi", "language": "ca",
              "email": "jordi@example.org", "about": "founder, Estudi Vila"}  # fmt: skip
INTRO: dict[str, Any] = {"introduction_id": 4, "introduced": MARTA, "introduced_to": JORDI_VILA,
    "why": "she is looking for a designer for her new app."}  # fmt: skip
ASK: dict[str, Any] = {**INTRO, "role": "to", "contact_id": 6, "contact_name": "Jordi Vila",
    "contact_first_name": "Jordi", "contact_email": "jordi@example.org",
    "contact_language": "ca", "other": MARTA, "note": ""}  # fmt: skip
JOINT: dict[str, Any] = {**INTRO, "role": "", "contact_id": 5, "contact_name": "Marta Soler",
    "contact_first_name": "Marta", "contact_email": "marta@example.com",
    "contact_language": None, "other": JORDI_VILA, "agreed": ["Jordi"],
    "also_to": [{"name": "Jordi Vila", "email": "jordi@example.org"}], "cc": [],
    "note": ""}  # fmt: skip


def _filed(**facts: Any) -> dict[str, Any]:
    return {"summary": "calendar: 1 created", **facts}


SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "confirmation-recap": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", meetings=[RECAP_MEETING], more=0)}),
    "confirmation-cadence": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", meetings=[{**RECAP_MEETING, "people": [ORIOL], "name": "Oriol Puig",
        "promises": [], "intros": [], "owed": [], "no_address": [], "got": [],
        "follow_up": {"due": None, "how": "cadence", "phrase": "", "cadence_days": 42,
                      "cadence_due": "2027-01-13"}}], more=0)}),
    "confirmation-invitation": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", meetings=[INVITATION], more=0)}),
    "confirmation-moved": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", more=0, meetings=[{**INVITATION, "change": "updated",
        "moved_from": "2026-12-22T09:00:00+00:00", "start": "2026-12-22T10:00:00+00:00",
        "place_from": "Federal Café"}])}),
    "confirmation-cancelled": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", more=0, meetings=[{**INVITATION, "change": "cancelled",
        "status": "cancelled"}])}),
    "confirmation-invited": ("confirmation", {**UNDO, "filed": _filed(
        what="invited", people=[{**ORIOL, "name": "Pau Vidal"}])}),
    "confirmation-reminder": ("confirmation", {**UNDO, "filed": _filed(
        what="reminder", at="2026-12-06T08:00:00+00:00", people=["Anna Ruiz"])}),
    "confirmation-undone": ("confirmation", {"undo_address": "", "filed": _filed(
        what="undone", again=False, kept=["the message to anna@example.com was already sent"],
        undone={"what": "meetings", "meetings": [RECAP_MEETING]})}),
    "correction": ("correction", {**UNDO, "filed": _filed(
        what="correction", again=False,
        meetings=[{"id": 7, "kind": "lunch", "start": "2026-12-02T08:30:00+00:00",
                   "name": "Oriol Puig", "status": "done"}],
        changes=[
            {"what": "follow_up", "value": "2027-01-15", "was": "2026-12-16", "line": "x"},
            {"what": "kind", "value": "lunch", "was": "breakfast", "line": "x"},
            {"what": "remove", "value": "Jordi Vidal", "line": "x"},
            {"what": "language", "value": "ca", "people": ["Oriol Puig"], "line": "x"},
        ],
        not_understood=["see you soon"])}),
    "error_reply": ("error_reply", {"original_subject": "Fwd: Coffee (alice@example.com)",
        "reason": "this message has no calendar invitation and I could not tell whom you met"}),
    "recap_prompt": ("recap_prompt", MEETING),
    "thank_you": ("thank_you", {**MEETING, "note_language": "es"}),
    "thank_you_note": ("thank_you_note", {**MEETING, **UNSUBSCRIBE, "note": "",
                                          "specific": {"kind": "got", "text": "the two intros"}}),
    "followup_prompt": ("followup_prompt", {"items": [
        {"kind": "followup", "text": "Follow up with Oriol Puig", "contact_name": "Oriol Puig",
         "contact_email": "oriol@example.cat", "reason": "", "due": "2026-12-16",
         "meeting_kind": "breakfast", "meeting_day": "2026-12-02", "item_id": 1, "key": "a"},
        {"kind": "cadence", "text": "", "contact_name": "Anna Ruiz",
         "contact_email": "anna@example.com", "reason": "", "due": "2026-12-03",
         "last": "2026-10-22", "days": 42, "key": "b"},
        {"kind": "task", "text": "send him my deck", "contact_name": "Oriol Puig",
         "contact_email": "", "reason": "", "due": "", "key": "c"},
    ]}),
    "pending_list": ("pending_list", {"items": [
        {"at": "2026-12-06T08:00:00+00:00", "text": "Coffee next week?", "who": "Anna Ruiz"},
        {"due": "2026-12-16", "text": "Follow up with Oriol Puig", "who": ""},
    ]}),
    "reminder": ("reminder", {"original_subject": "Re: Coffee next week?",
        "original_excerpt": "Hi Anna,\nwould Tuesday suit you?",
        "people": [{"email": "anna@example.com", "name": "Anna Ruiz"}]}),
    "challenge_invitation": ("challenge_invitation", {**UNSUBSCRIBE,
        "contact_first_name": "Pau", "contact_name": "Pau Vidal",
        "proposal_times": ["2026-12-01T09:00:00+00:00", "2026-12-02T17:30:00+00:00"]}),
    "challenge_cancel": ("challenge_cancel", {**UNSUBSCRIBE, "contact_first_name": "Pau",
        "meeting_kind": "coffee", "start": "2026-12-01T09:00:00+00:00"}),
    "confirmation-introduction": ("confirmation", {**UNDO, "filed": _filed(
        what="introductions", introductions=[{"id": 4, "introduced": "Marta Soler",
        "to": "Jordi", "missing": ["Jordi"], "asked": ["Jordi"],
        "why": "she needs a designer"}])}),
    "intro_ask_draft": ("intro_ask_draft", {**ASK, "note_language": "ca"}),
    "intro_ask": ("intro_ask", {**ASK, **UNSUBSCRIBE}),
    "intro_ask-nudge": ("intro_ask", {**ASK, **UNSUBSCRIBE, "nudge": True}),
    "intro_joint_draft": ("intro_joint_draft", {**JOINT, "note_language": "en"}),
    "intro_joint": ("intro_joint", {**JOINT, **UNSUBSCRIBE}),
    "intro_joint_draft-cc": ("intro_joint_draft", {**JOINT, "note_language": "en", "also_to": [],
        "cc": [{"name": "Jordi Vila", "email": "jordi@example.org"}],
        "agreed": ["Marta", "Jordi"]}),
    "intro_question": ("intro_question", {**INTRO, "role": "to",
        "introduced_to": {**JORDI_VILA, "email": "", "about": "", "id": None, "name": "Jordi",
                          "first_name": "Jordi"}}),
    "intro_question-whom": ("intro_question", {**INTRO, "role": "to",
        "introduced_to": {**JORDI_VILA, "email": "", "about": "", "id": None, "name": "",
                          "first_name": ""}}),
    "intro_answer-no": ("intro_answer", {**INTRO, "role": "to", "answer": "no",
        "excerpt": "Sorry, not now: I am travelling until March."}),
    "intro_answer-unclear": ("intro_answer", {**INTRO, "role": "to", "answer": "unclear",
        "excerpt": "Hmm, what does she do exactly?\nJordi"}),
    "intro_answer-opted-out": ("intro_answer", {**INTRO, "role": "to", "answer": "opted-out",
        "excerpt": ""}),
    "intro_no_answer": ("intro_no_answer", {**INTRO, "role": "to", "days": 7}),
    "intro_met_check": ("intro_met_check", {**INTRO, "role": "",
        "sent": "2026-12-01T09:00:00+00:00"}),
    "intro_owed": ("intro_owed", {**INTRO, "role": "", "since": "2026-11-18T18:00:00+00:00",
        "introduced_to": {**JORDI_VILA, "email": "", "about": "", "id": None,
                          "name": "her manager", "first_name": "her"}}),
}  # fmt: skip
"""name: (template, context). Contexts add to :data:`COMMON`."""


def context_of(name: str) -> tuple[str, dict[str, Any]]:
    template, context = SAMPLES[name]
    return template, {**COMMON, **context}
