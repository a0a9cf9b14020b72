"""Made-up histories, written in bulk: for the digest's benchmark, its screenshot and tests.

Rows go in with Core ``insert()`` and executemany (one statement per table, batched), never
through the ORM one by one, so 100,000 meetings take seconds rather than minutes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, text

from mailer.log import first_met
from mailer.models import ActionItem, Attendee, Contact, Meeting, OutboxMessage

FIRST_NAMES = (  # noqa: SIM905 - a sentence of names reads better than a column
    "Anna Pau Laia Jordi Marta Biel Núria Marc Clara Oriol Júlia Arnau Elena Hugo Sara Iker "
    "Noa Leo Irene Adrià Paula Joan Carla Pol Berta Martí Ona Àlex Lucía Teo"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Ruiz Puig Serra Vidal Soler Ferrer Roca Font Costa Pujol Mas Bosch Casals Riera Camps "
    "Vila Sala Prat Batlle Roig"
).split()
COMPANIES = ("Acme", "Fundació Mar", "Studio Verd", "Barcelona Tech", "La Fàbrica", "")


def add_history(
    connection: Connection,
    user_id: int,
    *,
    contacts: int,
    meetings: int,
    years: float,
    now: datetime,
    zone: ZoneInfo,
    seed: int = 0,
) -> list[int]:
    """``contacts`` people and ``meetings`` meetings over the last ``years``; the contact ids.

    A fifth of the people were never met; the rest are met with a long tail (a few often, many
    once). Every 10th has a keep-in-touch cadence, one meeting in 50 is planned in the next two
    weeks, and each contact's last interaction is their latest meeting, as the log keeps it.
    """
    chance = random.Random(seed)
    span = timedelta(days=365 * years).total_seconds()
    met = max(1, contacts * 4 // 5)
    rows: list[dict[str, Any]] = []
    whom: list[int] = []
    last: dict[int, datetime] = {}
    first_done: dict[int, datetime] = {}
    for number in range(meetings):
        ahead = number % 50 == 0
        offset = timedelta(seconds=chance.uniform(0, 14 * 86400 if ahead else span))
        local = (now + offset if ahead else now - offset).astimezone(zone)
        start = local.replace(hour=chance.randint(8, 19), minute=chance.choice((0, 30)))
        start = start.astimezone(UTC)
        status = "planned" if ahead else chance.choices(("done", "cancelled"), (92, 8))[0]
        person = min(int(met * chance.random() ** 1.5), met - 1)
        whom.append(person)
        seen = min(start, now)
        if status != "cancelled" and (person not in last or last[person] < seen):
            last[person] = seen
        if status == "done" and (person not in first_done or start < first_done[person]):
            first_done[person] = start
        rows.append(
            {
                "user_id": user_id,
                "uid": f"demo-{user_id}-{seed}-{number}@example.com",
                "recurrence_key": "",
                "sequence": 0,
                "title": "Coffee",
                "kind": "coffee",
                "start": start,
                "end": start + timedelta(hours=1),
                "all_day": False,
                "status": status,
                "source": "calendar",
                "notes": "",
                "gave": [],
                "got": [],
                "tags": [],
                "created_at": start,
                "updated_at": start,
            }
        )
    contact_ids = _insert_contacts(
        connection, user_id, contacts, last, now=now, chance=chance, first_done=first_done
    )
    meeting_ids = connection.scalars(
        insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), rows
    ).all()
    connection.execute(
        insert(Attendee),
        [
            {
                "user_id": user_id,
                "meeting_id": meeting_id,
                "contact_id": contact_ids[person],
                "rsvp": "accepted",
                "is_organizer": False,
            }
            for meeting_id, person in zip(meeting_ids, whom, strict=True)
        ],
    )
    # Planner statistics, as after any bulk load: without them PostgreSQL takes the fresh
    # tables for tiny ones and probes each person's history with a scan of every meeting.
    for table in ("contacts", "meetings", "attendees"):
        connection.execute(text(f"ANALYZE {table}"))
    return contact_ids


def _insert_contacts(
    connection: Connection,
    user_id: int,
    count: int,
    last: dict[int, datetime],
    *,
    now: datetime,
    chance: random.Random,
    first_done: dict[int, datetime] | None = None,
) -> list[int]:
    """``count`` made-up people, with their last interaction and first done meeting (by number)
    written in the same rows: updating them afterwards would leave PostgreSQL a dead copy of
    every contact until a VACUUM."""
    rows = []
    for number in range(count):
        first, family = chance.choice(FIRST_NAMES), chance.choice(LAST_NAMES)
        rows.append(
            {
                "user_id": user_id,
                "email": f"{first.lower()}.{family.lower()}.{user_id}.{number}@example.com",
                "name": f"{first} {family}",
                "company": chance.choice(COMPANIES),
                "notes": "",
                "cadence_days": chance.choice((30, 60, 90)) if number % 10 == 0 else None,
                "opted_out": False,
                "last_interaction_at": last.get(number),
                "first_met": (first_done or {}).get(number),
                "created_at": now - timedelta(days=chance.randint(30, 4000)),
                "updated_at": now,
            }
        )
    return list(
        connection.scalars(
            insert(Contact).returning(Contact.id, sort_by_parameter_order=True), rows
        ).all()
    )


STORY_PEOPLE = [
    ("Anna Ruiz", "Studio Verd", None),
    ("Pau Serra", "Barcelona Tech", None),
    ("Marc Font", "La Fàbrica", None),
    ("Laia Vidal", "Fundació Mar", None),
    ("Jordi Roca", "Acme", None),
    ("Núria Soler", "", None),
    ("Marta Costa", "Acme", 30),
    ("Oriol Puig", "Studio Verd", 60),
    ("Elena Mas", "Barcelona Tech", None),
    ("Clara Bosch", "", None),
    ("Hugo Camps", "La Fàbrica", 90),
    ("Júlia Riera", "Fundació Mar", None),
]
"""The demo's named people; the story below gives each a part."""


def add_story(connection: Connection, user_id: int, *, now: datetime, zone: ZoneInfo) -> None:
    """A year of slow networking for the screenshot and the README: a streak, a summer gap,
    this week's coffees, follow-ups, rhythms, promises and an invitation waiting."""
    chance = random.Random(7)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    ids = _insert_contacts(connection, user_id, 40, {}, now=now, chance=chance)
    named = dict(zip([p[0] for p in STORY_PEOPLE], ids, strict=False))
    for (name, company, cadence), contact_id in zip(STORY_PEOPLE, ids, strict=False):
        connection.execute(
            Contact.__table__.update()
            .where(Contact.id == contact_id)
            .values(
                name=name,
                email=name.lower().replace(" ", ".").replace("ú", "u") + "@example.com",
                company=company,
                cadence_days=cadence,
            )
        )
    regulars = ids[12:32]
    meetings: list[tuple[datetime, int, str, list[str], list[str]]] = []
    for weeks_ago in range(1, 52):
        if weeks_ago in (20, 21, 22, 31) or (weeks_ago > 40 and weeks_ago % 3 == 0):
            continue  # the summer holidays and a slower start
        week = monday - timedelta(weeks=weeks_ago)
        for _ in range(chance.choice((1, 1, 1, 2, 2, 3))):
            day = week + timedelta(days=chance.randint(0, 4))
            start = datetime.combine(day, datetime.min.time(), zone).replace(
                hour=chance.randint(9, 18)
            )
            meetings.append((start, chance.choice(regulars), "done", [], []))
    story = [
        (-52, "Marta Costa", "done", [], []),
        (-63, "Oriol Puig", "done", [], []),
        (-130, "Hugo Camps", "done", [], []),
        (-12, "Jordi Roca", "done", ["feedback on his pitch deck"], ["an intro to a designer"]),
        (-6, "Núria Soler", "done", [], ["a book: The Culture Map"]),
        (1, "Anna Ruiz", "done", ["my notes on event formats"], ["two contacts for the project"]),
        (3, "Pau Serra", "done", ["an intro to Anna"], ["honest feedback on my pitch"]),
        (4, "Marc Font", "cancelled", [], []),
        (8, "Laia Vidal", "planned", [], []),
        (10, "Júlia Riera", "planned", [], []),
    ]
    for day_offset, name, status, gave, got in story:
        day = (
            monday + timedelta(days=day_offset)
            if day_offset > -20
            else today + timedelta(days=day_offset)
        )
        start = datetime.combine(day, datetime.min.time(), zone).replace(
            hour=10 if day_offset % 2 else 13
        )
        meetings.append((start, named[name], status, gave, got))
    _insert_story_meetings(connection, user_id, meetings, now=now)
    _insert_story_items(connection, user_id, named, today=today, now=now)


def _insert_story_meetings(
    connection: Connection,
    user_id: int,
    meetings: list[tuple[datetime, int, str, list[str], list[str]]],
    *,
    now: datetime,
) -> None:
    names = dict(
        connection.execute(
            Contact.__table__.select().with_only_columns(Contact.id, Contact.name)
        ).all()
    )
    rows = [
        {
            "user_id": user_id,
            "uid": f"story-{number}@example.com",
            "recurrence_key": "",
            "title": "Coffee with " + names[contact].split()[0],
            "kind": "coffee",
            "start": start.astimezone(UTC),
            "end": start.astimezone(UTC) + timedelta(hours=1),
            "status": status,
            "source": "calendar",
            "location": "Satan's Coffee Corner",
            "gave": gave,
            "got": got,
        }
        for number, (start, contact, status, gave, got) in enumerate(meetings)
    ]
    ids = connection.scalars(
        insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), rows
    ).all()
    connection.execute(
        insert(Attendee),
        [
            {"user_id": user_id, "meeting_id": meeting_id, "contact_id": m[1], "rsvp": "accepted"}
            for meeting_id, m in zip(ids, meetings, strict=True)
        ],
    )
    last: dict[int, datetime] = {}
    for start, contact, status, _, _ in meetings:
        if status != "cancelled":
            last[contact] = max(last.get(contact, start), min(start, now))
    for contact, seen in last.items():
        connection.execute(
            Contact.__table__.update().where(Contact.id == contact).values(last_interaction_at=seen)
        )
    first_met.refresh(connection, {contact for _, contact, *_ in meetings})


def _insert_story_items(
    connection: Connection, user_id: int, named: dict[str, int], *, today: Any, now: datetime
) -> None:
    items = [
        (
            "followup",
            "Follow up with Jordi Roca",
            named["Jordi Roca"],
            None,
            today - timedelta(days=2),
        ),
        (
            "followup",
            "Follow up with Núria Soler",
            named["Núria Soler"],
            None,
            today + timedelta(days=3),
        ),
        ("intro", "Introduce Anna to Pau", named["Anna Ruiz"], named["Pau Serra"], None),
        (
            "task",
            "Send Clara the event checklist",
            named["Clara Bosch"],
            None,
            today + timedelta(days=5),
        ),
    ]
    connection.execute(
        insert(ActionItem),
        [
            {
                "user_id": user_id,
                "kind": kind,
                "text": text,
                "reason": "promised in a recap",
                "due": due,
                "status": "open",
                "contact_id": contact,
                "other_contact_id": other,
            }
            for kind, text, contact, other, due in items
        ],
    )
    sent = now - timedelta(days=9)
    connection.execute(
        insert(OutboxMessage).values(
            user_id=user_id,
            idempotency_key=f"story:invite:{user_id}",
            recipient="elena.mas@example.com",
            contact_id=named["Elena Mas"],
            template="challenge_invitation",
            context={"contact_name": "Elena Mas"},
            scheduled_at=sent,
            status="sent",
            sent_at=sent,
            created_at=sent,
        )
    )


def add_coffee(connection: Connection, user_id: int, start: datetime, people: list[int]) -> int:
    """A planned coffee at ``start`` with ``people``: the meeting a brief is about (its
    benchmark and its statement count)."""
    meeting_id = connection.scalar(
        insert(Meeting)
        .values(user_id=user_id, uid=f"coffee-{user_id}-{start.isoformat()}", recurrence_key="",
                title="Coffee", kind="coffee", start=start, end=start + timedelta(hours=1),
                status="planned", gave=[], got=[], tags=[])
        .returning(Meeting.id)
    )  # fmt: skip
    for contact_id in people:
        connection.execute(
            insert(Attendee).values(user_id=user_id, meeting_id=meeting_id, contact_id=contact_id)
        )
    assert meeting_id is not None  # RETURNING always gives the new id
    return int(meeting_id)
