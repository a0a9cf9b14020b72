"""RFC 8058 one-click unsubscribe over HTTP; a mere GET (a link scanner) unsubscribes nobody."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from tests.conftest import ALICE, RunningService, write_config
from tests.messages import ANNA, invite_ics, invite_message
from tests.outbound.sinks import free_port, maildir_messages

MADRID = ZoneInfo("Europe/Madrid")


def _approve(mailer: Mailer) -> None:
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


def test_one_click_post_unsubscribes_and_get_does_not(
    tmp_path: Path, database_url: str, clock: PinnedClock
):
    port = free_port()
    extra = f'\n[outbound]\npublic_base_url = "https://mailer.example.org"\n[http]\nport = {port}\n'
    config = load_config(write_config(tmp_path, database_url, extra))
    mailer = Mailer(config, clock=clock)
    _approve(mailer)
    [note] = [m for m in maildir_messages(config.maildir) if ANNA in str(m["To"])]
    assert note["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    public = note["List-Unsubscribe"].split(",")[0].strip("<> ")
    assert public.startswith("https://mailer.example.org/unsubscribe/unsubscribe+")
    local = public.replace("https://mailer.example.org", f"http://127.0.0.1:{port}")

    running = RunningService(config, clock)
    try:
        with urllib.request.urlopen(local, timeout=10) as page:  # a scanner follows the link
            assert b"<button" in page.read()
        assert not next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)["opted_out"]

        forged = local[:-3] + "aaa"
        try:
            urllib.request.urlopen(forged, data=b"List-Unsubscribe=One-Click", timeout=10)
            raise AssertionError("a forged token was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 404

        with urllib.request.urlopen(local, data=b"List-Unsubscribe=One-Click", timeout=10) as r:
            assert r.status == 200
        assert next(c for c in mailer.contacts(ALICE) if c["email"] == ANNA)["opted_out"]
    finally:
        running.stop()
        mailer.engine.dispose()
