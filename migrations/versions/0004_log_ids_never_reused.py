"""log ids never reused: AUTOINCREMENT for exercise_logs on SQLite

Undo and Edit buttons name a log by its id. Without AUTOINCREMENT, SQLite gives a new row
the largest id in the table plus one, so after the newest log is removed the next log
takes its id and the removed log's old Undo button removes the new one. The table is
rebuilt with AUTOINCREMENT, every row keeping its id; PostgreSQL's sequences never hand
an id out twice, so nothing changes there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Ids above the largest left were given to logs removed since the last log was stored (an
# undo of someone's newest log), and SQLite kept no trace of them; their buttons may still
# be pressed. New ids start this far above the largest, past any such recent removals.
_FREED_IDS_MARGIN = 1000


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "exercise_logs", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass
    # Copying the rows set the sequence to the largest id; an empty table needs none.
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'exercise_logs'")
    op.execute(
        sa.text(
            "INSERT INTO sqlite_sequence (name, seq) "
            "SELECT 'exercise_logs', MAX(id) + :margin FROM exercise_logs HAVING COUNT(*) > 0"
        ).bindparams(margin=_FREED_IDS_MARGIN)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Rebuilt as reflected, which is without AUTOINCREMENT; dropping the old table drops
    # its sqlite_sequence row.
    with op.batch_alter_table("exercise_logs", recreate="always"):
        pass
