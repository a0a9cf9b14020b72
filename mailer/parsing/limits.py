"""How much of a message the parsers will read: every bound on hostile input, named once.

The SMTP port faces the Internet, so each limit caps the time and memory one message can cost.
Limits come in two kinds:

- *Structural* limits (parts, nesting, calendar size, archive size, events in a calendar): a
  message beyond them cannot be read faithfully, so it is not read at all. The parser says why
  in ``ParsedMessage.refused`` and the pipeline stores the message as failed with that reason
  (and tells the user), rather than filing half of it.
- *Reading* limits (text length, header length, occurrences of a series, attendees): the excess
  is dropped and noted in ``ParsedMessage.defects``; real mail never comes near them.

Real mail is far inside every bound: the shared corpus peaks at 6 MIME containers, 15 part
delimiters and 260 occurrences of a series.
"""

from __future__ import annotations

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""Above this nothing is parsed (SMTP refuses much less: ``[inbound] max_message_bytes``; this
guards ``mailer ingest`` and reprocessing of files that never went through SMTP)."""

MAX_PARTS = 1000
"""MIME parts in one message, nested messages included."""

MAX_CONTAINERS = 200
"""multipart/* and message/* containers declared in one message. The standard library parses
nested containers recursively, so this also keeps it far from Python's recursion limit."""

MAX_DEPTH = 20
"""Containers inside containers (a forward of a forward of ... ten deep is already absurd)."""

MAX_HEADER_CHARS = 10_000
"""Characters kept of one header's value (a Subject longer than this is cut)."""

MAX_TEXT_CHARS = 100_000
"""Characters of body text handed to the recap and invitation-text readers (~30 pages)."""

MAX_HTML_CHARS = 1_000_000
"""Characters of HTML converted to text when a message has no text part."""

MAX_CALENDAR_BYTES = 1024 * 1024
"""One iCalendar object (decoded, decompressed). An invitation is a few kilobytes; a full
calendar export is not an invitation."""

MAX_CALENDAR_EVENTS = 500
"""VEVENT components in one calendar (a series and its overridden occurrences count each)."""

MAX_OCCURRENCES = 500
"""Occurrences of one recurring series logged inside the horizon window."""

MAX_MESSAGE_EVENTS = 1000
"""Events (occurrences included) one message may put in the log."""

MAX_MESSAGE_ATTENDANCES = 2000
"""Attendees summed over the events of one message (a weekly meeting of 20 people over the
horizon is about 1,000): each is a row in the log, and filing one costs milliseconds."""

MAX_RDATES = 1000
"""RDATE values read from one series; the rest are ignored."""

MAX_ATTENDEES = 100
"""Attendees read from one event; a larger meeting is an all-hands, not a networking coffee."""

MAX_ARCHIVE_MEMBERS = 50
"""Members of a zip archive looked at for a calendar; nested archives are never opened."""

MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024
"""Bytes decompressed from all archives in one message together (a zip bomb stops here)."""
