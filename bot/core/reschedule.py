"""Rescheduling a session the person cannot train today, and training away from home.

A session moves to a later rest day of the same programme week (Monday to Sunday), so the
week keeps its volume and its place in the programme: the week counts the sessions trained
in it, not the days they fell on. A session with heavy hamstring work moves only to a day
with no heavy hamstring work the day before or after, the planner's own spacing rule. With
no such day left, the session is dropped: today is a rest day and the week goes on.

Away from home, the person trains with the equipment at hand for a number of days (`Away`):
the plan for those days is the one the planner makes for that equipment, and the programme
week and history stay as they are, so the normal plan comes back where it left off.

Pure: plans and dates in, plans and dates out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.core.coaching_moments import MAX_DAYS, OnlyEquipment, read_moment
from bot.core.planner import DayPlan, RecoveryFocus, WeekPlan
from bot.core.profile import Equipment, Weekday
from bot.core.programme import monday_of


@dataclass(frozen=True, slots=True)
class Moved:
    to: date


@dataclass(frozen=True, slots=True)
class Dropped:
    pass


@dataclass(frozen=True, slots=True)
class NothingToMove:
    """Today has no session to move: a rest day already."""


Reschedule = Moved | Dropped | NothingToMove


@dataclass(frozen=True, slots=True)
class Away:
    """Training with only `equipment` (empty: bodyweight) up to and including `until`."""

    equipment: frozenset[Equipment]
    until: date

    def on(self, day: date) -> bool:
        return day <= self.until


class TravelProblem(StrEnum):
    NO_EQUIPMENT = "no_equipment"
    NO_DAYS = "no_days"
    OVER = "over"  # no days, or a period that ended before today


def read_travel(text: str, today: date) -> Away | TravelProblem:
    """`/travel` typed: the equipment in the plain-text reader's words, then a number of
    days or the last day (2026-12-20): "bands 7", "dumbbells bench 2026-12-20"."""
    *named, last = text.split() or [""]
    days = _days_from(last, today)
    if days is None:
        return TravelProblem.NO_DAYS
    moment = read_moment(" ".join(("only", *named)))
    if not named or not isinstance(moment, OnlyEquipment):
        return TravelProblem.NO_EQUIPMENT
    return away_for(moment.equipment, days, today) or TravelProblem.OVER


def _days_from(word: str, today: date) -> int | None:
    if word.lstrip("-").isdigit():
        return int(word)
    try:
        return (date.fromisoformat(word) - today).days + 1
    except ValueError:
        return None


def away_for(equipment: frozenset[Equipment], days: int, today: date) -> Away | None:
    """Away from today for `days` days, or None for a period that ends before it starts."""
    if not 1 <= days <= MAX_DAYS:
        return None
    return Away(equipment, today + timedelta(days=days - 1))


# Where a session went: the day it was planned on, and the day it moved to (None: dropped).
Moves = Mapping[date, date | None]


def reschedule(plan: WeekPlan, today: date) -> Reschedule:
    """Where today's session of `plan` (already with this week's earlier moves) goes."""
    session = plan.day(Weekday(today.weekday()))
    if not session.is_workout:
        return NothingToMove()
    rest = _day_moved(plan, today, None)
    later = (today + timedelta(days=n) for n in range(1, 7 - today.weekday()))
    for day in later:
        if rest.day(Weekday(day.weekday())).is_workout:
            continue
        if _is_heavy(session) and any(_is_heavy(rest.day(w)) for w in _neighbours(day)):
            continue
        return Moved(day)
    return Dropped()


def plan_with_moves(plan: WeekPlan, moves: Moves, on: date) -> WeekPlan:
    """`plan` as it stands for the week of `on`, after the moves made in that week."""
    monday = monday_of(on)
    for planned, to in sorted(moves.items()):
        if monday_of(planned) == monday and (to is None or monday_of(to) == monday):
            plan = _day_moved(plan, planned, to)
    return plan


def _day_moved(plan: WeekPlan, planned: date, to: date | None) -> WeekPlan:
    """The session of `planned` on `to` instead (None: nowhere), and `to`'s rest on `planned`."""
    origin = Weekday(planned.weekday())
    session = plan.day(origin)
    if to is None:
        days = {origin: DayPlan(origin, recovery=RecoveryFocus.WALK)}
    else:
        target = Weekday(to.weekday())
        days = {
            origin: replace(plan.day(target), weekday=origin),
            target: replace(session, weekday=target),
        }
    return WeekPlan(tuple(days.get(day.weekday, day) for day in plan.days))


def _is_heavy(day: DayPlan) -> bool:
    return any(planned.exercise.is_heavy_hamstring for planned in day.exercises)


def _neighbours(day: date) -> tuple[Weekday, Weekday]:
    # The week repeats: Sunday's session is the day before next Monday's.
    return Weekday((day.weekday() - 1) % 7), Weekday((day.weekday() + 1) % 7)
