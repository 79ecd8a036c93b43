"""The next session's target by double progression, and when a lighter week is due.

Double progression: keep the load and add reps until every working set reaches the top of the
rep range, then go one load size up and start again from the bottom of the range. Exercises
without a load to add (bodyweight, bands) move to a harder variant or a stronger band instead.

Weights are in the person's own unit throughout, rounded to the sizes of `bot.core.loading`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from bot.core.catalogue import Exercise, get_exercise
from bot.core.loading import (
    HELD_LOAD,
    SIZES,
    Sizes,
    heavier_load,
    lighter_load,
    load_sizes,
    same_load,
)
from bot.core.profile import FULL_GYM, Equipment, Units, Weekday
from bot.core.records import SessionResult, WorkSet


class Reason(StrEnum):
    """Why the target looks the way it does, for the bot to put into words."""

    START = "start"
    START_REPS = "start_reps"
    START_BAND = "start_band"
    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"
    HARDER_VARIANT = "harder_variant"
    HARDER_BAND = "harder_band"
    DELOAD = "deload"
    REPEAT = "repeat"


@dataclass(frozen=True, slots=True)
class Target:
    """What to aim for next time.

    `exercise_id` differs from the planned exercise only for HARDER_VARIANT. `reps` holds one
    target per set. `weight` None means no number to suggest: bodyweight, a band, or a first
    load the person picks.
    """

    reason: Reason
    exercise_id: str | None  # None for an exercise of the person's own
    reps: tuple[int, ...]
    weight: float | None

    @property
    def sets(self) -> int:
        return len(self.reps)


# An exercise of the person's own has no rep range in the catalogue: it gets one of these.
# They follow on without a gap, so any set falls in one, and a load step, which starts again
# from the bottom, stays in the same one.
OWN_REP_RANGES = ((3, 5), (6, 12), (13, 20), (21, 30))

DELOAD_FACTOR = 0.9
# A lighter week, not a restart: when the next size down is further below than this (a 16 kg
# bell's next is 14 kg, an 8 kg bell's 6 kg), one set fewer at the same load is the gentler
# change.
_DELOAD_FLOOR = 0.8
DELOAD_DAYS = 7
MISSED_FOR_DELOAD = 2


def next_target(
    exercise: Exercise,
    rep_range: tuple[int, int],
    last: SessionResult | None,
    units: Units,
    planned_sets: int,
    *,
    deload: bool = False,
    equipment: frozenset[Equipment] = FULL_GYM,
) -> Target:
    """The target for the next session of `exercise`, given the last one.

    * No last session: `planned_sets` at the bottom of the range, no load suggested: START
      for an exercise loaded with one of the person's `equipment`, START_BAND for a band,
      START_REPS for bodyweight work.
    * `deload`: DELOAD, the last reps about 10% lighter, or one set fewer when the load cannot
      go a little lighter (bodyweight, band, a size down of more than 20%). During a lighter
      week pass the last session before the missed ones (see `deload_due`) so the load is not
      cut twice.
    * Some working set below the top of the range: ADD_REPS, one more rep on each such set.
    * Every working set at the top but one at failure (RPE 10 or 0 RIR): REPEAT.
    * Every working set at the top: ADD_LOAD (one size up, reps back to the bottom); for bands
      HARDER_BAND; for bodyweight work HARDER_VARIANT when the exercise has one the person has
      the `equipment` for (its own rep range applies), else REPEAT. Bodyweight work never
      adds load: it is an exercise without an implement the person has, logged without one.

    Loads are in the person's `units` and rounded to what can be loaded (see
    `bot.core.loading`): a kept load is the last one (a converted one as the same implement
    in the person's unit), an added one at least one size heavier. Working sets are those at
    the session's top load (warm-ups and back-off sets are not); for bodyweight sessions,
    every set.
    """
    low, _ = _checked(rep_range, planned_sets)
    if last is None:
        sizes = load_sizes(exercise, units, equipment, loaded=False)
        return Target(_start_reason(exercise, sizes), exercise.id, (low,) * planned_sets, None)
    working = working_sets(last)
    sizes = load_sizes(exercise, units, equipment, loaded=working[0].weight is not None)
    if deload:
        same = _same_load(working, sizes, units)
        return _deload(exercise.id, working, sizes, planned_sets, rep_range, same)
    return _progressed(exercise.id, working, sizes, units, planned_sets, rep_range) or (
        _without_load(exercise, planned_sets, rep_range, equipment)
    )


def own_rep_range(best_reps: int, *, loaded: bool) -> tuple[int, int]:
    """The rep range of an exercise of the person's own, which the catalogue has none for:
    the one of `OWN_REP_RANGES` their best working set falls in. Without a load the only
    way on is more reps, so it runs to the top of the last range."""
    low, high = next((r for r in OWN_REP_RANGES if best_reps <= r[1]), OWN_REP_RANGES[-1])
    return (low, high) if loaded else (low, OWN_REP_RANGES[-1][1])


def own_target(last: SessionResult, units: Units) -> Target:
    """The next target for an exercise of the person's own, from its last session: double
    progression on as many sets as they did, in `own_rep_range`; a load goes up in hand-held
    sizes (the catalogue does not say what it is lifted with). `exercise_id` is None."""
    working = working_sets(last)
    loaded = working[0].weight is not None
    rep_range = own_rep_range(max(s.reps for s in working), loaded=loaded)
    sizes = SIZES[HELD_LOAD][units] if loaded else None
    target = _progressed(None, working, sizes, units, len(working), rep_range)
    return target or Target(Reason.REPEAT, None, (rep_range[1],) * len(working), None)


def _same_load(working: Sequence[WorkSet], sizes: Sizes | None, units: Units) -> float | None:
    done = working[0].weight
    return None if done is None or sizes is None else same_load(done, sizes, units)


def _progressed(
    exercise_id: str | None,
    working: Sequence[WorkSet],
    sizes: Sizes | None,
    units: Units,
    planned_sets: int,
    rep_range: tuple[int, int],
) -> Target | None:
    """Double progression: a rep more on each set below the top of the range; at the top,
    the same again after a set at failure, else one size up with reps from the bottom.
    None at the top with no load to add."""
    low, high = rep_range
    weight = _same_load(working, sizes, units)
    if any(s.reps < high for s in working):
        reps = reps_per_set(working, planned_sets, rep_range, extra=1)
        return Target(Reason.ADD_REPS, exercise_id, reps, weight)
    if any(s.at_failure for s in working):
        return Target(Reason.REPEAT, exercise_id, (high,) * planned_sets, weight)
    if sizes is None:
        return None
    # Logged without a load, an exercise on the person's own implement still goes one
    # size up, from a load only the person knows.
    done = working[0].weight
    load = None if done is None else heavier_load(done, sizes)
    return Target(Reason.ADD_LOAD, exercise_id, (low,) * planned_sets, load)


def _start_reason(exercise: Exercise, sizes: Sizes | None) -> Reason:
    if sizes is not None:
        return Reason.START
    return Reason.START_BAND if Equipment.BANDS in exercise.equipment else Reason.START_REPS


def _checked(rep_range: tuple[int, int], planned_sets: int) -> tuple[int, int]:
    low, high = rep_range
    if not 1 <= low <= high:
        msg = f"a rep range runs from at least 1 up, got {rep_range}"
        raise ValueError(msg)
    if planned_sets < 1:
        msg = f"plan at least one set, got {planned_sets}"
        raise ValueError(msg)
    return low, high


def working_sets(session: SessionResult) -> list[WorkSet]:
    top = session.top_weight
    if top is None:
        return list(session.sets)
    return [s for s in session.sets if s.weight == top]


def reps_per_set(
    working: Sequence[WorkSet], planned_sets: int, rep_range: tuple[int, int], *, extra: int
) -> tuple[int, ...]:
    """Last time's reps plus `extra`, set by set, kept inside the rep range.

    Sets planned beyond those done last time aim for what the last working set got.
    """
    low, high = rep_range
    done = [s.reps for s in working]
    done += [done[-1]] * (planned_sets - len(done))
    return tuple(min(max(reps + extra, low), high) for reps in done[:planned_sets])


def _without_load(
    exercise: Exercise,
    planned_sets: int,
    rep_range: tuple[int, int],
    equipment: frozenset[Equipment],
) -> Target:
    """At the top of the range with no load to add: a stronger band, a harder variant, or
    the same again."""
    bottom = (rep_range[0],) * planned_sets
    if Equipment.BANDS in exercise.equipment:
        return Target(Reason.HARDER_BAND, exercise.id, bottom, None)
    harder = _harder_variant(exercise, equipment)
    if harder is not None:
        return Target(Reason.HARDER_VARIANT, harder.id, (harder.rep_range[0],) * planned_sets, None)
    return Target(Reason.REPEAT, exercise.id, (rep_range[1],) * planned_sets, None)


def _harder_variant(exercise: Exercise, equipment: frozenset[Equipment]) -> Exercise | None:
    if exercise.harder is None:
        return None
    harder = get_exercise(exercise.harder)
    return harder if harder is not None and harder.usable_with(equipment) else None


def _deload(
    exercise_id: str,
    working: Sequence[WorkSet],
    sizes: Sizes | None,
    planned_sets: int,
    rep_range: tuple[int, int],
    same: float | None,
) -> Target:
    """`same` is the last load as it would be kept."""
    reps = reps_per_set(working, planned_sets, rep_range, extra=0)
    done = working[0].weight
    lighter = (
        None
        if done is None or sizes is None
        else lighter_load(done, sizes, DELOAD_FACTOR, _DELOAD_FLOOR)
    )
    if lighter is not None:
        return Target(Reason.DELOAD, exercise_id, reps, lighter)
    return Target(Reason.DELOAD, exercise_id, reps[: max(1, planned_sets - 1)], same)


@dataclass(frozen=True, slots=True)
class Deload:
    """A lighter week after planned sessions were missed in a row.

    The week runs from `starts`, the first planned session after the missed ones, to `ends`.
    Targets during it should start from the last session logged before `missed[0]`.
    """

    missed: tuple[date, ...]
    starts: date

    @property
    def ends(self) -> date:
        return self.starts + timedelta(days=DELOAD_DAYS - 1)


def deload_due(
    weekdays: Collection[Weekday], logged: Collection[date], today: date
) -> Deload | None:
    """The lighter week `today` falls in, if two or more planned sessions were missed in a row.

    A planned day counts as done when a session was logged on it or before the next planned
    day, so training a day late is not a miss. The latest planned day before
    or on today is still open: it can be made up, so it is never counted as missed. Planned days
    before the first log do not count either: the person had not started yet.
    """
    done = sorted(d for d in logged if d <= today)
    if not weekdays or not done:
        return None
    slots = _planned_days(frozenset(weekdays), done[0], today)
    run: list[date] = []
    latest: Deload | None = None
    for slot, following in pairwise(slots):
        if _logged_between(done, slot, following):
            run = []
            continue
        run.append(slot)
        if len(run) >= MISSED_FOR_DELOAD:
            latest = Deload(tuple(run), starts=following)
    if latest is None or today > latest.ends:
        return None
    return latest


def missed_session(
    weekdays: Collection[Weekday], logged: Collection[date], today: date
) -> date | None:
    """The last planned day before `today` when its session was not logged (on it, or later
    before `today`), in the week before; None when it was, or when nothing was logged
    before it (the person had not started yet)."""
    done = sorted(d for d in logged if d < today)
    planned = _planned_days(frozenset(weekdays), today - timedelta(days=7), today)
    before = [day for day in planned if day < today]
    if not before or not done or done[0] >= before[-1]:
        return None
    return None if _logged_between(done, before[-1], today) else before[-1]


def _planned_days(weekdays: frozenset[Weekday], first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() in weekdays]


def _logged_between(done: Sequence[date], start: date, end: date) -> bool:
    """Whether a session was logged on or after `start` and before `end`."""
    index = bisect_left(done, start)
    return index < len(done) and done[index] < end
