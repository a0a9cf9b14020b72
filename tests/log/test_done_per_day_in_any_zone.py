"""Done meetings per local day, as the digest's streaks count them: the database adds each
moment's UTC offset, chosen by a CASE over the zone's transitions. Property-based (hypothesis):
for any moments in zones with odd offsets and DST (behind and ahead of UTC, 45- and 30-minute
ones), the counts equal zoneinfo's local dates, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from mailer.api import Mailer
from mailer.log.history import done_per_day
from mailer.models import Meeting
from tests.conftest import ALICE
from tests.planning.digest_seed import History

ZONES = [
    "Europe/Madrid", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe",
    "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC",
]  # fmt: skip
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
MOMENTS = st.datetimes(
    min_value=datetime(2016, 1, 1), max_value=datetime(2026, 11, 22), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(zone=st.sampled_from(ZONES), moments=st.lists(MOMENTS, min_size=1, max_size=12))
def test_each_meeting_counts_on_its_local_day(mailer: Mailer, zone: str, moments: list[datetime]):
    history = History(mailer, ALICE)
    with mailer.engine.begin() as connection:
        connection.execute(delete(Meeting))
    for moment in moments:
        history.meeting(moment)
    history.meeting(moments[0] + timedelta(hours=3), status="cancelled")  # never counted
    with mailer.sessions() as session:
        counted = done_per_day(session, history.user_id, ZoneInfo(zone), NOW)
    expected = Counter(moment.astimezone(ZoneInfo(zone)).date() for moment in moments)
    assert counted == dict(expected)
