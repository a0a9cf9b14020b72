"""Sending the digest: the weekly planner, digest@ on demand, and "invite 2" in a reply.

The weekly one is keyed per user and reviewed week (``digest:user:{id}:{first day}``), so any
number of processes planning at once enqueue it once. The reply handler reads the suggestions
from the outbox row of the digest being answered, so "invite 2" means number 2 *of that digest*
even after the next one suggested someone else.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.log.handling import Context, NotUnderstood
from mailer.log.invitations import InvitationError, invite_contact
from mailer.models import OutboxMessage
from mailer.outbound.compose import make_message_id
from mailer.outbound.outbox import enqueue
from mailer.outbound.templating import Phrases, Rendered, Templates
from mailer.parsing.types import Person
from mailer.planning.context import PlanningContext
from mailer.planning.digest import Digest, build_digest
from mailer.planning.digest_context import digest_context
from mailer.planning.digest_weeks import reviewed_week, week_of, weekday_number
from mailer.said import Said

TEMPLATE = "digest"
WORDS = "_digest_words.txt"
GRACE = timedelta(days=1)
"""A digest whose hour passed while nothing ran (a laptop asleep) still goes out within a day."""
DIGEST_LOCAL_PARTS = frozenset({"digest", "weekly", "semana", "resumen"})
INVITE = re.compile(
    r"(?i)^\s*(?:invite|invitar|invita|convida|convidar)\b[\s:#]*"
    r"(?P<numbers>\d+(?:\s*(?:,|&|and|y|i|e|\s)\s*#?\d+)*)?\s*[.!]?\s*$"
)


def digest_key(user_id: int, week: Any) -> str:
    return f"digest:user:{user_id}:{week.isoformat()}"


def render_digest(config: Config, digest: Digest) -> Rendered:
    """Subject, text and HTML of a digest, exactly as the dispatcher would send it: in the
    user's language and zone."""
    context = _mail_context(config, digest)
    return _templates(_overrides(config)).render(TEMPLATE, context, digest.user.language)


def digest_phrases(config: Config, digest: Digest) -> Phrases:
    """The digest's words (``templates/_digest_words.txt``) for the terminal view."""
    context = _mail_context(config, digest)
    return _templates(_overrides(config)).phrases(WORDS, context, digest.user.language)


def _mail_context(config: Config, digest: Digest) -> dict[str, Any]:
    """The stored context and what the dispatcher adds to it (mailer/outbound/messages.py)."""
    assistant = f"assistant@{config.inbound.domain}"
    user = digest.user
    return {
        **digest_context(digest),
        "user_name": user.name or user.email,
        "user_first_name": (user.name or user.email).split()[0],
        "user_email": user.email,
        "assistant_address": assistant,
        "reply_address": assistant,
        "domain": config.inbound.domain,
        "zone": user.timezone,
        "sent_on": digest.today.isoformat(),
    }


def _overrides(config: Config) -> Path | None:
    return config.resolve(config.outbound.templates) if config.outbound.templates else None


@lru_cache(maxsize=8)
def _templates(overrides: Path | None) -> Templates:
    """One Jinja2 environment per templates folder, so templates compile once, not per digest."""
    return Templates(overrides)


def last_slot(now: datetime, user: UserConfig, weekday: str, hour: int) -> datetime:
    """The latest configured digest time (weekday and hour in the user's zone) at or before now."""
    local = now.astimezone(user.zone)
    day = week_of(local.date(), weekday_number(weekday))  # the last such weekday
    slot = datetime.combine(day, time(hour), user.zone)
    return slot if slot <= now else datetime.combine(day - timedelta(days=7), time(hour), user.zone)


def plan_weekly_digest(context: PlanningContext) -> int:
    """Planner: enqueue this week's digest once its hour has come; 1 when this call added it."""
    settings = context.config.digest
    if not settings.enabled:
        return 0
    slot = last_slot(context.now, context.user, settings.weekday, settings.hour)
    if context.now - slot >= GRACE:
        return 0
    week = reviewed_week(slot.astimezone(context.user.zone), weekday_number(settings.week_start))
    key = digest_key(context.user_id, week)
    if context.session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return 0  # planned already (by this process or another): skip reading the history
    digest = build_digest(
        context.session, context.config, context.user, context.user_id, context.now, week=week
    )
    return int(
        enqueue(
            context.session,
            user_id=context.user_id,
            key=key,
            recipient=context.user.email,
            template=TEMPLATE,
            context=digest_context(digest),
            scheduled_at=context.now,
            message_id=context.new_message_id(),
        )
    )


def send_digest_now(context: Context) -> str | None:
    """Handler: a user's message to digest@ gets this week's digest back at once."""
    domain = context.config.inbound.domain.lower()
    asked = any(
        address.lower().partition("@")[0] in DIGEST_LOCAL_PARTS
        and address.lower().endswith("@" + domain)
        for address in context.inbound.envelope_to or []
    )
    sender = context.user_sender
    if not asked or not sender:
        return None
    digest = build_digest(
        context.session, context.config, context.user, context.user_id, context.now
    )
    enqueue(
        context.session,
        user_id=context.user_id,
        key=f"digest:inbound:{context.inbound.id}",
        recipient=sender,
        template=TEMPLATE,
        context={
            **digest_context(digest),
            "in_reply_to": context.message.message_id,
            "references": list(context.message.references),
        },
        scheduled_at=context.now,
        message_id=make_message_id(context.config.inbound.domain),
    )
    return f"digest of the week of {digest.week.isoformat()} sent"


def answered_digest(session: Session, user_id: int, ids: list[str]) -> OutboxMessage | None:
    """The user's digest that a message with these In-Reply-To/References ids answers."""
    if not ids:
        return None
    return session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.user_id == user_id,
            OutboxMessage.template == TEMPLATE,
            OutboxMessage.message_id.in_(ids),
        )
        .order_by(OutboxMessage.id.desc())
    ).first()


def invite_from_digest(context: Context) -> str | None:
    """Handler: "invite 2" (or "invitar 2", "invite 2 and 3") in reply to a digest.

    Any other reply to a digest is left to the recap handler: writing a recap as an answer to
    the digest works too.
    """
    if not context.user_sender:
        return None
    ids = [*context.message.in_reply_to, *context.message.references]
    digest = answered_digest(context.session, context.user_id, ids)
    if digest is None:
        return None
    match = INVITE.match(context.first_line)
    if match is None:
        return None
    suggestions = {s["number"]: s for s in digest.context.get("suggestions", [])}
    if not suggestions:
        raise NotUnderstood(
            Said("that digest suggested no one to invite; write to invite@ instead")
        )
    wanted = [int(n) for n in re.findall(r"\d+", match["numbers"] or "")]
    wanted = wanted or [n for n, s in suggestions.items() if s.get("pick")][:1]
    unknown = [n for n in wanted if n not in suggestions]
    if unknown:
        numbers = ", ".join(str(n) for n in sorted(suggestions))
        raise NotUnderstood(
            Said(
                "that digest has no number %(number)s; it suggested %(numbers)s: "
                "reply for example 'invite %(example)s'",
                number=unknown[0],
                numbers=numbers,
                example=min(suggestions),
            )
        )
    invited = []
    for number in dict.fromkeys(wanted):
        chosen = suggestions[number]
        try:
            invite_contact(
                context.session,
                context.config,
                context.user,
                context.user_id,
                Person(chosen["email"], chosen["name"] or None),
                now=context.now,
            )
        except InvitationError as exc:
            raise NotUnderstood(
                Said("cannot invite number %(number)s: %(error)s", number=number, error=exc)
            ) from None
        invited.append(f"{chosen['name']} <{chosen['email']}>")
    return Said("invited %(people)s (from the digest)", people=", ".join(invited))
