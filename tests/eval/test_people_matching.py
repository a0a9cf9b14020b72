"""People match by address when the annotation has one, else by name (first name when unique)."""

from __future__ import annotations

from eval.matching import PersonSpec, names_match, person_matches, unique_first_names
from tests.eval.builders import case, scored

ANNA = PersonSpec.parse("Anna Ruiz <anna@example.com>")


def test_a_spec_reads_three_ways():
    assert PersonSpec.parse("Anna Ruiz <Anna@Example.com>") == ANNA
    assert (ANNA.name, ANNA.email) == ("Anna Ruiz", "anna@example.com")
    assert PersonSpec.parse("Georg") == PersonSpec("Georg", None)
    assert PersonSpec.parse("<M.Lopez@Example.es>") == PersonSpec(None, "m.lopez@example.es")
    assert str(ANNA) == "Anna Ruiz <anna@example.com>"


def test_an_address_decides_whatever_the_name():
    unique = unique_first_names([ANNA])
    assert person_matches(ANNA, PersonSpec("A. R.", "anna@example.com"), unique)
    assert person_matches(ANNA, PersonSpec(None, "anna@example.com"), unique)
    assert not person_matches(ANNA, PersonSpec("Anna Ruiz", "anna.ruiz@example.com"), unique)


def test_an_expected_address_is_missed_by_a_name_alone():
    result = scored(case(people=(ANNA,)), people=(PersonSpec("Anna Ruiz"),))
    assert (result.tallies["people"].correct, result.tallies["people"].predicted) == (0, 1)


def test_names_ignore_case_accents_and_punctuation():
    assert names_match("Núria Soler", "nuria soler.", first_name_is_unique=False)
    assert names_match("marc ferrer", "Marc Ferrer", first_name_is_unique=False)
    assert not names_match("Marc Ferrer", "Marc Puig", first_name_is_unique=False)


def test_the_first_name_suffices_when_no_other_expected_person_has_it():
    georg = PersonSpec.parse("Georg Weber")
    assert person_matches(georg, PersonSpec("Georg"), unique_first_names([georg]))
    assert person_matches(PersonSpec("Georg"), PersonSpec("Georg Weber"), frozenset({"georg"}))


def test_two_expected_people_with_one_first_name_need_full_names():
    people = [PersonSpec.parse("Laura Vidal"), PersonSpec.parse("Laura Puig")]
    unique = unique_first_names(people)
    assert not person_matches(people[0], PersonSpec("Laura"), unique)
    assert person_matches(people[0], PersonSpec("Laura Vidal"), unique)


def test_each_predicted_person_counts_once():
    pau = PersonSpec.parse("Pau <pau@example.org>")
    result = scored(
        case(people=(ANNA, pau)),
        people=(PersonSpec("Anna", "anna@example.com"), PersonSpec("Jordi", "jordi@example.cat")),
    )
    tally = result.tallies["people"]
    assert (tally.expected, tally.predicted, tally.correct) == (2, 2, 1)
    assert {(m.expected, m.got) for m in result.misses} == {
        ("Pau <pau@example.org>", "—"),
        ("—", "Jordi <jordi@example.cat>"),
    }
