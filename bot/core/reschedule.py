"""Rescheduling a session the person cannot train today, and training away from home.

A session moves to a later rest day of the same programme week (Monday to Sunday), so the
week keeps its volume and its place in the programme: the week counts the sessions trained
in it, not the days they fell on. A session with heavy hamstring work moves only to a day
with no heavy hamstring work the day before or after, the planner's own spacing rule. With
no such day left, the session is dropped: today is a rest day and the week goes on.

On a day the person said their hamstrings are very sore, the day's heavy hamstring work
alone moves to the next training day of the week, when that day has none of its own, the
spacing rule holds there, and the sore day keeps a compound lift and four sets (`SoreMove`).
The moves follow from the answers kept, so every place shows the same week.

Away from home, the person trains with the equipment at hand for a number of days (`Away`):
the plan for those days is the one the planner makes for that equipment, and the programme
week and history stay as they are, so the normal plan comes back where it left off.

Pure: plans and dates in, plans and dates out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.core.catalogue import COMPOUND_PATTERNS
from bot.core.coaching_moments import MAX_DAYS, OnlyEquipment, read_moment
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan, display_rank
from bot.core.profile import Equipment, Weekday
from bot.core.programme import monday_of
from bot.core.readiness import VERY_SORE, Readiness


@dataclass(frozen=True, slots=True)
class Moved:
    """Today's session on `to` instead; without its heavy hamstring work (`left_out`) when
    no later day of the week keeps that work spaced from the next hard day, but the rest of
    the session still makes a training day."""

    to: date
    left_out: tuple[PlannedExercise, ...] = ()


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
    later = [today + timedelta(days=n) for n in range(1, 7 - today.weekday())]
    free = [day for day in later if not rest.day(Weekday(day.weekday())).is_workout]
    spaced = next((day for day in free if not _crowds(rest, session, day)), None)
    if spaced is not None:
        return Moved(spaced)
    heavy = tuple(p for p in session.exercises if p.exercise.is_heavy_hamstring)
    light = [p for p in session.exercises if p not in heavy]
    if free and _a_training_day(light):
        return Moved(free[0], left_out=heavy)
    return Dropped()


def _crowds(plan: WeekPlan, session: DayPlan, day: date) -> bool:
    """Whether `session` on `day` would put heavy hamstring work next to more of it."""
    return _is_heavy(session) and any(_is_heavy(plan.day(w)) for w in _neighbours(day))


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
        if _crowds(_day_moved(plan, planned, None), session, to):
            # As `reschedule` decided: the session came without its heavy hamstring work.
            kept = tuple(p for p in session.exercises if not p.exercise.is_heavy_hamstring)
            session = replace(session, exercises=kept)
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


# The least a training day is, as the planner makes it: two exercises of two sets.
_MIN_DAY_SETS = 4


@dataclass(frozen=True, slots=True)
class SoreMove:
    """The heavy hamstring work of `left`, a very sore day, trained on `to` instead, with
    the sets planned."""

    exercises: tuple[PlannedExercise, ...]
    left: date
    to: date


def sore_week(
    plan: WeekPlan, on: date, answers: Mapping[date, Readiness]
) -> tuple[WeekPlan, tuple[SoreMove, ...]]:
    """`plan` for the week of `on` after the moves of the days, up to `on`, whose `answers`
    said very sore, and those moves; earlier sore days first, as they happened."""
    monday = monday_of(on)
    sore = [
        day
        for day, answer in answers.items()
        if monday <= day <= on and answer.soreness == VERY_SORE
    ]
    return _sore_moves(plan, sore)


def _sore_moves(plan: WeekPlan, sore: Collection[date]) -> tuple[WeekPlan, tuple[SoreMove, ...]]:
    moves = []
    for day in sorted(sore):
        move = _sore_move(plan, day)
        if move is not None:
            plan = _work_moved(plan, move)
            moves.append(move)
    return plan, tuple(moves)


def _sore_move(plan: WeekPlan, sore: date) -> SoreMove | None:
    """Where the heavy hamstring work of `sore` goes; None when it stays (to be lighter)."""
    session = plan.day(Weekday(sore.weekday()))
    heavy = tuple(p for p in session.exercises if p.exercise.is_heavy_hamstring)
    kept = [p for p in session.exercises if not p.exercise.is_heavy_hamstring]
    if not heavy or not _a_training_day(kept):
        return None
    later = (sore + timedelta(days=n) for n in range(1, 7 - sore.weekday()))
    to = next((day for day in later if plan.day(Weekday(day.weekday())).is_workout), None)
    if to is None:
        return None
    move = SoreMove(heavy, sore, to)
    # Judged without the work that leaves: the sore day is no longer heavy once it has gone.
    left = _taken_off(plan, move)
    target = Weekday(to.weekday())
    if any(_is_heavy(left.day(w)) for w in (target, *_neighbours(to))):
        return None
    return move


def _a_training_day(exercises: list[PlannedExercise]) -> bool:
    compound = any(p.exercise.pattern in COMPOUND_PATTERNS for p in exercises)
    return compound and sum(p.sets for p in exercises) >= _MIN_DAY_SETS


def _work_moved(plan: WeekPlan, move: SoreMove) -> WeekPlan:
    """`plan` with `move`'s exercises on the day they go to, in the planner's order (power
    work, heavy lifts, accessories), instead of on the sore day."""
    left = _taken_off(plan, move)
    target = left.day(Weekday(move.to.weekday()))
    added = tuple(sorted((*target.exercises, *move.exercises), key=display_rank))
    return _with_day(left, replace(target, exercises=added))


def _taken_off(plan: WeekPlan, move: SoreMove) -> WeekPlan:
    sore = plan.day(Weekday(move.left.weekday()))
    kept = tuple(p for p in sore.exercises if p not in move.exercises)
    return _with_day(plan, replace(sore, exercises=kept))


def _with_day(plan: WeekPlan, day: DayPlan) -> WeekPlan:
    return WeekPlan(tuple(day if d.weekday == day.weekday else d for d in plan.days))
