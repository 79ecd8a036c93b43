"""user locale: the language Coach speaks with each person

Empty for everyone until their next /start or /language; until then Coach goes by the
language of their Telegram app, as it would at a first /start.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 11:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locale", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locale")
