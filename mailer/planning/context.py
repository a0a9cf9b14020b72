"""What every planner needs: the session, the user, the clock, and how to describe things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.log.meeting_facts import meeting_facts
from mailer.models import Contact, Meeting
from mailer.outbound.compose import make_message_id


@dataclass
class PlanningContext:
    session: Session
    config: Config
    user: UserConfig
    user_id: int
    now: datetime

    def new_message_id(self) -> str:
        """Set before the first attempt, so retries and replies all point at one message."""
        return make_message_id(self.config.inbound.domain)

    def meeting_context(self, meeting: Meeting, contact: Contact) -> dict[str, Any]:
        """The JSON-safe facts a template needs about a meeting and the person met."""
        return {
            **meeting_facts(self.session, meeting, contact, self.user.zone),
            "user_name": self.user.name or self.user.email,
        }
