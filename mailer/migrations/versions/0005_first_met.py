"""contacts' first done meeting (first_met), filled in from the log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mailer.models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table copy on SQLite), then each contact's first done meeting
    op.add_column(
        "contacts",
        sa.Column("first_met", mailer.models.UTCDateTime(timezone=True), nullable=True),
    )
    contacts = sa.table("contacts", sa.column("id"), sa.column("first_met"))
    attendees = sa.table("attendees", sa.column("contact_id"), sa.column("meeting_id"))
    meetings = sa.table("meetings", sa.column("id"), sa.column("start"), sa.column("status"))
    first = (
        sa.select(sa.func.min(meetings.c.start))
        .select_from(attendees.join(meetings, meetings.c.id == attendees.c.meeting_id))
        .where(attendees.c.contact_id == contacts.c.id, meetings.c.status == "done")
        .scalar_subquery()
    )
    op.execute(sa.update(contacts).values(first_met=first))


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("first_met")
