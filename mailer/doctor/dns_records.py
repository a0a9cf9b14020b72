"""The own-domain set-up (b): what the world must find in DNS for mail to and from the domain.

MX (mail for the domain reaches your server), SPF and DKIM (receivers believe mail from it) and
DMARC (what they do when neither holds). Lookups go through a ``dns.resolver.Resolver``, which
tests point at a DNS server of their own on loopback; a resolver that does not answer gives a
warning, since nothing can be concluded from silence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dns.exception
import dns.resolver

from mailer.config import Config
from mailer.doctor.findings import Finding, fail, ok, warn
from mailer.outbound.dkim_keys import DkimKeyError, public_key_base64, record_name


class Unanswered(Exception):
    """The resolver gave no verdict (time-out, no server): not evidence of a missing record."""


def txt_records(resolver: dns.resolver.Resolver, name: str) -> list[str]:
    """The TXT records at ``name``, each one's strings joined; [] when there are none."""
    return [b"".join(r.strings).decode("utf-8", "replace") for r in _resolve(resolver, name, "TXT")]


def versioned(resolver: dns.resolver.Resolver, name: str, version: str) -> list[str]:
    """The TXT records at ``name`` that start with ``version`` (``v=spf1``, ``v=DMARC1``)."""
    return [r for r in txt_records(resolver, name) if r.lower().startswith(version.lower())]


def _resolve(resolver: dns.resolver.Resolver, name: str, rdtype: str) -> list[Any]:
    try:
        return list(resolver.resolve(name, rdtype))
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.Timeout, dns.resolver.NoNameservers) as exc:
        raise Unanswered(f"no answer for {name} {rdtype} ({exc.__class__.__name__})") from None


def _tags(record: str) -> dict[str, str]:
    """``v=DKIM1; k=rsa; p=...`` as a dict (RFC 6376 3.2), keys lower-case."""
    tags = {}
    for part in record.split(";"):
        key, _, value = part.partition("=")
        if key.strip():
            tags[key.strip().lower()] = "".join(value.split())
    return tags


def mx(resolver: dns.resolver.Resolver, domain: str) -> Finding:
    records = sorted(_resolve(resolver, domain, "MX"), key=lambda r: r.preference)
    if not records:
        return fail(
            "dns mx",
            f"{domain} has no MX record: mail to it cannot reach you",
            f"publish `{domain}. IN MX 10 <your server's name>.`",
        )
    shown = ", ".join(f"{r.preference} {r.exchange}" for r in records)
    return ok("dns mx", f"{domain} MX {shown}")


def spf(resolver: dns.resolver.Resolver, domain: str) -> Finding:
    found = versioned(resolver, domain, "v=spf1")
    if not found:
        return fail(
            "dns spf",
            f"{domain} has no SPF record: receivers may refuse mail from it or file it as spam",
            f'publish `{domain}. IN TXT "v=spf1 mx -all"` (the hosts that send for it)',
        )
    if len(found) > 1:
        return fail(
            "dns spf",
            f"{domain} has {len(found)} SPF records; receivers then believe none (RFC 7208 3.2)",
            "merge them into one",
        )
    return ok("dns spf", f"{domain} {found[0]}")


def dkim(resolver: dns.resolver.Resolver, config: Config) -> Finding:
    outbound, domain = config.outbound, config.inbound.domain
    name = record_name(outbound.dkim_selector, domain)
    found = [_tags(r) for r in txt_records(resolver, name)]
    keys = [tags for tags in found if "p" in tags]
    if not keys:
        return fail(
            "dns dkim",
            f"no DKIM key at {name}: the signatures on our mail cannot be checked",
            "publish the record `mailer dkim keygen` printed for this key",
        )
    published = keys[0]["p"]
    if not published:
        return fail("dns dkim", f"{name} has an empty p=: the key is revoked", "publish the key")
    try:
        expected = public_key_base64(config.resolve(outbound.dkim_key_file).read_bytes())
    except (OSError, DkimKeyError):
        return warn("dns dkim", f"{name} has a key", "fix dkim_key_file to compare it")
    if published != expected:
        return fail(
            "dns dkim",
            f"{name} publishes another key than {outbound.dkim_key_file}: signatures will fail",
            "publish this key's record, or set dkim_key_file to the key that is published",
        )
    return ok("dns dkim", f"{name} publishes the key in {outbound.dkim_key_file}")


def dmarc(resolver: dns.resolver.Resolver, domain: str) -> Finding:
    name = f"_dmarc.{domain}"
    found = versioned(resolver, name, "v=DMARC1")
    if not found:
        return warn(
            "dns dmarc",
            f"no DMARC record at {name}",
            f'publish `{name}. IN TXT "v=DMARC1; p=none; rua=mailto:postmaster@{domain}"`, '
            "then p=quarantine once reports show only your own mail",
        )
    return ok("dns dmarc", f"{name} {found[0]}")


def checks(config: Config, resolver: dns.resolver.Resolver | None) -> Iterator[Finding]:
    domain = config.inbound.domain
    try:
        resolver = resolver or dns.resolver.Resolver()
    except dns.resolver.NoResolverConfiguration:
        yield warn("dns", "no DNS resolver is configured here", "check /etc/resolv.conf")
        return
    steps = [lambda: mx(resolver, domain), lambda: spf(resolver, domain)]
    if config.outbound.dkim_selector:
        steps.append(lambda: dkim(resolver, config))
    steps.append(lambda: dmarc(resolver, domain))
    for step in steps:
        try:
            yield step()
        except Unanswered as exc:  # the rest would wait as long for nothing
            yield warn("dns", str(exc), "check this machine's DNS resolver, then run it again")
            return
    if not config.outbound.dkim_selector and not config.imap.enabled:
        yield warn(
            "dns dkim",
            "outgoing mail is not DKIM-signed",
            "`mailer dkim keygen --selector mail var/dkim.key`, publish the record it prints, "
            "and set [outbound] dkim_selector and dkim_key_file",
        )
