"""update_inbox: every update recorded before Telegram is told it arrived

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "update_inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_update_inbox")),
    )
    op.create_index(
        "ix_update_inbox_handled_at", "update_inbox", ["handled_at", "received_at"], unique=False
    )
    op.create_index("ix_update_inbox_user_id", "update_inbox", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_update_inbox_user_id", table_name="update_inbox")
    op.drop_index("ix_update_inbox_handled_at", table_name="update_inbox")
    op.drop_table("update_inbox")
