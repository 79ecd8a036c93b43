"""coaching state: the switches a person set, their sessions moved and their travel period

These lived in each person's python-telegram-bot user_data, which another instance (sending
a reminder, say) may not see; the values found there are carried over, and back again on
a downgrade.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00.000000+00:00
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The user_data keys of revision 0009's code: True when the readiness check was turned off,
# True when the rest timer was on, {"2026-12-09": "2026-12-10" or None (dropped)} and
# {"equipment": ["bands"], "until": "2026-12-13"}.
_READINESS_OFF, _REST_TIMER, _MOVES, _AWAY = "readiness_off", "rest_timer", "moved_sessions", "away"
_KEYS = (_READINESS_OFF, _REST_TIMER, _MOVES, _AWAY)

_users = sa.table("users", sa.column("id", sa.BigInteger()))
_user_data = sa.table(
    "ptb_user_data", sa.column("user_id", sa.BigInteger()), sa.column("data", sa.JSON())
)
_switches = sa.table(
    "coaching_switches",
    sa.column("user_id", sa.BigInteger()),
    sa.column("readiness_check", sa.Boolean()),
    sa.column("rest_timer", sa.Boolean()),
    sa.column("skip_button", sa.Boolean()),
    sa.column("moments", sa.Boolean()),
    sa.column("avoid", sa.String()),
)
_moves = sa.table(
    "moved_sessions",
    sa.column("user_id", sa.BigInteger()),
    sa.column("planned_on", sa.Date()),
    sa.column("moved_to", sa.Date()),
)
_travel = sa.table(
    "travel_periods",
    sa.column("user_id", sa.BigInteger()),
    sa.column("equipment", sa.String()),
    sa.column("until", sa.Date()),
)


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
    op.create_table(
        "moved_sessions",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("moved_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moved_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "planned_on", name=op.f("pk_moved_sessions")),
    )
    op.create_table(
        "travel_periods",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("equipment", sa.String(length=255), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_travel_periods_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_travel_periods")),
    )
    _carry_over_from_user_data()


def downgrade() -> None:
    _carry_back_to_user_data()
    op.drop_table("travel_periods")
    op.drop_table("moved_sessions")
    op.drop_table("coaching_switches")


def _carry_over_from_user_data() -> None:
    """Each person's values of the four keys into the tables, and out of their user_data.
    Someone who never onboarded has no `users` row to hang them on: theirs just go."""
    bind = op.get_bind()
    people = set(bind.scalars(sa.select(_users.c.id)))
    switches, moves, travel = [], [], []
    for user_id, data in _user_data_with_keys(bind):
        if user_id in people:
            if data.get(_READINESS_OFF) or data.get(_REST_TIMER):
                switches.append(_switches_row(user_id, data))
            moves += [
                {"user_id": user_id, "planned_on": _day(planned), "moved_to": _day(to)}
                for planned, to in (data.get(_MOVES) or {}).items()
            ]
            if data.get(_AWAY):
                travel.append(_travel_row(user_id, data[_AWAY]))
        kept = {key: value for key, value in data.items() if key not in _KEYS}
        _save_user_data(bind, user_id, kept, exists=True)
    for table, rows in ((_switches, switches), (_moves, moves), (_travel, travel)):
        if rows:
            op.bulk_insert(table, rows)


def _user_data_with_keys(bind: sa.Connection) -> list[tuple[int, dict[str, Any]]]:
    # The text search only narrows the rows down; the keys are checked on the parsed JSON.
    text = sa.cast(_user_data.c.data, sa.Text())
    rows = bind.execute(
        sa.select(_user_data.c.user_id, _user_data.c.data).where(
            sa.or_(*(text.like(f'%"{key}"%') for key in _KEYS))
        )
    )
    return [
        (user_id, data)
        for user_id, data in rows.all()
        if isinstance(data, dict) and any(key in data for key in _KEYS)
    ]


def _switches_row(user_id: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "readiness_check": not data.get(_READINESS_OFF),
        "rest_timer": bool(data.get(_REST_TIMER)),
        "skip_button": True,
        "moments": True,
        "avoid": None,
    }


def _travel_row(user_id: int, away: dict[str, Any]) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "equipment": ",".join(sorted(away["equipment"])),
        "until": _day(away["until"]),
    }


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _carry_back_to_user_data() -> None:
    """The tables' values back into user_data, where revision 0009's code reads them;
    the switches it had no key for (the skip button, moments, a region to avoid) go."""
    bind = op.get_bind()
    back: dict[int, dict[str, Any]] = defaultdict(dict)
    for user_id, readiness_check, rest_timer in bind.execute(
        sa.select(_switches.c.user_id, _switches.c.readiness_check, _switches.c.rest_timer)
    ):
        if not readiness_check:
            back[user_id][_READINESS_OFF] = True
        if rest_timer:
            back[user_id][_REST_TIMER] = True
    for user_id, planned, to in bind.execute(sa.select(_moves)):
        back[user_id].setdefault(_MOVES, {})[planned.isoformat()] = to.isoformat() if to else None
    for user_id, equipment, until in bind.execute(sa.select(_travel)):
        names = equipment.split(",") if equipment else []
        back[user_id][_AWAY] = {"equipment": names, "until": until.isoformat()}
    if not back:
        return
    stored = dict(
        bind.execute(
            sa.select(_user_data.c.user_id, _user_data.c.data).where(
                _user_data.c.user_id.in_(list(back))
            )
        ).all()
    )
    for user_id, values in back.items():
        data = stored.get(user_id)
        _save_user_data(bind, user_id, {**(data or {}), **values}, exists=data is not None)


def _save_user_data(bind: sa.Connection, user_id: int, data: dict[str, Any], *, exists: bool) -> None:
    if exists:
        bind.execute(
            sa.update(_user_data).where(_user_data.c.user_id == user_id).values(data=data)
        )
    else:
        bind.execute(sa.insert(_user_data).values(user_id=user_id, data=data))
