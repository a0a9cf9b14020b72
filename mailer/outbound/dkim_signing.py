"""DKIM-sign what we send (dkimpy), so thank-you notes are not taken for spam.

With ``[outbound] dkim_selector`` and ``dkim_key_file`` set, every message gets a
DKIM-Signature for the domain of its From address; publish the public key at
``SELECTOR._domainkey.DOMAIN``.
"""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

import dkim

SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"reply-to",
                  b"list-unsubscribe", b"mime-version", b"content-type"]  # fmt: skip


class DkimSigner:
    def __init__(self, selector: str, key_file: Path) -> None:
        self.selector = selector.encode()
        try:
            self.key = key_file.read_bytes()
        except OSError as exc:
            raise FileNotFoundError(
                f"cannot read the DKIM key {key_file}: {exc.strerror}; "
                "check [outbound] dkim_key_file"
            ) from None

    def __call__(self, message: bytes) -> bytes:
        """``message`` with a DKIM-Signature for the domain of its From address prepended."""
        headers = BytesHeaderParser().parsebytes(message.split(b"\r\n\r\n", 1)[0] + b"\r\n")
        [(_, sender)] = getaddresses([str(headers["From"])])
        domain = sender.rpartition("@")[2].encode()
        return dkim.sign(
            message, self.selector, domain, self.key, include_headers=SIGNED_HEADERS
        ) + (message)
