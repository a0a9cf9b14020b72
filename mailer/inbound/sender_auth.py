"""Believe a user's From only when the mail proves it: DKIM, or a trusted relay's word.

:func:`~mailer.inbound.access.identify_user` decides *who* a message claims to be from (a user,
by the envelope sender and From). Anyone can write a user's address there, so with
``[inbound] sender_auth`` on, this module decides whether to *believe* it:

- a DKIM signature (dkimpy) that verifies and whose ``d=`` is the From domain or a parent or a
  subdomain of it (relaxed alignment, as DMARC), or
- an ``Authentication-Results`` header (authres) added by a relay we trust, saying
  ``dkim=pass`` (``header.d`` aligned), ``spf=pass`` (``smtp.mailfrom`` aligned) or
  ``dmarc=pass`` for the From domain. A header is trusted only when it carries one of
  ``trusted_authserv_ids`` and/or the message came from one of ``trusted_relays`` (addresses or
  networks); with only relays configured, the topmost header (the one the relay added) counts.

``off`` checks nothing. ``prefer`` checks and records the verdict (a log line, and an
``X-Mailer-Sender-Auth`` header on top of the stored message) but accepts. ``require`` refuses
a user's From that nothing proves with :data:`~mailer.inbound.replies.SENDER_UNSIGNED` or
:data:`~mailer.inbound.replies.SENDER_FORGED` (550), or with
:data:`~mailer.inbound.replies.SENDER_AUTH_TEMPFAIL` (451) when DNS cannot answer now.

Guests (contacts writing to a reply, approve or unsubscribe token address, or answering in a
reminded thread) are not users: their right to write is the signed token address or the thread,
which names what they may touch, so this policy does not apply to them.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import TYPE_CHECKING, Literal

import authres
import dkim

from mailer.inbound import replies

if TYPE_CHECKING:
    from mailer.config import Config

log = logging.getLogger(__name__)

POLICIES = ("off", "prefer", "require")
MAX_SIGNATURES = 5
"""DKIM signatures checked per message (each costs a DNS query and an RSA verification)."""
DNS_TIMEOUT_SECONDS = 5
STAMP_HEADER = "X-Mailer-Sender-Auth"
"""Our record of the verdict, added on top of a stored message (``prefer`` and ``require``)."""
HEADER_BYTES = 256 * 1024
"""Headers read for Authentication-Results (they come first, and a relay adds them on top)."""

DnsLookup = Callable[..., bytes | None]
"""dkimpy's ``dnsfunc``: (name: bytes, timeout=...) -> the TXT record's bytes or None."""
Verdict = Literal["pass", "fail", "none", "temperror"]


@dataclass(frozen=True)
class SenderVerdict:
    """What the checks found: ``pass`` with how, or why not."""

    verdict: Verdict
    reason: str

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


@dataclass(frozen=True)
class Examined:
    """The verdict, the refusal (SMTP reply, reason) under ``require``, and the bytes to store
    (with our :data:`STAMP_HEADER` on top, so the verdict stays with the message)."""

    verdict: SenderVerdict
    refusal: tuple[str, str] | None
    data: bytes


@dataclass(frozen=True)
class SenderCheck:
    """The configured policy; ``dnsfunc`` is dkimpy's DNS lookup (tests serve TXT from a dict)."""

    policy: str = "off"
    trusted_authserv_ids: Sequence[str] = ()
    trusted_relays: Sequence[str] = ()
    our_authserv_id: str = ""
    dnsfunc: DnsLookup = dkim.dnsplug.get_txt

    @classmethod
    def from_config(cls, config: Config, dnsfunc: DnsLookup | None = None) -> SenderCheck:
        inbound = config.inbound
        return cls(
            policy=inbound.sender_auth,
            trusted_authserv_ids=tuple(inbound.trusted_authserv_ids),
            trusted_relays=tuple(inbound.trusted_relays),
            our_authserv_id=inbound.domain,
            dnsfunc=dnsfunc or dkim.dnsplug.get_txt,
        )

    def examine(self, data: bytes, sender: str, *, peer: str | None) -> Examined:
        """Check a message whose From (``sender``) is a user's; decide by the policy."""
        if self.policy not in ("prefer", "require"):
            return Examined(SenderVerdict("none", "sender_auth is off"), None, data)
        verdict = self.verify(data, sender, peer=peer)
        log.info("sender %s: %s (%s)", sender, verdict.verdict, verdict.reason)
        refusal = None
        if not verdict.passed and self.policy == "require":
            reply = {
                "temperror": replies.SENDER_AUTH_TEMPFAIL,
                "fail": replies.SENDER_FORGED,
            }.get(verdict.verdict, replies.SENDER_UNSIGNED)
            refusal = (reply, f"{sender} is not authenticated: {verdict.reason}")
        note = " ".join(verdict.reason.split())[:500]
        stamp = f"{STAMP_HEADER}: {verdict.verdict} ({note})\r\n".encode("utf-8", "replace")
        return Examined(verdict, refusal, stamp + data)

    def verify(self, data: bytes, header_from: str, *, peer: str | None) -> SenderVerdict:
        """DKIM first (it proves the content); then a trusted relay's Authentication-Results."""
        domain = header_from.rpartition("@")[2].lower()
        if not domain:
            return SenderVerdict("none", "the message has no From address")
        signed = self._dkim(data, domain)
        if signed.passed:
            return signed
        vouched = self._trusted_results(data, domain, peer)
        if vouched is not None:
            return vouched
        return signed

    def _dkim(self, data: bytes, domain: str) -> SenderVerdict:
        try:
            verifier = dkim.DKIM(data, minkey=1024, timeout=DNS_TIMEOUT_SECONDS)
            signatures = [v for k, v in verifier.headers if k.lower() == b"dkim-signature"]
        except Exception as exc:  # dkimpy on a broken message: no signature we can read
            return SenderVerdict("none", f"the message cannot be read for DKIM ({exc})")
        aligned = [i for i, s in enumerate(signatures) if _aligned(_tag(s, b"d"), domain)]
        if not aligned:
            others = sorted({_tag(s, b"d") for s in signatures} - {""})
            signed_by = f" (signed by {', '.join(others[:3])})" if others else ""
            return SenderVerdict("none", f"no DKIM signature of {domain}{signed_by}")
        problems, timeouts = [], []

        def lookup(name: bytes, timeout: int = DNS_TIMEOUT_SECONDS) -> bytes | None:
            try:
                return self.dnsfunc(name, timeout=timeout)
            except dkim.DnsTimeoutError as exc:  # dkimpy logs it and says "fails": keep it
                timeouts.append(str(exc))
                raise

        for index in aligned[:MAX_SIGNATURES]:
            try:
                if verifier.verify(idx=index, dnsfunc=lookup):
                    return SenderVerdict(
                        "pass", f"DKIM signature of {_tag(signatures[index], b'd')}"
                    )
                problems.append("the signature does not match the message")
            except dkim.DnsTimeoutError as exc:
                return SenderVerdict("temperror", f"DNS did not answer for the DKIM key ({exc})")
            except Exception as exc:  # a malformed signature or key: it does not verify
                problems.append(str(exc) or exc.__class__.__name__)
            if timeouts:
                return SenderVerdict(
                    "temperror", f"DNS did not answer for the DKIM key of {domain}"
                )
        return SenderVerdict("fail", f"DKIM signature of {domain} fails: {problems[0]}")

    def _trusted_results(self, data: bytes, domain: str, peer: str | None) -> SenderVerdict | None:
        header = self._trusted_header(data, peer)
        if header is None:
            return None
        for result in header.results:
            method, outcome = result.method.lower(), str(result.result).lower()
            if outcome != "pass":
                continue
            values = {f"{p.type}.{p.name}": str(p.value or "") for p in result.properties}
            if method == "dkim":
                claimed = values.get("header.d") or values.get("header.i", "").rpartition("@")[2]
            elif method == "spf":
                claimed = values.get("smtp.mailfrom", "").rpartition("@")[2]
            elif method == "dmarc":
                claimed = values.get("header.from", "")
            else:
                continue
            if _aligned(claimed.lower(), domain):
                return SenderVerdict(
                    "pass", f"{header.authserv_id} says {method}=pass for {claimed}"
                )
        return None

    def _trusted_header(
        self, data: bytes, peer: str | None
    ) -> authres.AuthenticationResultsHeader | None:
        """The Authentication-Results header we may believe, if any (see the module's doc)."""
        if not self.trusted_authserv_ids and not self.trusted_relays:
            return None
        if self.trusted_relays and not _from_relay(peer, self.trusted_relays):
            return None
        headers = BytesHeaderParser(policy=compat32).parsebytes(data[:HEADER_BYTES])
        ids = {i.lower() for i in self.trusted_authserv_ids}
        for value in headers.get_all("Authentication-Results") or []:
            try:
                parsed = authres.AuthenticationResultsHeader.parse(
                    "Authentication-Results: " + " ".join(str(value).split())
                )
            except Exception:  # authres raises its own errors and others on garbage
                if not ids:
                    return None  # the relay's own header is unreadable: trust nothing
                continue
            if parsed.authserv_id.lower() == self.our_authserv_id.lower():
                continue  # ours can only be forged: we add ours after checking
            if not ids or parsed.authserv_id.lower() in ids:
                return parsed
        return None


def _tag(signature: bytes, name: bytes) -> str:
    """A tag of a DKIM-Signature value (``d=``), lower-cased; "" when absent or unreadable."""
    for part in signature.split(b";"):
        key, _, value = part.partition(b"=")
        if key.strip().lower() == name:
            return b"".join(value.split()).decode("ascii", "replace").lower()
    return ""


def _aligned(signer: str, domain: str) -> bool:
    """Relaxed alignment without a public-suffix list: equal, or one a subdomain of the other
    (never a bare top-level domain)."""
    signer, domain = signer.strip(".").lower(), domain.strip(".").lower()
    if not signer or "." not in signer or "." not in domain:
        return False
    return signer == domain or domain.endswith("." + signer) or signer.endswith("." + domain)


def _from_relay(peer: str | None, relays: Sequence[str]) -> bool:
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer.strip("[]"))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(relay, strict=False) for relay in relays)


def check_relays(relays: Sequence[str]) -> str | None:
    """The first entry of ``trusted_relays`` that is no address or network, else None."""
    for relay in relays:
        try:
            ipaddress.ip_network(relay, strict=False)
        except ValueError:
            return relay
    return None
