"""Reading the assistant's mail from an IMAP mailbox, for users whom SMTP cannot reach.

Most people cannot point an MX record at a laptop, but any mail provider can hold the
assistant's mail in a mailbox. Each message in ``[imap] folder`` goes through the same intake and
pipeline as SMTP (:mod:`mailer.inbound.imap_receive`) and is then moved out: to
``processed_folder``, or to ``failed_folder`` when it was refused or not understood. The folder
is the queue: what is still in it has not been finished, so a restart reads exactly what is left
(and recognises a message it stored just before a crash, see ``Receiver``).

This module is synchronous (imapclient is); ``mailer imap fetch`` calls :func:`fetch_once`, and
``mailer serve`` runs the same steps in its thread pool (:mod:`mailer.inbound.imap_watch`).
"""

from __future__ import annotations

import contextlib
import logging
import ssl
import threading
import time
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mailer.config import Config, ConfigError, password_file_path, password_from_env
from mailer.inbound.envelope import return_path
from mailer.inbound.imap_receive import (
    FAILED,
    PROCESSED,
    Receiver,
    Stored,
    TemporaryFailure,
    Verdict,
)
from mailer.inbound.intake import Intake
from mailer.pipeline import Pipeline

log = logging.getLogger(__name__)

BATCH = 50
"""Messages looked at per search, so a full folder is read in bounded memory."""


class ImapError(Exception):
    """The mailbox cannot be reached or used; the message says what to check."""


class ImapLoginFailed(ImapError):
    """The server refused the username or password (retrying will not help)."""


@dataclass
class FetchReport:
    """What one pass over the folder did."""

    processed: int = 0
    failed: int = 0
    rejected: int = 0
    already_stored: int = 0
    stopped: str = ""
    """Why the pass stopped early (the rest stays in the folder for the next one), or ""."""

    def count(self, verdict: Verdict) -> None:
        if verdict.duplicate:
            self.already_stored += 1
        elif verdict.status == "rejected":
            self.rejected += 1
        elif verdict.folder == PROCESSED:
            self.processed += 1
        else:
            self.failed += 1

    @property
    def total(self) -> int:
        return self.processed + self.failed + self.rejected + self.already_stored

    def __str__(self) -> str:
        return (
            f"{self.processed} processed, {self.failed} failed, {self.rejected} refused, "
            f"{self.already_stored} already stored"
        )


def imap_password(config: Config) -> str:
    """The password from the file ``[imap] password_file`` names, else from the environment
    variable ``password_env`` names."""
    imap = config.imap
    return password_from_env(
        config, "imap.password_env", imap.password_env, "IMAP", imap.password_file
    )


def _password_source(config: Config) -> str:
    imap = config.imap
    if imap.password_file:
        return f"the file {password_file_path(config, imap.password_file)}"
    return f"the environment variable {imap.password_env}"


def connect(config: Config, password: str | None = None) -> IMAPClient:
    """A logged-in client for ``[imap]``, over TLS unless ``security = "none"``."""
    imap = config.imap
    if not imap.host or not imap.username:
        key = "imap.host" if not imap.host else "imap.username"
        raise ConfigError(config.path, key, "empty; set the IMAP server and login to fetch from")
    password = password if password is not None else imap_password(config)
    where = f"{imap.host}:{imap.port}"
    context = ssl.create_default_context(
        cafile=str(config.resolve(imap.ca_file)) if imap.ca_file else None
    )
    try:
        client = IMAPClient(
            imap.host,
            port=imap.port,
            ssl=imap.security == "tls",
            ssl_context=context,
            timeout=imap.timeout_seconds,
        )
        if imap.security == "starttls":
            client.starttls(context)
    except (OSError, IMAPClientError) as exc:
        raise ImapError(
            f"cannot connect to the IMAP server {where} ({imap.security}): {exc}; "
            "check [imap] host, port, security and ca_file"
        ) from None
    try:
        client.login(imap.username, password)
    except LoginError as exc:
        _close(client)
        raise ImapLoginFailed(
            f"the IMAP server {where} refused the login of {imap.username} ({exc}); check "
            f"[imap] username and the password in {_password_source(config)}"
        ) from None
    return client


def _close(client: IMAPClient) -> None:
    with contextlib.suppress(Exception):
        client.logout()
    with contextlib.suppress(Exception):
        client.shutdown()


class Mailbox:
    """A logged-in connection with the source folder selected and the other two created."""

    def __init__(self, client: IMAPClient, config: Config) -> None:
        self.client = client
        self.config = config
        imap = config.imap
        self.folders = {PROCESSED: imap.processed_folder, FAILED: imap.failed_folder}
        try:
            for folder in self.folders.values():
                if not client.folder_exists(folder):
                    client.create_folder(folder)
            client.select_folder(imap.folder)
        except (IMAPClientError, OSError) as exc:
            raise ImapError(
                f"cannot use the folders {imap.folder!r}, {imap.processed_folder!r} and "
                f"{imap.failed_folder!r} on {imap.host} ({exc}); check [imap] folder names"
            ) from None
        self.can_move = client.has_capability("MOVE")
        self.can_idle = client.has_capability("IDLE")
        self.can_expunge_uids = client.has_capability("UIDPLUS")
        self._silent_wakeups = 0

    @classmethod
    def open(cls, config: Config, password: str | None = None) -> Mailbox:
        client = connect(config, password)
        try:
            return cls(client, config)
        except Exception:
            _close(client)
            raise

    def close(self) -> None:
        _close(self.client)

    def waiting(self) -> list[int]:
        """UIDs still in the folder, oldest first (a message flagged deleted is left alone)."""
        return sorted(self.client.search(["NOT", "DELETED"]))

    def move(self, uid: int, verdict: Verdict) -> None:
        """Out of the folder into the verdict's, atomically where the server can (RFC 6851)."""
        folder = self.folders[verdict.folder]
        if self.can_move:
            self.client.move([uid], folder)
            return
        self.client.copy([uid], folder)
        self.client.add_flags([uid], [b"\\Deleted"], silent=True)
        if self.can_expunge_uids:
            self.client.uid_expunge([uid])
        else:  # without UIDPLUS, EXPUNGE also removes other messages flagged \Deleted
            self.client.expunge()

    def process_waiting(
        self, receiver: Receiver, stop: threading.Event | None = None
    ) -> FetchReport:
        """Take in every message in the folder, oldest first, moving each when it is done."""
        report, seen = FetchReport(), set[int]()
        limit = self.config.inbound.max_message_bytes
        while not (stop and stop.is_set()):
            uids = [uid for uid in self.waiting() if uid not in seen][:BATCH]
            if not uids:
                break
            sizes = self.client.fetch(uids, ["RFC822.SIZE"])
            stored: list[tuple[int, Stored]] = []
            for uid in uids:
                if stop and stop.is_set():
                    break
                seen.add(uid)
                if uid not in sizes:  # expunged by someone else meanwhile
                    continue
                try:
                    kept = self._store(receiver, uid, sizes[uid][b"RFC822.SIZE"], limit)
                except TemporaryFailure as exc:
                    report.stopped = str(exc)
                    break
                if isinstance(kept, Stored):
                    stored.append((uid, kept))
                elif kept is not None:
                    self._done(uid, kept, report)
            self._file(receiver, stored, report)
            if report.stopped:
                break
        return report

    def _file(
        self, receiver: Receiver, stored: list[tuple[int, Stored]], report: FetchReport
    ) -> None:
        """File what was stored, a lot at a time (:meth:`Receiver.file`), then move each."""
        try:
            verdicts = receiver.file([kept for _, kept in stored]) if stored else []
        except TemporaryFailure as exc:
            report.stopped = str(exc)
            return
        for (uid, _), verdict in zip(stored, verdicts, strict=True):
            log.info("IMAP message %s: %s %s", uid, verdict.status, verdict.detail)
            if not verdict.folder:  # stored, its processing postponed: read again later
                report.stopped = verdict.detail
                continue
            self._done(uid, verdict, report)

    def _done(self, uid: int, verdict: Verdict, report: FetchReport) -> None:
        self.move(uid, verdict)
        report.count(verdict)

    def _store(
        self, receiver: Receiver, uid: int, size: int, limit: int
    ) -> Stored | Verdict | None:
        if size > limit:
            fetched = self.client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid)
            if fetched is None:
                return None
            header = fetched[b"BODY[HEADER]"]
            return receiver.refuse_too_big(header, size, return_path(header))
        fetched = self.client.fetch([uid], ["BODY.PEEK[]"]).get(uid)
        if fetched is None:
            return None
        data = fetched[b"BODY[]"]
        return receiver.store(data, return_path(data))

    def idle_start(self) -> None:
        self.client.idle()
        self._silent_wakeups = 0

    def idle_wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` in IDLE; True when the server announced new mail.

        imapclient reports a closed connection as an early return with nothing, so a few of
        those in a row (rather than one stray TLS record) mean the server has gone.
        """
        started = time.monotonic()
        responses = self.client.idle_check(timeout=seconds)
        if any(isinstance(r, tuple) and r[:1] == (b"BYE",) for r in responses):
            raise ImapError(f"the IMAP server {self.config.imap.host} said goodbye")
        if responses or time.monotonic() - started >= seconds / 2:
            self._silent_wakeups = 0
        else:
            self._silent_wakeups += 1
            if self._silent_wakeups >= 3:
                raise ImapError(f"the IMAP server {self.config.imap.host} closed the connection")
        return any(
            isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT")
            for r in responses
        )

    def idle_stop(self) -> None:
        self.client.idle_done()


def fetch_once(config: Config, intake: Intake, pipeline: Pipeline) -> FetchReport:
    """Connect, take in everything waiting in the folder, disconnect (``mailer imap fetch``)."""
    mailbox = Mailbox.open(config)
    try:
        return mailbox.process_waiting(Receiver(config, intake, pipeline))
    except (IMAPClientError, OSError) as exc:
        raise ImapError(f"the IMAP server {config.imap.host} failed: {exc}") from None
    finally:
        mailbox.close()
