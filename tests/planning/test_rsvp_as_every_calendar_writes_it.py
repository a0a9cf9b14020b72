"""An RSVP to our challenge invitation is recorded as Google, Outlook and Apple write it.

Each REPLY is a real one from the corpus (its MIME structure, transfer encoding, VTIMEZONE,
quoting and parameters kept), answering our invitation instead of its own: its UID, its
ORGANIZER and the replying ATTENDEE's address are replaced by ours. The calendar is unfolded
to do that, which every reader accepts.
"""

from __future__ import annotations

import base64
import email
import quopri
import re
from datetime import datetime
from email import policy
from zoneinfo import ZoneInfo

import pytest

from mailer.api import Mailer
from tests.conftest import ALICE, corpus_file
from tests.planning.challenge_mail import PAU, invitation, request_of

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MADRID)
CALENDAR_PARTS = ("text/calendar", "application/ics")

REPLIES = {
    "imip/bluemind_google_reply_accept.eml": "accepted",  # Google Calendar
    "imip/bluemind_google_reply_decline.eml": "declined",
    "imip/bluemind_google_reply_french_valarm.eml": "accepted",  # Google, QP with a VALARM
    "imip/bluemind_outlook_mac_reply_accept.eml": "accepted",  # Outlook for Mac
    "imip/bluemind_outlook_mac_reply_tentative.eml": "tentative",
    "imip/calmailproc_outlook_reply_accept_german.eml": "accepted",  # Outlook (Exchange)
    "imip/bluemind_ios_reply_accept.eml": "accepted",  # Apple iPhone
    "imip/bluemind_ios_reply_decline.eml": "declined",
    "imip/bluemind_android_reply_accept_latin1.eml": "accepted",  # Android Email
}


def _answering(raw: bytes, uid: str, organizer: str) -> bytes:
    """``raw``, a REPLY from its corpus, made the contact's answer to our invitation."""
    message = email.message_from_bytes(raw, policy=policy.compat32)
    replier = email.utils.parseaddr(str(message["From"]))[1].lower()
    for part in message.walk():
        if part.get_content_type() not in CALENDAR_PARTS:
            continue
        text = re.sub(r"\r?\n[ \t]", "", part.get_payload(decode=True).decode("utf-8", "replace"))
        text = re.sub(r"(?im)^UID:.*$", f"UID:{uid}", text)
        text = re.sub(r"(?im)^(ORGANIZER[^\r\n]*:)mailto:[^\r\n]*$", rf"\1mailto:{organizer}", text)
        text = re.sub(rf"(?i)mailto:{re.escape(replier)}", f"mailto:{PAU}", text)
        encoding = str(part.get("Content-Transfer-Encoding", "7bit")).lower()
        data = text.encode("utf-8")
        if encoding == "base64":
            payload = base64.encodebytes(data).decode("ascii")
        elif encoding == "quoted-printable":
            payload = quopri.encodestring(data).decode("ascii")
        else:
            payload = data.decode("utf-8")
        part.set_payload(payload)
    del message["From"]
    message["From"] = f"Pau Vidal <{PAU}>"
    return message.as_bytes()


@pytest.mark.parametrize("relative", sorted(REPLIES))
def test_a_real_reply_records_the_rsvp(mailer: Mailer, relative: str):
    source = corpus_file(relative)
    mailer.invite(PAU, name="Pau Vidal", propose=[datetime(2026, 12, 10, 10, tzinfo=MADRID)])
    mailer.tick(NOW)
    request, organizer = request_of(invitation(mailer))
    uid = str(request.walk("VEVENT")[0]["UID"])
    reply = _answering(source.read_bytes(), uid, organizer)
    outcome = mailer.ingest(reply, source=relative, envelope_from=PAU, envelope_to=[organizer])
    assert outcome.status == "processed", outcome.detail
    assert outcome.detail == f"{PAU} answered ({REPLIES[relative]})"
    [meeting] = mailer.meetings(ALICE)
    assert meeting["attendees"][0]["status"] == REPLIES[relative]
