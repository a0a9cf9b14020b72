"""The state machine of one introduction, on its own: who is asked, when it is accepted or
declined, and what may no longer change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailer.intros import stages
from mailer.models import Introduction

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def _intro(ask: str = "to") -> Introduction:
    return Introduction(id=1, stage="drafted", ask=ask, contact_answer=None, to_answer=None)


def test_by_default_only_the_person_introduced_to_is_asked():
    intro = _intro()
    assert stages.asking(intro) == ("to",) and stages.required(intro) == ("to",)
    stages.mark_asked(intro, NOW)
    assert stages.record_answer(intro, "to", "yes", NOW) == "accepted"
    assert intro.answered_at == NOW


def test_one_first_then_the_other():
    intro = _intro("contact-first")
    assert stages.asking(intro) == ("contact",)
    assert stages.record_answer(intro, "contact", "yes", NOW) == "drafted"
    assert stages.asking(intro) == ("contact", "to")
    assert stages.record_answer(intro, "to", "yes", NOW) == "accepted"


def test_an_answer_from_someone_asked_earlier_counts():
    """Jordi was asked; then the user said "ask Marta first": Jordi's yes is not lost."""
    intro = _intro()
    stages.mark_asked(intro, NOW)
    stages.change_ask(intro, "contact-first")
    assert stages.record_answer(intro, "to", "yes", NOW) == "asked"
    assert stages.record_answer(intro, "contact", "yes", NOW) == "accepted"


def test_one_no_declines_and_later_answers_change_nothing():
    intro = _intro("both")
    stages.mark_asked(intro, NOW)
    assert stages.record_answer(intro, "contact", "no", NOW) == "declined"
    assert stages.record_answer(intro, "to", "yes", NOW) == "already declined"
    assert intro.to_answer is None


def test_a_made_introduction_cannot_be_dropped_or_asked_again():
    intro = _intro()
    stages.mark_sent(intro, NOW)
    with pytest.raises(stages.IntroductionError, match="only a drafted"):
        stages.drop(intro, NOW, "by hand")
    with pytest.raises(stages.IntroductionError, match="nobody more is asked"):
        stages.change_ask(intro, "both")
    stages.mark_met(intro, NOW)
    assert (intro.stage, intro.met_at) == ("met", NOW)
