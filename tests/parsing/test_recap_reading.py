"""A free-text recap, as people write it, becomes structured facts (EN, ES, CA)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from mailer.parsing.recap import parse_recap
from mailer.parsing.types import Person

MADRID = ZoneInfo("Europe/Madrid")
WEDNESDAY_EVENING = datetime(2026, 11, 25, 20, 0, tzinfo=MADRID)
EXAMPLE = """Had coffee with Anna Ruiz <anna@example.com> this morning at Satan's Coffee Corner.
Gave: shared my notes on event formats; offered to e-introduce her to Pau (pau@example.org)
Got: two contacts for the project; honest feedback on my pitch
Follow up in 2 weeks. #slownetworking
"""
KNOWN = {"anna ruiz": "anna@example.com", "anna": "anna@example.com", "jordi": "jordi@example.cat"}


def read(text: str, sent_at: datetime = WEDNESDAY_EVENING):
    return parse_recap(text, sent_at=sent_at, zone=MADRID, known_names=KNOWN)


def test_the_example_recap():
    recap = read(EXAMPLE)
    assert recap.met_on == datetime(2026, 11, 25, 9, 0, tzinfo=MADRID)
    assert recap.people == (Person("anna@example.com", "Anna Ruiz"),)
    assert recap.place == "Satan's Coffee Corner"
    assert recap.gave == (
        "shared my notes on event formats",
        "offered to e-introduce her to Pau (pau@example.org)",
    )
    assert recap.got == ("two contacts for the project", "honest feedback on my pitch")
    [intro] = recap.action_items
    assert intro.kind == "intro"
    assert [p.email for p in intro.people] == ["anna@example.com", "pau@example.org"]
    assert recap.follow_up_on == date(2026, 12, 9)
    assert recap.tags == ("slownetworking",)


def test_spanish_recap_with_a_known_name():
    recap = read(
        "Ayer tomé un café con Anna.\nDi: feedback sobre su web\nRecibí: un contacto\n"
        "Seguimiento en 3 semanas."
    )
    assert recap.met_on.astimezone(MADRID).date() == date(2026, 11, 24)
    assert recap.people == (Person("anna@example.com", "Anna"),)
    assert (recap.gave, recap.got) == (("feedback sobre su web",), ("un contacto",))
    assert recap.follow_up_on == date(2026, 12, 16)


def test_catalan_recap():
    recap = read(
        "Ahir vaig dinar amb Jordi.\nVaig donar: contactes\nVaig rebre: idees\n"
        "Seguiment en 2 setmanes."
    )
    assert recap.met_on == datetime(2026, 11, 24, 13, 0, tzinfo=MADRID)
    assert recap.people == (Person("jordi@example.cat", "Jordi"),)
    assert recap.follow_up_on == date(2026, 12, 9)


def test_weekdays_and_dates_are_the_most_recent_past_ones():
    assert read("Coffee with Anna last Tuesday").met_on.astimezone(MADRID).date() == date(
        2026, 11, 24
    )
    assert read("El martes café con Anna").met_on.astimezone(MADRID).date() == date(2026, 11, 24)
    december_2 = datetime(2026, 12, 2, 10, 0, tzinfo=MADRID)
    recap = read("Met Anna on 3 Dec", sent_at=december_2)
    assert recap.met_on.astimezone(MADRID).date() == date(2025, 12, 3)


def test_the_hour_of_this_morning_across_a_dst_change():
    sunday = datetime(2026, 10, 25, 19, 0, tzinfo=MADRID)  # clocks went back at 03:00
    recap = read("Breakfast with Anna this morning", sent_at=sunday)
    assert recap.met_on.astimezone(MADRID).hour == 9
    assert recap.met_on.utcoffset().total_seconds() == 0
    assert recap.met_on.hour == 8  # CET, not CEST


def test_no_markers_means_the_whole_text_is_notes():
    recap = read("Coffee with Anna <anna@example.com>. Lovely chat about cycling.")
    assert recap.gave == recap.got == ()
    assert recap.notes == "Coffee with Anna <anna@example.com>. Lovely chat about cycling."


def test_unknown_names_are_reported_not_invented():
    recap = read("Lunch with Marta yesterday.")
    assert recap.people == ()
    assert recap.names_without_address == ("Marta",)


def test_checkboxes_todo_and_promises_to_send():
    recap = read(
        "Coffee with Anna today.\n- [ ] prepare the intro deck\n- [x] book the table\n"
        "TODO: check her website\nI'll send her the slides tomorrow."
    )
    texts = [(i.kind, i.text) for i in recap.action_items]
    assert ("task", "prepare the intro deck") in texts
    assert ("task", "check her website") in texts
    assert any(kind == "task" and "send her the slides" in text for kind, text in texts)
    assert all("book the table" not in text for _, text in texts)


def test_a_reply_to_the_prompt_is_not_read_as_the_prompt():
    reply = (
        "Coffee with Anna <anna@example.com> today.\nGot: a great book tip\n\n"
        "On Wed, 25 Nov 2026 at 10:00, Mailer <recap@assistant.localhost> wrote:\n"
        "> How was coffee with Anna? Reply with what you gave, what you got,\n"
        "> and when to follow up. Gave: ... Got: ... #example\n"
    )
    recap = read(reply)
    assert recap.got == ("a great book tip",)
    assert recap.gave == () and recap.tags == ()


def test_follow_up_phrases():
    for phrase, due in [
        ("Follow up next month.", date(2026, 12, 25)),
        ("follow-up in 3 days", date(2026, 11, 28)),
        ("Volver a escribir el mes que viene.", date(2026, 12, 25)),
        ("ping her next Tuesday", date(2026, 12, 1)),
    ]:
        assert read(f"Coffee with Anna today. {phrase}").follow_up_on == due, phrase
