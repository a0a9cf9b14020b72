"""The brief and the about@ answer rendered exactly as the dispatcher would send them, for
``mailer brief``, scripts and the benchmark."""

from __future__ import annotations

from datetime import date
from typing import Any

from mailer.briefs.planner import TEMPLATE, Brief
from mailer.config import Config, UserConfig
from mailer.outbound.templating import Rendered
from mailer.planning.digest_send import _overrides, _templates


def render_for_user(
    config: Config, user: UserConfig, template: str, facts: dict[str, Any], today: date
) -> Rendered:
    """A mail to the user in their language and zone, with the names the dispatcher adds to
    every row's context (mailer/outbound/messages.py)."""
    name = user.name or user.email
    context = {
        **facts,
        "user_name": name,
        "user_first_name": name.split()[0],
        "user_email": user.email,
        "domain": config.inbound.domain,
        "zone": user.timezone,
        "sent_on": today.isoformat(),
    }
    return _templates(_overrides(config)).render(template, context, user.language)


def render_brief(config: Config, user: UserConfig, brief: Brief) -> Rendered:
    today = brief.due.astimezone(user.zone).date()
    return render_for_user(config, user, TEMPLATE, brief.context, today)
