"""Re-make docs/digest.png: seed a demo history, render the weekly digest, screenshot it.

    .venv/bin/python scripts/digest_screenshot.py [--out docs/digest.png] [--width 680]

Needs Chromium (Debian: ``apt-get install chromium``). Everything happens in a temporary folder
(SQLite database, config, HTML); only the PNG is written into the repository. The page is
measured first (``--dump-dom`` after a script notes its height), so the picture is exactly as
tall as the digest.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailer.api import Mailer  # noqa: E402
from mailer.config import load_config  # noqa: E402
from mailer.log.digest_demo import add_story  # noqa: E402
from mailer.planning.digest_send import render_digest  # noqa: E402

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)
"""A Sunday evening, when the digest goes out by default."""
MEASURE = (
    "<script>addEventListener('load', () => document.body.setAttribute("
    "'data-height', document.documentElement.scrollHeight));</script>"
)
CONFIG = """
[database]
url = "sqlite:///{folder}/demo.db"
[inbound]
domain = "assistant.example.org"
[[users]]
email = "alice@example.com"
name = "Alice Martín"
timezone = "Europe/Madrid"
"""


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "digest.png")
    parser.add_argument("--width", type=int, default=680)
    args = parser.parse_args()
    binary = chromium()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "config.toml").write_text(CONFIG.format(folder=folder), encoding="utf-8")
        mailer = Mailer(load_config(folder / "config.toml"))
        _, user_id = mailer.user()
        with mailer.engine.begin() as connection:
            add_story(connection, user_id, now=NOW, zone=MADRID)
        rendered = render_digest(mailer.config, mailer.digest(now=NOW))
        mailer.engine.dispose()
        page = folder / "digest.html"
        page.write_text(rendered.html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        dom = browser(binary, folder / "profile", "--dump-dom", page.as_uri()).stdout
        match = re.search(r'data-height="(\d+)"', dom)
        height = int(match.group(1)) if match else 2400
        args.out.parent.mkdir(parents=True, exist_ok=True)
        browser(
            binary,
            folder / "profile",
            f"--screenshot={args.out.resolve()}",
            f"--window-size={args.width},{height}",
            page.as_uri(),
        )
    print(f"wrote {args.out} ({args.width}x{height}): {rendered.subject}")


if __name__ == "__main__":
    main()
