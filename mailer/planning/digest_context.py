"""A :class:`~mailer.planning.digest.Digest` as the templates see it: JSON-safe facts, no words.

The context is what the outbox row stores, so the email renders at dispatch exactly as planned,
and a reply "invite 2" later finds who number 2 was in that very digest. It holds numbers,
names, kinds, states and ISO dates only: the templates word them in the user's language
(``templates/_digest_words.txt``), as the confirmation does with :mod:`mailer.log.filed`, so
the facts stay true whatever language the user reads them in. What is decided here is what
needs the clock or the settings: a meeting's state, whether a follow-up is overdue.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mailer.intros.queries import DigestLine
from mailer.log.filed import names_of
from mailer.log.history import DONE, NO_SHOW, MeetingLine
from mailer.photos.digest import photo_context
from mailer.planning.digest import MEETINGS_SHOWN, Digest
from mailer.planning.digest_weeks import WEEK, Cell

SHADES = ("#ebe6dc", "#e4cf9f", "#cfa860", "#a8782f", "#6e4a1c")
"""Grid shades from no meeting to five or more; the text colour on each stays readable."""
INKS = ("#ebe6dc", "#5a4214", "#ffffff", "#ffffff", "#ffffff")
LEGEND = ("", "1", "2", "3–4", "5+")
"""What each shade stands for ("" is no meeting, which the template words)."""
TEXT_MARKS = "·123456789"


def digest_context(digest: Digest) -> dict[str, Any]:
    """Everything the digest templates use, as plain strings, numbers, lists and dicts."""
    zone = digest.user.zone
    last_day = digest.week + WEEK - WEEK / 7
    anchor = min(last_day, digest.today)  # the month and year counted, as in build_digest
    done = [m for m in digest.this_week if m.status == DONE]
    intros = digest.introductions
    return {
        "welcome": digest.welcome,
        "week_start": digest.week.isoformat(),
        "week_end": last_day.isoformat(),
        "next_week_start": (digest.week + WEEK).isoformat(),
        "next_week_end": (last_day + WEEK).isoformat(),
        "week_over": digest.streak.week_over,
        "this_week": [_meeting(m, digest.now) for m in digest.this_week[:MEETINGS_SHOWN]],
        "this_week_more": max(0, len(digest.this_week) - MEETINGS_SHOWN),
        "next_week": [_meeting(m, digest.now) for m in digest.next_week[:MEETINGS_SHOWN]],
        "next_week_more": max(0, len(digest.next_week) - MEETINGS_SHOWN),
        "week_counts": _week_counts(digest.this_week, digest.now),
        "streak": {
            "current": digest.streak.current,
            "longest": digest.streak.longest,
            "before": digest.streak.before,
            "state": digest.streak.state,
        },
        "month": anchor.replace(day=1).isoformat(),
        "month_count": digest.month_count,
        "year": anchor.year,
        "year_count": digest.year_count,
        "people": {
            name: {"new": count.new, "again": count.again, "total": count.total}
            for name, count in digest.people.items()
        },
        "grid": [[_cell(cell) for cell in row] for row in digest.grid],
        "grid_weeks": [row[0].week.isoformat() for row in digest.grid],
        "grid_marks": [" ".join(_mark(c.count) for c in row) for row in digest.grid],
        "legend": [{"shade": s, "label": label} for s, label in zip(SHADES, LEGEND, strict=True)],
        "followups": _listing(digest.followups, lambda f: _followup(f, digest.today)),
        "cadences": _listing(digest.cadences, lambda c: _cadence(c, digest)),
        "promises": _listing(digest.promises, _promise),
        "invitations": _listing(
            digest.invitations,
            lambda i: {
                "name": i.name or i.email,
                "email": i.email,
                "days": (digest.today - i.sent_at.astimezone(zone).date()).days,
            },
        ),
        "introductions": {
            "items": [_introduction(i, digest) for i in intros.open],
            "more": intros.open_total - len(intros.open),
        },
        "introductions_made": {
            "items": [_introduction(i, digest) for i in intros.made],
            "count": intros.made_total,
        },
        "given": [g for e in digest.exchanges for g in e.gave],
        "received": [g for e in digest.exchanges for g in e.got],
        "suggestions": [
            {
                "number": s.number,
                "contact_id": s.contact_id,
                "name": s.name or s.email,
                "email": s.email,
                "reason": s.reason,
                "pick": s.pick,
            }
            for s in digest.suggestions
        ],
        "post": _post(digest, done) if digest.settings.suggest_post else None,
        **photo_context(digest.photos, zone),  # "photos", and the "images" the email carries
    }


def _listing(listing: Any, item: Any) -> dict[str, Any]:
    return {"items": [item(i) for i in listing.items], "more": listing.more}


def _status(meeting: MeetingLine, now: datetime) -> str:
    """done, cancelled, no-show, to-confirm (past, never marked) or planned."""
    if meeting.status == DONE:
        return "done"
    if meeting.status == "cancelled":
        return "cancelled"
    if meeting.status in NO_SHOW:
        return "no-show"
    if meeting.end <= now:
        return "to-confirm"
    return "planned"


def _meeting(meeting: MeetingLine, now: datetime) -> dict[str, Any]:
    """A meeting by its kind and people ("coffee with Anna Ruiz"), never by its calendar title."""
    return {
        "start": meeting.start.isoformat(),
        "kind": meeting.kind,
        "name": names_of([p.label for p in meeting.people]),
        "people": [p.label for p in meeting.people],
        "location": meeting.location,
        "status": _status(meeting, now),
        "first_time": [p.label for p in meeting.first_meeting_with],
    }


def _week_counts(meetings: list[MeetingLine], now: datetime) -> dict[str, int]:
    counts = {"done": 0, "cancelled": 0, "no-show": 0, "to-confirm": 0, "planned": 0}
    for meeting in meetings:
        counts[_status(meeting, now)] += 1
    return counts


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "count": cell.count,
        "level": cell.level,
        "shade": SHADES[cell.level],
        "ink": INKS[cell.level],
        "current": cell.current,
        "week": cell.week.isoformat(),
    }


def _mark(count: int) -> str:
    return TEXT_MARKS[count] if count < len(TEXT_MARKS) else "+"


def _state(days_left: int, too_long_left: int | None = None) -> str:
    """overdue, due or soon: past the "too long" mark (or a follow-up's day), past the ideal,
    or before it."""
    if too_long_left is not None and too_long_left <= 0:
        return "overdue"
    if days_left < 0:
        return "overdue" if too_long_left is None else "due"
    return "due" if days_left == 0 else "soon"


def _followup(item: Any, today: date) -> dict[str, Any]:
    days_left = (item.due - today).days
    return {
        "text": item.text,
        "who": item.contact_name or item.contact_email,
        "email": item.contact_email,
        "due": item.due.isoformat(),
        "state": _state(days_left),
        "days_left": days_left,
    }


def _cadence(cadence: Any, digest: Digest) -> dict[str, Any]:
    since = (digest.today - cadence.last_contact.astimezone(digest.user.zone).date()).days
    too_long = round(cadence.ideal_days * digest.too_long_factor)
    return {
        "name": cadence.name or cadence.email,
        "email": cadence.email,
        "ideal_days": cadence.ideal_days,
        "too_long_days": too_long,
        "days": since,
        "days_left": cadence.ideal_days - since,
        "state": _state(cadence.ideal_days - since, too_long - since),
        "invited": bool(cadence.invited),
    }


def _promise(promise: Any) -> dict[str, Any]:
    who = promise.contact_name
    if promise.kind == "intro" and promise.other_name:
        who = f"{promise.contact_name} → {promise.other_name}" if who else promise.other_name
    return {
        "kind": "intro" if promise.kind == "intro" else "task",
        "text": promise.text,
        "who": who,
        "due": promise.due.isoformat() if promise.due else "",
    }


def _introduction(line: DigestLine, digest: Digest) -> dict[str, Any]:
    """An introduction as facts (its day in the user's zone); the template words it
    (``_digest_intros.txt``)."""
    return {
        "introduced": line.introduced,
        "introduced_to": line.introduced_to,
        "direction": line.direction,
        "stage": line.stage,
        "since": line.since.astimezone(digest.user.zone).date().isoformat(),
    }


def _post(digest: Digest, done: list[MeetingLine]) -> dict[str, Any] | None:
    """What a post about the week would say, without naming anyone (they did not ask to be
    posted): the template words it, or None when there is nothing to share."""
    week = digest.people.get("week")
    if not done and not digest.welcome:
        return None
    return {
        "welcome": not done,
        "meetings": len(done),
        "new": week.new if week and done else 0,
        "weeks": digest.streak.current,
    }
