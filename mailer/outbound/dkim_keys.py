"""DKIM keys: make one for ``[outbound] dkim_key_file`` and say what to publish in DNS.

The key is 2048-bit RSA (what every receiver verifies; 1024 is weak, and longer keys do not fit
every DNS provider's TXT form), written readable by its owner only. The public half goes in DNS
as ``SELECTOR._domainkey.DOMAIN``: a TXT string holds at most 255 octets (RFC 1035 3.3.14), so
the record is printed as several quoted strings, which receivers join (RFC 6376 3.6.2.2).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_BITS = 2048
TXT_STRING_LIMIT = 255


class DkimKeyError(Exception):
    """The key file cannot be written or read; the message says which and what to do."""


def generate_key(path: Path, bits: int = KEY_BITS) -> bytes:
    """A new RSA private key (PKCS#8 PEM) written to ``path`` with mode 600; an existing file is
    never overwritten (its public half may be in DNS, signing mail that is still in transit)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise DkimKeyError(
            f"{path} exists; keep it (its record may be published) or choose another file"
        ) from None
    except OSError as exc:
        raise DkimKeyError(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return pem


def public_key_base64(private_pem: bytes) -> str:
    """The ``p=`` value: the DER SubjectPublicKeyInfo of the key's public half, in base64."""
    try:
        key = serialization.load_pem_private_key(private_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise DkimKeyError(f"not an unencrypted PEM private key ({exc})") from None
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def record_value(private_pem: bytes) -> str:
    """The TXT value to publish, as one string."""
    return f"v=DKIM1; k=rsa; p={public_key_base64(private_pem)}"


def record_name(selector: str, domain: str) -> str:
    return f"{selector}._domainkey.{domain}"


def txt_strings(value: str) -> list[str]:
    """``value`` cut into the strings of at most 255 octets that one TXT record holds."""
    return [value[i : i + TXT_STRING_LIMIT] for i in range(0, len(value), TXT_STRING_LIMIT)]


def zone_line(selector: str, domain: str, private_pem: bytes) -> str:
    """``SELECTOR._domainkey.DOMAIN IN TXT "v=DKIM1; k=rsa; p=…" "…"``, ready to paste."""
    strings = " ".join(f'"{part}"' for part in txt_strings(record_value(private_pem)))
    return f"{record_name(selector, domain)} IN TXT {strings}"
