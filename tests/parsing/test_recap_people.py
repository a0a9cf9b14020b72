"""Whom the user met: addresses written in the recap, else names from their address book.

Names nobody can resolve are reported, never invented.
"""

from __future__ import annotations

import pytest

from mailer.parsing.recap import parse_recap
from mailer.parsing.types import Person
from tests.parsing.recaps import (
    ANNA,
    CATALAN,
    EXAMPLE,
    MADRID,
    PAU,
    SPANISH,
    WEDNESDAY_EVENING,
    read,
)


def test_the_example_names_anna_with_her_address():
    recap = read(EXAMPLE)
    assert recap.people == (ANNA,)
    assert recap.names_without_address == ()


def test_the_example_needs_no_address_book():
    assert read(EXAMPLE, known={}).people == (ANNA,)


def test_the_person_introduced_is_not_a_person_met():
    assert "pau@example.org" not in {p.email for p in read(EXAMPLE).people}


def test_a_known_first_name_in_spanish():
    assert read(SPANISH).people == (Person("anna@example.com", "Anna"),)


def test_a_known_first_name_in_catalan():
    assert read(CATALAN).people == (Person("jordi@example.cat", "Jordi"),)


def test_a_known_full_name():
    assert read("Lunch with Anna Ruiz yesterday.").people == (ANNA,)


@pytest.mark.parametrize(
    "text",
    [
        "Coffee with Anna Ruiz (anna@example.com) today.",
        "Coffee with Anna Ruiz [mailto:anna@example.com] today.",
        "Coffee with Anna Ruiz <ANNA@Example.com> today.",
    ],
)
def test_address_notations(text: str):
    assert read(text, known={}).people == (ANNA,)


def test_several_people_with_addresses():
    recap = read(
        "Dinner with Anna Ruiz <anna@example.com> and Pau Vidal <pau@example.org>.", known={}
    )
    assert recap.people == (ANNA, Person("pau@example.org", "Pau Vidal"))


def test_a_bare_address_in_the_body_when_the_sentence_has_none():
    recap = read("Coffee with someone new today.\nHer address: lola@example.net", known={})
    assert recap.people == (Person("lola@example.net"),)


def test_unknown_names_are_reported_not_invented():
    recap = read("Lunch with Marta and Joan yesterday.", known={})
    assert recap.people == ()
    assert recap.names_without_address == ("Marta", "Joan")


def test_spanish_names_without_address():
    recap = read("Ayer comí con Lucía y Andrés.", known={})
    assert (recap.people, recap.names_without_address) == ((), ("Lucía", "Andrés"))


def test_an_unknown_name_beside_a_known_one_is_still_reported():
    recap = read("Coffee with Anna Ruiz and Joan today.")
    assert recap.people == (ANNA,)
    assert recap.names_without_address == ("Joan",)


def test_catalan_personal_articles_before_names():
    recap = read("Ahir vaig dinar amb en Jordi a Can Culleretes.")
    assert recap.people == (Person("jordi@example.cat", "Jordi"),)
    assert recap.place == "Can Culleretes"


def test_met_followed_by_a_known_name():
    assert read("Met Anna at Nomad today.").people == (Person("anna@example.com", "Anna"),)


def test_the_place_follows_at_or_en():
    assert read(EXAMPLE).place == "Satan's Coffee Corner"
    assert read("El martes café con Anna en Nomad Coffee.").place == "Nomad Coffee"
    assert read("Coffee with Anna at 10:30 yesterday.").place is None


# Issue 13: people were found only after "with".
def test_met_a_name_with_the_address_after_a_comma():
    recap = read("Met Priya at the breakfast, priya@x.org. Lovely.", known={})
    assert recap.people == (Person("priya@x.org", "Priya"),)


def test_two_people_with_their_addresses_in_one_parenthesis():
    recap = read("Lunch with Anna and Pau (anna@example.com, pau@example.org) at La Pepita.")
    assert recap.people == (Person("anna@example.com", "Anna"), PAU)


def test_w_slash_and_a_dash_address():
    recap = read("Coffee w/ Pau - pau@example.org - yesterday.", known={})
    assert recap.people == (PAU,)


def test_a_name_with_no_address_is_a_person_without_one():
    recap = read("Coffee with Georg.", known={})
    assert (recap.people, recap.names_without_address) == ((), ("Georg",))


def test_a_third_person_only_mentioned_is_no_attendee():
    recap = read(
        "Coffee with Anna Ruiz <anna@example.com>. I'll intro her to Jordi (jordi@x.org).",
        known={},
    )
    assert recap.people == (ANNA,) and recap.names_without_address == ()


def test_the_address_is_paired_by_resemblance_on_a_later_line():
    recap = read("Drinks with Callum and Freya.\nFreya: freya.n@example.com\ncallum.r@example.com")
    assert set(recap.people) == {
        Person("freya.n@example.com", "Freya"),
        Person("callum.r@example.com", "Callum"),
    }


def test_a_forwarded_thank_you_gives_the_address_of_the_one_named():
    text = (
        "Coffee with Pol yesterday, his thank-you below.\n\n"
        "---------- Forwarded message ---------\nFrom: Pol Serra <pol.serra@example.cat>\n"
        "Subject: thanks!\n\nThanks for your time!"
    )
    assert read(text, known={}).people == (Person("pol.serra@example.cat", "Pol Serra"),)


def test_the_subject_of_a_reply_to_our_prompt_names_the_attendee():
    recap = parse_recap(
        "Great, she gave me two leads.",
        subject="Re: How was Coffee with Priya?",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
    )
    assert recap.names_without_address == ("Priya",) and recap.kind == "coffee"
