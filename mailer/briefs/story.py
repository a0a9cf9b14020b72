"""A person's story as JSON-safe facts: what the brief and the about@ answer both render.

The facts are computed when the mail is planned and stored in the outbox row, so the email
says what the log said at that moment, and the terminal view (``mailer brief``) renders the
very same facts. Words are the templates' business (``templates/_brief_words.txt``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from mailer.briefs.queries import People, names_of

MINE = ("task", "intro")
"""Items the user promised (a task, an introduction); "owed" ones are the contact's."""
NOTE_LENGTH = 240
INVITATION_LENGTH = 300


def excerpt(text: str | None, length: int) -> str:
    """The first sentences of a text up to ``length`` characters, on one line."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _days(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(0, (now - then).days)


def stories(
    session: Session, user_id: int, found: People, now: datetime, zone: ZoneInfo, limit: int
) -> dict[int, dict[str, Any]]:
    """Each contact's facts; ``limit`` meetings at most (the brief is a few lines), 0: all."""
    others = {
        other
        for rows in (*found.items.values(), *found.intros.values())
        for row in rows
        for other in (row.get("other_contact_id"), row.get("to_contact_id"), row.get("contact_id"))
        if other is not None and other not in found.contacts
    }
    names = {cid: c["name"] or c["email"] or "" for cid, c in found.contacts.items()}
    names.update(names_of(session, user_id, others))
    return {
        cid: _story(cid, contact, found, names, now, zone, limit)
        for cid, contact in found.contacts.items()
    }


def _story(
    cid: int,
    contact: dict[str, Any],
    found: People,
    names: dict[int, str],
    now: datetime,
    zone: ZoneInfo,
    limit: int,
) -> dict[str, Any]:
    met = found.meetings.get(cid, [])
    shown = met[:limit] if limit else met
    items = found.items.get(cid, [])
    followups = sorted(
        (i for i in items if i["kind"] == "followup" and i["contact_id"] == cid),
        key=lambda i: (i["due"] is None, i["due"] or now.date()),
    )
    # The last meeting is the last touch that means something: the invitation to the meeting
    # being briefed touched the contact too, and "last in touch today" tells the user nothing.
    last_touch = met[0]["start"] if met else contact["last_interaction_at"]
    return {
        "id": cid,
        "name": contact["name"] or contact["email"] or "",
        "first_name": (contact["name"] or contact["email"] or "").split()[0],
        "email": contact["email"] or "",
        "company": contact["company"] or "",
        "position": contact["position"] or "",
        "notes": excerpt(contact["notes"], NOTE_LENGTH),
        "times": len(met),
        "first": not met,
        "since": _iso(contact["first_met"] or contact["created_at"]),
        "last_touch_days": _days(now, last_touch),
        "meetings": [
            {
                "start": m["start"].astimezone(zone).isoformat(),
                "kind": m["kind"],
                "title": m["title"],
                "gave": list(m["gave"] or []),
                "got": list(m["got"] or []),
                "notes": excerpt(_own_words(m["notes"], items), NOTE_LENGTH),
            }
            for m in shown
        ],
        "more_meetings": len(met) - len(shown),
        "mine": [_item(i, cid, names) for i in items if i["kind"] in MINE],
        "theirs": [_item(i, cid, names) for i in items if i["kind"] == "owed"],
        "followup": _item(followups[0], cid, names) if followups else None,
        "intros": [_intro(i, cid, names) for i in found.intros.get(cid, [])],
    }


def _own_words(notes: str | None, items: list[dict[str, Any]]) -> str:
    """What the recap's notes say beyond what was filed: the line naming the person (with
    their address) and the promises, already listed, are left out."""
    filed = [i["text"].lower() for i in items]
    kept = [
        line
        for line in (notes or "").splitlines()
        if line.strip() and "@" not in line and not any(t and t in line.lower() for t in filed)
    ]
    return " ".join(kept)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _item(row: dict[str, Any], cid: int, names: dict[int, str]) -> dict[str, Any]:
    other = row["other_contact_id"] if row["contact_id"] == cid else row["contact_id"]
    return {
        "text": row["text"],
        "due": row["due"].isoformat() if row["due"] else None,
        "other": names.get(other, "") if other else "",
    }


def _intro(row: dict[str, Any], cid: int, names: dict[int, str]) -> dict[str, Any]:
    """An introduction as seen from ``cid``: whom it connects them with, and how far it is."""
    if row["direction"] == "owed":
        return {"role": "owed", "other": row["to_name"], "stage": row["stage"], "why": row["why"]}
    introduced = row["contact_id"] == cid
    other_id = row["to_contact_id"] if introduced else row["contact_id"]
    other_name = row["to_name"] if introduced else row["contact_name"]
    return {
        "role": "introduced" if introduced else "asked",
        "other": names.get(other_id, "") if other_id else other_name,
        "stage": row["stage"],
        "why": row["why"],
    }


def question(people: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One question to carry into the meeting, from the log: what they promised you, else what
    you promised them, else the last recap's notes ("ask how the product move went")."""
    for key in ("theirs", "mine"):
        for person in people:
            if person[key]:
                text = person[key][0]["text"].rstrip(". ")
                return {"kind": key, "name": person["first_name"], "text": text}
    for person in people:
        if person["meetings"] and person["meetings"][0]["notes"]:
            last = person["meetings"][0]
            return {"kind": "notes", "name": person["first_name"],
                    "text": last["notes"].rstrip(". "), "meeting_kind": last["kind"]}  # fmt: skip
    return None
