"""Alembic environment: runs on the engine handed over by :func:`mailer.db.upgrade`."""

from alembic import context

from mailer.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
