"""Screenshots of an email's HTML part with headless Chromium, for the README's pictures.

Needs Chromium (Debian: ``apt-get install chromium``). The page is measured first
(``--dump-dom`` after a script notes its height), so the picture is exactly as tall as the
email; everything but the PNG stays in a temporary folder.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import mailbox
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from mailer.api import Mailer
from mailer.clock import Clock, system_clock
from mailer.config import load_config

ROOT = Path(__file__).resolve().parent.parent

DEMO_CONFIG = """
[database]
url = "sqlite:///{folder}/demo.db"
[inbound]
domain = "assistant.example.org"
[[users]]
email = "alice@example.com"
name = "Alice Martín"
timezone = "Europe/Madrid"
"""
"""The demo's config: one user, a SQLite file in the temporary folder, mail into its Maildir."""
MEASURE = (
    "<script>addEventListener('load', () => document.body.setAttribute("
    "'data-height', document.documentElement.scrollHeight));</script>"
)


def arguments(description: str, picture: str) -> argparse.Namespace:
    """--out (docs/PICTURE by default) and --width, for a script whose docstring is
    ``description``."""
    parser = argparse.ArgumentParser(description=description.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / picture)
    parser.add_argument("--width", type=int, default=680)
    return parser.parse_args()


def demo_mailer(folder: Path, clock: Clock = system_clock) -> Mailer:
    """A Mailer on :data:`DEMO_CONFIG`, everything in ``folder``."""
    (folder / "config.toml").write_text(DEMO_CONFIG.format(folder=folder), encoding="utf-8")
    return Mailer(load_config(folder / "config.toml"), clock=clock)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    sys.exit("Chromium is missing: apt-get install chromium (Debian), then run this again")


def browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [binary, *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )


def screenshot(html: str, out: Path, width: int, folder: Path) -> int:
    """Write ``html`` (a whole page) as a PNG ``width`` pixels wide; returns its height."""
    binary = chromium()
    page = folder / "page.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = browser(binary, folder / "profile", "--dump-dom", page.as_uri()).stdout
    match = re.search(r'data-height="(\d+)"', dom)
    height = int(match.group(1)) if match else 2400
    out.parent.mkdir(parents=True, exist_ok=True)
    browser(
        binary,
        folder / "profile",
        f"--screenshot={out.resolve()}",
        f"--window-size={width},{height}",
        page.as_uri(),
    )
    return height


def alice_mail(to: str, subject: str, sent: datetime, body: str, ics: str = "") -> bytes:
    """A message from the demo's user, as her mail program sends it (with an invitation
    attached when ``ics`` is given)."""
    message = EmailMessage()
    message["From"] = "Alice Martín <alice@example.com>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = make_msgid(domain="example.com")
    message.set_content(body)
    if ics:
        message.add_attachment(ics.encode(), maintype="text", subtype="calendar",
                               filename="invite.ics", params={"method": "REQUEST"})  # fmt: skip
    return message.as_bytes(policy=email.policy.SMTP)


def delivered_html(mailer: Mailer, wanted: Callable[[EmailMessage], bool]) -> EmailMessage:
    """The one message in the demo's Maildir that ``wanted`` picks, parsed."""
    [found] = [
        parsed
        for message in mailbox.Maildir(mailer.config.maildir, factory=None, create=False)
        for parsed in [email.message_from_bytes(message.as_bytes(), policy=email.policy.default)]
        if wanted(parsed)  # type: ignore[arg-type]
    ]
    return found  # type: ignore[return-value]
