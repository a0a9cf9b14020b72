"""When a user may be written to: days and hours in their own zone, and a per-hour cap.

What falls outside the window waits for its next opening, so a prompt planned for 03:00 arrives
at breakfast in the user's zone, not in the middle of their night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mailer.config import WEEKDAYS, OutboundConfig, UserConfig, parse_clock


@dataclass(frozen=True)
class SendingWindow:
    days: frozenset[int]  # 0 = Monday
    opens: time
    closes: time
    zone: ZoneInfo

    max_per_hour: int

    @classmethod
    def for_user(cls, outbound: OutboundConfig, user: UserConfig) -> SendingWindow:
        """The user's own days, hours and cap where set, else those of ``[outbound]``."""
        return cls(
            days=frozenset(WEEKDAYS.index(d) for d in user.send_days or outbound.send_days),
            opens=parse_clock(user.send_from or outbound.send_from),
            closes=parse_clock(user.send_until or outbound.send_until),
            zone=user.zone,
            max_per_hour=user.max_per_hour or outbound.max_per_hour,
        )

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` itself when the window is open, else when it next opens (aware UTC)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        for days_ahead in range(8):
            day = local.date() + timedelta(days=days_ahead)
            if day.weekday() not in self.days:
                continue
            opening = datetime.combine(day, self.opens, self.zone)
            if opening > local or (days_ahead == 0 and local.time() < self.opens):
                return opening.astimezone(UTC)
        raise ValueError("the sending window has no day in it; set [outbound] send_days")
