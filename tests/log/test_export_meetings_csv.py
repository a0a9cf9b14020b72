"""The meeting log as CSV: one row per meeting, readable back with the csv module."""

from __future__ import annotations

import csv
import io

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.log.sample_log import ANNA, BOB_SECRET, fill_log


def test_rows_match_the_log_in_the_users_zone(mailer: Mailer):
    fill_log(mailer)
    text = mailer.export_meetings_csv(ALICE)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    meetings = mailer.meetings(ALICE)
    assert [r["uid"] for r in rows] == [m["uid"] for m in meetings]
    assert [r["start"] for r in rows] == [m["start"] for m in meetings]

    coffee = next(r for r in rows if r["title"] == "Coffee with Anna")
    assert coffee["start"] == "2026-12-22T13:30:00+01:00"  # Alice's zone, with its offset
    assert coffee["status"] == "done"
    assert coffee["with"] == f"Anna Ruiz <{ANNA}> (needs-action)"
    assert coffee["got"] == "two contacts for the project; honest feedback on my pitch"
    assert coffee["tags"] == "slownetworking"
    assert "Satan's Coffee Corner" in coffee["notes"]
    conference = next(r for r in rows if r["all_day"] == "yes")
    assert conference["title"] == "Slow Networking Conference, día 1–2"
    assert next(r for r in rows if r["title"] == "Lunch with Pau")["status"] == "cancelled"
    assert BOB_SECRET not in text


def test_an_empty_log_is_just_the_header(mailer: Mailer):
    assert mailer.export_meetings_csv(ALICE).splitlines() == [
        "start,end,all_day,title,location,online_url,status,with,notes,gave,got,tags,uid,"
        "recurrence_id"
    ]
