"""A user who sends photos: the real SMTP server with room for them, the clock pinned, and the
emails that come back read from the Maildir."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from mailer.api import Mailer
from mailer.clock import PinnedClock
from mailer.config import Config
from tests.conftest import ALICE, RunningService, write_config
from tests.outbound.sinks import maildir_messages

MADRID = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 11, 23, 10, 0, tzinfo=MADRID)
"""The Monday morning of the pinned clock (09:00 UTC): the recap comes right after coffee."""
RECAP = "Had coffee with Marta Soler <marta@example.org> this morning at Café Federal."
PHOTOS_LIMITS = """
[photos]
max_per_message = 3
max_bytes = 2000000
"""


@pytest.fixture
def config_path(tmp_path: Path, database_url: str) -> Path:
    """Room for a few photos (the shared config allows 200 kB), and small limits to cross."""
    path = write_config(tmp_path, database_url, PHOTOS_LIMITS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("max_message_bytes = 200000", "max_message_bytes = 20000000"))
    return path


@pytest.fixture
def server(config: Config, clock: PinnedClock) -> Iterator[RunningService]:
    running = RunningService(config, clock)
    yield running
    running.stop()


def send(server: RunningService, message: bytes, to: str = "recap@assistant.localhost") -> None:
    with smtplib.SMTP(server.host, server.port) as client:
        assert client.sendmail(ALICE, [to], message) == {}
    server.drain()


def replies_to(mailer: Mailer, message: bytes, at: datetime | None = None) -> list[EmailMessage]:
    """What the assistant sent back about ``message`` (dispatched now, or ``at``)."""
    mailer.tick(at)
    message_id = next(
        line.split(b":", 1)[1].strip().decode()
        for line in message.split(b"\n")
        if line.lower().startswith(b"message-id:")
    )
    return [m for m in maildir_messages(mailer.config.maildir) if m["In-Reply-To"] == message_id]


def parts(message: EmailMessage) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def image_parts(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.walk() if part.get_content_type() == "image/jpeg"]


def stored_files(config: Config) -> list[Path]:
    return sorted(p for p in config.photos_dir.rglob("*") if p.is_file())


def opened(path_or_bytes: Path | bytes) -> Image.Image:
    from io import BytesIO

    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    image = Image.open(BytesIO(data))
    image.load()
    return image
