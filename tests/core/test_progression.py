"""Next-session targets by double progression, and when a lighter week is due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.catalogue import CATALOGUE, Exercise, require_exercise
from bot.core.loading import SAME_LOAD_TOLERANCE, Sizes, load_sizes
from bot.core.profile import FULL_GYM, Equipment, Units, Weekday
from bot.core.progression import (
    Deload,
    Reason,
    Target,
    deload_due,
    missed_session,
    next_target,
    own_rep_range,
    own_target,
)
from bot.core.records import SessionResult, WorkSet

MONDAY = date(2025, 3, 3)
MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def sets(*reps: int, weight: float | None = None, rpe: float | None = None) -> SessionResult:
    return SessionResult(MONDAY, tuple(WorkSet(r, weight, rpe=rpe) for r in reps))


def target(
    exercise_id: str,
    rep_range: tuple[int, int],
    last: SessionResult | None,
    units: Units = Units.KG,
    planned_sets: int = 3,
    **options: bool,
) -> Target:
    return next_target(
        require_exercise(exercise_id), rep_range, last, units, planned_sets, **options
    )


# --- First session ---


@pytest.mark.parametrize("exercise_id", ["barbell_hip_thrust", "glute_bridge", "band_leg_curl"])
def test_first_session_starts_at_the_bottom_of_the_range_without_a_load(exercise_id: str) -> None:
    result = target(exercise_id, (8, 12), None, planned_sets=4)

    assert (result.exercise_id, result.reps, result.weight) == (exercise_id, (8, 8, 8, 8), None)


@pytest.mark.parametrize(
    ("exercise_id", "equipment", "reason"),
    [
        ("barbell_hip_thrust", FULL_GYM, Reason.START),
        ("glute_bridge", FULL_GYM, Reason.START_REPS),
        ("band_leg_curl", FULL_GYM, Reason.START_BAND),
        # Without a barbell, a barbell squat logged or planned can only be a bodyweight one.
        ("barbell_back_squat", frozenset(), Reason.START_REPS),
    ],
)
def test_only_a_loaded_exercise_starts_by_picking_a_weight(
    exercise_id: str, equipment: frozenset[Equipment], reason: Reason
) -> None:
    exercise = require_exercise(exercise_id)

    assert next_target(exercise, (8, 12), None, Units.KG, 3, equipment=equipment).reason is reason


# --- Adding load once every set reached the top ---


@pytest.mark.parametrize(
    ("exercise_id", "rep_range", "units", "last_weight", "next_weight"),
    [
        ("barbell_hip_thrust", (8, 12), Units.KG, 100.0, 102.5),
        ("barbell_hip_thrust", (8, 12), Units.LB, 225.0, 230.0),
        ("dumbbell_romanian_deadlift", (8, 12), Units.KG, 20.0, 22.0),
        ("dumbbell_romanian_deadlift", (8, 12), Units.LB, 50.0, 55.0),
        ("kettlebell_deadlift", (10, 12), Units.KG, 16.0, 20.0),
        # 35 lb is a 16 kg bell; the next bell up is 20 kg, sold as 44 lb.
        ("kettlebell_deadlift", (10, 12), Units.LB, 35.0, 44.0),
        ("kettlebell_deadlift", (10, 12), Units.KG, 14.0, 16.0),
        ("lying_leg_curl", (8, 12), Units.KG, 40.0, 45.0),
        ("cable_pull_through", (12, 15), Units.LB, 50.0, 60.0),
    ],
)
def test_top_of_the_range_on_every_set_adds_one_load_step_and_resets_reps(
    exercise_id: str,
    rep_range: tuple[int, int],
    units: Units,
    last_weight: float,
    next_weight: float,
) -> None:
    top = rep_range[1]
    last = sets(top, top, top, weight=last_weight, rpe=9)

    assert target(exercise_id, rep_range, last, units) == Target(
        Reason.ADD_LOAD, exercise_id, (rep_range[0],) * 3, next_weight
    )


def test_a_load_between_dumbbell_sizes_moves_to_the_next_size() -> None:
    last = sets(12, 12, 12, weight=12.5)

    assert target("dumbbell_romanian_deadlift", (8, 12), last).weight == 14.0


def test_warm_up_sets_below_the_range_do_not_hold_back_the_load() -> None:
    last = SessionResult(
        MONDAY,
        (WorkSet(5, 60.0), WorkSet(3, 80.0), *[WorkSet(12, 100.0)] * 3),
    )

    assert target("barbell_hip_thrust", (8, 12), last).weight == 102.5


def test_a_hand_held_load_on_a_bodyweight_exercise_goes_up_by_a_dumbbell_step() -> None:
    last = sets(12, 12, 12, weight=10.0)

    assert target("bulgarian_split_squat", (8, 12), last) == Target(
        Reason.ADD_LOAD, "bulgarian_split_squat", (8, 8, 8), 12.0
    )


def test_a_loaded_exercise_logged_without_its_load_still_goes_a_step_heavier() -> None:
    # The goblet squat's harder variant is the barbell squat: not the next step for a person
    # who simply did not type the dumbbell's weight.
    assert target("goblet_squat", (8, 12), sets(12, 12, 12)) == Target(
        Reason.ADD_LOAD, "goblet_squat", (8, 8, 8), None
    )


# --- Adding reps ---


def test_below_the_top_each_set_aims_one_rep_higher_capped_at_the_top() -> None:
    last = sets(12, 10, 9, weight=100.0)

    assert target("barbell_hip_thrust", (8, 12), last) == Target(
        Reason.ADD_REPS, "barbell_hip_thrust", (12, 11, 10), 100.0
    )


def test_a_set_below_the_bottom_aims_for_the_bottom() -> None:
    last = sets(6, 5, 5, weight=105.0)

    assert target("barbell_hip_thrust", (8, 12), last).reps == (8, 8, 8)


def test_extra_planned_sets_aim_for_what_the_last_set_got_plus_one() -> None:
    last = sets(12, 10, weight=20.0)

    assert target("dumbbell_romanian_deadlift", (8, 12), last, planned_sets=4).reps == (
        12,
        11,
        11,
        11,
    )


# --- Effort: no load increase at failure ---


@pytest.mark.parametrize(
    "effort",
    [{"rpe": 10.0}, {"rir": 0}],
)
def test_top_of_the_range_at_failure_repeats_the_load(effort: dict[str, Any]) -> None:
    last = SessionResult(
        MONDAY, (WorkSet(12, 100.0), WorkSet(12, 100.0), WorkSet(12, 100.0, **effort))
    )

    assert target("barbell_hip_thrust", (8, 12), last) == Target(
        Reason.REPEAT, "barbell_hip_thrust", (12, 12, 12), 100.0
    )


def test_hard_but_not_failure_still_adds_load() -> None:
    last = SessionResult(MONDAY, tuple(WorkSet(12, 100.0, rpe=9.5, rir=1) for _ in range(3)))

    assert target("barbell_hip_thrust", (8, 12), last).reason is Reason.ADD_LOAD


# --- Bodyweight and bands ---


def test_bodyweight_adds_reps_until_the_top() -> None:
    assert target("glute_bridge", (12, 20), sets(20, 18, 15)) == Target(
        Reason.ADD_REPS, "glute_bridge", (20, 19, 16), None
    )


def test_bodyweight_at_the_top_moves_to_the_harder_variant_in_its_own_range() -> None:
    harder = require_exercise("glute_bridge").harder
    assert harder is not None

    assert target("glute_bridge", (12, 20), sets(20, 20, 20)) == Target(
        Reason.HARDER_VARIANT, harder, (require_exercise(harder).rep_range[0],) * 3, None
    )


def test_harder_variant_needing_missing_equipment_is_not_suggested() -> None:
    exercise = require_exercise("single_leg_glute_bridge")
    assert exercise.harder is not None
    needs = require_exercise(exercise.harder).equipment
    assert needs, "the test needs a harder variant that uses equipment"
    last = sets(15, 15, 15)

    without = next_target(exercise, (10, 15), last, Units.KG, 3, equipment=frozenset())
    with_it = next_target(exercise, (10, 15), last, Units.KG, 3, equipment=needs)

    assert without == Target(Reason.REPEAT, exercise.id, (15, 15, 15), None)
    assert with_it.reason is Reason.HARDER_VARIANT
    assert with_it.exercise_id == exercise.harder


def test_bodyweight_without_a_harder_variant_holds_the_top_of_the_range() -> None:
    assert require_exercise("frog_pump").harder is None

    assert target("frog_pump", (15, 25), sets(25, 25, 25)) == Target(
        Reason.REPEAT, "frog_pump", (25, 25, 25), None
    )


def test_bands_add_reps_then_move_to_a_stronger_band() -> None:
    assert target("band_leg_curl", (15, 20), sets(20, 18, 17)).reason is Reason.ADD_REPS
    assert target("band_leg_curl", (15, 20), sets(20, 20, 20)) == Target(
        Reason.HARDER_BAND, "band_leg_curl", (15, 15, 15), None
    )


# --- Deload targets ---


@pytest.mark.parametrize(
    ("exercise_id", "units", "last_weight", "lighter"),
    [
        ("barbell_hip_thrust", Units.KG, 100.0, 90.0),
        ("barbell_hip_thrust", Units.KG, 60.0, 55.0),
        ("barbell_hip_thrust", Units.LB, 200.0, 180.0),
        ("dumbbell_romanian_deadlift", Units.KG, 20.0, 18.0),
        ("kettlebell_deadlift", Units.KG, 24.0, 20.0),
        ("lying_leg_curl", Units.LB, 100.0, 90.0),
    ],
)
def test_deload_keeps_the_reps_about_ten_percent_lighter(
    exercise_id: str, units: Units, last_weight: float, lighter: float
) -> None:
    last = sets(10, 10, 9, weight=last_weight)

    assert target(exercise_id, (8, 12), last, units, deload=True) == Target(
        Reason.DELOAD, exercise_id, (10, 10, 9), lighter
    )


def test_deload_cuts_a_set_when_the_next_load_down_is_too_far_below() -> None:
    # The next kettlebell down from 8 kg is 6 kg, a quarter lighter.
    last = sets(12, 12, 11, weight=8.0)

    assert target("kettlebell_deadlift", (10, 12), last, deload=True) == Target(
        Reason.DELOAD, "kettlebell_deadlift", (12, 12), 8.0
    )


@pytest.mark.parametrize("exercise_id", ["glute_bridge", "band_leg_curl"])
def test_deload_without_a_load_cuts_a_set(exercise_id: str) -> None:
    assert target(exercise_id, (12, 20), sets(18, 16, 15), deload=True) == Target(
        Reason.DELOAD, exercise_id, (18, 16), None
    )


def test_deload_never_drops_the_last_set() -> None:
    assert target("glute_bridge", (12, 20), sets(15), planned_sets=1, deload=True).sets == 1


def test_deload_before_any_history_is_a_plain_start() -> None:
    assert target("barbell_hip_thrust", (8, 12), None, deload=True).reason is Reason.START


# --- When a lighter week is due ---


def test_one_missed_session_is_no_deload() -> None:
    # Logged Monday and Wednesday, missed Friday, back on Monday.
    assert deload_due(MON_WED_FRI, [day(0), day(2)], today=day(7)) is None


def test_two_missed_sessions_in_a_row_make_a_lighter_week() -> None:
    # Logged Monday, missed Wednesday and Friday, back on Monday.
    due = deload_due(MON_WED_FRI, [day(0)], today=day(7))

    assert due == Deload(missed=(day(2), day(4)), starts=day(7))
    assert due.ends == day(13)


def test_the_lighter_week_lasts_a_week_from_the_return() -> None:
    logged = [day(0), day(7), day(9), day(11)]

    assert deload_due(MON_WED_FRI, logged[:2], today=day(9)) is not None
    assert deload_due(MON_WED_FRI, logged[:3], today=day(11)) is not None
    assert deload_due(MON_WED_FRI, logged, today=day(14)) is None


def test_a_longer_break_moves_the_lighter_week_to_the_return() -> None:
    due = deload_due(MON_WED_FRI, [day(0)], today=day(9))

    assert due == Deload(missed=(day(2), day(4), day(7)), starts=day(9))


def test_training_a_day_late_is_not_a_miss() -> None:
    # Thursday instead of Wednesday, Saturday instead of Friday.
    assert deload_due(MON_WED_FRI, [day(0), day(3), day(5)], today=day(7)) is None


def test_the_latest_planned_day_can_still_be_made_up() -> None:
    # Missed Wednesday; Friday's session can still happen over the weekend.
    assert deload_due(MON_WED_FRI, [day(0)], today=day(5)) is None


def test_planned_days_before_the_first_log_are_not_missed() -> None:
    assert deload_due(MON_WED_FRI, [day(14)], today=day(16)) is None
    assert deload_due(MON_WED_FRI, [], today=day(16)) is None


# --- Loads logged in the other unit ---

LB = 1 / 0.45359237


def test_a_converted_load_that_reached_the_top_goes_one_real_size_up() -> None:
    # 35 lb is 15.88 kg: the 16 kg dumbbell. One size up is 18 kg, not 16.
    last = sets(12, 12, 12, weight=round(35 / LB, 2))

    assert target("goblet_squat", (8, 12), last) == Target(
        Reason.ADD_LOAD, "goblet_squat", (8, 8, 8), 18.0
    )


@pytest.mark.parametrize(
    ("exercise_id", "units", "done", "kept"),
    [
        # 20 kg is 44.09 lb: the 45 lb dumbbell.
        ("dumbbell_romanian_deadlift", Units.LB, round(20 * LB, 2), 45.0),
        # 40 lb is 18.14 kg: the 18 kg dumbbell is the same one, 0.8% lighter.
        ("goblet_squat", Units.KG, round(40 / LB, 2), 18.0),
        # 100 kg is 220.46 lb on the bar: 220 lb.
        ("barbell_hip_thrust", Units.LB, round(100 * LB, 2), 220.0),
        # 10 kg is 22.05 lb: the 20 lb dumbbell would be 9% lighter, so 25 lb.
        ("dumbbell_romanian_deadlift", Units.LB, round(10 * LB, 2), 25.0),
    ],
)
def test_a_converted_load_kept_for_more_reps_is_a_size_in_the_persons_unit(
    exercise_id: str, units: Units, done: float, kept: float
) -> None:
    last = sets(8, 8, 8, weight=done)

    assert target(exercise_id, (8, 12), last, units) == Target(
        Reason.ADD_REPS, exercise_id, (9, 9, 9), kept
    )


def test_a_load_typed_in_the_persons_unit_is_kept_as_typed() -> None:
    # A 12.5 kg dumbbell is not in the usual set, but this person has one.
    last = sets(10, 10, 10, weight=12.5)

    assert target("goblet_squat", (8, 12), last).weight == 12.5


# --- Bodyweight work never adds load ---


def test_a_barbell_exercise_without_a_barbell_or_a_load_progresses_by_reps() -> None:
    # A bodyweight-only person's "squat 3x15" read as the barbell back squat.
    squat = require_exercise("barbell_back_squat")
    last = sets(15, 15, 15)

    result = next_target(squat, (6, 10), last, Units.KG, 3, equipment=frozenset())

    assert result == Target(Reason.REPEAT, squat.id, (10, 10, 10), None)


@given(
    exercise=st.sampled_from(CATALOGUE),
    rep_range=st.tuples(st.integers(1, 10), st.integers(10, 25)),
    reps=st.lists(st.integers(1, 30), min_size=1, max_size=5),
    planned_sets=st.integers(1, 5),
)
def test_bodyweight_work_of_a_bodyweight_only_person_never_adds_load(
    exercise: Exercise, rep_range: tuple[int, int], reps: list[int], planned_sets: int
) -> None:
    last = sets(*reps)

    result = next_target(exercise, rep_range, last, Units.KG, planned_sets, equipment=frozenset())

    assert result.reason not in {Reason.ADD_LOAD, Reason.START}
    assert result.weight is None


# --- Properties across the catalogue ---


def sizes_of(exercise: Exercise, units: Units) -> Sizes:
    sizes = load_sizes(exercise, units, FULL_GYM, loaded=True)
    assert sizes is not None
    return sizes


def is_size(weight: float, sizes: Sizes) -> bool:
    return sizes.nearest(weight) == pytest.approx(weight, abs=1e-6)


IMPLEMENT_EXERCISES = [
    e for e in CATALOGUE if load_sizes(e, Units.KG, FULL_GYM, loaded=False) is not None
]


@st.composite
def rep_ranges(draw: st.DrawFn) -> tuple[int, int]:
    low = draw(st.integers(1, 20))
    return low, draw(st.integers(low, low + 10))


@st.composite
def sessions(draw: st.DrawFn, weights: st.SearchStrategy[float | None]) -> SessionResult:
    """A session at one working load, sometimes with a lighter warm-up, any reps and effort."""
    working = draw(weights)
    warm_up = None if working is None else round(working / 2, 1)
    efforts = st.tuples(
        st.none() | st.sampled_from([7.0, 8.0, 9.0, 9.5, 10.0]), st.none() | st.integers(0, 3)
    )
    work = [
        WorkSet(reps, working, rpe, rir)
        for reps, (rpe, rir) in draw(
            st.lists(st.tuples(st.integers(1, 30), efforts), min_size=1, max_size=6)
        )
    ]
    if warm_up and draw(st.booleans()):
        work.insert(0, WorkSet(draw(st.integers(1, 30)), warm_up))
    return SessionResult(MONDAY, tuple(work))


ANY_WEIGHT = st.none() | st.floats(0.5, 400).map(lambda w: round(w, 2))


@given(
    exercise=st.sampled_from(CATALOGUE),
    rep_range=rep_ranges(),
    last=sessions(ANY_WEIGHT),
    units=st.sampled_from(Units),
    planned_sets=st.integers(1, 6),
    deload=st.booleans(),
)
def test_targets_stay_in_range_and_only_a_deload_lightens(
    exercise: Exercise,
    rep_range: tuple[int, int],
    last: SessionResult,
    units: Units,
    planned_sets: int,
    deload: bool,
) -> None:
    result = next_target(exercise, rep_range, last, units, planned_sets, deload=deload)

    low, high = rep_range
    if result.reason is Reason.HARDER_VARIANT:
        low, high = require_exercise(result.exercise_id).rep_range
    assert all(low <= reps <= high for reps in result.reps)
    assert 1 <= result.sets <= planned_sets
    if result.reason is not Reason.DELOAD:
        assert result.sets == planned_sets
    if result.weight is not None and last.top_weight is not None:
        top = last.top_weight
        if result.reason is Reason.ADD_LOAD:
            assert result.weight > top
        elif not (result.reason is Reason.DELOAD and result.weight < top):
            # The same load, or a converted one as the size it is in the person's unit.
            assert result.weight >= top * (1 - SAME_LOAD_TOLERANCE) - 1e-9


@given(
    exercise=st.sampled_from(IMPLEMENT_EXERCISES),
    rep_range=rep_ranges(),
    data=st.data(),
    units=st.sampled_from(Units),
    planned_sets=st.integers(1, 6),
    deload=st.booleans(),
)
def test_loads_on_the_size_grid_stay_on_it_and_move_one_size(
    exercise: Exercise,
    rep_range: tuple[int, int],
    data: st.DataObject,
    units: Units,
    planned_sets: int,
    deload: bool,
) -> None:
    grid = sizes_of(exercise, units)
    last = data.draw(sessions(st.integers(0, 100).map(grid.size)))
    assert last.top_weight is not None

    result = next_target(exercise, rep_range, last, units, planned_sets, deload=deload)

    assert result.weight is not None
    assert is_size(result.weight, grid)
    if result.reason is Reason.ADD_LOAD:
        assert result.weight == pytest.approx(grid.above(last.top_weight))


@given(
    exercise=st.sampled_from(IMPLEMENT_EXERCISES),
    weight=st.floats(0.5, 400).map(lambda w: round(w, 2)),
    units=st.sampled_from(Units),
)
def test_an_added_load_is_a_size_at_least_half_a_size_heavier(
    exercise: Exercise, weight: float, units: Units
) -> None:
    grid = sizes_of(exercise, units)

    result = target(exercise.id, (8, 12), sets(12, 12, 12, weight=weight), units)

    assert result.reason is Reason.ADD_LOAD
    assert result.weight is not None
    assert is_size(result.weight, grid)
    below = grid.below(result.weight)
    gap = result.weight - (below if below is not None else 0.0)
    assert result.weight - weight >= gap / 2 - 1e-6


# --- An exercise of the person's own ---


@pytest.mark.parametrize(
    ("best", "loaded", "rep_range"),
    [
        (1, True, (3, 5)),
        (5, True, (3, 5)),
        (6, True, (6, 12)),
        (12, True, (6, 12)),
        (15, True, (13, 20)),
        (40, True, (21, 30)),
        (12, False, (6, 30)),
    ],
)
def test_an_own_exercise_gets_the_rep_range_its_best_set_falls_in(
    best: int, loaded: bool, rep_range: tuple[int, int]
) -> None:
    assert own_rep_range(best, loaded=loaded) == rep_range


def test_an_own_exercise_adds_reps_then_a_hand_held_size_on_the_sets_done() -> None:
    assert own_target(sets(10, 10, 9, weight=20.0), Units.KG) == Target(
        Reason.ADD_REPS, None, (11, 11, 10), 20.0
    )
    assert own_target(sets(12, 12, weight=20.0), Units.KG) == Target(
        Reason.ADD_LOAD, None, (6, 6), 22.0
    )
    assert own_target(sets(12, 12, 12, weight=45.0), Units.LB) == Target(
        Reason.ADD_LOAD, None, (6, 6, 6), 50.0
    )


def test_an_own_exercise_logged_in_the_other_unit_keeps_a_real_size() -> None:
    # 35 lb is 15.88 kg: the 16 kg dumbbell.
    assert own_target(sets(10, 10, 10, weight=15.88), Units.KG).weight == 16.0


def test_an_own_exercise_without_a_load_only_ever_adds_reps() -> None:
    assert own_target(sets(12, 12), Units.KG) == Target(Reason.ADD_REPS, None, (13, 13), None)
    assert own_target(sets(30, 30), Units.KG) == Target(Reason.REPEAT, None, (30, 30), None)


def test_an_own_exercise_at_the_top_at_failure_repeats_the_load() -> None:
    assert own_target(sets(12, 12, weight=20.0, rpe=10), Units.KG) == Target(
        Reason.REPEAT, None, (12, 12), 20.0
    )


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
