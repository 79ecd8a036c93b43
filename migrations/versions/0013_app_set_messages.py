"""coaching switch app_set_messages: a set done in the Mini App confirmed in the chat too

On for everyone who has switches stored, as for everyone who has none.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The default fills the rows there are; the model writes every new row's value itself.
    op.add_column(
        "coaching_switches",
        sa.Column("app_set_messages", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    with op.batch_alter_table("coaching_switches") as batch:
        batch.drop_column("app_set_messages")
