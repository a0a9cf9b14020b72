"""Look at a message's raw bytes before parsing it, to refuse a hostile structure cheaply.

The standard library's parser builds the whole tree before we can count anything: 50,000 parts
take ten seconds and a few thousand nested containers end in a RecursionError. A few regular
expressions over the bytes count what it would build (containers declared, part delimiters of
the boundaries declared) in milliseconds, so the parser only ever sees what we are willing to
read.
"""

from __future__ import annotations

import re

from mailer.parsing.limits import MAX_CONTAINERS, MAX_DEPTH, MAX_MESSAGE_BYTES, MAX_PARTS

CONTAINER = re.compile(rb"(?im)^content-type:\s*(?:multipart|message)/")
BOUNDARY = re.compile(rb'(?i)\bboundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))')
TOO_MANY_PARTS = f"the message has more than {MAX_PARTS:,} MIME parts; the assistant reads no more"
TOO_DEEP = f"the message nests parts more than {MAX_DEPTH} levels deep; the assistant stops there"


def structure_problem(raw: bytes, *, parts_left: int = MAX_PARTS) -> str | None:
    """Why ``raw`` is beyond what we parse, or None when it is within every structural limit.

    ``parts_left`` is what remains of the message's part budget when ``raw`` is a message
    nested (encoded) inside another one.
    """
    if len(raw) > MAX_MESSAGE_BYTES:
        return (
            f"the message is {len(raw):,} bytes; the assistant reads messages of at most "
            f"{MAX_MESSAGE_BYTES:,} bytes"
        )
    containers = sum(1 for _ in CONTAINER.finditer(raw))
    if containers > MAX_CONTAINERS:
        return (
            f"the message declares {containers:,} multipart or message containers; the "
            f"assistant reads at most {MAX_CONTAINERS}"
        )
    boundaries = {quoted or bare for quoted, bare in BOUNDARY.findall(raw)}
    if not boundaries:
        return None
    if len(boundaries) > MAX_CONTAINERS:
        return (
            f"the message declares {len(boundaries):,} MIME boundaries; the assistant reads at "
            f"most {MAX_CONTAINERS}"
        )
    alternatives = b"|".join(re.escape(b) for b in sorted(boundaries, key=len, reverse=True))
    delimiter = re.compile(rb"(?m)^--(?:" + alternatives + rb")")
    delimiters = sum(1 for _ in delimiter.finditer(raw))
    parts = delimiters - min(containers, delimiters // 2)  # each container has a closing line
    if parts > parts_left:
        return TOO_MANY_PARTS
    return None
