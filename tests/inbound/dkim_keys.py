"""Real DKIM for tests: RSA keys, messages signed with dkimpy, DNS served from a dict.

Nothing reaches the Internet: :class:`FakeDns` is dkimpy's ``dnsfunc``, answering TXT queries
for the keys it was given (and recording every query, so a test can show none went out).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import dkim
from dkim import dknewkey

from mailer.api import Mailer
from mailer.config import load_config
from mailer.inbound.intake import Intake
from mailer.inbound.sender_auth import SenderCheck
from mailer.inbound.spool import Spool
from mailer.inbound.store import InboundStore
from tests.conftest import write_config


@cache
def _keypair(seed: int) -> tuple[bytes, bytes]:
    """(private PEM, DNS TXT value) from dkimpy's key generator; one per seed per run."""
    folder = Path(tempfile.mkdtemp(prefix="dkim-test-"))
    private, public = folder / f"{seed}.key", folder / f"{seed}.dns"
    dknewkey.GenRSAKeys(str(private), verbose=False)
    dknewkey.ExtractRSADnsPublicKey(str(private), str(public), verbose=False)
    return private.read_bytes(), public.read_bytes()


@dataclass(frozen=True)
class DkimKey:
    """A signing key for ``selector._domainkey.domain`` and its DNS TXT record."""

    domain: str
    selector: str = "mail"
    seed: int = 0

    def sign(self, message: bytes, *, domain: str | None = None) -> bytes:
        signer = (domain or self.domain).encode()
        header = dkim.sign(message, self.selector.encode(), signer, _keypair(self.seed)[0],
                           include_headers=[b"from", b"to", b"subject", b"message-id"])  # fmt: skip
        return header + message

    @property
    def private_key(self) -> bytes:
        """The PEM for ``[outbound] dkim_key_file``."""
        return _keypair(self.seed)[0]

    @property
    def record(self) -> tuple[bytes, bytes]:
        name = f"{self.selector}._domainkey.{self.domain}.".encode()
        return name, _keypair(self.seed)[1]


@dataclass
class FakeDns:
    """dkimpy's dnsfunc over a dict; ``down`` makes every query time out."""

    records: dict[bytes, bytes] = field(default_factory=dict)
    queries: list[bytes] = field(default_factory=list)
    down: bool = False

    def __call__(self, name: bytes, timeout: int = 5) -> bytes | None:
        self.queries.append(name)
        if self.down:
            raise dkim.DnsTimeoutError("the test's DNS is down")
        return self.records.get(name if name.endswith(b".") else name + b".")

    def publish(self, key: DkimKey) -> None:
        name, value = key.record
        self.records[name] = value


def configured(directory: Path, database_url: str, inbound: str) -> Mailer:
    """Alice and Bob (tests/conftest.py) with extra ``[inbound]`` lines (the sender policy)."""
    path = write_config(directory, database_url)
    text = path.read_text(encoding="utf-8")
    limit = "max_message_bytes = 200000"
    path.write_text(text.replace(limit, f"{limit}\n{inbound}"), encoding="utf-8")
    return Mailer(load_config(path))


def intake(mailer: Mailer, dns: FakeDns) -> Intake:
    """The real intake and store, with DNS served by ``dns``."""
    store = InboundStore(mailer.sessions, Spool(mailer.config.spool_dir))
    return Intake(
        mailer.config,
        store,
        mailer.user_ids,
        guests=mailer._guests(),
        sender_check=SenderCheck.from_config(mailer.config, dns),
    )
