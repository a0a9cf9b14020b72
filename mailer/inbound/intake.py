"""Receiving one message, whatever brought it: SMTP, ``mailer ingest`` or a pipe.

The same checks (is the sender a user?) and the same durable store apply on every path, so a
saved message fed to ``mailer ingest`` is treated exactly as if it had arrived over SMTP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import Message

from mailer.config import Config, UserConfig
from mailer.inbound import replies
from mailer.inbound.access import SenderRejected, header_address, identify_user
from mailer.inbound.headers import message_id_of, read_headers
from mailer.inbound.sender_auth import SenderCheck
from mailer.inbound.store import Admitted, InboundStore, StorageUnavailable


@dataclass(frozen=True)
class Receipt:
    """The answer to one delivery: the SMTP reply and, when stored, the inbound row's id."""

    reply: str
    inbound_id: int | None = None
    reason: str = ""

    @property
    def stored(self) -> bool:
        return self.inbound_id is not None


GuestAccess = Callable[[str, str, Sequence[str], Sequence[str]], int | None]
"""(envelope sender, From address, recipients, thread ids) -> whose guest the sender is, or None.

A contact may write to the reply or unsubscribe address issued to them, or answer in a thread a
user asked to be reminded about, and do nothing else.
"""


def any_guest(*resolvers: GuestAccess) -> GuestAccess:
    """The first resolver that recognises the sender as a guest wins."""

    def resolve(
        envelope_from: str, header_from: str, recipients: Sequence[str], thread: Sequence[str]
    ) -> int | None:
        for resolver in resolvers:
            user_id = resolver(envelope_from, header_from, recipients, thread)
            if user_id is not None:
                return user_id
        return None

    return resolve


class Intake:
    """Decides whether a message may be stored, and stores it durably."""

    def __init__(
        self,
        config: Config,
        store: InboundStore,
        user_ids: dict[str, int],
        *,
        guests: GuestAccess | None = None,
        sender_check: SenderCheck | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.user_ids = user_ids
        self.guests = guests
        self.sender_check = sender_check or SenderCheck.from_config(config)

    def receive(
        self,
        data: bytes,
        *,
        envelope_from: str,
        envelope_to: Sequence[str],
        peer: str | None = None,
    ) -> Receipt:
        """Store ``data`` for its user, or record why it was refused; never raises for input."""
        admitted = self.admit(data, envelope_from=envelope_from, envelope_to=envelope_to, peer=peer)
        if isinstance(admitted, Receipt):
            return admitted
        try:
            return Receipt(replies.ACCEPTED_FOR_DELIVERY, self.store.accept(admitted))
        except StorageUnavailable as exc:
            return Receipt(replies.STORAGE_UNAVAILABLE, reason=str(exc))

    def admit_at_once(
        self, data: bytes, *, envelope_from: str, envelope_to: Sequence[str]
    ) -> Admitted | None:
        """The common case, decided without waiting on anything: a user's message while
        ``[inbound] sender_auth`` is off. None when the decision needs the database (a guest,
        a stranger's refusal to record) or DNS (the sender check): call :meth:`admit` in a
        thread then."""
        if self.sender_check.policy != "off":
            return None
        headers = read_headers(data)
        try:
            user = identify_user(self.config, envelope_from, header_address(headers.get("From")))
        except SenderRejected:
            return None
        return self._admitted(data, headers, envelope_from, envelope_to, user)

    def admit(
        self,
        data: bytes,
        *,
        envelope_from: str,
        envelope_to: Sequence[str],
        peer: str | None = None,
    ) -> Admitted | Receipt:
        """What to store for a message, or the refusal (recorded) to answer; may wait on the
        database and DNS."""
        headers = read_headers(data)
        header_from = header_address(headers.get("From"))
        try:
            user = identify_user(self.config, envelope_from, header_from)
        except SenderRejected as rejected:
            thread = " ".join(str(headers.get(h) or "") for h in ("In-Reply-To", "References"))
            user_id = (
                self.guests(envelope_from, header_from, envelope_to, thread.split())
                if self.guests
                else None
            )
            if user_id is None:
                return self._reject(rejected, envelope_from, envelope_to, headers, data)
            return self._admitted(data, headers, envelope_from, envelope_to, user_id)
        # a user's address: believe it only as far as [inbound] sender_auth says
        examined = self.sender_check.examine(data, header_from or envelope_from, peer=peer)
        if examined.refusal is not None:
            refused = SenderRejected(*examined.refusal)
            return self._reject(refused, envelope_from, envelope_to, headers, data)
        return self._admitted(examined.data, headers, envelope_from, envelope_to, user)

    def _admitted(
        self,
        data: bytes,
        headers: Message,
        envelope_from: str,
        envelope_to: Sequence[str],
        user: UserConfig | int,
    ) -> Admitted:
        return Admitted(
            data=data,
            envelope_from=envelope_from,
            envelope_to=list(envelope_to),
            user_id=user if isinstance(user, int) else self.user_ids[user.addresses[0]],
            message_id=message_id_of(headers),
            subject=_subject(headers),
        )

    def _reject(
        self,
        rejected: SenderRejected,
        envelope_from: str,
        envelope_to: Sequence[str],
        headers: Message,
        data: bytes,
    ) -> Receipt:
        self.store.record_rejection(
            envelope_from=envelope_from,
            envelope_to=envelope_to,
            reason=str(rejected),
            message_id=message_id_of(headers),
            subject=_subject(headers),
            size=len(data),
        )
        return Receipt(rejected.reply, reason=str(rejected))


def _subject(headers: Message) -> str:
    return str(headers.get("Subject") or "").replace("\x00", "")
