"""Each section of the digest against a seeded history (a Sunday evening in Madrid): the facts
of its context, then the words the email says them in."""

from __future__ import annotations

from typing import Any

import pytest

from mailer.api import Mailer
from mailer.planning.digest_context import digest_context
from mailer.planning.digest_send import render_digest
from tests.conftest import ALICE
from tests.outbound.samples import DIGEST_WEEK
from tests.planning.digest_week import NOW, seed


@pytest.fixture
def context(mailer: Mailer) -> dict[str, Any]:
    seed(mailer)
    return digest_context(mailer.digest(ALICE, now=NOW))


def test_this_week_and_next_week(context: dict[str, Any]):
    assert (context["week_start"], context["week_end"]) == ("2026-12-14", "2026-12-20")
    assert [(m["kind"], m["name"], m["status"]) for m in context["this_week"]] == [
        ("coffee", "Anna Ruiz", "done"),
        ("coffee", "Pau Serra", "done"),
        ("coffee", "Marc Font", "cancelled"),
        ("coffee", "Laia Vidal", "to-confirm"),
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
    assert [(m["start"], m["kind"], m["name"]) for m in context["next_week"]] == [
        ("2026-12-22T09:00:00+00:00", "lunch", "Júlia Riera")
    ]


def test_streak_month_year_and_people(context: dict[str, Any]):
    assert context["streak"].items() >= {"current": 4, "longest": 4, "state": "kept"}.items()
    assert (context["month"], context["month_count"]) == ("2026-12-01", 5)
    assert (context["year"], context["year_count"]) == (2026, 11)
    assert context["people"]["week"] == {"new": 1, "again": 1, "total": 2}
    assert context["people"]["month"] == {"new": 3, "again": 1, "total": 4}
    assert context["people"]["year"]["again"] == 1  # Núria, first met in 2025


def test_year_grid_shades_each_week(context: dict[str, Any]):
    cells = [cell for row in context["grid"] for cell in row]
    assert len(cells) == 52 and len(context["grid"]) == 4
    assert cells[-1].items() >= {"count": 2, "level": 2, "current": True}.items()
    assert [c["count"] for c in cells[-5:]] == [0, 1, 2, 1, 2]  # from the week of 16 Nov
    assert context["grid_marks"][-1].endswith("· 1 2 1 2")


def test_who_is_due(context: dict[str, Any]):
    followups = context["followups"]["items"]
    assert [(f["who"], f["state"], f["days_left"]) for f in followups] == [
        ("Jordi Roca", "overdue", -2),
        ("Anna Ruiz", "soon", 3),
    ]
    cadences = context["cadences"]["items"]
    assert [(c["name"], c["state"], c["ideal_days"], c["too_long_days"]) for c in cadences] == [
        ("Marta Costa", "overdue", 30, 45),
        ("Hugo Camps", "due", 60, 90),
        ("Sara Pujol", "soon", 30, 45),
    ]
    assert [p["text"] for p in context["promises"]["items"]] == [
        "Send Clara the deck",
        "Introduce Anna to Pau",
    ]
    assert context["promises"]["items"][1]["who"] == "Anna Ruiz → Pau Serra"
    assert [(i["name"], i["days"]) for i in context["invitations"]["items"]] == [("Elena Mas", 9)]


def test_whom_to_invite_next(context: dict[str, Any]):
    suggestions = [(s["number"], s["name"], s["pick"]) for s in context["suggestions"]]
    assert suggestions == [
        (1, "Marta Costa", True),
        (2, "Núria Soler", False),
        (3, "Marc Font", False),
        (4, "Hugo Camps", False),
    ]
    reasons = [s["reason"] for s in context["suggestions"]]
    assert reasons[0] == {"why": "rhythm", "ideal_days": 30, "days": 61}
    assert reasons[1] == {"why": "met", "days": 292, "times": 2}
    assert reasons[2] == {"why": "never", "known_since": "2025-01-01", "company": ""}


def test_given_received_and_the_post(context: dict[str, Any]):
    assert context["given"] == ["my notes on event formats", "an intro to Anna"]
    assert context["received"] == ["two contacts"]
    assert context["post"] == {"welcome": False, "meetings": 2, "new": 1, "weeks": 4}


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
    for line in (
        "- Tue 15 Dec, 10:00  Coffee with Anna Ruiz [done] (your first meeting)",
        "- Tue 22 Dec, 10:00  Lunch with Júlia Riera",
        "- Follow up with Jordi Roca: due Fri 18 Dec [2 days overdue]",
        "- Keep in touch with Marta Costa: last in touch 2 months ago; ideal every month, too long "
        "after 6 weeks [overdue]",
        "   You meant to keep in touch every month; it has been 61 days.",
        "   Last met 10 months ago; you have met twice.",
        "   Never met yet; in your contacts since January 2025.",
        "- No answer yet from Elena Mas, invited 9 days ago",
    ):
        assert line in text.splitlines(), line
    assert "Week 4 in a row of the #slownetworking challenge" in text and "Anna" not in " ".join(
        text.split('"')[-2:]
    )


def test_the_sample_has_the_shape_of_a_real_digest(context: dict[str, Any]):
    """The snapshots render tests/outbound/samples.py's digest: it must be what
    digest_context makes, key for key, so a template cannot come to need a missing fact."""
    assert shape(DIGEST_WEEK) == shape(context)


def shape(value: Any) -> Any:
    """The keys of every dict, however deep (a list by the shape of its first item)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items() if key != "reason"}
    if isinstance(value, list):
        return [shape(value[0])] if value and isinstance(value[0], (dict, list)) else []
    return None
