"""programmes: each person's programme start, and the dumbbells or kettlebells they own

People who onboarded before programmes existed start theirs today, so their first
programme week begins at their next session; nobody has to onboard again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 08:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("programme_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("own_weights", sa.String(length=1000), nullable=True))
    op.execute(sa.text("UPDATE profiles SET programme_start = CURRENT_DATE"))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("own_weights")
        batch.drop_column("programme_start")
