"""Assemble the sending side from the configuration: transport, templates, addresses."""

from __future__ import annotations

import os

from sqlalchemy.orm import Session, sessionmaker

from mailer.config import Config, ConfigError
from mailer.outbound.addresses import OutboundAddresses
from mailer.outbound.dispatcher import Dispatcher
from mailer.outbound.dkim_signing import DkimSigner
from mailer.outbound.messages import MessageBuilder
from mailer.outbound.templating import Templates
from mailer.outbound.transports import MaildirTransport, SmtpTransport, Transport


def transport_for(config: Config) -> Transport:
    outbound = config.outbound
    if outbound.transport == "maildir":
        return MaildirTransport(config.maildir)
    password = os.environ.get(outbound.smtp_password_env, "") if outbound.smtp_username else ""
    if outbound.smtp_username and not password:
        raise ConfigError(
            config.path,
            "outbound.smtp_password_env",
            f"set the environment variable {outbound.smtp_password_env} to the relay's password",
        )
    return SmtpTransport(
        outbound.smtp_host,
        outbound.smtp_port,
        security=outbound.smtp_security,  # type: ignore[arg-type]
        username=outbound.smtp_username or None,
        password=password or None,
        timeout=outbound.smtp_timeout_seconds,
    )


def dispatcher_for(
    config: Config, factory: sessionmaker[Session], transport: Transport | None = None
) -> Dispatcher:
    addresses = OutboundAddresses.from_config(config)
    overrides = config.resolve(config.outbound.templates) if config.outbound.templates else None
    outbound = config.outbound
    sign = (
        DkimSigner(outbound.dkim_selector, config.resolve(outbound.dkim_key_file))
        if outbound.dkim_selector and outbound.dkim_key_file
        else None
    )
    build = MessageBuilder(config, addresses, Templates(overrides).render, sign=sign)
    return Dispatcher(config, factory, transport or transport_for(config), build, addresses)
