"""The provider's side (set-up a): the IMAP login and folder, and authenticated submission.

Both are tried for real, with the configured password, the way ``mailer serve`` will: IMAP with
imapclient, submission with aiosmtplib (STARTTLS or implicit TLS, then AUTH), each ended with a
logout or QUIT. Nothing is fetched, moved or sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

import aiosmtplib

from mailer.config import Config, ConfigError, password_from_env
from mailer.doctor.findings import Finding, fail, ok, warn
from mailer.doctor.listening import is_loopback


def imap(config: Config) -> Iterator[Finding]:
    from mailer.inbound.imap import ImapError, connect

    settings = config.imap
    if not settings.enabled and not settings.host:
        return
    try:
        client = connect(config)
    except (ConfigError, ImapError) as exc:
        yield fail("imap", str(exc), "fix [imap], then run `mailer doctor` again")
        return
    try:
        where = f"{settings.username}@{settings.host}:{settings.port}"
        if not client.folder_exists(settings.folder):
            yield fail(
                "imap",
                f"logged in as {where}, but there is no folder {settings.folder!r}",
                "create it (or the filter rule that files the assistant's mail there), "
                "or set [imap] folder",
            )
            return
        count = client.select_folder(settings.folder, readonly=True)[b"EXISTS"]
        yield ok("imap", f"logged in as {where}; {settings.folder!r} holds {count} message(s)")
        if not settings.enabled:
            yield warn(
                "imap",
                "[imap] enabled = false: `mailer serve` does not watch the mailbox",
                "set enabled = true, or run `mailer imap fetch` from cron",
            )
    finally:
        with contextlib.suppress(
            Exception
        ):  # the finding is made; a failed goodbye changes nothing
            client.logout()


@dataclass(frozen=True)
class Submission:
    """A relay to try: ours (``[outbound]``) or a user's (``[users.relay]``)."""

    key: str
    """Where it is configured: ``outbound`` or ``users[N].relay``."""
    host: str
    port: int
    security: str
    username: str
    password_env: str
    password_file: str

    @property
    def password_key(self) -> str:
        return f"{self.key}.{'smtp_' if self.key == 'outbound' else ''}password_env"


def submissions(config: Config) -> list[Submission]:
    found = []
    out = config.outbound
    if out.transport == "smtp":
        found.append(
            Submission(
                "outbound",
                out.smtp_host,
                out.smtp_port,
                out.smtp_security,
                out.smtp_username,
                out.smtp_password_env,
                out.smtp_password_file,
            )
        )
    for index, user in enumerate(config.users):
        relay = user.relay
        if relay is not None:
            found.append(
                Submission(
                    f"users[{index}].relay",
                    relay.host,
                    relay.port,
                    relay.security,
                    relay.username,
                    relay.password_env,
                    relay.password_file,
                )
            )
    return found


async def _try_submission(relay: Submission, password: str | None, timeout: float) -> Finding:
    where = f"{relay.host}:{relay.port}"
    check = f"submission {relay.key}"
    client = aiosmtplib.SMTP(
        hostname=relay.host,
        port=relay.port,
        use_tls=relay.security == "tls",
        start_tls=False,
        timeout=timeout,
    )
    await client.connect()
    try:
        await client.ehlo()
        if relay.security == "starttls":
            if not client.supports_extension("starttls"):
                return fail(
                    check,
                    f"{where} does not offer STARTTLS",
                    'port 587 should; for implicit TLS use port 465 with security = "tls"',
                )
            await client.starttls()
            await client.ehlo()
        how = {"starttls": "STARTTLS", "tls": "TLS"}.get(relay.security, "no encryption")
        if not relay.username:
            return ok(check, f"{where} answers over {how} (no login configured)")
        if not client.supports_extension("auth"):
            return fail(check, f"{where} offers no AUTH over {how}", "check the port and security")
        try:
            await client.login(relay.username, password or "")
        except aiosmtplib.SMTPAuthenticationError as exc:
            return fail(
                check,
                f"{where} refused the login of {relay.username}: {exc.code} {exc.message}",
                "check the username and the password (an app password where the provider "
                "wants one)",
            )
        return ok(check, f"{where}: {how} and login as {relay.username} accepted")
    finally:
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()


def submission(config: Config, relay: Submission) -> Finding:
    check = f"submission {relay.key}"
    where = f"{relay.host}:{relay.port}"
    password = None
    if relay.username:
        try:
            password = password_from_env(
                config, relay.password_key, relay.password_env, "relay's", relay.password_file
            )
        except ConfigError as exc:
            return fail(check, str(exc), "set it where the service reads it too")
        if relay.security == "none" and not is_loopback(relay.host):
            return fail(
                check,
                f"the password would cross the network to {where} unencrypted",
                'set security = "starttls" (port 587) or "tls" (port 465)',
            )
    timeout = config.outbound.smtp_timeout_seconds
    try:
        return asyncio.run(_try_submission(relay, password, timeout))
    except ssl.SSLCertVerificationError as exc:
        return fail(
            check,
            f"{where}: certificate not trusted ({exc.verify_message})",
            "check the host: it must be the name on the server's certificate",
        )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        return fail(
            check,
            f"cannot talk to {where} ({relay.security}): {exc}",
            "check host, port and security (587 with starttls, 465 with tls)",
        )


def checks(config: Config) -> Iterator[Finding]:
    yield from imap(config)
    for relay in submissions(config):
        yield submission(config, relay)
