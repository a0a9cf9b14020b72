"""about@ over the real SMTP server: the user's question is answered with the story, and a
stranger asking the same gets 550 5.7.1 at the door and nothing back."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator

import pytest

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import Config
from tests.briefs.test_about_by_email import ABOUT, answers, ask
from tests.briefs.world import log_lunch, text_of
from tests.conftest import ALICE, RunningService


@pytest.fixture
def pinned_server(config: Config, clock: PinnedClock) -> Iterator[RunningService]:
    running = RunningService(config, clock=clock)
    yield running
    running.stop()


def test_the_story_comes_back_and_a_stranger_is_refused(
    pinned_server: RunningService, mailer: Mailer, clock: PinnedClock
):
    log_lunch(mailer)
    with smtplib.SMTP(pinned_server.host, pinned_server.port) as client:
        client.sendmail(ALICE, [ABOUT], ask("Anna Ruiz"))
        with pytest.raises(smtplib.SMTPDataError) as refused:
            stranger = "mallory@evil.example"
            client.sendmail(stranger, [ABOUT], ask("Anna Ruiz", sender=stranger))
    assert (refused.value.smtp_code, refused.value.smtp_error[:5]) == (550, b"5.7.1")
    pinned_server.drain()
    mailer.tick(clock())
    [answer] = answers(mailer)
    assert answer["Subject"] == "About Anna Ruiz"
    assert "you got: feedback on my pitch; a book on facilitation" in text_of(answer)
    assert answers(mailer, "mallory@evil.example") == []
