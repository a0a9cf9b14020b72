"""Who was at the meeting after all: who joined, who did not come, and what only looks like a
name (issue 13)."""

from __future__ import annotations

import pytest

from tests.parsing.recaps import read


def names(text: str) -> set[str]:
    recap = read(text, known={})
    return {p.name or p.email for p in recap.people} | set(recap.names_without_address)


def test_someone_who_joined_for_dessert():
    text = (
        "Lunch last Thursday with Hamid Rahimi at La Pubilla, and his cofounder Zoe Adams "
        "joined for dessert."
    )
    assert names(text) == {"Hamid Rahimi", "Zoe Adams"}


def test_someone_who_came_too_in_spanish():
    text = (
        "Ayer tomamos algo con Teodoro Villaseñor en el Bar Pinotxo. Vino también su pareja, "
        "Iratxe."
    )
    assert names(text) == {"Teodoro Villaseñor", "Iratxe"}


@pytest.mark.parametrize(
    "text",
    [
        "Ibrahim couldn't make it in the end, so I had coffee with his co-founder, Noor Al-Sayed.",
        "Bien, aunque al final Ibrahim no vino y comí con su socia, Noor Al-Sayed.",
    ],
)
def test_the_one_who_did_not_come(text: str):
    recap = read(text, known={})
    recap_names = set(recap.names_without_address)
    assert "Noor Al-Sayed" in recap_names and "Ibrahim" not in recap_names


@pytest.mark.parametrize(
    ("text", "not_a_person"),
    [
        ("Fri: dinner with Aurélie Martin & her husband Paul, Casa Leopoldo.", "Casa Leopoldo"),
        ("lunch w/ Ifeoma Chukwu @ Flax & Kale, tuesday", "Kale"),
        ('Dinner with Graciela at a Korean place, something with "Seoul".', "Seoul"),
    ],
)
def test_a_place_is_not_a_person(text: str, not_a_person: str):
    assert not any(not_a_person in n for n in names(text))


def test_a_company_in_the_subject_is_no_one():
    from mailer.parsing.recap import parse_recap
    from tests.parsing.recaps import MADRID, WEDNESDAY_EVENING

    recap = parse_recap(
        "Teams call with Ruth Abebe and Jan de Vries (ruth@kinetik.nl, jan@kinetik.nl).",
        subject="Teams call w/ Kinetik",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
        known_names={},
    )
    assert {p.email for p in recap.people} == {"ruth@kinetik.nl", "jan@kinetik.nl"}
    assert recap.names_without_address == ()


def test_a_title_is_no_part_of_the_name():
    assert names("Drinks with Professor Lindiwe Mahlangu last night.") == {"Lindiwe Mahlangu"}


def test_a_surname_alone_in_the_subject_is_the_same_person():
    from mailer.parsing.recap import parse_recap
    from tests.parsing.recaps import MADRID, WEDNESDAY_EVENING

    recap = parse_recap(
        "Had lunch today with Folake Adebayo (f.adebayo@uni.example) at Can Ros.",
        subject="Lunch with Prof. Adebayo",
        sent_at=WEDNESDAY_EVENING,
        zone=MADRID,
        known_names={},
    )
    assert [p.email for p in recap.people] == ["f.adebayo@uni.example"]
    assert recap.names_without_address == ()
