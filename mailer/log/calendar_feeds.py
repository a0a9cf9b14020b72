"""Secret, revocable calendar feed URLs: ``{public_base_url}/calendar/<token>.ics``.

Calendar apps subscribe to a URL and cannot log in, so the URL itself is the key: 32 random
bytes (``secrets.token_urlsafe``). Only its SHA-256 is stored; the token is shown once, when it
is made, and a user who lost it makes a new one (which revokes the old). Looking a token up by
its hash leaks nothing through timing about stored tokens. A revoked token, or one whose user
is no longer configured, finds nobody.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailer.models import CalendarFeed, UserAddress

PATH_PREFIX = "/calendar/"
SUFFIX = ".ics"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,128}")


class FeedError(Exception):
    """A feed URL cannot be given as asked; the message says what to do instead."""


@dataclass(frozen=True)
class FeedUrl:
    url: str
    created_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def feed_url(public_base_url: str, token: str) -> str:
    if not public_base_url:
        raise FeedError(
            "set [outbound] public_base_url to the address where `mailer serve`'s HTTP endpoint "
            "([http]) can be reached; calendar apps fetch the feed there"
        )
    return f"{public_base_url.rstrip('/')}{PATH_PREFIX}{token}{SUFFIX}"


def active_feed(session: Session, user_id: int) -> CalendarFeed | None:
    return session.scalars(
        select(CalendarFeed)
        .where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.id.desc())
    ).first()


def revoke_feeds(session: Session, user_id: int, now: datetime) -> int:
    """Revoke every live feed of the user; the number revoked."""
    result = session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def get_feed_url(
    session: Session, user_id: int, public_base_url: str, *, new: bool, now: datetime
) -> FeedUrl:
    """A new feed URL (revoking the old one when ``new``), or :class:`FeedError` if one exists.

    The existing URL cannot be shown again: only its hash is kept.
    """
    feed_url(public_base_url, "check")  # fail before changing anything when no base URL
    existing = active_feed(session, user_id)
    if existing is not None and not new:
        raise FeedError(
            f"a calendar feed already exists (made {existing.created_at:%Y-%m-%d %H:%M} UTC); its "
            "URL was shown only then. Run `mailer feed url --new` for a new URL (the old one "
            "stops working), or `mailer feed revoke` to stop it"
        )
    if existing is not None:
        revoke_feeds(session, user_id, now)
    token = secrets.token_urlsafe(32)
    session.add(CalendarFeed(user_id=user_id, token_hash=hash_token(token), created_at=now))
    session.flush()
    return FeedUrl(feed_url(public_base_url, token), now)


def token_from_path(path: str) -> str | None:
    """The token in ``/calendar/<token>.ics``, or None for any other path."""
    if not path.startswith(PATH_PREFIX) or not path.endswith(SUFFIX):
        return None
    token = path[len(PATH_PREFIX) : -len(SUFFIX)]
    return token if _TOKEN.fullmatch(token) else None


def feed_user(session: Session, token: str) -> int | None:
    """The user whose live feed ``token`` opens, or None (unknown, revoked, user removed)."""
    wanted = hash_token(token)
    feed = session.scalars(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == wanted, CalendarFeed.revoked_at.is_(None)
        )
    ).first()
    if feed is None:  # the SQL equality on the token's hash is the check
        return None
    still_configured = session.scalar(
        select(UserAddress.id).where(UserAddress.user_id == feed.user_id).limit(1)
    )
    return feed.user_id if still_configured is not None else None
