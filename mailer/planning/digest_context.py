"""A :class:`~mailer.planning.digest.Digest` as the templates see it: JSON-safe and worded.

The context is what the outbox row stores, so the email renders at dispatch exactly as planned,
and a reply "invite 2" later finds who number 2 was in that very digest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mailer.intros.queries import DigestLine
from mailer.log.history import DONE, NO_SHOW, MeetingLine
from mailer.planning.digest import MEETINGS_SHOWN, Digest
from mailer.planning.digest_weeks import WEEK, Cell
from mailer.planning.digest_words import ago, day_range, every, plural, short_day, span

SHADES = ("#ebe6dc", "#e4cf9f", "#cfa860", "#a8782f", "#6e4a1c")
"""Grid shades from no meeting to five or more; the text colour on each stays readable."""
INKS = ("#ebe6dc", "#5a4214", "#ffffff", "#ffffff", "#ffffff")
TEXT_MARKS = "·123456789"


def digest_context(digest: Digest) -> dict[str, Any]:
    """Everything the digest templates use, as plain strings, numbers, lists and dicts."""
    zone = digest.user.zone
    last_day = digest.week + WEEK - WEEK / 7
    anchor = min(last_day, digest.today)  # the month and year counted, as in build_digest
    done = [m for m in digest.this_week if m.status == DONE]
    first_name = (digest.user.name or digest.user.email).split()[0]
    intros = digest.introductions
    return {
        "welcome": digest.welcome,
        "user_first_name": first_name,
        "week_start": digest.week.isoformat(),
        "week_label": day_range(digest.week, last_day),
        "next_week_label": day_range(digest.week + WEEK, last_day + WEEK),
        "week_over": digest.streak.week_over,
        "this_week": [_meeting(m, digest) for m in digest.this_week[:MEETINGS_SHOWN]],
        "this_week_more": max(0, len(digest.this_week) - MEETINGS_SHOWN),
        "next_week": [_meeting(m, digest) for m in digest.next_week[:MEETINGS_SHOWN]],
        "next_week_more": max(0, len(digest.next_week) - MEETINGS_SHOWN),
        "week_counts": _week_counts(digest.this_week, digest.now),
        "streak": {
            "current": digest.streak.current,
            "longest": digest.streak.longest,
            "before": digest.streak.before,
            "state": digest.streak.state,
            "weeks": plural(digest.streak.current, "week"),
            "longest_weeks": plural(digest.streak.longest, "week"),
        },
        "month_name": f"{anchor:%B}",
        "month_count": digest.month_count,
        "year": anchor.year,
        "year_count": digest.year_count,
        "people": {
            name: {"new": count.new, "again": count.again, "total": count.total}
            for name, count in digest.people.items()
        },
        "grid": [[_cell(cell) for cell in row] for row in digest.grid],
        "grid_labels": [f"{row[0].week:%b %Y}" for row in digest.grid],
        "grid_text": [
            f"{row[0].week:%b %Y}  " + " ".join(_mark(c.count) for c in row) for row in digest.grid
        ],
        "legend": [{"shade": shade, "label": label} for shade, label in _legend()],
        "followups": _listing(digest.followups, lambda f: _followup(f, digest.today)),
        "cadences": _listing(digest.cadences, lambda c: _cadence(c, digest)),
        "promises": _listing(digest.promises, _promise),
        "invitations": _listing(
            digest.invitations,
            lambda i: {
                "name": i.name or i.email,
                "email": i.email,
                "sent": ago((digest.today - i.sent_at.astimezone(zone).date()).days),
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
        "post": _post(digest, done) if digest.settings.suggest_post else "",
    }


def _listing(listing: Any, item: Any) -> dict[str, Any]:
    return {"items": [item(i) for i in listing.items], "more": listing.more}


def _status(meeting: MeetingLine, now: datetime) -> tuple[str, str]:
    """(kind, label): done, cancelled, no-show, to-confirm (past, never marked) or planned."""
    if meeting.status == DONE:
        return "done", "done"
    if meeting.status == "cancelled":
        return "cancelled", "cancelled"
    if meeting.status in NO_SHOW:
        return "no-show", "no-show"
    if meeting.end <= now:
        return "to-confirm", "did it happen?"
    return "planned", "planned"


def _meeting(meeting: MeetingLine, digest: Digest) -> dict[str, Any]:
    local = meeting.start.astimezone(digest.user.zone)
    kind, label = _status(meeting, digest.now)
    return {
        "when": f"{short_day(local.date())}, {local:%H:%M}",
        "title": meeting.title or "Meeting",
        "location": meeting.location,
        "status": kind,
        "status_label": label,
        "people": "" if _named_in_title(meeting) else ", ".join(p.label for p in meeting.people),
        "first_time": [p.label for p in meeting.first_meeting_with],
    }


def _named_in_title(meeting: MeetingLine) -> bool:
    """ "Coffee with Anna" needs no "with Anna Ruiz" after it."""
    title = meeting.title.lower()
    return bool(meeting.people) and all(p.label.split()[0].lower() in title for p in meeting.people)


def _week_counts(meetings: list[MeetingLine], now: datetime) -> dict[str, int]:
    counts = {"done": 0, "cancelled": 0, "no-show": 0, "to-confirm": 0, "planned": 0}
    for meeting in meetings:
        counts[_status(meeting, now)[0]] += 1
    return counts


def _cell(cell: Cell) -> dict[str, Any]:
    meetings = plural(cell.count, "meeting") if cell.count else "no meeting"
    return {
        "count": cell.count,
        "level": cell.level,
        "shade": SHADES[cell.level],
        "ink": INKS[cell.level],
        "current": cell.current,
        "title": f"Week of {cell.week.day} {cell.week:%b %Y}: {meetings}",
    }


def _mark(count: int) -> str:
    return TEXT_MARKS[count] if count < len(TEXT_MARKS) else "+"


def _legend() -> list[tuple[str, str]]:
    return list(zip(SHADES, ("none", "1", "2", "3–4", "5+"), strict=True))


def _state(days_left: int, too_long_left: int | None = None) -> tuple[str, str]:
    if too_long_left is not None and too_long_left <= 0:
        return "overdue", "overdue"
    if days_left < 0:
        return ("overdue", "overdue") if too_long_left is None else ("due", "due")
    if days_left == 0:
        return "due", "due today"
    return "soon", f"due in {plural(days_left, 'day')}"


def _followup(item: Any, today: date) -> dict[str, Any]:
    days_left = (item.due - today).days
    state, label = _state(days_left)
    if days_left < 0:
        label = f"{plural(-days_left, 'day')} overdue"
    return {
        "text": item.text,
        "who": item.contact_name or item.contact_email,
        "email": item.contact_email,
        "due": f"{short_day(item.due)}",
        "state": state,
        "label": label,
    }


def _cadence(cadence: Any, digest: Digest) -> dict[str, Any]:
    since = (digest.today - cadence.last_contact.astimezone(digest.user.zone).date()).days
    too_long = round(cadence.ideal_days * digest.too_long_factor)
    state, label = _state(cadence.ideal_days - since, too_long - since)
    return {
        "name": cadence.name or cadence.email,
        "email": cadence.email,
        "ideal": every(cadence.ideal_days),
        "too_long": _length(too_long),
        "since": span(since),
        "last": ago(since),
        "state": state,
        "label": label + (" · invited" if cadence.invited else ""),
    }


def _length(days: int) -> str:
    """An exact unit when there is one ("3 months"), else a rounded one ("6 weeks", not 45 days)."""
    exact = every(days).removeprefix("every ")
    exact = exact if exact[0].isdigit() else f"1 {exact}"
    return exact if not exact.endswith("days") or days < 14 else span(days)


def _promise(promise: Any) -> dict[str, Any]:
    who = promise.contact_name
    if promise.kind == "intro" and promise.other_name:
        who = f"{promise.contact_name} → {promise.other_name}" if who else promise.other_name
    return {
        "kind": "introduction" if promise.kind == "intro" else "to do",
        "text": promise.text,
        "who": who,
        "due": short_day(promise.due) if promise.due else "",
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


def _post(digest: Digest, done: list[MeetingLine]) -> str:
    """A line to share about the week, without naming anyone (they did not ask to be posted)."""
    streak, week = digest.streak, digest.people.get("week")
    if not done:
        if digest.welcome:
            return "Starting the #slownetworking challenge: one coffee, one person, every week."
        return ""
    new = week.new if week else 0
    parts = [f"{plural(len(done), 'one-to-one meeting')} this week"]
    if new:
        parts.append(f"{plural(new, 'new person', 'new people')} among them")
    run = f"Week {streak.current} in a row" if streak.current > 1 else "A first week"
    return f"{run} of the #slownetworking challenge: {', '.join(parts)}. Listen first, help second."
