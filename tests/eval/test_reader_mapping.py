"""The reader's Recap in the evaluation's terms, the way the app files it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from eval.cases import Task
from eval.matching import PersonSpec
from eval.predict import PredictedIntro, prediction_of, read_case
from mailer.parsing.types import ActionItem, Person, Recap
from tests.eval.builders import case

ANNA = Person("anna@example.com", "Anna Ruiz")
JORDI = Person("jordi@example.cat", "Jordi")


def test_own_and_assistant_addresses_are_dropped_as_the_app_drops_them():
    mine = replace(case(), me=("laura@soler.studio",))
    recap = Recap(
        met_on=None,
        people=(
            ANNA,
            Person("laura@soler.studio", "Laura"),
            Person("recap@assistant.localhost", "Slow Networking Assistant"),
        ),
        names_without_address=("Georg",),
    )
    assert prediction_of(recap, mine).people == (
        PersonSpec("Anna Ruiz", "anna@example.com"),
        PersonSpec("Georg"),
    )


def test_the_meeting_date_is_the_local_day_of_met_on():
    late = Recap(met_on=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # 00:30 on the 2nd in Madrid
    assert prediction_of(late, case()).meeting_date == date(2026, 12, 2)


def test_action_items_split_by_kind():
    recap = Recap(
        met_on=None,
        action_items=(
            ActionItem("task", "send her the deck", due=date(2026, 12, 7)),
            ActionItem("intro", "introduce her to Jordi", people=(ANNA, JORDI)),
            ActionItem("owed", "send me her slides"),
        ),
    )
    got = prediction_of(recap, case())
    assert got.my_tasks == (Task("send her the deck", date(2026, 12, 7)),)
    assert got.my_intros == (
        PredictedIntro(
            (PersonSpec("Anna Ruiz", "anna@example.com"), PersonSpec("Jordi", "jordi@example.cat")),
            "introduce her to Jordi",
        ),
    )
    assert got.owed_to_me == ("send me her slides",)


def test_a_follow_up_date_wins_over_the_vague_flag():
    recap = Recap(met_on=None, follow_up_on=date(2026, 12, 16), follow_up_vague=True)
    got = prediction_of(recap, case())
    assert (got.follow_up, got.follow_up_vague) == (date(2026, 12, 16), False)
    assert prediction_of(Recap(met_on=None, follow_up_vague=True), case()).follow_up_vague


def test_kind_and_place_are_trimmed_and_blank_is_nothing():
    got = prediction_of(Recap(met_on=None, kind=" Coffee ", place="  "), case())
    assert (got.kind, got.place) == ("coffee", None)


def test_the_real_reader_reads_the_subject_and_the_body():
    recap_case = replace(
        case("Coffee with Anna Ruiz <anna@example.com> today."), subject="Re: our coffee"
    )
    got = read_case(recap_case)
    assert got.error == ""
    assert PersonSpec("Anna Ruiz", "anna@example.com") in got.people
