"""Issue 13's examples, each sent to recap@ and filed: what the log keeps of each.

Every example of "what goes wrong today" is a recap ingested through the real pipeline
(``Mailer.ingest``, the pinned clock), then read back as the CLI would show it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailer.api import Mailer
from tests.conftest import ALICE
from tests.messages import recap_message

MADRID = ZoneInfo("Europe/Madrid")
MONDAY_EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=MADRID)
"""Monday 23 November 2026, 19:00 in Madrid: the day of the pinned clock."""


def _file(mailer: Mailer, body: str, subject: str = "Recap") -> None:
    result = mailer.ingest(
        recap_message(body, sent=MONDAY_EVENING, subject=subject), source="recap"
    )
    assert result.status == "processed", result.detail


def _open(mailer: Mailer, kind: str) -> list[dict]:
    return [f for f in mailer.followups(ALICE) if f["kind"] == kind]


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("Touch base on Feb 3.", "2027-02-03"),
        ("Remind me the 20th.", "2026-12-20"),
        ("Follow up in a month.", "2026-12-23"),
        ("Next contact: 2 weeks", "2026-12-07"),
        ("Check in with her in 10 days.", "2026-12-03"),
        ("Vuelvo a escribirle en un mes.", "2026-12-23"),
        ("Fer-li seguiment d'aquí a tres setmanes.", "2026-12-14"),
    ],
)
def test_follow_up_phrasings_are_filed_with_their_date(mailer: Mailer, phrase: str, due: str):
    _file(mailer, f"Coffee with Anna Ruiz <anna@example.com> today.\n{phrase}")
    [followup] = _open(mailer, "followup")
    assert followup["due"] == due
    assert followup["contact"]["email"] == "anna@example.com"


def test_a_vague_follow_up_files_no_date(mailer: Mailer):
    _file(mailer, "Coffee with Anna Ruiz <anna@example.com> today. Follow up after the holidays.")
    assert _open(mailer, "followup") == []
    [meeting] = mailer.meetings(ALICE)
    assert meeting["status"] == "done"


def test_given_and_received_from_verbs(mailer: Mailer):
    _file(
        mailer,
        "Lunch with Pau Vidal <pau@example.org> today. She recommended a book, and I offered "
        "to review his deck. Em va passar el contacte d'una editora.",
    )
    [meeting] = mailer.meetings(ALICE)
    assert meeting["got"] == ["a book", "el contacte d'una editora"]
    assert meeting["gave"] == ["review his deck"]
    [task] = _open(mailer, "task")
    assert task["text"] == "review his deck"


def test_promises_keep_their_direction(mailer: Mailer):
    _file(
        mailer,
        "Coffee with Anna Ruiz <anna@example.com> today. He offered to send me his slides, "
        "and she'll introduce me to her manager.",
    )
    owed = _open(mailer, "owed")
    assert [o["text"] for o in owed] == ["send me his slides", "introduce me to her manager"]
    assert all(o["contact"]["email"] == "anna@example.com" for o in owed)
    assert _open(mailer, "intro") == [] and _open(mailer, "task") == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Drinks with Anna Ruiz <anna@example.com> last night.", "2026-11-22"),
        ("Dinner with Anna Ruiz <anna@example.com> on Friday evening.", "2026-11-20"),
        ("Ayer café con Anna Ruiz <anna@example.com>.", "2026-11-22"),
        ("Ahir al vespre vaig sopar amb l'Anna Ruiz <anna@example.com>.", "2026-11-22"),
    ],
)
def test_the_meeting_is_filed_on_its_day(mailer: Mailer, text: str, day: str):
    _file(mailer, text)
    [meeting] = mailer.meetings(ALICE)
    assert meeting["start"].startswith(day)


@pytest.mark.parametrize(
    ("promise", "due"),
    [
        ("I'll send her the deck by Monday.", "2026-11-30"),
        ("I'll send her the deck before the 15th.", "2026-12-15"),
    ],
)
def test_a_promise_is_filed_with_its_due_date(mailer: Mailer, promise: str, due: str):
    _file(mailer, f"Coffee with Anna Ruiz <anna@example.com> today. {promise}")
    [task] = _open(mailer, "task")
    assert (task["text"], task["due"]) == ("send her the deck", due)


def test_met_priya_with_her_address_after_a_comma(mailer: Mailer):
    _file(mailer, "Met Priya at the breakfast, priya@x.org. I'll intro her to Jordi (jordi@x.org).")
    [meeting] = mailer.meetings(ALICE)
    assert [a["email"] for a in meeting["attendees"]] == ["priya@x.org"]
    assert meeting["kind"] == "breakfast"
    [intro] = _open(mailer, "intro")
    assert intro["contact"]["email"] == "priya@x.org"
    assert intro["introduce_to"]["email"] == "jordi@x.org"


def test_two_people_and_their_addresses_in_one_parenthesis(mailer: Mailer):
    _file(mailer, "Lunch w/ Anna and Pau (anna@example.com, pau@example.org) at La Pepita.")
    [meeting] = mailer.meetings(ALICE)
    assert {(a["name"], a["email"]) for a in meeting["attendees"]} == {
        ("Anna", "anna@example.com"),
        ("Pau", "pau@example.org"),
    }
    assert meeting["location"] == "La Pepita"


def test_a_name_with_no_address_becomes_a_contact_without_one(mailer: Mailer):
    _file(mailer, "Coffee with Georg.")
    [meeting] = mailer.meetings(ALICE)
    assert [(a["name"], a["email"]) for a in meeting["attendees"]] == [("Georg", None)]
    assert meeting["kind"] == "coffee"
    assert [(c["name"], c["email"]) for c in mailer.contacts(ALICE)] == [("Georg", None)]


def test_the_address_that_turns_up_later_completes_that_contact(mailer: Mailer):
    _file(mailer, "Coffee with Georg.")
    _file(mailer, "Lunch with Georg Weber <georg@example.de> today.")
    assert [(c["name"], c["email"]) for c in mailer.contacts(ALICE)] == [
        ("Georg Weber", "georg@example.de")
    ]
    [meeting] = mailer.meetings(ALICE)  # the same day, the same person: the same meeting
    assert [a["email"] for a in meeting["attendees"]] == ["georg@example.de"]


def test_a_name_matches_the_one_contact_who_has_it(mailer: Mailer):
    mailer.add_contact("georg@example.de", name="Georg Weber")
    _file(mailer, "Coffee with Georg.")
    [meeting] = mailer.meetings(ALICE)
    assert [a["email"] for a in meeting["attendees"]] == ["georg@example.de"]
    assert len(mailer.contacts(ALICE)) == 1


def test_a_name_two_contacts_share_is_not_guessed(mailer: Mailer):
    mailer.add_contact("georg@example.de", name="Georg Weber")
    mailer.add_contact("georg@example.at", name="Georg Huber")
    _file(mailer, "Coffee with Georg.")
    [meeting] = mailer.meetings(ALICE)
    assert [(a["name"], a["email"]) for a in meeting["attendees"]] == [("Georg", None)]


def test_a_third_person_mentioned_is_no_attendee(mailer: Mailer):
    _file(
        mailer,
        "Coffee with Anna Ruiz <anna@example.com> today. I'll intro her to Jordi (jordi@x.org).",
    )
    [meeting] = mailer.meetings(ALICE)
    assert [a["email"] for a in meeting["attendees"]] == ["anna@example.com"]


def test_kind_and_place_are_filed(mailer: Mailer):
    _file(mailer, "Breakfast with Oriol Puig <oriol@example.cat> at Can Culleretes this morning.")
    [meeting] = mailer.meetings(ALICE)
    assert (meeting["kind"], meeting["location"]) == ("breakfast", "Can Culleretes")
    assert meeting["start"].startswith("2026-11-23T09:00")
