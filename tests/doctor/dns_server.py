"""A DNS server on loopback answering from a zone given as a dict, for the DNS checks.

The doctor's real resolver (dnspython's ``Resolver``) is pointed at it: queries, answers,
NXDOMAIN and time-outs all happen on the wire, and nothing reaches the Internet.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.resolver
import dns.rrset

Zone = dict[tuple[str, str], list[str]]
"""(name, type) -> records in zone-file text, e.g. ("example.org", "MX"): ["10 mx.example.org."]."""


class DnsServer:
    def __init__(self, zone: Zone, *, silent: bool = False) -> None:
        self.zone = {
            (dns.name.from_text(n), dns.rdatatype.from_text(t)): v for (n, t), v in zone.items()
        }
        self.names = {name for name, _ in self.zone}
        self.silent = silent
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.queries: list[str] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, client = self.socket.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(data)
            question = query.question[0]
            self.queries.append(f"{question.name} {dns.rdatatype.to_text(question.rdtype)}")
            if self.silent:
                continue
            response = dns.message.make_response(query)
            records = self.zone.get((question.name, question.rdtype))
            if records:
                response.answer.append(
                    dns.rrset.from_text_list(question.name, 300, "IN", question.rdtype, records)
                )
            elif question.name not in self.names:
                response.set_rcode(dns.rcode.NXDOMAIN)
            self.socket.sendto(response.to_wire(), client)

    def resolver(self) -> dns.resolver.Resolver:
        """dnspython's resolver, asking this server only (one second at most)."""
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = ["127.0.0.1"]
        resolver.port = self.port
        resolver.lifetime = 1.0
        return resolver

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.socket.close()


@contextmanager
def dns_server(zone: Zone, *, silent: bool = False) -> Iterator[DnsServer]:
    server = DnsServer(zone, silent=silent)
    try:
        yield server
    finally:
        server.close()


def txt(value: str) -> str:
    """A TXT record's zone-file text: ``value`` as quoted strings of at most 255 octets."""
    return " ".join(f'"{value[i : i + 255]}"' for i in range(0, len(value), 255))
