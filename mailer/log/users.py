"""Mirror ``[[users]]`` from the config into the database, so rows can point at a user."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mailer.config import Config, UserConfig
from mailer.models import User, UserAddress


def sync_users(session: Session, config: Config) -> dict[str, int]:
    """Create or update a row per configured user; return main address -> user id.

    Users are matched by any of their addresses so that changing the main address in the config
    keeps their history. Users removed from the config keep their rows (and data) but lose
    their addresses, so they can no longer write to the assistant.
    """
    ids: dict[str, int] = {}
    configured: set[str] = set()
    for user_config in config.users:
        user = _find_user(session, user_config)
        if user is None:
            user = User(email=user_config.addresses[0])
            session.add(user)
        user.email = user_config.addresses[0]
        user.name = user_config.name
        user.timezone = user_config.timezone
        session.flush()
        wanted = set(user_config.addresses)
        configured |= wanted
        have = {a.address: a for a in user.addresses}
        for address in have.keys() - wanted:
            session.delete(have[address])
        session.flush()
        for address in wanted - have.keys():
            session.add(UserAddress(user_id=user.id, address=address))
        ids[user.email] = user.id
    session.execute(delete(UserAddress).where(UserAddress.address.not_in(configured or {""})))
    session.flush()
    return ids


def _find_user(session: Session, user_config: UserConfig) -> User | None:
    return (
        session.scalars(
            select(User)
            .join(UserAddress)
            .where(UserAddress.address.in_(user_config.addresses))
            .limit(1)
        ).first()
        or session.scalars(select(User).where(User.email == user_config.addresses[0])).first()
    )


def user_id_for(session: Session, address: str) -> int | None:
    return session.scalar(select(UserAddress.user_id).where(UserAddress.address == address))
