"""Two users' digests never show each other's meetings, people, promises or invitations."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.planning.digest_context import digest_context
from tests.conftest import ALICE, BOB
from tests.planning.digest_seed import History

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)


def seed(history: History, who: str) -> None:
    friend = history.contact(f"{who} Friend", cadence=30)
    stranger = history.contact(f"{who} Stranger")
    for day in (1, 8, 15):
        history.meeting(datetime(2026, 12, day, 10, tzinfo=MADRID), friend, gave=(f"{who} gift",))
    history.item("followup", f"Follow up {who}", contact=friend, due=date(2026, 12, 18))
    history.item("intro", f"Introduce {who}", contact=friend, other=stranger)
    history.invitation(stranger, history.email(stranger), datetime(2026, 12, 15, tzinfo=MADRID))


def test_each_digest_holds_only_its_users_rows(mailer: Mailer):
    seed(History(mailer, ALICE), "Alice")
    seed(History(mailer, BOB), "Bob")
    History(mailer, BOB).meeting(datetime(2026, 12, 16, 10, tzinfo=MADRID))  # more for Bob

    for user, mine, theirs in ((ALICE, "Alice", "Bob"), (BOB, "Bob", "Alice")):
        context = digest_context(mailer.digest(user, now=NOW))
        text = repr(context)
        assert f"{mine} Friend" in text and f"Follow up {mine}" in text
        assert theirs not in text.replace("Alice Martín", "").replace("Bob Stone", "")
        assert context["given"] == [f"{mine} gift"] * 3
        assert [s["name"] for s in context["suggestions"]] == [f"{mine} Friend"]
    assert mailer.digest(ALICE, now=NOW).month_count == 3
    assert mailer.digest(BOB, now=NOW).month_count == 4
