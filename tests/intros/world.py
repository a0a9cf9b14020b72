"""The world an introduction lives in: the real SMTP server, the user's and the contacts'
mailboxes (the Maildir, or a loopback SMTP sink that records envelopes), and the clock.

Every message comes in over SMTP to the running server (with the test's pinned clock, so a
message is processed at the time the test says) and every message goes out through the real
dispatcher at ``mailer tick``; nothing is called behind the pipeline's back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from pathlib import Path

from click.testing import CliRunner

from mailer.api import Mailer
from mailer.cli import cli
from mailer.clock import PinnedClock
from mailer.config import load_config
from mailer.db import session_factory
from mailer.pipeline import Outcome, Pipeline, Prepared
from tests.conftest import ALICE, RunningService, write_config
from tests.outbound.sinks import RecordingSink, maildir_messages, smtp_sink

MARTA = "marta@example.com"
JORDI = "jordi@example.org"
RECAP = (
    "Coffee with Marta Soler <marta@example.com> this morning.\n"
    "She is looking for a designer for her new app.\n"
    "I'll introduce Marta to Jordi Vila <jordi@example.org>, he runs a design studio.\n"
)


@dataclass
class Sent:
    """One message that left: as its recipients read it, and to whom it went."""

    message: EmailMessage
    recipients: list[str]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return body.get_content()

    @property
    def words(self) -> str:
        """The plain text with its lines joined (what it says, however it is wrapped)."""
        return " ".join(self.text.split())

    def reply_address(self, purpose: str) -> str:
        """The signed address of ours in Reply-To (``approve+…`` or ``reply+…``)."""
        addresses = [a.addr_spec for a in self.message["Reply-To"].addresses]
        return next(a for a in addresses if a.startswith(purpose + "+"))


class ProcessingHere:
    """The server's processing, in a thread of the test's process: the same pipeline."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    async def read(self, inbound_id: int) -> Prepared | Outcome:
        return await asyncio.get_running_loop().run_in_executor(
            None, self.pipeline.read, inbound_id
        )

    async def apply(self, batch: list[Prepared]) -> list[Outcome]:
        return await asyncio.get_running_loop().run_in_executor(
            None, self.pipeline.apply_many, batch
        )

    def close(self) -> None:
        """Nothing to stop: no child process."""


class World:
    """One configuration, its running server and its outbound side, at a pinned time."""

    def __init__(
        self, directory: Path, database_url: str, clock: PinnedClock, *, language: str = "en",
        transport: str = "maildir", extra: str = "", sink: RecordingSink | None = None,
        worker: str = "here",
    ) -> None:  # fmt: skip
        """``transport="smtp"`` sends to a loopback sink (``sink``, or a recording one).
        ``worker="child"`` reads messages in the server's own child process (which keeps the
        clock as it was when the server started); by default they are read by the same
        pipeline in a thread of this process, at the test's time, without a child's start-up
        (a second or two of the parsers' first use, for every test)."""
        self.clock = clock
        self.stack = contextlib.ExitStack()
        self.sink: RecordingSink | None = None
        outbound = ""
        if transport == "smtp":
            self.sink, port = self.stack.enter_context(smtp_sink(handler=sink))
            outbound = (
                f'\n[outbound]\ntransport = "smtp"\nsmtp_host = "127.0.0.1"\n'
                f'smtp_port = {port}\nsmtp_security = "none"\n'
            )
        self.config_path = write_config(directory, database_url, outbound + extra, language)
        self.config = load_config(self.config_path)
        self.mailer = Mailer(self.config, clock=clock)
        self.running = RunningService(self.config, clock=clock)
        if worker == "here":
            factory = session_factory(self.running.service.engine, clock)
            self.running.service.processing = ProcessingHere(Pipeline(self.config, factory))  # type: ignore[assignment]
        # the test decides when to plan and send (``tick``): the server's own timers wait
        self.running.loop.call_soon_threadsafe(self.running.service.scheduler.pause)

    def close(self) -> None:
        self.running.stop()
        self.mailer.engine.dispose()
        self.stack.close()

    def send(
        self, sender: str, to: str, body: str, *, subject: str = "Re: your message",
        in_reply_to: str | None = None, message_id: str | None = None,
    ) -> str:  # fmt: skip
        """Deliver a plain message over SMTP and wait until it is processed; its Message-ID."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = self.clock().strftime("%a, %d %b %Y %H:%M:%S +0000")
        message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2])
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
            message["References"] = in_reply_to
        message.set_content(body)
        self.deliver(message.as_bytes(policy=policy.SMTP), sender, [to])
        return str(message["Message-ID"])

    def deliver(self, data: bytes, sender: str, recipients: list[str]) -> dict:
        with smtplib.SMTP(self.running.host, self.running.port) as client:
            refused = client.sendmail(sender, recipients, data)
        self.running.drain()
        return refused

    def reply(self, sender: str, to: Sent, purpose: str, body: str) -> str:
        """Answer ``to`` as a mail client does: to its signed address, in its thread."""
        address = to.reply_address(purpose)
        return self.send(
            sender, address, body, subject="Re: " + to.subject,
            in_reply_to=str(to.message["Message-ID"]),
        )  # fmt: skip

    def tick(self, at: datetime | None = None, *, after: timedelta | None = None) -> None:
        """``mailer tick`` at ``at`` (or ``after`` from now): plan, then send what is due."""
        if at is not None:
            self.clock.set(at)
        elif after is not None:
            self.clock.advance(after)
        self.mailer.tick()

    def sent(self) -> list[Sent]:
        """Everything sent so far, oldest first."""
        if self.sink is not None:
            return [
                Sent(message_from_bytes(raw, policy=policy.default), list(rcpts))  # type: ignore[arg-type]
                for raw, rcpts in zip(self.sink.messages, self.sink.recipients, strict=True)
            ]
        order = {row["message_id"]: row["id"] for row in self.mailer.outbox()}
        found = []
        for message in maildir_messages(self.config.maildir):
            heads = [str(message.get(h, "")) for h in ("To", "Cc")]
            found.append(Sent(message, [a for _, a in getaddresses(heads) if a]))
        return sorted(found, key=lambda s: order.get(str(s.message["Message-ID"]), 0))

    def to(self, address: str) -> list[Sent]:
        return [s for s in self.sent() if address in s.recipients]

    def latest(self, address: str, subject_start: str = "") -> Sent:
        """The newest message to ``address`` whose subject starts so."""
        found = [s for s in self.to(address) if s.subject.startswith(subject_start)]
        assert found, (
            f"nothing to {address} starting {subject_start!r}: {[s.subject for s in self.sent()]}"
        )
        return found[-1]

    def sent_as(self, template: str) -> list[Sent]:
        """What was sent of ``template``, oldest first (found by its outbox row's Message-ID,
        whatever the language)."""
        ids = {r["message_id"] for r in self.mailer.outbox() if r["template"] == template}
        return [s for s in self.sent() if str(s.message["Message-ID"]) in ids]

    def last(self, template: str) -> Sent:
        found = self.sent_as(template)
        assert found, f"no {template} sent: {[s.subject for s in self.sent()]}"
        return found[-1]

    def drafted(self, recap: str = RECAP) -> Sent:
        """A recap promising an introduction, and the tick that drafts the ask: the draft."""
        self.send(ALICE, "recap@assistant.localhost", recap, subject="Coffee")
        self.tick(after=timedelta(minutes=1))
        return self.last("intro_ask_draft")

    def asked(self, recap: str = RECAP) -> Sent:
        """... and the user's "send", and the tick that sends it: the ask, as Jordi has it."""
        self.reply(ALICE, self.drafted(recap), "approve", "send")
        self.tick(after=timedelta(minutes=1))
        return self.last("intro_ask")

    def accepted(self) -> Sent:
        """... and Jordi's yes, and the tick that drafts the introduction: that draft."""
        self.reply(JORDI, self.asked(), "reply", "Sure, happy to!")
        self.tick(after=timedelta(minutes=1))
        return self.last("intro_joint_draft")

    def intros(self) -> list[dict]:
        """``mailer intros list --json``, as the command prints it."""
        result = CliRunner().invoke(
            cli, ["--config", str(self.config_path), "intros", "list", "--json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)
