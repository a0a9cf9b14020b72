"""The weekly digest of one user: their week in meetings, the streak, who is due, whom to invite.

:func:`build_digest` reads everything in a fixed number of statements (twelve queries,
whether the user has ten contacts or ten thousand; a test counts them) and returns a
:class:`Digest`, plain data that :mod:`mailer.planning.digest_context` turns into what the
templates show. Weeks are the user's, in their zone, starting on ``[digest] week_start``.

Whom to invite next is paced, as the challenge is one meeting a week: ``invite_budget`` people
(default one) are the week's pick, first whoever is furthest past their keep-in-touch rhythm,
then whoever has been out of touch longest; a few alternatives, out of touch longest or never
met, come with a one-line reason each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from mailer.config import Config, DigestConfig, UserConfig
from mailer.intros.queries import DigestIntroductions, for_digest
from mailer.log import digest_due as due
from mailer.log.history import (
    Exchange,
    MeetingLine,
    PeopleCount,
    add_people,
    done_per_day,
    exchanges_between,
    meetings_between,
    people_counts,
)
from mailer.photos.digest import DigestPhotos, digest_photos
from mailer.planning.digest_weeks import (
    WEEK,
    Cell,
    Streak,
    grid,
    midnight,
    per_week,
    reviewed_week,
    streak,
    weekday_number,
)

MEETINGS_SHOWN = 12
"""A week busier than this lists its first meetings (with their people) and counts the rest."""
INVITATIONS_SHOWN_FOR = timedelta(weeks=8)
"""Unanswered invitations older than this are no longer worth a line."""


@dataclass(frozen=True)
class Suggestion:
    """Someone to invite, numbered as the digest shows them ("invite 2")."""

    number: int
    contact_id: int
    name: str
    email: str
    reason: dict[str, Any]
    """Why them, as facts the template words: ``why`` is "rhythm" (past their keep-in-touch
    rhythm), "met" (met before, long ago), "in_touch" (written to, never met) or "never"."""
    pick: bool


@dataclass(frozen=True)
class Digest:
    user: UserConfig
    settings: DigestConfig
    now: datetime
    week: date
    """First day of the reviewed week."""
    this_week: list[MeetingLine]
    next_week: list[MeetingLine]
    streak: Streak
    month_count: int
    year_count: int
    people: dict[str, PeopleCount]
    grid: list[list[Cell]]
    followups: due.Listing[due.FollowUp]
    cadences: due.Listing[due.Cadence]
    promises: due.Listing[due.Promise]
    invitations: due.Listing[due.Invitation]
    exchanges: list[Exchange]
    introductions: DigestIntroductions
    """Open introductions, and those made this month (they count as given)."""
    suggestions: list[Suggestion]
    too_long_factor: float
    has_history: bool
    photos: DigestPhotos
    """The week's photos, and the month's strip once a month (mailer/photos/digest.py)."""

    @property
    def today(self) -> date:
        return self.now.astimezone(self.user.zone).date()

    @property
    def welcome(self) -> bool:
        """No meeting in the log at all: the digest introduces the challenge instead."""
        return not self.has_history


def build_digest(
    session: Session,
    config: Config,
    user: UserConfig,
    user_id: int,
    now: datetime,
    *,
    week: date | None = None,
) -> Digest:
    """The digest as of ``now`` (about ``week``, by default the week :func:`reviewed_week`
    picks). Reads only; the caller decides whether to send it."""
    settings, zone = config.digest, user.zone
    first_day = weekday_number(settings.week_start)
    local = now.astimezone(zone)
    week = week or reviewed_week(local, first_day)
    start, end, after = (
        midnight(week, zone),
        midnight(week + WEEK, zone),
        midnight(week + 2 * WEEK, zone),
    )
    anchor = min(week + timedelta(days=6), local.date())
    month_first, year_first = anchor.replace(day=1), anchor.replace(month=1, day=1)

    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL would JIT-compile the per-person probes (their estimated cost passes
        # jit_above_cost), which takes longer than running them: a fifth of the digest's time.
        session.execute(text("SET LOCAL jit = off"))
    days = done_per_day(session, user_id, zone, now)
    weeks = per_week(days, first_day)
    meetings = meetings_between(session, user_id, start, after)
    this_week = [m for m in meetings if m.start < end]
    next_week = [m for m in meetings if m.start >= end]
    add_people(session, user_id, this_week[:MEETINGS_SHOWN] + next_week[:MEETINGS_SHOWN])
    people = people_counts(
        session,
        user_id,
        {
            "week": (start, end),
            "month": (midnight(month_first, zone), end),
            "year": (midnight(year_first, zone), end),
        },
    )
    limit = settings.list_limit
    nudges = due.whom_to_nudge(
        session,
        user_id,
        now=now,
        default_days=config.planning.default_cadence_days,
        soon_days=settings.soon_days,
        invited_since=now - timedelta(days=settings.invite_cooldown_days),
        limit=limit,
        candidates=settings.invite_budget + settings.alternatives,
    )
    cadences, longest, never = nudges.cadences, nudges.longest, nudges.never
    ids = [c.contact_id for c in longest + never] + [c.contact_id for c in cadences.items]
    met = due.met_together(session, user_id, ids, before=now)
    return Digest(
        user=user,
        settings=settings,
        now=now,
        week=week,
        this_week=this_week,
        next_week=next_week,
        streak=streak(weeks, week, week_over=now >= end),
        month_count=sum(n for d, n in days.items() if month_first <= d < week + WEEK),
        year_count=sum(n for d, n in days.items() if year_first <= d < week + WEEK),
        people=people,
        grid=grid(weeks, week),
        followups=due.due_followups(
            session,
            user_id,
            until=local.date() + timedelta(days=settings.soon_days),
            limit=limit,
        ),
        cadences=cadences,
        promises=due.open_promises(session, user_id, limit=limit),
        invitations=due.unanswered_invitations(
            session, user_id, since=now - INVITATIONS_SHOWN_FOR, limit=limit
        ),
        exchanges=exchanges_between(session, user_id, midnight(month_first, zone), end),
        introductions=for_digest(
            session, user_id, since=midnight(month_first, zone), until=end, limit=limit
        ),
        suggestions=suggest(settings, local.date(), cadences.items, longest, never, met, zone),
        too_long_factor=float(settings.too_long_factor),
        has_history=bool(days or meetings),
        photos=digest_photos(session, user_id, week, zone),  # its own statement: the twelfth
    )


def suggest(
    settings: DigestConfig,
    today: date,
    cadences: list[due.Cadence],
    longest: list[due.Candidate],
    never: list[due.Candidate],
    met: dict[int, due.MetTogether],
    zone: ZoneInfo,
) -> list[Suggestion]:
    """The week's pick(s) and the alternatives, numbered from 1, each with its reason."""
    overdue = [
        (c.contact_id, c.name, c.email, _rhythm_reason(c, today, zone))
        for c in cadences
        if not c.invited and _days(c.last_contact, today, zone) >= c.ideal_days
    ]
    mixed = [
        (c.contact_id, c.name, c.email, _reason(c, met.get(c.contact_id), today, zone))
        for c in _interleave(longest, never)
    ]
    chosen: list[Suggestion] = []
    seen: set[int] = set()
    for group, pick in ((overdue + mixed, True), (mixed, False)):
        wanted = settings.invite_budget if pick else settings.invite_budget + settings.alternatives
        for contact_id, name, email, reason in group:
            if len(chosen) >= wanted:
                break
            if contact_id not in seen:
                seen.add(contact_id)
                chosen.append(Suggestion(len(chosen) + 1, contact_id, name, email, reason, pick))
    return chosen


def _interleave(first: list[due.Candidate], second: list[due.Candidate]) -> list[due.Candidate]:
    return [c for pair in zip_longest(first, second) for c in pair if c is not None]


def _days(moment: datetime, today: date, zone: ZoneInfo) -> int:
    return (today - moment.astimezone(zone).date()).days


def _rhythm_reason(cadence: due.Cadence, today: date, zone: ZoneInfo) -> dict[str, Any]:
    days = _days(cadence.last_contact, today, zone)
    return {"why": "rhythm", "ideal_days": cadence.ideal_days, "days": days}


def _reason(
    candidate: due.Candidate, together: due.MetTogether | None, today: date, zone: ZoneInfo
) -> dict[str, Any]:
    if together is not None:
        return {"why": "met", "days": _days(together.last, today, zone), "times": together.times}
    company = candidate.company or ""
    if candidate.last_contact is not None:
        days = _days(candidate.last_contact, today, zone)
        return {"why": "in_touch", "days": days, "company": company}
    known = candidate.known_since.astimezone(zone).date().replace(day=1).isoformat()
    return {"why": "never", "known_since": known, "company": company}
