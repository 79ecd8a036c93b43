"""Turning logged messages into the progression core's sessions, and walking today's plan."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Protocol

from bot.core.logparse.reading import LoadUnit, LoggedSet
from bot.core.planner import DayPlan, PlannedExercise
from bot.core.profile import Units
from bot.core.records import SessionResult, WorkSet

KG_PER_LB = 0.45359237


class LoggedEntry(Protocol):
    """What the core needs of one stored log message."""

    @property
    def sets(self) -> tuple[LoggedSet, ...]: ...
    @property
    def rpe(self) -> float | None: ...
    @property
    def rir(self) -> int | None: ...


def convert_load(weight: float, unit: LoadUnit | None, to: Units) -> float:
    """A load in the person's unit; a load without a unit is already in it."""
    if unit is None or unit == to:
        return weight
    converted = weight * KG_PER_LB if to is Units.KG else weight / KG_PER_LB
    return round(converted, 2)


def load_unit(units: Units) -> LoadUnit:
    return "kg" if units is Units.KG else "lb"


def with_unit(sets: Sequence[LoggedSet], units: Units) -> tuple[LoggedSet, ...]:
    """Sets as stored: a load written without a unit is in the person's unit."""
    unit = load_unit(units)
    return tuple(
        LoggedSet(s.reps, s.weight, s.unit or unit) if s.weight is not None else s for s in sets
    )


def session_result(
    performed_on: date, entries: Sequence[LoggedEntry], units: Units
) -> SessionResult | None:
    """All sets of one exercise on one day, in the person's unit; None without any set."""
    work = [
        WorkSet(
            reps=logged.reps,
            weight=None
            if logged.weight is None
            else convert_load(logged.weight, logged.unit, units),
            rpe=entry.rpe,
            rir=entry.rir,
        )
        for entry in entries
        for logged in entry.sets
    ]
    return SessionResult(performed_on, tuple(work)) if work else None


def planned_at(day: DayPlan, index: int) -> PlannedExercise | None:
    return day.exercises[index] if 0 <= index < len(day.exercises) else None


def next_unlogged(day: DayPlan, logged_ids: Collection[str], after: int) -> int:
    """The index of the next planned exercise not yet logged today (len when all are done)."""
    order: list[int] = [*range(after + 1, len(day.exercises)), *range(after + 1)]
    for index in order:
        if day.exercises[index].exercise.id not in logged_ids:
            return index
    return len(day.exercises)
