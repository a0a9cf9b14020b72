"""Run every planner for every user, each user in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from mailer.briefs.planner import plan_briefs
from mailer.config import Config
from mailer.db import transaction
from mailer.intros.planner import plan_introductions
from mailer.log.users import user_id_for
from mailer.planning.context import PlanningContext
from mailer.planning.digest_send import plan_weekly_digest
from mailer.planning.meetings import plan_after_meetings
from mailer.planning.prompts import plan_daily_prompt

Planner = Callable[[PlanningContext], int]
PLANNERS: tuple[Planner, ...] = (
    plan_after_meetings,
    plan_daily_prompt,
    plan_weekly_digest,
    plan_introductions,
    plan_briefs,
)


def plan_all(config: Config, factory: sessionmaker[Session], now: datetime) -> int:
    """Enqueue what is due at ``now``; returns how many outbox rows were added."""
    added = 0
    for user in config.users:
        with transaction(factory) as session:
            user_id = user_id_for(session, user.addresses[0])
            if user_id is None:
                continue
            context = PlanningContext(session, config, user, user_id, now)
            added += sum(planner(context) for planner in PLANNERS)
    return added
