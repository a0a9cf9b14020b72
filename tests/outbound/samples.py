"""One context per message the assistant sends, as the dispatcher completes it: the snapshots
(tests/outbound/test_snapshots.py) and the spam scores render exactly these, in every language.

The ``filed`` facts have the shape :mod:`mailer.log.filed` gives them (a test files a real
recap and compares the keys), so a template cannot come to need a fact that is never there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from mailer.planning.digest_context import INKS, LEGEND, SHADES
from mailer.said import Said

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


def _digest_grid(counts: list[int]) -> dict[str, Any]:
    """The year at a glance, 52 weeks to the week of 30 November 2026, as digest_context."""
    first = date(2026, 11, 30) - timedelta(weeks=51)
    levels = [min(c, 2) if c < 3 else (3 if c < 5 else 4) for c in counts]
    cells = [
        {
            "count": c,
            "level": level,
            "shade": SHADES[level],
            "ink": INKS[level],
            "current": n == 51,
            "week": (first + timedelta(weeks=n)).isoformat(),
        }
        for n, (c, level) in enumerate(zip(counts, levels, strict=True))
    ]
    rows = [cells[n : n + 13] for n in range(0, 52, 13)]
    return {
        "grid": rows,
        "grid_weeks": [row[0]["week"] for row in rows],
        "grid_marks": [" ".join(str(c["count"] or "·") for c in row) for row in rows],
        "legend": [{"shade": s, "label": label} for s, label in zip(SHADES, LEGEND, strict=True)],
    }


def _digest_meeting(
    start: str, kind: str | None, people: list[str], status: str, first_time: tuple[str, ...] = ()
) -> dict[str, Any]:
    name = " & ".join([", ".join(people[:-1]), people[-1]]) if len(people) > 1 else people[0]
    return {
        "start": start,
        "kind": kind,
        "name": name,
        "people": people,
        "location": "",
        "status": status,
        "first_time": list(first_time),
    }


NO_ONE = {"new": 0, "again": 0, "total": 0}
NOTHING = {"items": [], "more": 0}
DIGEST_WEEK: dict[str, Any] = {
    "welcome": False,
    "week_start": "2026-11-30", "week_end": "2026-12-06",
    "next_week_start": "2026-12-07", "next_week_end": "2026-12-13",
    "week_over": False,
    "this_week": [
        _digest_meeting("2026-11-30T08:00:00+00:00", "coffee", ["Anna Ruiz"], "done",
                        ("Anna Ruiz",)),
        _digest_meeting("2026-12-01T12:30:00+00:00", "lunch", ["Oriol Puig", "Jordi Vidal"],
                        "done", ("Oriol Puig",)),
        _digest_meeting("2026-12-02T07:30:00+00:00", "breakfast", ["Marta Soler"], "no-show"),
        _digest_meeting("2026-12-02T16:00:00+00:00", None, ["Núria Soler"], "cancelled"),
        _digest_meeting("2026-12-03T07:00:00+00:00", "call", ["Pau Vidal"], "to-confirm"),
        _digest_meeting("2026-12-04T18:30:00+00:00", "drinks", ["Laia Vidal"], "planned"),
    ],
    "this_week_more": 2,
    "next_week": [
        _digest_meeting("2026-12-09T15:00:00+00:00", "video", ["Hugo Camps"], "planned"),
        _digest_meeting("2026-12-11T19:30:00+00:00", "dinner", ["Eva Prat"], "planned"),
    ],
    "next_week_more": 0,
    "week_counts": {"done": 2, "cancelled": 1, "no-show": 1, "to-confirm": 1, "planned": 1},
    "streak": {"current": 3, "longest": 5, "before": 2, "state": "kept"},
    "month": "2026-12-01", "month_count": 4, "year": 2026, "year_count": 41,
    "people": {"week": {"new": 2, "again": 1, "total": 3},
               "month": {"new": 2, "again": 2, "total": 4},
               "year": {"new": 14, "again": 9, "total": 23}},
    **_digest_grid([(0, 1, 0, 2, 1, 1, 0, 3, 1, 0, 5)[n % 11] for n in range(51)] + [2]),
    "followups": {"items": [
        {"text": "Follow up with Jordi Vidal", "who": "Jordi Vidal", "email": "jordi@example.cat",
         "due": "2026-12-01", "state": "overdue", "days_left": -2},
        {"text": "Follow up with Anna Ruiz", "who": "Anna Ruiz", "email": "anna@example.com",
         "due": "2026-12-03", "state": "due", "days_left": 0},
        {"text": "Follow up with Oriol Puig", "who": "Oriol Puig", "email": "oriol@example.cat",
         "due": "2026-12-08", "state": "soon", "days_left": 5},
    ], "more": 1},
    "cadences": {"items": [
        {"name": "Marta Costa", "email": "marta@example.com", "ideal_days": 30,
         "too_long_days": 45, "days": 50, "days_left": -20, "state": "overdue", "invited": False},
        {"name": "Hugo Camps", "email": "hugo@example.com", "ideal_days": 60,
         "too_long_days": 90, "days": 71, "days_left": -11, "state": "due", "invited": True},
        {"name": "Sara Pujol", "email": "sara@example.com", "ideal_days": 42,
         "too_long_days": 63, "days": 40, "days_left": 2, "state": "soon", "invited": False},
    ], "more": 0},
    "promises": {"items": [
        {"kind": "task", "text": "send him my deck on community building", "who": "Oriol Puig",
         "due": "2026-12-04"},
        {"kind": "intro", "text": "introduce Anna to Pau", "who": "Anna Ruiz → Pau Vidal",
         "due": ""},
    ], "more": 2},
    "invitations": {"items": [
        {"name": "Elena Mas", "email": "elena@example.com", "days": 9},
        {"name": "Fèlix Vila", "email": "felix@example.com", "days": 1},
    ], "more": 0},
    "given": ["my notes on event formats"],
    "received": ["two contacts for the project", "honest feedback on my pitch"],
    "suggestions": [
        {"number": 1, "contact_id": 8, "name": "Marta Costa", "email": "marta@example.com",
         "reason": {"why": "rhythm", "ideal_days": 30, "days": 50}, "pick": True},
        {"number": 2, "contact_id": 7, "name": "Núria Soler", "email": "nuria@example.com",
         "reason": {"why": "met", "days": 292, "times": 2}, "pick": False},
        {"number": 3, "contact_id": 3, "name": "Marc Font", "email": "marc@example.com",
         "reason": {"why": "never", "known_since": "2025-01-01", "company": "Acme"},
         "pick": False},
        {"number": 4, "contact_id": 9, "name": "Clara Bosch", "email": "clara@example.com",
         "reason": {"why": "in_touch", "days": 20, "company": ""}, "pick": False},
        {"number": 5, "contact_id": 10, "name": "Eva Prat", "email": "eva@example.com",
         "reason": {"why": "met", "days": 120, "times": 3}, "pick": False},
    ],
    "post": {"welcome": False, "meetings": 2, "new": 2, "weeks": 3},
    "photos": {"week": [], "month": [], "month_first": None, "month_meetings": None,
               "zone": "Europe/Madrid"},
    "images": [],
    "introductions": {"items": [], "more": 0},
    "introductions_made": {"items": [], "count": 0},
}  # fmt: skip
"""A week of the weekly digest with every kind of line in it (the shape of digest_context:
tests/planning/test_digest_sections.py compares it with a real digest's)."""
DIGEST_WELCOME: dict[str, Any] = {
    **DIGEST_WEEK,
    "welcome": True, "this_week": [], "this_week_more": 0, "next_week": [],
    "week_counts": {"done": 0, "cancelled": 0, "no-show": 0, "to-confirm": 0, "planned": 0},
    "streak": {"current": 0, "longest": 0, "before": 0, "state": "none"},
    "month_count": 0, "year_count": 0,
    "people": {"week": NO_ONE, "month": NO_ONE, "year": NO_ONE},
    **_digest_grid([0] * 52),
    "followups": NOTHING, "cadences": NOTHING, "promises": NOTHING, "invitations": NOTHING,
    "given": [], "received": [], "suggestions": [],
    "post": {"welcome": True, "meetings": 0, "new": 0, "weeks": 0},
}  # fmt: skip
COUNTER = {
    "contact_id": 3, "contact_name": "Pau Vidal", "contact_first_name": "Pau",
    "contact_email": "pau@example.org", "meeting_id": 7, "meeting_kind": "coffee",
    "uid": "challenge-1@mailer.example.org", "sequence": 0,
    "proposed_start": "2026-12-10T10:00:00+00:00", "proposed_end": "2026-12-10T11:00:00+00:00",
}  # fmt: skip
PHOTO_CID = "photo-0790cedd1e6c38164b127471@mailer.example.org"
PHOTOS = {
    "meeting_id": 7,
    "kept": [
        {
            "cid": PHOTO_CID,
            "name": "IMG_0412.HEIC",
            "width": 1600,
            "height": 1200,
            "attached": "2026-12-02 breakfast with Oriol & Jordi.jpg",
            "again": False,
        }
    ],
    "skipped": [
        {
            "name": "IMG_0413.JPG",
            "why": "unreadable",
            "megabytes": 0.0,
            "limit_megabytes": 25,
            "megapixels": 0,
            "limit_megapixels": 50,
            "limit": 10,
            "format": "",
        },
        {
            "name": "",
            "why": "too_many_pixels",
            "megabytes": 0.0,
            "limit_megabytes": 25,
            "megapixels": 60,
            "limit_megapixels": 50,
            "limit": 10,
            "format": "",
        },
    ],
    "post": {"kind": "breakfast", "names": "Oriol & Jordi", "number": 12, "caption": None},
}
"""What mailer/photos/filing.py adds to the facts of a recap with photos."""
IMAGES = [
    {
        "cid": PHOTO_CID,
        "file": "1/07/0790cedd.jpg",
        "filename": "2026-12-02 breakfast with Oriol & Jordi.jpg",
        "attach": True,
    }
]
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
    "confirmation-photo": ("confirmation", {**UNDO, "images": IMAGES, "filed": _filed(
        what="meetings", meetings=[{**RECAP_MEETING, "no_address": []}], more=0,
        photos=PHOTOS, images=IMAGES)}),
    "confirmation-invitation": ("confirmation", {**UNDO, "filed": _filed(
        what="meetings", meetings=[INVITATION], more=0, assumed=[Said(
            'the calendar does not define the zone "%(tzid)s" and no known zone has that name, '
            "so its times were read in your zone (%(zone)s)",
            tzid="Customized Time Zone", zone="Europe/Madrid").as_json()])}),
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
    "confirmation-done": ("confirmation", {**UNDO, "summary": "invited Pau Vidal", "filed": _filed(
        what="summary", said=Said("invited %(people)s", people="Pau Vidal").as_json())}),
    "confirmation-undone": ("confirmation", {"undo_address": "", "filed": _filed(
        what="undone", again=False, kept=[
            Said("the message to %(address)s was already sent", address="anna@example.com")
            .as_json(),
            "the contact pau@example.org (now in other entries)",  # a row queued before Said
        ],
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
            {"what": "caption", "value": "Breakfast with Oriol: #slownetworking, week 12.",
             "was": None, "line": "x"},
        ],
        not_understood=["see you soon"])}),
    "error_reply": ("error_reply", {"original_subject": "Fwd: Coffee (alice@example.com)",
        "reason": Said(
            "this message has no calendar invitation and I could not tell whom you met. Forward "
            "the invitation itself, or write a recap naming the person with their address, e.g. "
            "'Coffee with %(example)s this morning.'",
            example="Anna Ruiz <anna@example.com>",
        ).as_json()}),
    "error_reply-counter": ("error_reply", {"original_subject": "Re: A new time?", "reason": Said(
        "reply 'accept' to move the meeting with %(name)s to %(proposed)s, "
        "or 'decline' to keep it on %(kept)s", name="Oriol Puig",
        proposed=datetime.fromisoformat("2026-12-10T11:00:00+01:00"),
        kept=datetime.fromisoformat("2026-12-09T09:30:00+01:00")).as_json()}),
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
    "digest": ("digest", DIGEST_WEEK),
    "digest-welcome": ("digest", DIGEST_WELCOME),
    "counter_proposal": ("counter_proposal", {**COUNTER,
        "meeting_start": "2026-12-08T09:00:00+00:00"}),
    "challenge_update": ("challenge_update", {**COUNTER, **UNSUBSCRIBE, "method": "REQUEST",
        "start": "2026-12-10T10:00:00+00:00", "end": "2026-12-10T11:00:00+00:00"}),
    "challenge_decline_counter": ("challenge_decline_counter", {**COUNTER, **UNSUBSCRIBE,
        "method": "DECLINECOUNTER", "start": "2026-12-08T09:00:00+00:00",
        "end": "2026-12-08T10:00:00+00:00"}),
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
