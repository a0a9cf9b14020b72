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
# [inbound] sender_auth = "require" (RFC 7372 codes; mailer/inbound/sender_auth.py).
SENDER_UNSIGNED: Final = (
    "550 5.7.20 Sender not authenticated: no DKIM signature of the From domain and no trusted "
    "relay vouches for it"
)
SENDER_FORGED: Final = (
    "550 5.7.22 Sender not authenticated: the DKIM signature of the From domain does not verify"
)
SENDER_AUTH_TEMPFAIL: Final = (
    "451 4.4.3 Cannot check the sender's DKIM key now (DNS); please try again later"
)
BAD_RECIPIENT_SYNTAX: Final = "501 5.1.3 Bad recipient address syntax"
TOO_MANY_RECIPIENTS: Final = "452 4.5.3 Too many recipients"
MESSAGE_TOO_BIG: Final = "552 5.3.4 Message too big: the limit is {limit} bytes"
STORAGE_UNAVAILABLE: Final = "451 4.3.0 Cannot store the message now; please try again later"
BACKLOG_FULL: Final = "451 4.3.1 Too many messages waiting to be read; please try again later"
NO_VALID_RECIPIENTS: Final = "554 5.5.1 No valid recipients"


LINE_TOO_LONG: Final = "500 5.5.2 Line too long"
TIMEOUT: Final = "421 4.4.2 Connection timed out; closing"

# Protocol errors and limits (hostile or broken clients).
COMMAND_TOO_LONG: Final = "500 5.5.2 Command line too long"
BAD_SYNTAX: Final = "500 5.5.2 Syntax error"
COMMAND_NOT_RECOGNIZED: Final = "500 5.5.1 Command not recognized"
NEED_MAIL: Final = "503 5.5.1 Send MAIL FROM first"
NEED_RCPT: Final = "503 5.5.1 Send RCPT TO first"
NESTED_MAIL: Final = "503 5.5.1 A transaction is already open; send RSET first"
BARE_LINE_ENDING: Final = (
    "521 5.5.2 Bare CR or LF received; SMTP lines must end with CRLF (RFC 5321 2.3.8)"
)
TOO_MANY_CONNECTIONS: Final = "421 4.7.0 Too many connections from your address; try again later"
DATA_TIMEOUT: Final = "421 4.4.2 The message took too long to arrive; closing"
LOCAL_ERROR: Final = "451 4.3.0 Local error in processing; please try again later"
CLOSING: Final = "221 2.0.0 Bye"

# aiosmtpd's own wording for the replies it gives itself, mapped onto ours.
BUILTIN: Final = {
    "552 Error: Too much mail data": MESSAGE_TOO_BIG,
    "552 Error: message size exceeds fixed maximum message size": MESSAGE_TOO_BIG,
    "500 Line too long (see RFC5321 4.5.3.1.6)": LINE_TOO_LONG,
    "421 Timeout": TIMEOUT,
    "500 Command line too long": COMMAND_TOO_LONG,
    "500 Error: bad syntax": BAD_SYNTAX,
    "503 Error: need MAIL command": NEED_MAIL,
    "503 Error: need RCPT command": NEED_RCPT,
    "503 Error: nested MAIL command": NESTED_MAIL,
    "250 OK": OK,
    "221 Bye": CLOSING,
}

# aiosmtpd's replies that carry a variable part (the client's own words), by their start.
BUILTIN_PREFIXES: Final = {
    "500 Error: command ": COMMAND_NOT_RECOGNIZED,
}

ALL: Final = {
    name: value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value[:3].isdigit()
}
