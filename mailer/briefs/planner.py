"""The brief planner: one email per morning, before the day's meetings, exactly once each.

Run every tick for every user (:mod:`mailer.planning.run`). A day's brief is due at the
earliest moment of its meetings (:mod:`mailer.briefs.schedule`) and lists every meeting of that
day not briefed yet, in time order. Which meetings were briefed for which day is read from the
brief rows of the outbox themselves (``context.covers``), so there is no state to keep in step:

- a restart, or a second process planning at the same moment, computes the same key
  (``brief:user:{id}:{day}:{first meeting}``) from the same log, and the outbox's unique key
  keeps one row;
- a meeting logged after the morning's brief but still ahead is not covered, so the next tick
  briefs it at once;
- a meeting moved to another day (a SEQUENCE update) is not covered for its new day and is
  briefed again; moved within the day, it is covered and nothing more is sent;
- a cancelled meeting is not live, so it is never briefed (a brief already sent stays sent).

The brief is the user's own mail: it goes out at once (:mod:`mailer.outbound.at_once`), not in
the sending window for contacts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.briefs.queries import people, upcoming
from mailer.briefs.schedule import day_moment, local_day, lookahead
from mailer.briefs.story import INVITATION_LENGTH, excerpt, question, stories
from mailer.config import Config, UserConfig
from mailer.models import OutboxMessage
from mailer.outbound.outbox import enqueue
from mailer.planning.context import PlanningContext

TEMPLATE = "brief"
KEY_PREFIX = "brief:user:"
BRIEF_MEETINGS = 5
"""Past meetings listed per person in a brief (the about@ answer lists them all)."""
COVERED_FOR = timedelta(days=3)
"""Briefs are written at most a day and some hours ahead, so older rows cover nothing due."""


@dataclass
class Brief:
    """One day's brief: its facts (the outbox row's context) and when it was due."""

    day: date
    due: datetime
    context: dict[str, Any]

    @property
    def meeting_ids(self) -> list[int]:
        return [m["id"] for m in self.context["meetings"]]


def brief_key(user_id: int, brief: Brief) -> str:
    return f"{KEY_PREFIX}{user_id}:{brief.day.isoformat()}:{brief.meeting_ids[0]}"


def covered(session: Session, user_id: int, now: datetime) -> set[tuple[int, str]]:
    """(meeting, day) pairs already briefed: one statement over recent brief rows."""
    rows = session.scalars(
        select(OutboxMessage.context).where(
            OutboxMessage.user_id == user_id,
            OutboxMessage.template == TEMPLATE,
            OutboxMessage.scheduled_at >= now - COVERED_FOR,
        )
    )
    return {(int(m), str(day)) for context in rows for m, day in (context or {}).get("covers", [])}


def due_briefs(
    session: Session,
    config: Config,
    user: UserConfig,
    user_id: int,
    now: datetime,
    *,
    skip: set[tuple[int, str]] | None = None,
) -> list[Brief]:
    """The briefs due at ``now``, leaving out meetings in ``skip``; a fixed number of
    statements however many meetings and people (two, plus four when any brief is due)."""
    settings, zone = config.planning, user.zone
    rows = upcoming(session, user_id, now, now + lookahead(settings.brief_hours_before))
    by_day: dict[date, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        meeting = by_day[local_day(row.start, zone)].setdefault(
            row.id, {"row": row, "contacts": []}
        )
        meeting["contacts"].append(row.contact_id)
    due: dict[date, datetime] = {}
    for day, meetings in by_day.items():
        moment = day_moment(
            (m["row"].start for m in meetings.values()),
            zone,
            settings.brief_hour,
            settings.brief_hours_before,
        )
        if moment is not None and moment <= now:
            due[day] = moment
    wanted = {
        day: [m for mid, m in by_day[day].items() if (mid, day.isoformat()) not in (skip or set())]
        for day in due
    }
    wanted = {day: meetings for day, meetings in wanted.items() if meetings}
    if not wanted:
        return []
    contact_ids = {c for meetings in wanted.values() for m in meetings for c in m["contacts"]}
    found = people(session, user_id, contact_ids, now)
    told = stories(session, user_id, found, now, zone, BRIEF_MEETINGS)
    return [
        Brief(day, due[day], _context(day, meetings, told))
        for day, meetings in sorted(wanted.items())
    ]


def _context(
    day: date, meetings: list[dict[str, Any]], told: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    listed = []
    for meeting in meetings:
        row = meeting["row"]
        who = [told[c] for c in meeting["contacts"] if c in told]
        listed.append(
            {
                "id": row.id,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "title": row.title,
                "kind": row.kind,
                "location": row.location or "",
                "online_url": row.online_url or "",
                "invitation": excerpt(row.notes, INVITATION_LENGTH),
                "people": who,
                "question": question(who),
            }
        )
    return {
        "day": day.isoformat(),
        "meetings": listed,
        "covers": [[m["id"], day.isoformat()] for m in listed],
    }


def plan_briefs(context: PlanningContext) -> int:
    """Planner: queue each brief due now and not yet queued; returns rows added."""
    if not context.user.briefs:
        return 0
    session = context.session
    skip = covered(session, context.user_id, context.now)
    added = 0
    for brief in due_briefs(
        session, context.config, context.user, context.user_id, context.now, skip=skip
    ):
        added += enqueue(
            session,
            user_id=context.user_id,
            key=brief_key(context.user_id, brief),
            recipient=context.user.email,
            template=TEMPLATE,
            context=brief.context,
            scheduled_at=context.now,
            message_id=context.new_message_id(),
        )
    return added
