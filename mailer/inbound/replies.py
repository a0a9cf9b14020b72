"""Every SMTP reply the assistant gives, named once with its enhanced status code (RFC 3463).

Handlers return these constants instead of writing reply strings inline, so the README's table
of what each reply means and the code cannot drift apart.
"""

from __future__ import annotations

from typing import Final

OK: Final = "250 2.0.0 OK"
ACCEPTED_FOR_DELIVERY: Final = "250 2.6.0 Message accepted for delivery"
RECIPIENT_OK: Final = "250 2.1.5 Recipient OK"
NOT_OUR_DOMAIN: Final = "550 5.7.1 Relaying denied: we only accept mail for {domain}"
SENDER_NOT_ALLOWED: Final = (
    "550 5.7.1 Sender not allowed: only the assistant's users may write to it"
)
SENDER_MISMATCH: Final = (
    "550 5.7.1 Sender not allowed: envelope sender and From header are different people"
)
BAD_RECIPIENT_SYNTAX: Final = "501 5.1.3 Bad recipient address syntax"
TOO_MANY_RECIPIENTS: Final = "452 4.5.3 Too many recipients"
MESSAGE_TOO_BIG: Final = "552 5.3.4 Message too big: the limit is {limit} bytes"
STORAGE_UNAVAILABLE: Final = "451 4.3.0 Cannot store the message now; please try again later"
NO_VALID_RECIPIENTS: Final = "554 5.5.1 No valid recipients"


LINE_TOO_LONG: Final = "500 5.5.2 Line too long"
TIMEOUT: Final = "421 4.4.2 Connection timed out; closing"

# aiosmtpd's own wording for the replies it gives itself, mapped onto ours.
BUILTIN: Final = {
    "552 Error: Too much mail data": MESSAGE_TOO_BIG,
    "552 Error: message size exceeds fixed maximum message size": MESSAGE_TOO_BIG,
    "500 Line too long (see RFC5321 4.5.3.1.6)": LINE_TOO_LONG,
    "421 Timeout": TIMEOUT,
}

ALL: Final = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value[:3].isdigit()
}
