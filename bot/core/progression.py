"""Double progression for exercises of the person's own, and the missed-session check.

An exercise the catalogue does not have gets no programme: keep the load and add reps until
every working set reaches the top of its rep range (`own_rep_range`), then go one hand-held
size up and start again from the bottom. `working_sets` and `reps_per_set` are shared with
`bot.core.prescription`, where the programme's rules for catalogue exercises live.

Weights are in the person's own unit throughout, rounded to the sizes of `bot.core.loading`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.loading import HELD_LOAD, SIZES, Sizes, heavier_load, same_load
from bot.core.profile import Units, Weekday
from bot.core.records import SessionResult, WorkSet


class Reason(StrEnum):
    """Why the target looks the way it does, for the bot to put into words."""

    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"
    REPEAT = "repeat"


@dataclass(frozen=True, slots=True)
class Target:
    """What to aim for next time at an exercise of the person's own. `reps` holds one target
    per set; `weight` None means no number to suggest: bodyweight, or a load only the person
    knows."""

    reason: Reason
    reps: tuple[int, ...]
    weight: float | None


# An exercise of the person's own has no rep range in the catalogue: it gets one of these.
# They follow on without a gap, so any set falls in one, and a load step, which starts again
# from the bottom, stays in the same one.
OWN_REP_RANGES = ((3, 5), (6, 12), (13, 20), (21, 30))


def own_rep_range(best_reps: int, *, loaded: bool) -> tuple[int, int]:
    """The rep range of an exercise of the person's own, which the catalogue has none for:
    the one of `OWN_REP_RANGES` their best working set falls in. Without a load the only
    way on is more reps, so it runs to the top of the last range."""
    low, high = next((r for r in OWN_REP_RANGES if best_reps <= r[1]), OWN_REP_RANGES[-1])
    return (low, high) if loaded else (low, OWN_REP_RANGES[-1][1])


def own_target(last: SessionResult, units: Units) -> Target:
    """The next target for an exercise of the person's own, from its last session: double
    progression on as many sets as they did, in `own_rep_range`; a load goes up in hand-held
    sizes (the catalogue does not say what it is lifted with)."""
    working = working_sets(last)
    done = working[0].weight
    rep_range = own_rep_range(max(s.reps for s in working), loaded=done is not None)
    sizes = None if done is None else SIZES[HELD_LOAD][units]
    return _progressed(working, sizes, units, rep_range)


def _progressed(
    working: Sequence[WorkSet], sizes: Sizes | None, units: Units, rep_range: tuple[int, int]
) -> Target:
    """Double progression: a rep more on each set below the top of the range; at the top,
    one size up with reps from the bottom, or the same again after a set at failure or
    with no load to add."""
    low, high = rep_range
    done = working[0].weight
    weight = None if done is None or sizes is None else same_load(done, sizes, units)
    sets = len(working)
    if any(s.reps < high for s in working):
        return Target(Reason.ADD_REPS, reps_per_set(working, sets, rep_range, extra=1), weight)
    if done is None or sizes is None or any(s.at_failure for s in working):
        return Target(Reason.REPEAT, (high,) * sets, weight)
    return Target(Reason.ADD_LOAD, (low,) * sets, heavier_load(done, sizes))


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


def missed_session(
    weekdays: Collection[Weekday],
    logged: Collection[date],
    today: date,
    moves: Mapping[date, date | None] | None = None,
) -> date | None:
    """The last planned day before `today` when its session was not logged (on it, or later
    before `today`), in the week before; None when it was, or when nothing was logged
    before it (the person had not started yet). `moves` are the sessions the person moved
    (to None: dropped): a dropped session was never missed, a moved one is due on its new day."""
    done = sorted(d for d in logged if d < today)
    if not done:
        return None
    moves = moves or {}
    first = today - timedelta(days=7)
    planned = {d for d in _planned_days(frozenset(weekdays), first, today) if d not in moves}
    planned |= {to for to in moves.values() if to is not None and first <= to <= today}
    before = sorted(day for day in planned if day < today)
    if not before or done[0] >= before[-1]:
        return None
    return None if _logged_between(done, before[-1], today) else before[-1]


def _planned_days(weekdays: frozenset[Weekday], first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() in weekdays]


def _logged_between(done: Sequence[date], start: date, end: date) -> bool:
    """Whether a session was logged on or after `start` and before `end`."""
    index = bisect_left(done, start)
    return index < len(done) and done[index] < end
