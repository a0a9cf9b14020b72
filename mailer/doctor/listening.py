"""The SMTP port, and who may write to it: free or ours, and never open to forged From lines.

Anyone can write a user's address in From. On loopback only the local mail server can reach the
port, and it vouches for its senders; beyond loopback, without ``sender_auth = "require"``,
anyone who can reach the port could write to the assistant as one of its users.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Iterator

from mailer.config import Config
from mailer.doctor.findings import Finding, fail, ok, warn

LOCAL_SUFFIXES = (".localhost", ".local", ".test", ".example", ".invalid", ".internal")
"""Domains that never reach DNS (RFC 2606, 6761, 6762): no records to check, nobody outside."""


def is_local_domain(domain: str) -> bool:
    name = domain.lower().rstrip(".")
    return name == "localhost" or name.endswith(LOCAL_SUFFIXES)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) reaches this machine's loopback only."""
    if host in ("", "0.0.0.0", "::"):  # every interface
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(a[4][0]).is_loopback for a in found)


def _banner(host: str, port: int, timeout: float) -> str:
    try:
        with socket.create_connection((host or "127.0.0.1", port), timeout=timeout) as probe:
            return probe.recv(512).decode("ascii", "replace").strip()
    except OSError as exc:
        return f"(no greeting: {exc.strerror or exc})"


def smtp_port(config: Config, timeout: float = 3) -> Finding:
    """Free (``mailer serve`` can listen), or taken by a mailer for our domain."""
    inbound = config.inbound
    where = f"{inbound.host}:{inbound.port}"
    try:
        family = socket.getaddrinfo(inbound.host or None, inbound.port)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((inbound.host, inbound.port))
    except PermissionError:
        return fail(
            "smtp port",
            f"this user may not listen on {where}",
            "ports below 1024 need CAP_NET_BIND_SERVICE (AmbientCapabilities= in the service) "
            "or root; or listen on 8025 behind your mail server",
        )
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            return fail(
                "smtp port",
                f"cannot listen on {where} ({exc.strerror})",
                "set [inbound] host to an address of this machine",
            )
        banner = _banner(inbound.host, inbound.port, timeout)
        if banner.startswith(f"220 {inbound.domain} "):
            return ok("smtp port", f"mailer serve answers on {where} ({banner})")
        return fail(
            "smtp port",
            f"another program listens on {where} ({banner})",
            "stop it, or set [inbound] port to a free port",
        )
    return ok("smtp port", f"{where} is free for `mailer serve` (it is not running)")


def sender_auth(config: Config) -> Iterator[Finding]:
    inbound = config.inbound
    if inbound.sender_auth != "off" and inbound.trusted_relays and not inbound.trusted_authserv_ids:
        yield warn(
            "sender auth",
            "trusted_relays without trusted_authserv_ids: the topmost Authentication-Results "
            "from the relay is believed, and the sender wrote it if the relay adds none",
            "name your relay's authserv-id in trusted_authserv_ids, or empty trusted_relays "
            "and rely on DKIM signatures",
        )
    if inbound.sender_auth == "require":
        yield ok("sender auth", 'sender_auth = "require": a user\'s From must be proven')
    elif not is_loopback(inbound.host):
        yield fail(
            "sender auth",
            f"SMTP listens on {inbound.host or 'every address'} beyond loopback with "
            f'sender_auth = "{inbound.sender_auth}": anyone who reaches it can write as a user',
            'set [inbound] sender_auth = "require" (and trusted_relays), or host = "127.0.0.1" '
            "behind your mail server",
        )
    elif not is_local_domain(inbound.domain):
        yield warn(
            "sender auth",
            f"mail for {inbound.domain} is believed on its From alone (sender_auth = "
            f'"{inbound.sender_auth}")',
            'set [inbound] sender_auth = "require" with your mail server in trusted_relays',
        )
    else:
        yield ok("sender auth", f"SMTP listens on loopback only ({inbound.host})")


def checks(config: Config) -> Iterator[Finding]:
    yield smtp_port(config)
    yield from sender_auth(config)
