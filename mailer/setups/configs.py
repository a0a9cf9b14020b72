"""``config.toml`` for each set-up: the example, every comment kept, with the set-up's values
set and a header that says what else to do (app password, filter rule, DNS, Postfix).

Passwords are never written: the file names where they are (``password_file``, a file readable
by the service alone, or ``password_env``, an environment variable).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from mailer.config import EXAMPLE_CONFIG
from mailer.setups.providers import Provider, provider_for
from mailer.toml_lines import Changes, set_values

PASSWORD_ENV = "MAILER_MAILBOX_PASSWORD"
"""One app password serves IMAP and submission at a provider: one variable for both."""
RELAY_EXAMPLE = """# [users.relay]
# host = "smtp.example.com"
# port = 587
# security = "starttls"
# username = "you@example.com"
# password_env = "MAILER_MY_RELAY_PASSWORD"
# password_file = ""
"""


class SetupError(ValueError):
    """An answer the set-up cannot use; the message says which and what to give instead."""


@dataclass(frozen=True)
class User:
    email: str
    name: str = "Your Name"
    timezone: str = "Europe/Madrid"

    def changes(self) -> Changes:
        if "@" not in self.email:
            raise SetupError(f"{self.email!r} is not an email address (--email)")
        return {("users", "email"): self.email, ("users", "name"): self.name,
                ("users", "timezone"): self.timezone}  # fmt: skip


def _header(lines: list[str]) -> str:
    """Comment lines, each item wrapped to the file's width (continuations indented)."""
    wrapped = []
    for line in lines:
        if line.startswith("     "):  # a record or a line of configuration: pasted as it is
            wrapped.append(line)
            continue
        indent = "   " if line[:2].rstrip(".").isdigit() else ""
        wrapped += textwrap.wrap(line, 96, subsequent_indent=indent, break_on_hyphens=False) or [""]
    return "".join(f"# {line}".rstrip() + "\n" for line in wrapped) + "#\n"


def _relay_block(host: str, port: int, security: str, username: str, secret: Changes) -> str:
    lines = ["[users.relay]", f'host = "{host}"', f"port = {port}", f'security = "{security}"',
             f'username = "{username}"']  # fmt: skip
    lines += [f'{key} = "{value}"' for (_, key), value in secret.items()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ProviderMailbox:
    """Set-up (a): the assistant's mail lands in the user's mailbox at a provider."""

    user: User
    domain: str = ""
    """The assistant's domain; every address at it must reach the mailbox."""
    folder: str = "assistant"
    password_file: str = ""
    imap_host: str = ""
    smtp_host: str = ""

    @property
    def provider(self) -> Provider:
        known = provider_for(self.user.email)
        if self.imap_host or self.smtp_host or known is None:
            if not (self.imap_host and self.smtp_host):
                raise SetupError(
                    f"{self.user.email.rpartition('@')[2]} is not a provider mailer knows "
                    "(Gmail, Fastmail, Outlook.com, iCloud): give --imap-host and --smtp-host"
                )
            return Provider("other", "your provider", (), self.imap_host, self.smtp_host)
        return known

    @property
    def assistant_domain(self) -> str:
        domain = self.domain or self.provider.assistant_domain(self.user.email)
        if not domain:
            raise SetupError(
                f"{self.provider.name} delivers no domain of addresses to one mailbox by itself: "
                "give --domain, a domain of yours whose every address (a catch-all) reaches "
                f"{self.user.email}"
            )
        if domain.lower() in self.provider.domains:
            raise SetupError(
                f"--domain {domain}: addresses there belong to other people; the assistant "
                "needs a domain whose every address reaches your mailbox"
            )
        return domain

    def _secret(self, prefix: str = "") -> Changes:
        key = f"{prefix}password_file" if self.password_file else f"{prefix}password_env"
        return {("", key): self.password_file or PASSWORD_ENV}

    def text(self) -> str:
        provider, domain, email = self.provider, self.assistant_domain, self.user.email
        login = email.partition("@")[0] if provider.imap_login_is_local_part else email
        where = (
            f"in the file {self.password_file} (chmod 600)"
            if self.password_file
            else f"in the environment variable {PASSWORD_ENV}"
        )
        rule = provider.filter_rule or 'mail to "@{domain}" > folder "{folder}"'
        send_as = provider.send_as or "an alias or identity for assistant@{domain}"
        header = [
            f"Set-up (a): the assistant's mail in your {provider.name} mailbox {email}",
            "(written by `mailer init --provider-mailbox`). What else to do, once:",
            f"1. Make an app password ({provider.app_password or 'in your provider settings'}) "
            f"and put it {where}; it is never written in this file.",
            f"2. Every address @{domain} must reach this mailbox ("
            + (
                f"{provider.name}'s subdomain addressing does it"
                if provider.assistant_domain(email) == domain
                else "a catch-all for the domain"
            )
            + "). A filter rule files it in the folder read below: "
            + rule.format(domain=domain, folder=self.folder),
            f"3. Let the account send as assistant@{domain}: " + send_as.format(domain=domain),
            f"4. Forward invitations to invites@{domain}, write recaps to recap@{domain}.",
            "5. `mailer doctor` checks the login, the folder and the submission port; then "
            "`mailer serve` (or `systemctl enable --now mailer`, see contrib/systemd).",
        ]
        if provider.warning:
            header += ["", "Warning: " + provider.warning]
        changes: Changes = {
            ("inbound", "domain"): domain,
            ("outbound", "transport"): "smtp",
            ("outbound", "smtp_host"): provider.smtp_host,
            ("outbound", "smtp_port"): provider.smtp_port,
            ("outbound", "smtp_security"): provider.smtp_security,
            ("outbound", "smtp_username"): email,
            **{("outbound", k): v for (_, k), v in self._secret("smtp_").items()},
            ("imap", "enabled"): True,
            ("imap", "host"): provider.imap_host,
            ("imap", "port"): provider.imap_port,
            ("imap", "security"): provider.imap_security,
            ("imap", "username"): login,
            **{("imap", k): v for (_, k), v in self._secret().items()},
            ("imap", "folder"): self.folder,
            ("imap", "recipient"): f"assistant@{domain}",
            # anyone can send to a catch-all: a user's From is believed when their provider's
            # DKIM signature proves it (Gmail, Fastmail, iCloud, Outlook sign all their mail)
            ("inbound", "sender_auth"): "require",
            **self.user.changes(),
        }
        if self.password_file:  # the variable names stay documented but unused
            changes["outbound", "smtp_password_env"] = ""
            changes["imap", "password_env"] = ""
        text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
        relay = _relay_block(provider.smtp_host, provider.smtp_port, provider.smtp_security,
                             email, self._secret())  # fmt: skip
        text = text.replace(RELAY_EXAMPLE, relay)
        return _header(header) + set_values(text, changes)


@dataclass(frozen=True)
class OwnDomain:
    """Set-up (b): Postfix receives for the domain and hands mail to ``mailer serve``."""

    user: User
    domain: str
    listen: str = "127.0.0.1:8025"
    selector: str = "mail"
    dkim_key_file: str = "var/dkim.key"

    @property
    def host_and_port(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise SetupError(f"--listen {self.listen!r}: expected HOST:PORT, e.g. 127.0.0.1:8025")
        return host.strip("[]"), int(port)

    def text(self, dkim_record: str = "") -> str:
        if not self.domain or "@" in self.domain or "." not in self.domain:
            raise SetupError(f"--domain {self.domain!r}: expected a domain such as "
                             "assistant.example.org")  # fmt: skip
        host, port = self.host_and_port
        domain = self.domain
        header = [
            f"Set-up (b): your own domain {domain}, with Postfix in front",
            "(written by `mailer init --own-domain`). What else to do, once:",
            "1. DNS (`mailer doctor` checks each):",
            f"     {domain}. IN MX 10 <this server's name>.",
            f'     {domain}. IN TXT "v=spf1 mx -all"',
            f'     _dmarc.{domain}. IN TXT "v=DMARC1; p=none; rua=mailto:postmaster@{domain}"',
            "     "
            + (dkim_record or f"the record `mailer dkim keygen --selector {self.selector}` prints"),
            "2. Postfix (contrib/postfix/): in main.cf",
            f"     relay_domains = {domain}",
            "     transport_maps = hash:/etc/postfix/transport",
            "     mynetworks = 127.0.0.0/8 [::1]/128",
            "   and in /etc/postfix/transport, then `postmap /etc/postfix/transport`:",
            f"     {domain}    smtp:[{'127.0.0.1' if host in ('0.0.0.0', '::') else host}]:{port}",
            "3. `mailer doctor`, then `systemctl enable --now mailer` (contrib/systemd).",
        ]
        changes: Changes = {
            ("inbound", "host"): host,
            ("inbound", "port"): port,
            ("inbound", "domain"): domain,
            ("inbound", "sender_auth"): "require",
            ("outbound", "transport"): "smtp",
            ("outbound", "smtp_host"): "127.0.0.1",
            ("outbound", "smtp_port"): 25,
            ("outbound", "smtp_security"): "none",
            ("outbound", "dkim_selector"): self.selector,
            ("outbound", "dkim_key_file"): self.dkim_key_file,
            **self.user.changes(),
        }
        text = set_values(EXAMPLE_CONFIG.read_text(encoding="utf-8"), changes)
        trust = (
            "# Postfix hands us the mail from loopback. Believe its Authentication-Results\n"
            "# only if a milter there (rspamd, OpenDMARC) writes them and removes those that\n"
            "# arrive with its name; without one, leave both lists empty: the DKIM signature\n"
            "# that Gmail, Fastmail, Outlook and most providers put on your mail is the proof.\n"
            '# trusted_authserv_ids = ["<this server\'s name>"]\n'
            '# trusted_relays = ["127.0.0.1", "::1"]\n'
        )
        marker = "\ntrusted_authserv_ids = []\n"
        return _header(header) + text.replace(marker, "\n" + trust + marker[1:], 1)


Setup = ProviderMailbox | OwnDomain


def render(setup: Setup, **extra: str) -> str:
    return setup.text(**extra)
