"""Which relay carries a message, and under which envelope sender.

By default everything leaves through the configured transport (a Maildir, or our relay) with
our bounce address as the envelope sender. A user may name their own relay
(``[users.relay]``): mail to their contacts then goes through it, from their own address,
which is what their contacts' spam filters expect of mail in their name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from mailer.config import (
    Config,
    OutboundConfig,
    RelayConfig,
    UserConfig,
    password_from_env,
)
from mailer.outbound.transports import MaildirTransport, Security, SmtpTransport, Transport


@dataclass(frozen=True)
class Route:
    transport: Transport
    sender: str
    """The envelope sender (MAIL FROM), where bounces go."""


class Routes:
    """The default transport and each user's own relay, all closed together."""

    def __init__(
        self, default: Transport, bounce_address: str, relays: Mapping[str, Transport]
    ) -> None:
        self.default = default
        self.bounce_address = bounce_address
        self.relays = dict(relays)

    def for_message(self, user: UserConfig, to_contact: bool) -> Route:
        relay = self.relays.get(user.email) if to_contact else None
        if relay is not None:
            return Route(relay, user.email)
        return Route(self.default, self.bounce_address)

    async def close(self) -> None:
        for transport in [self.default, *self.relays.values()]:
            await transport.close()


def _password(config: Config, key: str, username: str, variable: str, file: str) -> str | None:
    """The relay password from the file or environment variable the config names (never the
    config itself)."""
    return password_from_env(config, key, variable, "relay's", file) if username else None


def _smtp(config: Config, key: str, relay: RelayConfig | OutboundConfig) -> SmtpTransport:
    """An SMTP transport for our relay or a user's; ``key`` names the password setting."""
    ca_file = ""
    if isinstance(relay, RelayConfig):
        host, port, security = relay.host, relay.port, relay.security
        username, variable, file = relay.username, relay.password_env, relay.password_file
    else:
        host, port, security = relay.smtp_host, relay.smtp_port, relay.smtp_security
        username, variable = relay.smtp_username, relay.smtp_password_env
        ca_file = relay.smtp_ca_file
        file = relay.smtp_password_file
    return SmtpTransport(
        host,
        port,
        security=cast(Security, security),  # load_config accepts only SECURITY_MODES
        username=username or None,
        password=_password(config, key, username, variable, file),
        timeout=config.outbound.smtp_timeout_seconds,
        ca_file=config.resolve(ca_file) if ca_file else None,
    )


def transport_for(config: Config) -> Transport:
    """The default transport: the Maildir, or our relay."""
    if config.outbound.transport == "maildir":
        return MaildirTransport(config.maildir)
    return _smtp(config, "outbound.smtp_password_env", config.outbound)


def routes_for(config: Config, default: Transport, bounce_address: str) -> Routes:
    """Routes for every configured user; a relay whose password is missing stops here."""
    relays: dict[str, Transport] = {
        user.email: _smtp(config, f"users[{index}].relay.password_env", user.relay)
        for index, user in enumerate(config.users)
        if user.relay is not None
    }
    return Routes(default, bounce_address, relays)
