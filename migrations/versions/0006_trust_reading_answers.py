"""reading_answers: how each person reads an ambiguous log, per exercise (branch trust-reading)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reading_answers",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_key", sa.String(length=255), nullable=False),
        sa.Column("question", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reading_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "exercise_key", "question", name=op.f("pk_reading_answers")
        ),
    )




def downgrade() -> None:
    op.drop_table("reading_answers")
