"""Set-up (b), the assistant's own domain, behind a real Postfix on loopback: Postfix is the MX
for the domain and relays its mail to `mailer serve`'s SMTP port, where ``sender_auth =
"require"`` checks the user's DKIM signature; what the assistant sends goes out through the same
Postfix and reaches the far end with its DKIM signature intact. A forged From is refused at
`mailer serve`, and Postfix bounces it to the address it claimed. DNS is a dict (``FakeDns``);
nothing leaves the machine."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dkim
import pytest

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import load_config
from mailer.inbound import replies
from tests.conftest import ALICE, RunningService, write_config
from tests.inbound.dkim_keys import DkimKey, FakeDns
from tests.inbound.postfix import Postfix, wait_for
from tests.messages import invite_message, plain_message
from tests.outbound.sinks import RecordingSink, smtp_sink

DOMAIN = "assistant.localhost"
ALICES_KEY = DkimKey("example.com", seed=1)
OUR_KEY = DkimKey(DOMAIN, selector="mailer", seed=2)


@dataclass
class OwnDomain:
    mailer: Mailer
    """The assistant's config, from the test's side (lists, ``tick`` as ``mailer tick`` does)."""
    running: RunningService
    postfix: Postfix
    far_end: RecordingSink
    """Everyone else's mail servers: Alice's provider, her contacts'."""
    dns: FakeDns


@pytest.fixture
def own_domain(tmp_path: Path, database_url: str, clock: PinnedClock) -> Iterator[OwnDomain]:
    dns = FakeDns()
    dns.publish(ALICES_KEY)
    dns.publish(OUR_KEY)
    key = tmp_path / "dkim.key"
    key.write_bytes(OUR_KEY.private_key)
    key.chmod(0o600)
    path = write_config(tmp_path, database_url)
    with smtp_sink() as (far_end, far_port):
        # the relay's port is known once the service listens, so the config is finished after
        running = RunningService(load_config(_require_dkim(path)), clock, sender_dns=dns)
        try:
            postfix = Postfix(
                hostname=f"mx.{DOMAIN}", relay_port=far_port, routes={DOMAIN: running.port}
            )
            try:
                _send_through(path, postfix.port, key)
                mailer = Mailer(load_config(path), clock=clock)
                yield OwnDomain(mailer, running, postfix, far_end, dns)
                mailer.engine.dispose()
            finally:
                postfix.close()
        finally:
            running.stop()


def _require_dkim(path: Path) -> Path:
    text = path.read_text(encoding="utf-8")
    limit = "max_message_bytes = 200000"
    path.write_text(text.replace(limit, f'{limit}\nsender_auth = "require"'), encoding="utf-8")
    return path


def _send_through(path: Path, port: int, key: Path) -> None:
    """[outbound]: through the local Postfix (loopback, in its mynetworks), DKIM-signed."""
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"""
[outbound]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_security = "none"
dkim_selector = "{OUR_KEY.selector}"
dkim_key_file = "{key}"
""",
        encoding="utf-8",
    )


def _from_the_internet(setup: OwnDomain, message: bytes, to: str, sender: str = ALICE) -> None:
    with smtplib.SMTP("127.0.0.1", setup.postfix.port, timeout=10) as smtp:
        smtp.sendmail(sender, [to], message)


def test_mail_for_the_domain_reaches_serve_and_ours_leaves_signed(own_domain: OwnDomain):
    setup = own_domain
    _from_the_internet(setup, ALICES_KEY.sign(invite_message()), f"invites@{DOMAIN}")
    wait_for(lambda: len(setup.mailer.inbound()) == 1, setup.postfix, "relayed to mailer serve")
    setup.running.drain()
    [stored] = setup.mailer.inbound()
    assert stored["status"] == "processed"
    assert [m["title"] for m in setup.mailer.meetings()] == ["Coffee with Anna"]

    setup.mailer.tick()  # as `mailer tick` (cron) does: the confirmation, and Monday's digest
    sent = {row["message_id"]: row for row in setup.mailer.outbox(ALICE)}
    assert {row["status"] for row in sent.values()} == {"sent"}
    wait_for(lambda: len(setup.far_end.messages) == len(sent), setup.postfix, "at the far end")
    for raw in setup.far_end.messages:
        received = email.message_from_bytes(raw, policy=email.policy.default)
        assert received["Message-ID"] in sent
        assert f"by mx.{DOMAIN} (Postfix)" in " ".join(str(received["Received"]).split())
        assert dkim.verify(raw, dnsfunc=setup.dns), received["Subject"]
        signature = " ".join(str(received["DKIM-Signature"]).split())
        assert f"d={DOMAIN};" in signature and f"s={OUR_KEY.selector};" in signature
    assert setup.far_end.recipients == [[ALICE]] * len(sent)


def test_a_forged_from_is_refused_by_serve_and_bounced_by_postfix(own_domain: OwnDomain):
    setup = own_domain
    forged = plain_message(body="Recap: met Anna, send her the deck", subject="Forged recap")
    _from_the_internet(setup, forged, f"recap@{DOMAIN}")  # Postfix takes it: it is the MX
    wait_for(lambda: len(setup.far_end.messages) == 1, setup.postfix, "the bounce")
    bounce = email.message_from_bytes(setup.far_end.messages[0], policy=email.policy.default)
    assert setup.far_end.recipients == [[ALICE]] and setup.far_end.senders == [
        "<>"
    ]  # a bounce: null sender
    text = " ".join(bounce.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]
    assert replies.SENDER_UNSIGNED.split(" ", 2)[2] in text
    assert [m["title"] for m in setup.mailer.meetings()] == []
    assert [r["status"] for r in setup.mailer.inbound()] in ([], ["rejected"])
