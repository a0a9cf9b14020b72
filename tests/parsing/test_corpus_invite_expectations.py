"""What must come out of each real invitation in the corpus, written down from reading each file.

Times are the events' starts in UTC, worked out by hand from DTSTART, its TZID and VTIMEZONE
(e.g. "Romance Standard Time" 15:30 on 2 April 2021 is CEST, 13:30 UTC). Recurring series are
expanded around a fixed "now" so the expectations do not move with the calendar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mailer.parsing.calendar import events_from_message
from mailer.parsing.message import parse_message
from tests.conftest import corpus_file

NOW = datetime(2026, 11, 23, tzinfo=UTC)
# file, events, UID prefix, title, first start (UTC), METHOD, meeting link prefix, attendees
EXPECTED = [
    (
        "invites/bluemind_android_invite.eml",
        1,
        "c59aa4cb-8515-4696-bb74-1b3e87",
        "Bbq",
        "2012-07-06T10:00",
        "REQUEST",
        None,
        ["nicolas.lascombes@blue-mind.net", "thomas.cataldo@blue-mind.net"],
    ),
    (
        "invites/bluemind_domino_invite_french.eml",
        1,
        "354EFA3054F1F02FC1257A56003AB3",
        "test agenda BM",
        "2012-08-14T09:00",
        "REQUEST",
        None,
        ["rackid11@mairie-saint-ouen.fr", "rkidai@gmail.com"],
    ),
    (
        "invites/bluemind_exchange2003_invite_latin1.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Rencontre EX2003 du canada acentuéee",
        "2020-11-06T22:00",
        "REQUEST",
        None,
        ["thomas.cataldo@bluemind.net"],
    ),
    (
        "invites/bluemind_exchange_invite_to_alias.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Process Support => brainstorming",
        "2012-08-06T12:00",
        "REQUEST",
        None,
        ["edeal-r&d@e-deal.com"],
    ),
    (
        "invites/bluemind_google_invite_french.eml",
        1,
        "c77u5rfv1m7rpujcicpimfip1g@goo",
        "Demain avec tom@bm",
        "2012-05-30T09:00",
        "REQUEST",
        None,
        ["tcataldo@gmail.com", "thomas.cataldo@blue-mind.net"],
    ),
    (
        "invites/bluemind_google_invite_german.eml",
        1,
        "5r5fab74aetove4tjjuhq6e7kr@goo",
        "just a test",
        "2023-06-10T12:00",
        "REQUEST",
        "https://meet.google.com/igd-gu",
        ["thomas.fricker@bluemind.net", "tommi.fricker@googlemail.com"],
    ),
    (
        "invites/bluemind_not_imip_ics_attached.eml",
        1,
        "121e57bf1b135ed875844ccdaee442",
        "A accepter",
        "2012-05-28T07:00",
        "REQUEST",
        None,
        ["admin@willow.vmw", "tom@willow.vmw"],
    ),
    (
        "invites/bluemind_o365_invite_inline_image.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Test O365 invitation",
        "2021-12-17T08:00",
        "REQUEST",
        None,
        ["thomas.fricker@bluemind.net"],
    ),
    (
        "invites/bluemind_o365_teams_invite.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "invit teams from 365",
        "2021-04-02T13:30",
        "REQUEST",
        "https://teams.microsoft.com/l/",
        ["gfritos@gmail.com"],
    ),
    (
        "invites/bluemind_outlook2010_french_qp.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Entretien Angelie Delay / Infhotep - Pro",
        "2013-01-09T09:45",
        "REQUEST",
        None,
        ["rkidai@mairie-saint-ouen.fr"],
    ),
    (
        "invites/bluemind_outlook2010_pure_ics.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Rdv depuis OTK 2010",
        "2012-10-23T22:00",
        "REQUEST",
        None,
        ["david.phan@blue-mind.net", "thomas.cataldo@blue-mind.net"],
    ),
    (
        "invites/bluemind_outlook_mac_invite.eml",
        1,
        "A93D8AAF-53FE-40D1-990B-C056E1",
        "Réunion depuis outlook",
        "2012-05-27T18:00",
        "REQUEST",
        None,
        ["tom@willow.vmw"],
    ),
    (
        "invites/bluemind_thunderbird_signed_ics_attachment.eml",
        1,
        "431a8c17-b60a-451e-88d3-ba75ef",
        "test accentué avec invité",
        "2023-03-01T12:45",
        "REQUEST",
        None,
        ["titi@devenv.dev.bluemind.net"],
    ),
    (
        "invites/bluemind_weekly_recurring_invite_french.eml",
        52,
        "a0746e3224bbc66f386084eb7d854c",
        "tous les jeudis",
        "2026-05-28T17:00",
        "REQUEST",
        None,
        ["david.phan@bm.lan", "test@bm.lan"],
    ),
    (
        "invites/bluemind_zoom_exchange_invite_frca.eml",
        14,
        "040000008200E00074C5B7101A82E0",
        "Table de travail - axe administratif",
        "2020-09-17T17:30",
        "REQUEST",
        "https://urgences-sante.zoom.us",
        ["elisa.connangle@urgences-sante.qc.ca", "elizabeth.coleman@urgences-sante.qc.ca"],
    ),
    (
        "invites/calmailproc_forwarded_invite_samsung.eml",
        1,
        "20250416143546.R7qrsxit1lAvITs",
        "Test 9",
        "2025-04-16T04:00",
        "REQUEST",
        None,
        ["ludwig.montag@med.uni-frankfurt.de"],
    ),
    (
        "invites/calmailproc_horde_kronolith_invite.eml",
        1,
        "20250416121602.kmhcvXmV3g8ZqT8",
        "Test 8",
        "2025-04-16T13:00",
        "REQUEST",
        None,
        ["brechtel@med.uni-frankfurt.de", "markus.brechtel@uk-koeln.de"],
    ),
    (
        "invites/calmailproc_outlook16_inline_vcalendar.eml",
        1,
        "saev4ait1Phooj9Aecei5aesegh1Mo",
        "Test 10",
        "2025-04-17T12:00",
        "REQUEST",
        "https://uni-frankfurt.zoom-x.de",
        ["markus.brechtel@uk-koeln.de"],
    ),
    (
        "invites/calmailproc_outlook_request_german.eml",
        1,
        "040000008200E00074C5B7101A82E0",
        "Test Event 1",
        "2025-03-10T13:00",
        "REQUEST",
        None,
        ["brechtel@med.uni-frankfurt.de"],
    ),
    (
        "invites/calmailproc_thunderbird_invite_german.eml",
        1,
        "0e4a0959-e1c7-4c5a-b353-d7abbd",
        "Test 5",
        "2025-03-19T09:00",
        "REQUEST",
        None,
        ["markus.brechtel@thengo.net", "markus.brechtel@uk-koeln.de"],
    ),
    (
        "invites/tb_booking_mixedcase_publish.eml",
        1,
        "20160824T204000Z-568860280@exa",
        "Haircut",
        "2016-09-01T06:25",
        "PUBLISH",
        None,
        [],
    ),
    (
        "invites/tb_google_meet_invite_swedish.eml",
        1,
        "65m17hsdolmotv3kvmrtg40ont@goo",
        "Meeeeet me HTML",
        "2021-03-22T09:30",
        "REQUEST",
        "https://meet.google.com/pyb-nd",
        ["example@gmail.com", "homer@example.com"],
    ),
    (
        "invites/tb_non_invite_publish_attachment.eml",
        1,
        "1e5fd4e6-bc52-439c-ac76-40da54",
        "Party at John's house, Helsinki",
        "2021-11-29T08:55",
        "PUBLISH",
        None,
        [],
    ),
    (
        "invites/tb_notes_style_invite_win1257.eml",
        1,
        "36138BFC6A7B03EFC2258776003DB5",
        "",
        "2021-10-26T06:00",
        "",
        None,
        [],
    ),
    (
        "invites/tb_outlook_invite_finnish.eml",
        1,
        "030000008200E00074C5B7101A82E0",
        "Testaus",
        "2021-11-27T07:00",
        "REQUEST",
        None,
        ["homer@example.org"],
    ),
    (
        "invites/tb_repeat_event_daily_count.eml",
        3,
        "02e79b96",
        "Repeat Event",
        "2022-03-16T11:00",
        "REQUEST",
        None,
        ["other@example.com", "receiver@example.com"],
    ),
    (
        "invites/tb_single_event_request.eml",
        1,
        "02e79b96",
        "Single Event",
        "2022-03-16T11:00",
        "REQUEST",
        None,
        ["other@example.com", "receiver@example.com"],
    ),
    (
        "invites/tb_teams_invite_finnish.eml",
        1,
        "056000008200E00074C5B7101A82E0",
        "Teams meeting",
        "2020-12-02T17:00",
        "REQUEST",
        "https://teams.microsoft.com/l/",
        ["bart@example.com", "homer@example.com"],
    ),
]


@pytest.mark.parametrize(
    ("path", "count", "uid", "title", "start", "method", "link", "attendees"),
    EXPECTED,
    ids=[row[0].split("/")[1] for row in EXPECTED],
)
def test_invitation_reads_as_written(path, count, uid, title, start, method, link, attendees):
    message = parse_message(corpus_file(path).read_bytes())
    events = events_from_message(message, default_zone=ZoneInfo("Europe/Madrid"), now=NOW)
    assert len(events) == count
    first = min(events, key=lambda e: e.start)
    assert first.uid.startswith(uid)
    assert first.title.startswith(title)
    assert first.start.strftime("%Y-%m-%dT%H:%M") == start
    assert first.start.tzinfo is not None and first.end >= first.start
    assert first.method == method
    assert (first.online_url or None) == link or first.online_url.startswith(link)
    assert sorted(a.person.email for a in first.attendees)[:2] == attendees
