"""How a photo is named and what its post says: "2026-03-12 coffee with Marta.jpg", and "Coffee
with Marta this week, number 12 of my #slownetworking challenge..."

Both name the other people by their first name only: the post is public, and the person in
the photo did not choose to be named in it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailer.log.filed import names_of
from mailer.models import Meeting
from mailer.outbound.languages import translations
from mailer.outbound.wording import Wording

UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
"""What a file name may not hold on Linux, macOS or Windows (the export is copied around)."""
LONGEST_NAME = 120


def first_names(meeting: Meeting) -> str:
    """ "Marta", "Marta & Pau", "Marta, Pau & Marc": the first names, as a post says them."""
    names = [a.contact.name.split()[0] for a in meeting.attendees if a.contact.name.strip()]
    return names_of(list(dict.fromkeys(names)))


def what(kind: str | None, names: str, language: str) -> str:
    """ "coffee with Marta" (or "café con Marta"), or "coffee" with no name to give."""
    wording = Wording(language, translations(language))
    return wording.say("with", kind, name=names) if names else wording.say("noun", kind)


def file_stem(day: str, kind: str | None, names: str, language: str) -> str:
    """ "2026-03-12 coffee with Marta": the day, then what it was, safe as a file name."""
    stem = UNSAFE.sub(" ", f"{day} {what(kind, names, language)}")
    return " ".join(stem.split())[:LONGEST_NAME].strip(" .")


def challenge_number(session: Session, user_id: int, meeting: Meeting) -> int:
    """Which meeting of the challenge this is: the done meetings up to it, itself included."""
    before = session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.user_id == user_id,
            Meeting.status == "done",
            Meeting.start <= meeting.start,
            Meeting.id != meeting.id,
        )
    )
    return int(before or 0) + 1


def post_facts(session: Session, user_id: int, meeting: Meeting) -> dict[str, Any]:
    """What the ready caption says (``_caption.txt``), and the user's own caption if any."""
    return {
        "kind": meeting.kind,
        "names": first_names(meeting),
        "number": challenge_number(session, user_id, meeting),
        "caption": meeting.caption,
    }
