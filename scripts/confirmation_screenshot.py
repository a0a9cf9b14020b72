"""Re-make docs/confirmation.png: a recap goes through the real pipeline, the confirmation is
taken from the Maildir it was delivered to, and its HTML part is screenshotted.

    .venv/bin/python scripts/confirmation_screenshot.py [--out docs/confirmation.png]

Needs Chromium (Debian: ``apt-get install chromium``). Everything happens in a temporary folder;
only the PNG is written into the repository.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailer.clock import PinnedClock  # noqa: E402
from scripts.screenshots import (  # noqa: E402
    alice_mail,
    arguments,
    delivered_html,
    demo_mailer,
    screenshot,
)

MADRID = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 12, 2, 23, 10, tzinfo=MADRID)
"""Late in the evening: the confirmation still comes back at once."""
RECAP = """Breakfast with Oriol Puig <oriol@example.cat> and Jordi Vidal <jordi@example.cat> this \
morning at Federal Café.
Gave: my notes on event formats
Got: two contacts for the project; honest feedback on my pitch
I will send him my deck on community building.
Offered to introduce Oriol to Pau (pau@example.org).
Follow up in two weeks.
"""


def main() -> None:
    args = arguments(__doc__, "confirmation.png")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        mailer = demo_mailer(folder, PinnedClock(SENT))
        mailer.add_contact("jordi@example.cat", name="Jordi Vidal")
        recap = alice_mail("recap@assistant.example.org", "Breakfast this morning", SENT, RECAP)
        result = mailer.ingest(recap, source="recap", now=SENT)
        mailer.tick(SENT)
        mailer.engine.dispose()
        parsed = delivered_html(mailer, lambda m: "alice@example.com" in str(m["To"]))
        html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
        height = screenshot(html, args.out, args.width, folder)
    print(f"wrote {args.out} ({args.width}x{height}): {parsed['Subject']} ({result.detail})")


if __name__ == "__main__":
    main()
