"""What the HTTP endpoint tests share: a config that serves it, and real links to call.

The links come the way a recipient gets them: an invite is ingested, the thank-you draft
approved and sent to the Maildir, and the note's List-Unsubscribe header read back.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from tests.conftest import ALICE, RunningService, write_config
from tests.messages import ANNA, invite_ics, invite_message
from tests.outbound.sinks import free_port, maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
PUBLIC = "https://mailer.example.org"


def http_config(directory: Path, database_url: str, port: int, **http: int) -> Path:
    """Alice and Bob's config with the endpoint on ``port`` (and ``[http]`` keys given)."""
    keys = "".join(f"{key} = {value}\n" for key, value in http.items())
    extra = f'\n[outbound]\npublic_base_url = "{PUBLIC}"\n[http]\nport = {port}\n{keys}'
    return write_config(directory, database_url, extra)


def approve_a_note(mailer: Mailer) -> EmailMessage:
    """Alice's thank-you note to Anna, approved and sent: it carries List-Unsubscribe."""
    mailer.ingest(invite_message(invite_ics()), source="invite")
    mailer.tick(datetime(2026, 12, 23, 9, 0, tzinfo=MADRID))
    draft = next(
        m for m in maildir_messages(mailer.config.maildir) if str(m["Subject"]).startswith("Draft")
    )
    approve = draft["Reply-To"].addresses[0].addr_spec
    answer = EmailMessage()
    answer["From"], answer["To"], answer["Subject"] = ALICE, approve, "Re: draft"
    answer["Message-ID"] = "<approve-1@example.com>"
    answer.set_content("send")
    mailer.ingest(answer.as_bytes(policy=policy.SMTP), source="send", envelope_to=[approve])
    mailer.tick(datetime(2026, 12, 23, 9, 5, tzinfo=MADRID))
    [note] = [m for m in maildir_messages(mailer.config.maildir) if ANNA in str(m["To"])]
    return note


def unsubscribe_link(note: EmailMessage, port: int) -> str:
    """The note's one-click URL, pointed at the endpoint on loopback ``port``."""
    public = note["List-Unsubscribe"].split(",")[0].strip("<> ")
    assert public.startswith(f"{PUBLIC}/unsubscribe/unsubscribe+")
    return public.replace(PUBLIC, f"http://127.0.0.1:{port}")


@dataclass(frozen=True)
class Served:
    mailer: Mailer
    link: str
    """The note's unsubscribe URL on loopback."""
    feed: str
    """Alice's calendar feed URL on loopback."""


@contextmanager
def served_note(directory: Path, database_url: str, clock: PinnedClock) -> Iterator[Served]:
    """A sent note, Alice's feed, and a running service whose endpoint answers both."""
    port = free_port()
    mailer = Mailer(load_config(http_config(directory, database_url, port)), clock=clock)
    link = unsubscribe_link(approve_a_note(mailer), port)
    feed = mailer.feed_url(ALICE, now=clock()).url.replace(PUBLIC, f"http://127.0.0.1:{port}")
    running = RunningService(mailer.config, clock)
    try:
        yield Served(mailer, link, feed)
    finally:
        running.stop()
        mailer.engine.dispose()


def anna_opted_out(mailer: Mailer) -> bool:
    return next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)["opted_out"]


def open_files_for(count: int) -> None:
    """Raise this process's soft open-file limit (up to the hard one) to hold ``count`` more
    sockets; fail, not skip, when the hard limit is too low for the test to mean anything."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 1024
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.fail(f"the open-file hard limit is {hard}; this test needs {wanted} (ulimit -Hn)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
