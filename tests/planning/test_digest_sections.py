"""Each section of the digest against a seeded history (a Sunday evening in Madrid)."""

from __future__ import annotations

from typing import Any

import pytest

from mailer.api import Mailer
from mailer.planning.digest_context import digest_context
from mailer.planning.digest_send import render_digest
from tests.conftest import ALICE
from tests.planning.digest_week import NOW, seed


@pytest.fixture
def context(mailer: Mailer) -> dict[str, Any]:
    seed(mailer)
    return digest_context(mailer.digest(ALICE, now=NOW))


def test_this_week_and_next_week(context: dict[str, Any]):
    assert context["week_label"] == "14–20 December 2026"
    assert [(m["title"], m["status"]) for m in context["this_week"]] == [
        ("Coffee", "done"),
        ("Coffee", "done"),
        ("Coffee", "cancelled"),
        ("Coffee", "to-confirm"),
    ]
    assert context["this_week"][0]["first_time"] == ["Anna Ruiz"]
    assert context["this_week"][1]["first_time"] == []  # Pau was met in June
    assert context["week_counts"] == {
        "done": 2,
        "cancelled": 1,
        "no-show": 0,
        "to-confirm": 1,
        "planned": 0,
    }
    assert [(m["when"], m["title"], m["people"]) for m in context["next_week"]] == [
        ("Tue 22 Dec, 10:00", "Lunch with Júlia", "")
    ]


def test_streak_month_year_and_people(context: dict[str, Any]):
    assert context["streak"].items() >= {"current": 4, "longest": 4, "state": "kept"}.items()
    assert (context["month_name"], context["month_count"]) == ("December", 5)
    assert (context["year"], context["year_count"]) == (2026, 11)
    assert context["people"]["week"] == {"new": 1, "again": 1, "total": 2}
    assert context["people"]["month"] == {"new": 3, "again": 1, "total": 4}
    assert context["people"]["year"]["again"] == 1  # Núria, first met in 2025


def test_year_grid_shades_each_week(context: dict[str, Any]):
    cells = [cell for row in context["grid"] for cell in row]
    assert len(cells) == 52 and len(context["grid"]) == 4
    assert cells[-1].items() >= {"count": 2, "level": 2, "current": True}.items()
    assert [c["count"] for c in cells[-5:]] == [0, 1, 2, 1, 2]  # from the week of 16 Nov
    assert context["grid_text"][-1].endswith("· 1 2 1 2")


def test_who_is_due(context: dict[str, Any]):
    followups = context["followups"]["items"]
    assert [(f["text"], f["state"], f["label"]) for f in followups] == [
        ("Follow up with Jordi", "overdue", "2 days overdue"),
        ("Follow up with Anna", "soon", "due in 3 days"),
    ]
    cadences = context["cadences"]["items"]
    assert [(c["name"], c["state"], c["ideal"], c["too_long"]) for c in cadences] == [
        ("Marta Costa", "overdue", "every month", "6 weeks"),
        ("Hugo Camps", "due", "every 2 months", "3 months"),
        ("Sara Pujol", "soon", "every month", "6 weeks"),
    ]
    assert [p["text"] for p in context["promises"]["items"]] == [
        "Send Clara the deck",
        "Introduce Anna to Pau",
    ]
    assert context["promises"]["items"][1]["who"] == "Anna Ruiz → Pau Serra"
    assert [(i["name"], i["sent"]) for i in context["invitations"]["items"]] == [
        ("Elena Mas", "9 days ago")
    ]


def test_whom_to_invite_next(context: dict[str, Any]):
    suggestions = [(s["number"], s["name"], s["pick"]) for s in context["suggestions"]]
    assert suggestions == [
        (1, "Marta Costa", True),
        (2, "Núria Soler", False),
        (3, "Marc Font", False),
        (4, "Hugo Camps", False),
    ]
    reasons = [s["reason"] for s in context["suggestions"]]
    assert reasons[0] == "You meant to keep in touch every month; it has been 61 days."
    assert reasons[1] == "Last met 10 months ago; you have met twice."
    assert reasons[2] == "Never met yet; in your contacts since January 2025."


def test_given_received_and_the_post(context: dict[str, Any]):
    assert context["given"] == ["my notes on event formats", "an intro to Anna"]
    assert context["received"] == ["two contacts"]
    assert "#slownetworking" in context["post"]
    assert "Anna" not in context["post"] and "Week 4 in a row" in context["post"]


def test_rendered_email(mailer: Mailer):
    seed(mailer)
    rendered = render_digest(mailer.config, mailer.digest(ALICE, now=NOW))
    assert rendered.subject.startswith("Your week, 14–20 December 2026: 2 meetings")
    assert "<style" not in rendered.html and "style=" in rendered.html  # CSS inlined
    assert rendered.html.count('title="Week of') == 52
    for heading in ("This week", "Whom to invite next", "Who is due", "Given and received"):
        assert heading in rendered.html
    text = rendered.text
    assert "1. Marta Costa  (this week's pick)" in text
    assert 'Reply "invite 1"' in text and "YOUR YEAR AT A GLANCE" in text
