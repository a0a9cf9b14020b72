"""Screenshots of an email's HTML part with headless Chromium, for the README's pictures.

Needs Chromium (Debian: ``apt-get install chromium``). The page is measured first
(``--dump-dom`` after a script notes its height), so the picture is exactly as tall as the
email; everything but the PNG stays in a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
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
