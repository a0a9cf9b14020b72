"""The introductions planner: what each introduction needs next, as mail.

Run every tick for every user (:mod:`mailer.planning.run`), and right after a reply changes an
introduction (:mod:`mailer.intros.handlers`), so both reach the same decision from the same
state: a recap's new promise becomes an introduction; a person without an address gets a
question to the user; each person to ask gets a draft of the ask; silence past
``[intros] ask_timeout_days`` gets one reminder; a yes gets the draft of the joint
introduction; ``check_after_days`` after it (or after an introduction was promised to the
user) comes the question whether it happened, unless a meeting with both of them in the log
closed the loop already. Every message has its key, so planning again queues nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from mailer.intros import flow
from mailer.intros.mail import Mail
from mailer.intros.people import from_promise, unread_promises
from mailer.intros.stages import ROLES, WAITING, answer, asking, mark_met
from mailer.models import Attendee, Contact, Introduction, Meeting
from mailer.planning.context import PlanningContext

RECENT = timedelta(days=30)
"""Promises older than this when the assistant first sees them (an upgrade, a recap of long
ago) stay open promises in the digest and get no draft: nobody expects an ask after months."""
PLANNED = ("drafted", "asked", "accepted", "sent", "owed")


def plan_introductions(context: PlanningContext) -> int:
    """Planner: every open introduction of the user one step on; returns rows queued."""
    session = context.session
    for item in unread_promises(session, context.user_id, since=context.now - RECENT):
        from_promise(session, item)
    intros = session.scalars(
        select(Introduction)
        .where(Introduction.user_id == context.user_id, Introduction.stage.in_(PLANNED))
        .order_by(Introduction.id)
    ).all()
    return sum(next_steps(context, intro) for intro in intros)


def mail_for(context: PlanningContext) -> Mail:
    return Mail(
        context.session,
        context.user_id,
        context.user.email,
        context.config.inbound.domain,
        context.now,
    )


def next_steps(context: PlanningContext, intro: Introduction) -> int:
    """Queue what ``intro`` needs now (nothing, when it needs nothing)."""
    mail = mail_for(context)
    if intro.stage == "sent":
        return _follow_up(context, mail, intro)
    if intro.stage == "owed":
        due = intro.created_at + timedelta(days=context.config.intros.check_after_days)
        since = intro.created_at.isoformat()
        return int(
            due <= context.now and mail.to_user(intro, "owed-reminder", "intro_owed", since=since)
        )
    if intro.stage not in {*WAITING, "accepted"}:
        return 0
    contacts = {
        role: context.session.get(Contact, contact_id) if contact_id else None
        for role, contact_id in zip(ROLES, (intro.contact_id, intro.to_contact_id), strict=True)
    }
    added = sum(
        mail.to_user(intro, "question", "intro_question", role)
        for role in ROLES
        if contacts[role] is None
    )
    for role, contact in contacts.items():
        if contact is not None and contact.opted_out:
            flow.opted_out(mail, intro, role)
            return added + 1
    if intro.stage == "accepted":
        if all(contacts.values()):
            added += mail.joint_draft(intro, context.config.intros.joint_to)
        return added
    return added + _asks(context, mail, intro, contacts)


def _asks(
    context: PlanningContext, mail: Mail, intro: Introduction, contacts: dict[str, Contact | None]
) -> int:
    """A draft for each person to ask, or, past the timeout without an answer, a reminder."""
    timeout = timedelta(days=context.config.intros.ask_timeout_days)
    added = 0
    for role in asking(intro):
        if answer(intro, role) is not None or contacts[role] is None:
            continue
        sent = mail.row(intro, "ask", role)
        if sent is None:
            added += mail.ask_draft(intro, role)
        elif sent.sent_at is not None and sent.sent_at <= context.now - timeout:
            days = context.config.intros.ask_timeout_days
            added += mail.to_user(intro, "no-answer", "intro_no_answer", role, days=days)
    return added


def _follow_up(context: PlanningContext, mail: Mail, intro: Introduction) -> int:
    """A meeting with both of them since the introduction closes it; else, after
    ``check_after_days``, the user is asked whether they met."""
    assert intro.sent_at is not None
    if _met_since(context.session, intro):
        mark_met(intro, context.now)
        return 0
    due = intro.sent_at + timedelta(days=context.config.intros.check_after_days)
    sent = intro.sent_at.isoformat()
    return int(
        due <= context.now and mail.to_user(intro, "met-check", "intro_met_check", sent=sent)
    )


def _met_since(session: Session, intro: Introduction) -> bool:
    """Is there a meeting (a recap, an invitation) since the introduction with both people?"""
    if intro.contact_id is None or intro.to_contact_id is None or intro.sent_at is None:
        return False
    one, two = aliased(Attendee), aliased(Attendee)
    found = session.scalar(
        select(Meeting.id)
        .join(one, one.meeting_id == Meeting.id)
        .join(two, two.meeting_id == Meeting.id)
        .where(
            Meeting.user_id == intro.user_id,
            Meeting.status != "cancelled",
            Meeting.start >= intro.sent_at,
            one.contact_id == intro.contact_id,
            two.contact_id == intro.to_contact_id,
        )
        .limit(1)
    )
    return found is not None
