"""Any sequence of versions of an event, applied in any order, ends in the newest version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from mailer.db import create_db_engine, session_factory, transaction, upgrade
from mailer.log.meetings import LogChanges, Participants, apply_event
from mailer.models import Attendee, Contact, Meeting, User
from mailer.parsing.types import Attendee as EventAttendee
from mailer.parsing.types import CalendarEvent, Person

BASE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PARTICIPANTS = Participants(frozenset({"alice@example.com"}), "assistant.localhost")


def version(sequence: int, stamp: int) -> CalendarEvent:
    """Version ``sequence`` of one meeting: every field differs between versions."""
    start = BASE + timedelta(days=sequence, minutes=stamp)
    return CalendarEvent(
        uid="versions@example.com",
        start=start,
        end=start + timedelta(hours=1),
        title=f"Coffee v{sequence}.{stamp}",
        sequence=sequence,
        dtstamp=BASE + timedelta(minutes=stamp),
        method="REQUEST",
        location=f"Place {sequence}",
        attendees=(EventAttendee(Person(f"guest{sequence}@example.com", f"Guest {sequence}")),),
    )


versions = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 3)), min_size=1, max_size=8, unique=True
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(list(range(8))), pairs=versions)
def test_highest_sequence_wins_in_any_order(database_url: str, order: list[int], pairs):
    engine = create_db_engine(database_url)
    upgrade(engine)
    factory = session_factory(engine)
    try:
        with transaction(factory) as session:
            for table in (Attendee, Meeting, Contact, User):
                session.execute(delete(table))
            user = User(email="alice@example.com")
            session.add(user)
            session.flush()
            arrival = [pairs[i] for i in order if i < len(pairs)]
            for sequence, stamp in arrival:
                apply_event(session, user.id, version(sequence, stamp), PARTICIPANTS, LogChanges())
        newest = version(*max(pairs))
        with factory() as session:
            [meeting] = session.scalars(select(Meeting)).all()
            assert (meeting.title, meeting.start, meeting.location, meeting.sequence) == (
                newest.title,
                newest.start,
                newest.location,
                newest.sequence,
            )
            assert [a.contact.email for a in meeting.attendees] == [
                newest.attendees[0].person.email
            ]
    finally:
        engine.dispose()
