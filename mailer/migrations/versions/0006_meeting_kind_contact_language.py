"""meetings.kind (coffee, lunch, call...) and contacts.language (en, es, ca)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMNs, NULL for old rows: a meeting of no known kind, a contact whose
    # language is not known yet (mail to them is then in the user's language)
    op.add_column("meetings", sa.Column("kind", sa.String(length=32), nullable=True))
    op.add_column("contacts", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("kind")
