"""The small HTTP endpoint of `mailer serve`: one-click unsubscribe and calendar feeds.

One-click unsubscribe (RFC 8058): mail clients that show an "Unsubscribe" button POST
``List-Unsubscribe=One-Click`` to the URL in List-Unsubscribe (as a form, urlencoded or
multipart). A GET (a person clicking, or a link scanner) only shows a page with a button, so
nothing is unsubscribed by merely visiting the link. The URL's last part is the signed
``unsubscribe+ROW.SIGNATURE`` token, checked against the row's recipient.

Calendar feeds: ``GET /calendar/<token>.ics`` is the log of the one user whose live feed token
it is (see :mod:`mailer.log.calendar_feeds`), as ICS; anything else is a 404 that says nothing
about why.

The handlers run in the service's event loop (:mod:`mailer.inbound.web_server` serves them);
every database call goes to the service's thread pool, so a slow database makes requests wait
without holding up the loop, the SMTP server or each other's connections. A database that fails
is a 503: the caller (a mail provider, a calendar app) tries again later.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from http import HTTPStatus
from typing import TypeVar

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailer.db import clock_of, transaction
from mailer.log.answers import opt_out
from mailer.log.calendar_feeds import PATH_PREFIX, feed_user, token_from_path
from mailer.log.export_ics import log_ics
from mailer.models import OutboxMessage
from mailer.outbound.tokens import InvalidToken, verify_token

log = logging.getLogger(__name__)

UNSUBSCRIBE_PREFIX = "/unsubscribe/"
ONE_CLICK_FIELD, ONE_CLICK_VALUE = "List-Unsubscribe", "One-Click"
ONE_CLICK_BODY = f"{ONE_CLICK_FIELD}={ONE_CLICK_VALUE}"

PAGE = """<!DOCTYPE html><html lang="en"><meta charset="utf-8">
<title>Unsubscribe</title><body style="font-family: Georgia, serif; max-width: 32em;
margin: 3em auto"><p>{text}</p>{form}</body></html>"""

T = TypeVar("T")


def _unsubscribe(factory: sessionmaker[Session], secret: bytes, token: str) -> str | None:
    """Opt the token's recipient out; None when the token is not a valid one of ours."""
    _, plus, signed = token.partition("+")
    row_id = signed.partition(".")[0]
    if not plus or not row_id.isdigit():
        return None
    with transaction(factory) as session:
        row = session.get(OutboxMessage, int(row_id))
        if row is None:
            return None
        try:
            verify_token(secret, signed, purpose="unsubscribe", person=row.recipient)
        except InvalidToken:
            return None
        return opt_out(session, row, clock_of(session)())


def _feed(factory: sessionmaker[Session], token: str) -> bytes | None:
    """The ICS of the user whose live feed ``token`` is; None for any other token."""
    with factory() as session:
        user_id = feed_user(session, token)
        return None if user_id is None else log_ics(session, user_id)


def page(status: HTTPStatus, text: str, form: str = "") -> web.Response:
    body = PAGE.format(text=html.escape(text), form=form)
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")


def not_found() -> web.Response:
    return page(HTTPStatus.NOT_FOUND, "Nothing here.")


def unavailable() -> web.Response:
    return page(HTTPStatus.SERVICE_UNAVAILABLE, "Try again in a few minutes.")


async def _one_click(request: web.Request) -> bool:
    """Whether the body is RFC 8058's ``List-Unsubscribe=One-Click``: as a form field
    (urlencoded or multipart, which the RFC prefers), or anywhere in a body of another type."""
    form = await request.post()
    if form.get(ONE_CLICK_FIELD) == ONE_CLICK_VALUE:
        return True
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return False
    return ONE_CLICK_BODY in (await request.read()).decode("ascii", "replace")


class Endpoint:
    """The request handlers, with the database and the threads they use."""

    def __init__(
        self, factory: sessionmaker[Session], secret: bytes, threads: Executor | None
    ) -> None:
        self.factory, self.secret, self.threads = factory, secret, threads

    async def _in_thread(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.threads, function, *args)

    async def calendar(self, request: web.Request) -> web.StreamResponse:
        token = token_from_path(request.path)
        try:
            body = None if token is None else await self._in_thread(_feed, self.factory, token)
        except SQLAlchemyError:
            log.exception("calendar feed: the database failed")
            return unavailable()
        if body is None:
            return not_found()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = {
            "Content-Disposition": 'inline; filename="meetings.ics"',
            "ETag": etag,
            "Cache-Control": "private, max-age=300",
            "X-Robots-Tag": "noindex",
        }
        fresh = etag in request.headers.get("If-None-Match", "")
        return web.Response(
            status=HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK,
            body=None if fresh else body,
            headers=headers,
            content_type="text/calendar",
            charset="utf-8",
        )

    async def unsubscribe_page(self, request: web.Request) -> web.Response:
        button = (
            f'<form method="post" action="{html.escape(request.raw_path)}">'
            f'<button name="{ONE_CLICK_FIELD}" value="{ONE_CLICK_VALUE}">Unsubscribe</button>'
            "</form>"
        )
        return page(HTTPStatus.OK, "Stop receiving mail from this assistant?", button)

    async def unsubscribe(self, request: web.Request) -> web.Response:
        if not await _one_click(request):
            return page(HTTPStatus.BAD_REQUEST, "This address only takes one-click unsubscribes.")
        token = request.path[len(UNSUBSCRIBE_PREFIX) :]
        try:
            done = await self._in_thread(_unsubscribe, self.factory, self.secret, token)
        except SQLAlchemyError:
            log.exception("unsubscribe: the database failed")
            return unavailable()
        if done is None:
            return page(HTTPStatus.NOT_FOUND, "This unsubscribe link is not valid.")
        return page(HTTPStatus.OK, "You are unsubscribed; you will get no more mail.")

    async def anything_else(self, request: web.Request) -> web.Response:
        return not_found()


def routes(endpoint: Endpoint) -> list[web.AbstractRouteDef]:
    """GET (and HEAD) for feeds and the unsubscribe page, POST to unsubscribe, 404 elsewhere."""
    return [
        web.get(PATH_PREFIX + "{token}", endpoint.calendar),
        web.get(UNSUBSCRIBE_PREFIX + "{token}", endpoint.unsubscribe_page),
        web.post(UNSUBSCRIBE_PREFIX + "{token}", endpoint.unsubscribe),
        web.route("*", "/{anything:.*}", endpoint.anything_else),
    ]
