"""The person's plan as it stands today: their sessions moved this week and a travel period.

Both are kept in user_data (persisted with it, see bot.storage.persistence), so the stored
plan and profile never change: when the week or the trip is over, the plan is the normal
one again and the programme goes on where it was.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from datetime import date
from typing import Any

from bot.core.planner import WeekPlan
from bot.core.profile import Equipment, TrainingProfile
from bot.core.programme import monday_of
from bot.core.reschedule import Away, Moves, plan_with_moves
from bot.services.coaching import plan_for

_MOVES_KEY = "moved_sessions"  # {"2026-12-09": "2026-12-10" or None (dropped)}
_AWAY_KEY = "away"  # {"equipment": ["bands"], "until": "2026-12-13"}

UserData = MutableMapping[str, Any]


def plan_today(
    profile: TrainingProfile, plan: WeekPlan, user_data: UserData, today: date
) -> WeekPlan:
    """`plan` with today's travel equipment and this week's moved sessions."""
    away = current_away(user_data, today)
    if away is not None:
        plan = plan_for(replace(profile, equipment=away.equipment))
    return plan_with_moves(plan, moves(user_data), today)


def moves(user_data: UserData) -> Moves:
    stored = user_data.get(_MOVES_KEY, {})
    return {
        date.fromisoformat(planned): date.fromisoformat(to) if to else None
        for planned, to in stored.items()
    }


def remember_move(user_data: UserData, planned: date, to: date | None) -> None:
    """Keep the move; moves of earlier weeks no longer change any plan, so they go."""
    kept = {
        day.isoformat(): moved.isoformat() if moved else None
        for day, moved in moves(user_data).items()
        if monday_of(day) == monday_of(planned)
    }
    kept[planned.isoformat()] = to.isoformat() if to else None
    user_data[_MOVES_KEY] = kept


def current_away(user_data: UserData, today: date) -> Away | None:
    stored = user_data.get(_AWAY_KEY)
    if not stored:
        return None
    away = Away(
        frozenset(Equipment(item) for item in stored["equipment"]),
        date.fromisoformat(stored["until"]),
    )
    if not away.on(today):
        del user_data[_AWAY_KEY]
        return None
    return away


def remember_away(user_data: UserData, away: Away | None) -> None:
    if away is None:
        user_data.pop(_AWAY_KEY, None)
        return
    user_data[_AWAY_KEY] = {
        "equipment": sorted(away.equipment),
        "until": away.until.isoformat(),
    }
