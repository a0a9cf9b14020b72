"""Messages wait for the user's sending window, in the user's own zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mailer.config import OutboundConfig, UserConfig
from mailer.planning.windows import SendingWindow

MADRID = ZoneInfo("Europe/Madrid")
WEEKDAYS_9_TO_18 = OutboundConfig(
    send_days=["mon", "tue", "wed", "thu", "fri"], send_from="09:00", send_until="18:00"
)


def window(zone: ZoneInfo = MADRID) -> SendingWindow:
    return SendingWindow.for_user(WEEKDAYS_9_TO_18, UserConfig("a@example.com", timezone=str(zone)))


def test_open_inside_hours_on_a_weekday():
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=MADRID)
    assert window().next_opening(monday_noon) == monday_noon


def test_night_waits_for_the_morning_in_the_users_zone():
    monday_night_utc = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 in Madrid
    assert window().next_opening(monday_night_utc) == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def test_early_morning_opens_the_same_day():
    early = datetime(2026, 11, 24, 6, 0, tzinfo=MADRID)
    assert window().next_opening(early) == datetime(2026, 11, 24, 9, 0, tzinfo=MADRID)


def test_weekend_waits_for_monday():
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=MADRID)
    assert window().next_opening(saturday) == datetime(2026, 11, 30, 9, 0, tzinfo=MADRID)


def test_across_a_dst_change_the_local_hour_holds():
    saturday_before_dst_end = datetime(2026, 10, 24, 20, 0, tzinfo=MADRID)
    opening = window().next_opening(saturday_before_dst_end)
    assert opening == datetime(2026, 10, 26, 9, 0, tzinfo=MADRID)
    assert opening.astimezone(UTC).hour == 8  # CET after the change, not CEST


def test_a_users_own_days_hours_and_cap_replace_the_defaults():
    night_owl = UserConfig(
        "owl@example.com",
        timezone="Asia/Tokyo",
        send_days=["sat", "sun"],
        send_from="20:00",
        send_until="23:00",
        max_per_hour=5,
    )
    own = SendingWindow.for_user(WEEKDAYS_9_TO_18, night_owl)
    friday_noon = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert own.next_opening(friday_noon) == datetime(
        2026, 11, 28, 20, 0, tzinfo=ZoneInfo("Asia/Tokyo")
    )
    assert own.max_per_hour == 5
    assert window().max_per_hour == WEEKDAYS_9_TO_18.max_per_hour
