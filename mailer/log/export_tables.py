"""The meeting log as CSV and the contacts as vCard 3.0, for spreadsheets and address books.

CSV times are ISO 8601 in the user's zone with their offset (as ``--json`` prints them) and lists
are joined with "; " (``mailer meetings export --csv`` starts files with a UTF-8 byte-order mark,
so that Excel shows accents).
vCard 3.0 is what Google, Outlook and Apple all import; importing it back here (``mailer
contacts import``) matches every card to the contact it came from.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from zoneinfo import ZoneInfo

import vobject
from sqlalchemy import select
from sqlalchemy.orm import Session

from mailer.log.queries import list_meetings
from mailer.models import Contact

MEETING_COLUMNS = (
    "start",
    "end",
    "all_day",
    "title",
    "location",
    "online_url",
    "status",
    "with",
    "notes",
    "gave",
    "got",
    "tags",
    "uid",
    "recurrence_id",
)


def _with(meeting: dict[str, Any]) -> str:
    people = []
    for a in meeting["attendees"]:
        who = f"{a['name']} <{a['email']}>" if a["name"] and a["email"] else a["name"] or a["email"]
        people.append(f"{who} ({a['status']})")
    return "; ".join(people)


def meetings_csv(session: Session, user_id: int, zone: ZoneInfo) -> str:
    """One row per meeting (or occurrence), oldest first, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MEETING_COLUMNS)
    for m in list_meetings(session, user_id, zone):
        row = m | {
            "all_day": "yes" if m["all_day"] else "no",
            "with": _with(m),
            "gave": "; ".join(m["gave"]),
            "got": "; ".join(m["got"]),
            "tags": "; ".join(m["tags"]),
        }
        writer.writerow(["" if row[c] is None else row[c] for c in MEETING_COLUMNS])
    return out.getvalue()


def _card(contact: Contact) -> vobject.base.Component:
    card = vobject.vCard()
    words = contact.name.split()
    given, family = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else ("", contact.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    # FN may not be empty in 3.0: a nameless contact shows its address, which imports ignore
    card.add("fn").value = contact.name or contact.email or contact.company or "?"
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.position:
        card.add("title").value = contact.position
    if contact.notes:
        card.add("note").value = contact.notes
    card.add("uid").value = f"mailer-contact-{contact.id}"
    return card


def contacts_vcf(session: Session, user_id: int) -> str:
    """Every contact of the user as a vCard 3.0 file (CRLF lines, folded at 75 octets)."""
    contacts = session.scalars(
        select(Contact).where(Contact.user_id == user_id).order_by(Contact.name, Contact.id)
    )
    return "".join(_card(c).serialize() for c in contacts)
