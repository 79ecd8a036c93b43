"""Week plans as JSON-ready dicts: how the bot stores them and `coach plan --json` prints them."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from bot.core.catalogue import require_exercise
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.profile import Weekday

_WORKOUT = "workout"
_RECOVERY = "recovery"


def plan_to_dict(plan: WeekPlan) -> dict[str, Any]:
    return {
        "days": [_day_to_dict(day) for day in plan.days],
        "weekly_sets": {group.value: sets for group, sets in plan.weekly_sets().items()},
    }


def _day_to_dict(day: DayPlan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "weekday": day.weekday.short,
        "type": _WORKOUT if day.is_workout else _RECOVERY,
        "exercises": [exercise_to_dict(planned) for planned in day.exercises],
    }
    if day.recovery is not None:
        data["recovery"] = day.recovery.value
    return data


def exercise_to_dict(planned: PlannedExercise) -> dict[str, Any]:
    exercise = planned.exercise
    low, high = planned.reps
    return {
        "id": exercise.id,
        "name": exercise.name,
        "sets": planned.sets,
        "reps": f"{low}-{high}",
        "rest_seconds": planned.rest_seconds,
        "equipment": sorted(item.value for item in exercise.equipment),
        "primary": exercise.primary.value,
        "pattern": exercise.pattern.value,
        "difficulty": exercise.difficulty.value,
        # Only a stored plan holds it, when the person went back from a harder variant.
        **({} if planned.climbs else {"climbs": False}),
    }


@lru_cache(maxsize=1024)
def plan_from_json(text: str) -> WeekPlan:
    """`plan_from_dict` of a stored plan's JSON text, worked out once per text: people with
    the same profile have the same plan, and a reminder batch would parse it once each."""
    return plan_from_dict(json.loads(text))


def plan_from_dict(data: dict[str, Any]) -> WeekPlan:
    """The plan `plan_to_dict` produced; ValueError for anything else (unknown exercise ids,
    missing fields, days out of order)."""
    try:
        return WeekPlan(tuple(_day_from_dict(day) for day in data["days"]))
    except (KeyError, TypeError, AttributeError) as error:
        msg = f"not a stored week plan: {error!r}"
        raise ValueError(msg) from error


def _day_from_dict(data: dict[str, Any]) -> DayPlan:
    weekday = Weekday.from_short(data["weekday"])
    if data["type"] == _RECOVERY:
        return DayPlan(weekday, recovery=RecoveryFocus(data["recovery"]))
    if data["type"] != _WORKOUT:
        msg = f"unknown day type {data['type']!r}"
        raise ValueError(msg)
    return DayPlan(weekday, tuple(_exercise_from_dict(item) for item in data["exercises"]))


def _exercise_from_dict(data: dict[str, Any]) -> PlannedExercise:
    return PlannedExercise(
        require_exercise(data["id"]),
        _positive_int(data["sets"]),
        _rep_range(data["reps"]),
        _positive_int(data["rest_seconds"]),
        climbs=data.get("climbs", True) is not False,
    )


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = f"expected a positive whole number, got {value!r}"
        raise ValueError(msg)
    return value


def _rep_range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    if not (low.isdigit() and high.isdigit()) or int(low) > int(high):
        msg = f"expected a rep range like '8-12', got {text!r}"
        raise ValueError(msg)
    return int(low), int(high)
