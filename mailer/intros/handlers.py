"""The pipeline's handlers for introductions (registered in :mod:`mailer.pipeline`).

- :func:`introduce_by_email`: the user writes to intro@ naming the two people.
- :func:`introduce_by_reply`: an ``intro: Marta -> Jordi`` line in reply to any mail of ours.
- :func:`answer_introductions`: answers to the mail of an introduction, at signed addresses:
  the user's (to an ``approve+`` address: drafts and questions, :mod:`mailer.intros.approvals`)
  and the asked person's (to the ``reply+`` address of the ask: yes, no, or unclear).

An answer at an address of ours is taken only from the person it was issued to: the intake
refuses anyone else at the door (and records the refusal), and here a token is read only for
its own user's rows. Someone else's answer never changes an introduction.
"""

from __future__ import annotations

from sqlalchemy import select

from mailer.intros import flow
from mailer.intros.answers import verdict
from mailer.intros.approvals import answer_user
from mailer.intros.mail import TO_USER, Mail, digest_of
from mailer.intros.people import from_request
from mailer.intros.planner import mail_for, next_steps
from mailer.intros.reading import Named, Request, intro_lines, intro_mail
from mailer.intros.stages import WAITING, asking, record_answer
from mailer.log.answers import answered_rows, heard_from
from mailer.log.contacts import people_except
from mailer.log.handling import Context, NotUnderstood, addressed_to
from mailer.models import Introduction, OutboxMessage
from mailer.planning.context import PlanningContext
from mailer.said import Said

INTRO_LOCAL_PARTS = frozenset(
    {"intro", "intros", "introduce", "introductions", "presenta", "presentacion",
     "presentaciones", "presentacio", "presentacions"}
)  # fmt: skip
EXCERPT = 600
"""How much of a person's answer the user is shown."""


def _planning(context: Context) -> PlanningContext:
    return PlanningContext(
        context.session, context.config, context.user, context.user_id, context.now
    )


def introduce_by_email(context: Context) -> str | None:
    """Handler: an email to intro@ naming the two people (by name or address)."""
    if not context.user_sender or not addressed_to(context, INTRO_LOCAL_PARTS):
        return None
    message = context.message
    headers = people_except(
        [*message.to, *message.cc],
        set(context.user.addresses),
        context.config.inbound.domain.lower(),
    )
    named = [Named(p.name or "", p.email) for p in headers]
    text = context.new_text
    request = intro_mail(message.subject, text, named)
    if request is None:
        raise NotUnderstood(
            Said(
                "I could not tell whom to introduce to whom; write for example '%(example)s', "
                "or 'Introduce Marta to Jordi', with a line on why they should meet",
                example="Marta Soler <marta@example.com> -> Jordi Vila <jordi@example.org>",
            )
        )
    return _introduce(context, [request])


def _replies_to_us(context: Context) -> bool:
    ids = [*context.message.in_reply_to, *context.message.references]
    if not ids:
        return False
    found = context.session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.user_id == context.user_id, OutboxMessage.message_id.in_(ids))
        .limit(1)
    )
    return found is not None


def introduce_by_reply(context: Context) -> str | None:
    """Handler: a reply to any mail of ours whose first line is ``intro: Marta -> Jordi``."""
    if not context.user_sender or not _replies_to_us(context):
        return None
    requests = intro_lines(context.new_text)
    return _introduce(context, requests) if requests else None


def _introduce(context: Context, requests: list[Request]) -> str:
    """Record each introduction asked for, and plan its first step at once."""
    source = digest_of(context.message.message_id or f"inbound-{context.inbound.id}")
    planning = _planning(context)
    mail = mail_for(planning)
    facts = []
    for number, request in enumerate(requests, start=1):
        intro = from_request(context.session, context.user_id, f"mail:{source}:{number}", request)
        next_steps(planning, intro)
        people = mail.people(intro)
        facts.append(
            {
                "id": intro.id,
                "introduced": people["contact"]["name"] or people["contact"]["email"],
                "to": people["to"]["name"] or people["to"]["email"],
                "missing": [p["name"] for p in people.values() if not p["email"]],
                "asked": [people[role]["first_name"] for role in asking(intro)],
                "why": intro.why,
            }
        )
    context.filed.what = "introductions"
    context.filed.details = {"introductions": facts}
    return "introduction: " + "; ".join(f"{f['introduced']} -> {f['to']}" for f in facts)


def _introduction(context: Context, row: OutboxMessage) -> Introduction | None:
    intro_id = (row.context or {}).get("introduction_id")
    intro = context.session.get(Introduction, intro_id) if intro_id else None
    return intro if intro is not None and intro.user_id == context.user_id else None


def answer_introductions(context: Context) -> str | None:
    """Handler: the user's answer to an introduction's mail, or the asked person's."""
    for purpose, row, from_user in answered_rows(context):
        mine = (purpose == "approve" and from_user and row.template in TO_USER) or (
            purpose == "reply" and not from_user and row.template == "intro_ask"
        )
        if not mine:
            continue
        intro = _introduction(context, row)
        if intro is None:
            return f"answer about introduction of row {row.id}, no longer in the log: ignored"
        mail = mail_for(_planning(context))
        if from_user:
            return answer_user(context, row, intro, mail)
        return _person_answered(context, row, intro, mail)
    return None


def _person_answered(context: Context, row: OutboxMessage, intro: Introduction, mail: Mail) -> str:
    """The person asked answered: a yes moves on, a no ends it (the user is told), and an
    unclear answer goes to the user with "Is this a yes?"."""
    role, who = str(row.context.get("role") or "to"), row.recipient
    heard_from(context, row)
    if intro.stage not in WAITING:
        return f"{who} answered introduction {intro.id}, which is {intro.stage}: nothing changes"
    text = context.message.text
    excerpt = context.new_text[:EXCERPT]
    answered = digest_of(context.message.message_id or f"inbound-{context.inbound.id}")
    said = verdict(text)
    if said == "unclear":
        mail.to_user(intro, "answer", "intro_answer", role, once_per=answered,
                     answer="unclear", excerpt=excerpt)  # fmt: skip
        return f"{who} answered introduction {intro.id}: unclear, you are asked"
    if record_answer(intro, role, said, context.now) == "declined":
        flow.declined(mail, intro, role, excerpt, answered)
    next_steps(_planning(context), intro)
    return f"{who} said {said} to introduction {intro.id}"
