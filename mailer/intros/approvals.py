"""The user's answers to the mail of an introduction, each by reply to a signed address.

A draft (of the ask, of the joint introduction) is answered as every draft is
(:func:`mailer.log.answers.draft_answer`): "send" sends it as it is, the user's own text is
sent instead, "skip" drops the introduction; the ask also takes "ask Marta first" and "ask
both". The questions take what they ask for: an address, a yes or a no, "nudge" or "drop".
An answer the assistant cannot read gets a reply saying what it expected (NotUnderstood).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mailer.intros import flow, stages
from mailer.intros.answers import ask_command, says, verdict
from mailer.intros.mail import Mail
from mailer.intros.planner import next_steps
from mailer.intros.reading import mentions
from mailer.log.answers import DONE, DraftAnswer, draft_answer
from mailer.log.contacts import upsert_contact
from mailer.log.handling import Context, NotUnderstood
from mailer.models import Contact, Introduction, OutboxMessage
from mailer.parsing.types import Person
from mailer.planning.context import PlanningContext
from mailer.said import Said, words_of


@dataclass
class Reply:
    """One answer of the user's: to which row of ours, about which introduction."""

    context: Context
    row: OutboxMessage
    intro: Introduction
    mail: Mail
    answer: DraftAnswer

    @property
    def role(self) -> str:
        return str(self.row.context.get("role") or "to")

    @property
    def text(self) -> str:
        return self.context.new_text

    def name(self, role: str) -> str:
        people = self.mail.people(self.intro)
        return people[role]["name"] or people[role]["email"]

    def planned(self) -> int:
        context = self.context
        planning = PlanningContext(
            context.session, context.config, context.user, context.user_id, context.now
        )
        return next_steps(planning, self.intro)


def answer_user(context: Context, row: OutboxMessage, intro: Introduction, mail: Mail) -> str:
    """Act on the user's answer to ``row``, one of :data:`mailer.intros.mail.TO_USER`."""
    reply = Reply(context, row, intro, mail, draft_answer(context))
    return ANSWERS[row.template](reply)


def _ask_draft(reply: Reply) -> str:
    intro, role = reply.intro, reply.role
    if reply.answer.skip:
        flow.drop(reply.mail, intro, "skipped by reply")
        return f"introduction {intro.id} dropped"
    command = ask_command(reply.answer.first)
    if command is not None:
        return _ask_otherwise(reply, *command)
    if intro.stage not in stages.WAITING:
        return f"introduction {intro.id} is {intro.stage}: that ask is not sent"
    if role not in stages.asking(intro):
        first = reply.mail.people(intro)[stages.other(role)]["first_name"]
        raise NotUnderstood(
            Said(
                "you asked me to ask %(first)s first: this ask goes once %(first)s says yes; "
                "reply 'send' to this draft again then, or 'ask both' to ask both of them now",
                first=first,
            )
        )
    added = reply.mail.ask(intro, role, reply.answer.note)
    stages.mark_asked(intro, reply.context.now)
    reply.planned()
    who = reply.name(role)
    return f"ask to {who} queued" if added else f"ask to {who} already queued"


def _ask_otherwise(reply: Reply, how: str, who: str) -> str:
    """ "ask both", or "ask Marta first" (Marta being either of the two)."""
    intro = reply.intro
    ask = "both"
    if how == "first":
        people = reply.mail.people(intro)
        roles = [r for r in stages.ROLES if _named(people[r], who)]
        if len(roles) != 1:
            one, other = (people[r]["first_name"] or people[r]["email"] for r in stages.ROLES)
            raise NotUnderstood(
                Said(
                    "I could not tell whom '%(who)s' means in this introduction; reply "
                    "'ask %(one)s first', 'ask %(other)s first' or 'ask both'",
                    who=who,
                    one=one,
                    other=other,
                )
            )
        ask = "contact-first" if roles[0] == "contact" else "to-first"
    try:
        stages.change_ask(intro, ask)
    except stages.IntroductionError as exc:
        raise NotUnderstood(words_of(exc)) from None
    reply.planned()
    return f"introduction {intro.id}: asking {ask}"


def _named(person: dict, who: str) -> bool:
    wanted = " ".join(who.split()).casefold()
    return wanted in {
        person["name"].casefold(),
        person["first_name"].casefold(),
        person["email"].casefold(),
    }


def _joint_draft(reply: Reply) -> str:
    intro = reply.intro
    if reply.answer.skip:
        flow.drop(reply.mail, intro, "skipped by reply")
        return f"introduction {intro.id} dropped"
    if intro.stage != "accepted":
        return f"introduction {intro.id} is {intro.stage}: not sent again"
    added = reply.mail.joint(intro, reply.row, reply.answer.note)
    flow.made(reply.mail, intro)
    return f"introduction {intro.id} queued to both" if added else "introduction already queued"


def _question(reply: Reply) -> str:
    """ "What is Jordi's address?": the answer names them with it."""
    intro, role = reply.intro, reply.role
    if reply.answer.skip:
        flow.drop(reply.mail, intro, "skipped by reply")
        return f"introduction {intro.id} dropped"
    if (intro.contact_id if role == "contact" else intro.to_contact_id) is not None:
        return f"introduction {intro.id}: {reply.name(role)} already has an address"
    written = intro.contact_name if role == "contact" else intro.to_name
    found = next((m for m in mentions(reply.text) if m.email), None)
    if found is None:
        example = (written.split() or ["name"])[0]
        address = f"{example} <{example.lower()}@example.com>"
        raise NotUnderstood(
            Said(
                "I found no address in your answer; reply with the address of %(name)s, "
                "e.g. '%(example)s', or 'skip'",
                name=written or example,
                example=address,
            )
        )
    person = Person(email=found.email, name=found.name or written or None)
    contact: Contact = upsert_contact(reply.context.session, reply.context.user_id, person)
    if role == "contact":
        intro.contact_id = contact.id
    else:
        intro.to_contact_id = contact.id
    reply.planned()
    return f"introduction {intro.id}: {contact.email} noted"


def _answered_for_them(reply: Reply) -> str:
    """ "Is this a yes?" (or a reminder after silence): the user says what the person said."""
    intro, role, text = reply.intro, reply.role, reply.text
    if intro.stage not in stages.WAITING:
        return f"introduction {intro.id} is {intro.stage}: nothing changes"
    said = verdict(text)
    if reply.row.template == "intro_no_answer" and says(text, "nudge"):
        ask = reply.mail.row(intro, "ask", role)
        if ask is None:
            return f"introduction {intro.id}: nobody was asked yet, no nudge"
        added = reply.mail.ask(intro, role, "", nudge=ask)
        return "nudge queued" if added else "nudge already queued"
    if said in ("yes", "no"):
        if stages.record_answer(intro, role, said, reply.context.now) == "declined":
            flow.ended(reply.mail, intro, "the person asked said no")
        reply.planned()
        return f"introduction {intro.id}: {reply.name(role)} said {said}"
    if reply.answer.skip or says(text, "drop"):
        flow.drop(reply.mail, intro, "dropped by reply")
        return f"introduction {intro.id} dropped"
    raise NotUnderstood(_expected(reply.row.template))


def _expected(template: str) -> Said:
    if template == "intro_no_answer":
        return Said(
            "reply 'nudge' to send a short reminder, 'yes' or 'no' if they answered you, or 'drop'"
        )
    return Said("reply 'yes' or 'no' (what the answer means), or 'drop' to end the introduction")


def _met(reply: Reply) -> str:
    said = verdict(reply.text)
    if said == "yes":
        stages.mark_met(reply.intro, reply.context.now)
        return f"introduction {reply.intro.id}: they met"
    if said == "no" or reply.answer.skip:
        return f"introduction {reply.intro.id}: not yet"
    raise NotUnderstood(Said("reply 'yes' if they met, or 'no'"))


def _owed(reply: Reply) -> str:
    intro, text = reply.intro, reply.text
    if DONE.match(reply.answer.first) or verdict(text) == "yes":
        if intro.stage == "owed":
            flow.made(reply.mail, intro)
        return f"introduction {intro.id}: made"
    if reply.answer.skip or says(text, "drop"):
        flow.drop(reply.mail, intro, "dropped by reply")
        return f"introduction {intro.id} dropped"
    raise NotUnderstood(Said("reply 'done' if the introduction happened, or 'drop'"))


ANSWERS: dict[str, Callable[[Reply], str]] = {
    "intro_ask_draft": _ask_draft,
    "intro_joint_draft": _joint_draft,
    "intro_question": _question,
    "intro_answer": _answered_for_them,
    "intro_no_answer": _answered_for_them,
    "intro_met_check": _met,
    "intro_owed": _owed,
}
