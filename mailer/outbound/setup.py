"""Assemble the sending side from the configuration: the message builder and the routes."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from mailer.config import Config
from mailer.outbound.dispatcher import Dispatcher
from mailer.outbound.messages import MessageBuilder
from mailer.outbound.routes import routes_for, transport_for
from mailer.outbound.transports import Transport


def dispatcher_for(
    config: Config, factory: sessionmaker[Session], transport: Transport | None = None
) -> Dispatcher:
    """The dispatcher for ``config``; ``transport`` replaces the default one (tests, bench)."""
    build = MessageBuilder.from_config(config)
    routes = routes_for(config, transport or transport_for(config), build.addresses.bounce)
    return Dispatcher(config, factory, routes, build)
