"""workout logs: sessions, logged exercises and sets, bot prompts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:51:36.216654+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workout_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("current_index", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_workout_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workout_sessions")),
        sa.UniqueConstraint("user_id", "local_date", name="uq_workout_sessions_user_id_local_date"),
    )
    op.create_table(
        "exercise_logs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=True),
        sa.Column("exercise_name", sa.String(length=1000), nullable=False),
        sa.Column("exercise_key", sa.String(length=255), nullable=False),
        sa.Column("source_message_id", sa.BigInteger(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bodyweight", sa.Boolean(), nullable=False),
        sa.Column("per_side", sa.Boolean(), nullable=False),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("rir", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_exercise_logs_session_id_workout_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_exercise_logs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_logs")),
        sa.UniqueConstraint(
            "user_id",
            "source_message_id",
            name="uq_exercise_logs_user_id_source_message_id",
        ),
    )
    op.create_index(
        op.f("ix_exercise_logs_session_id"), "exercise_logs", ["session_id"], unique=False
    )
    op.create_index(
        "ix_exercise_logs_user_id_logged_at",
        "exercise_logs",
        ["user_id", "logged_at"],
        unique=False,
    )
    op.create_index(
        "ix_exercise_logs_user_id_exercise_id",
        "exercise_logs",
        ["user_id", "exercise_id", "logged_at"],
        unique=False,
    )
    op.create_index(
        "ix_exercise_logs_user_id_exercise_key",
        "exercise_logs",
        ["user_id", "exercise_key", "logged_at"],
        unique=False,
    )
    op.create_table(
        "logged_sets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=8), nullable=True),
        sa.Column("warmup", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["log_id"],
            ["exercise_logs.id"],
            name=op.f("fk_logged_sets_log_id_exercise_logs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logged_sets")),
        sa.UniqueConstraint("log_id", "position", name="uq_logged_sets_log_id_position"),
    )
    op.create_table(
        "bot_prompts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=True),
        sa.Column("exercise_name", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_bot_prompts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "message_id", name=op.f("pk_bot_prompts")),
    )


def downgrade() -> None:
    op.drop_table("bot_prompts")
    op.drop_table("logged_sets")
    op.drop_index("ix_exercise_logs_user_id_exercise_key", table_name="exercise_logs")
    op.drop_index("ix_exercise_logs_user_id_exercise_id", table_name="exercise_logs")
    op.drop_index("ix_exercise_logs_user_id_logged_at", table_name="exercise_logs")
    op.drop_index(op.f("ix_exercise_logs_session_id"), table_name="exercise_logs")
    op.drop_table("exercise_logs")
    op.drop_table("workout_sessions")
