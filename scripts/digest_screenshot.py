"""Re-make docs/digest.png: seed a demo history, render the weekly digest, screenshot it.

    .venv/bin/python scripts/digest_screenshot.py [--out docs/digest.png] [--width 680]

Needs Chromium (Debian: ``apt-get install chromium``; scripts/screenshots.py takes the picture).
Everything happens in a temporary folder (SQLite database, config, HTML); only the PNG is
written into the repository.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailer.log.digest_demo import add_story  # noqa: E402
from mailer.planning.digest_send import render_digest  # noqa: E402
from scripts.screenshots import arguments, demo_mailer, screenshot  # noqa: E402

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 12, 20, 18, 0, tzinfo=MADRID)
"""A Sunday evening, when the digest goes out by default."""


def main() -> None:
    args = arguments(__doc__, "digest.png")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        mailer = demo_mailer(folder)
        _, user_id = mailer.user()
        with mailer.engine.begin() as connection:
            add_story(connection, user_id, now=NOW, zone=MADRID)
        rendered = render_digest(mailer.config, mailer.digest(now=NOW))
        mailer.engine.dispose()
        height = screenshot(rendered.html, args.out, args.width, folder)
    print(f"wrote {args.out} ({args.width}x{height}): {rendered.subject}")


if __name__ == "__main__":
    main()
