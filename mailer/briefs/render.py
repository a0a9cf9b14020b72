"""A brief rendered exactly as the dispatcher would send it, for ``mailer brief`` and scripts."""

from __future__ import annotations

from mailer.briefs.planner import TEMPLATE, Brief
from mailer.config import Config, UserConfig
from mailer.outbound.templating import Rendered
from mailer.planning.digest_send import _overrides, _templates


def render_brief(config: Config, user: UserConfig, brief: Brief) -> Rendered:
    """Subject, text and HTML of ``brief`` in the user's language and zone. The names the
    dispatcher adds to every row's context (mailer/outbound/messages.py) are added here too."""
    name = user.name or user.email
    context = {
        **brief.context,
        "user_name": name,
        "user_first_name": name.split()[0],
        "user_email": user.email,
        "domain": config.inbound.domain,
        "zone": user.timezone,
        "sent_on": brief.due.astimezone(user.zone).date().isoformat(),
    }
    return _templates(_overrides(config)).render(TEMPLATE, context, user.language)
