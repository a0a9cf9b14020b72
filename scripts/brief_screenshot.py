"""Re-make docs/brief.png: a lunch recap and an invitation go through the real pipeline, the
planner sends the morning brief into the Maildir, and its HTML part is screenshotted.

    .venv/bin/python scripts/brief_screenshot.py [--out docs/brief.png] [--width 680]

Needs Chromium (Debian: ``apt-get install chromium``; scripts/screenshots.py takes the picture).
Everything happens in a temporary folder; only the PNG is written into the repository.
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
LUNCH = datetime(2026, 10, 20, 15, 30, tzinfo=MADRID)
FORWARDED = datetime(2026, 11, 20, 9, 0, tzinfo=MADRID)
MORNING = datetime(2026, 11, 24, 7, 0, tzinfo=MADRID)
RECAP = """Lunch with Anna Ruiz <anna@example.com> today at Can Culleretes.
Gave: my notes on community events; the contact of a venue in Gràcia
Got: honest feedback on my pitch; a book on facilitation
I will send her the list of venues.
Anna will send me the draft of her talk.
Follow up in a month.
"""
INVITATION = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:20261124T090000Z
DTEND:20261124T100000Z
DTSTAMP:20261120T080000Z
ORGANIZER;CN=Alice Martín:mailto:alice@example.com
UID:coffee-anna-brief@example.com
ATTENDEE;CN=Anna Ruiz;PARTSTAT=ACCEPTED:mailto:anna@example.com
ATTENDEE;CN=Alice Martín;PARTSTAT=ACCEPTED:mailto:alice@example.com
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Coffee with Anna
LOCATION:Satan's Coffee Corner, Barcelona
END:VEVENT
END:VCALENDAR
"""


def main() -> None:
    args = arguments(__doc__, "brief.png")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        mailer = demo_mailer(folder, PinnedClock(FORWARDED))
        recap = alice_mail("recap@assistant.example.org", "Lunch", LUNCH, RECAP)
        mailer.ingest(recap, source="recap", now=LUNCH)
        invite = alice_mail("invites@assistant.example.org", "Coffee", FORWARDED, "", INVITATION)
        mailer.ingest(invite, source="invite", now=FORWARDED)
        mailer.tick(MORNING)
        mailer.engine.dispose()
        parsed = delivered_html(mailer, lambda m: str(m["Subject"]).startswith("Before you meet"))
        html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
        height = screenshot(html, args.out, args.width, folder)
    print(f"wrote {args.out} ({args.width}x{height}): {parsed['Subject']}")


if __name__ == "__main__":
    main()
