"""Double progression for exercises of the person's own, the sets and reps it shares with the
programme, and the planned session that was not logged."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.loading import HELD_LOAD, SAME_LOAD_TOLERANCE, SIZES
from bot.core.profile import Units, Weekday
from bot.core.progression import (
    OWN_REP_RANGES,
    Reason,
    Target,
    missed_session,
    own_rep_range,
    own_target,
    reps_per_set,
    working_sets,
)
from bot.core.records import SessionResult, WorkSet

MONDAY = date(2025, 3, 3)
MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)
LB = 1 / 0.45359237


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def sets(*reps: int, weight: float | None = None, rpe: float | None = None) -> SessionResult:
    return SessionResult(MONDAY, tuple(WorkSet(r, weight, rpe=rpe) for r in reps))


# --- The rep range of an exercise of one's own ---


@given(best=st.integers(1, 60))
def test_a_loaded_own_exercise_gets_the_range_its_best_set_falls_in(best: int) -> None:
    low, high = own_rep_range(best, loaded=True)

    assert (low, high) in OWN_REP_RANGES
    # Below the first range or above the last, the nearest one: 1 or 2 reps build towards 3.
    if best < OWN_REP_RANGES[0][0]:
        assert (low, high) == OWN_REP_RANGES[0]
    elif best > OWN_REP_RANGES[-1][1]:
        assert (low, high) == OWN_REP_RANGES[-1]
    else:
        assert low <= best <= high


@given(best=st.integers(1, 60))
def test_without_a_load_the_range_runs_on_to_the_top_of_the_last_one(best: int) -> None:
    low, high = own_rep_range(best, loaded=False)

    assert low == own_rep_range(best, loaded=True)[0]
    assert high == OWN_REP_RANGES[-1][1]


def test_the_own_ranges_follow_on_without_a_gap() -> None:
    # So a load step, which starts again from the bottom, stays in the range it was made in.
    for (_, high), (low, _) in pairwise(OWN_REP_RANGES):
        assert low == high + 1


# --- Double progression of an exercise of one's own ---


def test_an_own_exercise_adds_reps_then_a_hand_held_size_on_the_sets_done() -> None:
    # 10, 10 and 9 fall in 6-12: a rep more on each set, at the same load.
    assert own_target(sets(10, 10, 9, weight=20.0), Units.KG) == Target(
        Reason.ADD_REPS, (11, 11, 10), 20.0
    )
    # Both sets at the top of 6-12: the next dumbbell up, back to 6, on the 2 sets done.
    assert own_target(sets(12, 12, weight=20.0), Units.KG) == Target(Reason.ADD_LOAD, (6, 6), 22.0)
    assert own_target(sets(12, 12, 12, weight=45.0), Units.LB) == Target(
        Reason.ADD_LOAD, (6, 6, 6), 50.0
    )


def test_an_own_exercise_logged_in_the_other_unit_keeps_a_real_size() -> None:
    # 35 lb is 15.88 kg: the 16 kg dumbbell.
    assert own_target(sets(10, 10, 10, weight=round(35 / LB, 2)), Units.KG).weight == 16.0


def test_an_own_exercise_without_a_load_only_ever_adds_reps() -> None:
    assert own_target(sets(12, 12), Units.KG) == Target(Reason.ADD_REPS, (13, 13), None)
    assert own_target(sets(30, 30), Units.KG) == Target(Reason.REPEAT, (30, 30), None)


def test_an_own_exercise_at_the_top_at_failure_repeats_the_load() -> None:
    assert own_target(sets(12, 12, weight=20.0, rpe=10), Units.KG) == Target(
        Reason.REPEAT, (12, 12), 20.0
    )


def test_warm_up_sets_of_an_own_exercise_do_not_hold_back_the_load() -> None:
    last = SessionResult(MONDAY, (WorkSet(5, 10.0), *[WorkSet(12, 20.0)] * 3))

    assert own_target(last, Units.KG) == Target(Reason.ADD_LOAD, (6, 6, 6), 22.0)


@st.composite
def own_sessions(draw: st.DrawFn) -> SessionResult:
    """A session at one working load or none, sometimes after a lighter warm-up, any reps
    and effort."""
    working = draw(st.none() | st.floats(0.5, 200).map(lambda w: round(w, 2)))
    efforts = st.none() | st.sampled_from([7.0, 8.0, 9.0, 10.0])
    work = [
        WorkSet(reps, working, rpe)
        for reps, rpe in draw(
            st.lists(st.tuples(st.integers(1, 40), efforts), min_size=1, max_size=6)
        )
    ]
    if working is not None and draw(st.booleans()):
        work.insert(0, WorkSet(draw(st.integers(1, 40)), round(working / 2, 2)))
    return SessionResult(MONDAY, tuple(work))


@given(last=own_sessions(), units=st.sampled_from(Units))
def test_an_own_target_keeps_the_sets_done_in_range_and_only_adds_load_to_a_load(
    last: SessionResult, units: Units
) -> None:
    working = working_sets(last)
    done = working[0].weight

    target = own_target(last, units)

    low, high = own_rep_range(max(s.reps for s in working), loaded=done is not None)
    assert len(target.reps) == len(working)
    assert all(low <= reps <= high for reps in target.reps)
    assert (target.weight is None) == (done is None)
    if done is None or target.weight is None:
        return
    if target.reason is Reason.ADD_LOAD:
        # One real hand-held size up.
        assert target.weight > done
        assert target.weight == SIZES[HELD_LOAD][units].nearest(target.weight)
    else:
        # The same load, or a converted one as the size it is in the person's unit.
        assert target.weight >= done * (1 - SAME_LOAD_TOLERANCE) - 1e-9


# --- Sets and reps shared with the programme ---


def test_working_sets_are_those_at_the_top_load_or_every_set_without_one() -> None:
    warmed_up = SessionResult(MONDAY, (WorkSet(5, 60.0), WorkSet(8, 100.0), WorkSet(6, 100.0)))

    assert working_sets(warmed_up) == [WorkSet(8, 100.0), WorkSet(6, 100.0)]
    assert working_sets(sets(15, 12)) == list(sets(15, 12).sets)


@given(
    done=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    planned=st.integers(1, 8),
    low=st.integers(1, 20),
    span=st.integers(0, 15),
    extra=st.integers(0, 2),
)
def test_reps_per_set_build_set_by_set_on_last_time_inside_the_range(
    done: list[int], planned: int, low: int, span: int, extra: int
) -> None:
    high = low + span
    working = [WorkSet(reps, 50.0) for reps in done]

    reps = reps_per_set(working, planned, (low, high), extra=extra)

    assert len(reps) == planned
    assert all(low <= r <= high for r in reps)
    # A set done inside the range, with room above it, gets exactly `extra` more...
    for done_reps, aim in zip(done, reps, strict=False):
        if low <= done_reps and done_reps + extra <= high:
            assert aim == done_reps + extra
    # ...and sets planned beyond those done aim for what the last one done does.
    if planned > len(done):
        assert set(reps[len(done) - 1 :]) == {reps[len(done) - 1]}


# --- A planned session not logged ---


@pytest.mark.parametrize(
    ("logged", "today", "missed"),
    [
        ([day(0)], day(2), None),  # Monday logged, asked on Wednesday
        ([day(0)], day(4), day(2)),  # Wednesday not logged, asked on Friday
        ([day(0), day(3)], day(4), None),  # Wednesday's trained a day late, on Thursday
        ([], day(4), None),  # nothing logged ever: not started
        ([day(2)], day(4), None),  # started on Wednesday
        ([day(-14)], day(4), day(2)),
    ],
)
def test_the_missed_session_is_the_last_planned_day_not_logged_since(
    logged: list[date], today: date, missed: date | None
) -> None:
    assert missed_session(MON_WED_FRI, logged, today) == missed


@pytest.mark.parametrize(
    ("moves", "missed"),
    [
        ({day(2): None}, None),  # Wednesday's session dropped: nothing was missed
        ({day(2): day(3)}, day(3)),  # moved to Thursday and not logged there
        ({day(0): day(1)}, day(2)),  # Monday's move changes nothing about Wednesday
    ],
)
def test_a_dropped_session_is_never_missed_and_a_moved_one_is_due_on_its_new_day(
    moves: dict[date, date | None], missed: date | None
) -> None:
    assert missed_session(MON_WED_FRI, [day(0), day(1)], day(4), moves) == missed
