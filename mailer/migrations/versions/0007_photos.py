"""photos kept with meetings, and meetings.caption (the user's own words for the post)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mailer.models

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN, NULL for old meetings: no caption of the user's own yet
    op.add_column("meetings", sa.Column("caption", sa.Text(), nullable=True))
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("received_format", sa.String(length=8), nullable=False),
        sa.Column("original_path", sa.String(length=200), nullable=False),
        sa.Column("resized_path", sa.String(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("taken_at", mailer.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("inbound_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", mailer.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_photos_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_photos_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inbound_message_id"],
            ["inbound_messages.id"],
            name=op.f("fk_photos_inbound_message_id_inbound_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("meeting_id", "sha256", name=op.f("uq_photos_meeting_id_sha256")),
    )
    op.create_index(op.f("ix_photos_meeting_id"), "photos", ["meeting_id"], unique=False)
    op.create_index("ix_photos_user_sha256", "photos", ["user_id", "sha256"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_photos_user_sha256", table_name="photos")
    op.drop_index(op.f("ix_photos_meeting_id"), table_name="photos")
    op.drop_table("photos")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("caption")
