"""What else changes when an introduction is made or ends: the recap's promise, and the mail
still queued for it.

A made introduction is a promise kept (its action item done); one that ends without being made
takes its queued mail with it (an ask waiting for the morning never leaves after the user
dropped the introduction) and cancels the promise. The person who said no is never written
to again about it, and the other person is never told.
"""

from __future__ import annotations

from mailer.intros import stages
from mailer.intros.mail import Mail
from mailer.models import ActionItem, Introduction


def _promise(mail: Mail, intro: Introduction, status: str) -> None:
    item = mail.session.get(ActionItem, intro.action_item_id) if intro.action_item_id else None
    if item is not None and item.user_id == intro.user_id and item.status == "open":
        item.status = status
        item.done_at = mail.now if status == "done" else None


def made(mail: Mail, intro: Introduction) -> None:
    """The joint introduction is approved and queued: the promise is kept."""
    stages.mark_sent(intro, mail.now)
    _promise(mail, intro, "done")


def ended(mail: Mail, intro: Introduction, why: str) -> None:
    """Declined or dropped: nothing queued for it leaves, and the promise is off."""
    mail.cancel_queued(intro, why)
    _promise(mail, intro, "cancelled")


def drop(mail: Mail, intro: Introduction, why: str) -> None:
    stages.drop(intro, mail.now, why)
    ended(mail, intro, why)


def declined(mail: Mail, intro: Introduction, role: str, excerpt: str, answered: str) -> None:
    """The person asked said no: the user is told (with their words), no one else is."""
    ended(mail, intro, "the person asked said no")
    mail.to_user(intro, "answer", "intro_answer", role, once_per=answered,
                 answer="no", excerpt=excerpt)  # fmt: skip


def opted_out(mail: Mail, intro: Introduction, role: str) -> None:
    """One of the two opted out of the user's mail: the introduction cannot be made by us."""
    intro.stage, intro.answered_at = "declined", mail.now
    intro.ended = "opted out of your mail"
    ended(mail, intro, intro.ended)
    mail.to_user(intro, "opted-out", "intro_answer", role, answer="opted-out", excerpt="")
