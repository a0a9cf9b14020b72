"""The small HTTP endpoint of `mailer serve`: one-click unsubscribe and calendar feeds.

One-click unsubscribe (RFC 8058): mail clients that show an "Unsubscribe" button POST
``List-Unsubscribe=One-Click`` to the URL in List-Unsubscribe. A GET (a person clicking, or a
link scanner) only shows a page with a button, so nothing is unsubscribed by merely visiting the
link. The URL's last part is the signed ``unsubscribe+ROW.SIGNATURE`` token, checked against
the row's recipient.

Calendar feeds: ``GET /calendar/<token>.ics`` is the log of the one user whose live feed token
it is (see :mod:`mailer.log.calendar_feeds`), as ICS; anything else is a 404 that says nothing
about why.
"""

from __future__ import annotations

import hashlib
import html
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailer.db import clock_of, transaction
from mailer.log.answers import opt_out
from mailer.log.calendar_feeds import PATH_PREFIX, feed_user, token_from_path
from mailer.log.export_ics import log_ics
from mailer.models import OutboxMessage
from mailer.outbound.tokens import InvalidToken, verify_token

log = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html><html lang="en"><meta charset="utf-8">
<title>Unsubscribe</title><body style="font-family: Georgia, serif; max-width: 32em;
margin: 3em auto"><p>{text}</p>{form}</body></html>"""


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


def make_server(
    host: str, port: int, factory: sessionmaker[Session], secret: bytes
) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _calendar(self, path: str, *, head: bool) -> None:
            token = token_from_path(path)
            try:
                body = None if token is None else _feed(factory, token)
            except SQLAlchemyError:
                log.exception("calendar feed: the database failed")
                self._page(HTTPStatus.SERVICE_UNAVAILABLE, "Try again in a few minutes.")
                return
            if body is None:
                self._page(HTTPStatus.NOT_FOUND, "Nothing here.")
                return
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            fresh = etag in (self.headers.get("If-None-Match") or "")
            self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Disposition", 'inline; filename="meetings.ics"')
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "private, max-age=300")
            self.send_header("X-Robots-Tag", "noindex")
            if not fresh:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not fresh and not head:
                self.wfile.write(body)

        def _token(self) -> str | None:
            prefix = "/unsubscribe/"
            return self.path[len(prefix) :] if self.path.startswith(prefix) else None

        def _page(self, status: HTTPStatus, text: str, form: str = "") -> None:
            body = PAGE.format(text=html.escape(text), form=form).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_HEAD(self) -> None:
            path = urlsplit(self.path).path
            if path.startswith(PATH_PREFIX):
                self._calendar(path, head=True)
            else:
                self._page(HTTPStatus.NOT_FOUND, "Nothing here.")

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path.startswith(PATH_PREFIX):
                self._calendar(path, head=False)
                return
            if self._token() is None:
                self._page(HTTPStatus.NOT_FOUND, "Nothing here.")
                return
            button = (
                f'<form method="post" action="{html.escape(self.path)}">'
                '<button name="List-Unsubscribe" value="One-Click">Unsubscribe</button>'
                "</form>"
            )
            self._page(HTTPStatus.OK, "Stop receiving mail from this assistant?", button)

        def do_POST(self) -> None:
            token = self._token()
            length = min(int(self.headers.get("Content-Length") or 0), 4096)
            body = self.rfile.read(length).decode("ascii", "replace")
            if token is None or "List-Unsubscribe=One-Click" not in body:
                self._page(
                    HTTPStatus.BAD_REQUEST, "This address only takes one-click unsubscribes."
                )
                return
            done = _unsubscribe(factory, secret, token)
            if done is None:
                self._page(HTTPStatus.NOT_FOUND, "This unsubscribe link is not valid.")
            else:
                self._page(HTTPStatus.OK, "You are unsubscribed; you will get no more mail.")

        def log_message(self, format: str, *args: object) -> None:
            pass  # the service logs what matters; request lines would be noise

    return ThreadingHTTPServer((host, port), Handler)


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="mailer-http", daemon=True)
    thread.start()
    return thread
