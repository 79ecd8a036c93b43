"""coaching state: the switches a person set

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coaching_switches",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("readiness_check", sa.Boolean(), nullable=False),
        sa.Column("rest_timer", sa.Boolean(), nullable=False),
        sa.Column("skip_button", sa.Boolean(), nullable=False),
        sa.Column("moments", sa.Boolean(), nullable=False),
        sa.Column("avoid", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_coaching_switches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_coaching_switches")),
    )


def downgrade() -> None:
    op.drop_table("coaching_switches")
