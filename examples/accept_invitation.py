"""Play the contact's calendar in the README tour: accept the latest challenge invitation.

Reads the newest message with an iMIP REQUEST from the assistant's outgoing Maildir, and sends
back what Google Calendar sends when its owner clicks "Yes": a METHOD:REPLY for the same UID,
from the invited person, to the ORGANIZER address of the invitation (an address of the
assistant's). Run it from the project folder while `mailer serve` is running:

    .venv/bin/python examples/accept_invitation.py [--maildir var/sent] [--port 8025]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import mailbox
import smtplib
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import icalendar


def latest_request(maildir: Path) -> icalendar.Calendar:
    """The newest invitation calendar (METHOD:REQUEST) in ``maildir``."""

    def read(handle):  # type: ignore[no-untyped-def]
        return email.message_from_binary_file(handle, policy=email.policy.default)

    found = []
    for message in mailbox.Maildir(maildir, factory=read, create=False):
        for part in message.walk():
            if part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST":
                sent = message["Date"].datetime
                found.append((sent, icalendar.Calendar.from_ical(part.get_content())))
    if not found:
        sys.exit(f"no invitation with a calendar in {maildir}: run `mailer invite ... --propose`")
    return max(found, key=lambda pair: pair[0])[1]


def reply_to(request: icalendar.Calendar, partstat: str) -> tuple[str, str, EmailMessage]:
    """(attendee, organizer, the REPLY message) for the request's first event."""
    event = request.walk("VEVENT")[0]
    attendee = event["ATTENDEE"]
    attendee = attendee[0] if isinstance(attendee, list) else attendee
    person = str(attendee).removeprefix("mailto:")
    organizer = str(event["ORGANIZER"]).removeprefix("mailto:")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    answer = icalendar.Event()
    for name in ("UID", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER", "SUMMARY"):
        if name in event:
            answer.add(name, event[name])
    answer.add("dtstamp", datetime.now(UTC))
    reply_attendee = icalendar.vCalAddress(f"mailto:{person}")
    reply_attendee.params["PARTSTAT"] = icalendar.vText(partstat)
    if "CN" in attendee.params:
        reply_attendee.params["CN"] = attendee.params["CN"]
    answer.add("attendee", reply_attendee)
    calendar.add_component(answer)
    message = EmailMessage()
    message["From"] = person
    message["To"] = organizer
    message["Subject"] = f"{partstat.title()}: {event.get('SUMMARY', 'Coffee')}"
    message.set_content(f"{person} has {partstat.lower()} this invitation.")
    message.add_alternative(
        calendar.to_ical(), maintype="text", subtype="calendar", params={"method": "REPLY"}
    )
    return person, organizer, message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maildir", type=Path, default=Path("var/sent"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--decline", action="store_true", help="answer No instead of Yes")
    args = parser.parse_args()
    partstat = "DECLINED" if args.decline else "ACCEPTED"
    person, organizer, message = reply_to(latest_request(args.maildir), partstat)
    with smtplib.SMTP(args.host, args.port) as smtp:
        smtp.send_message(message, from_addr=person, to_addrs=[organizer])
    print(f"{person} {partstat.lower()} (sent to {organizer})")


if __name__ == "__main__":
    main()
