"""Weekly volume by group and movement, and the two-week lags behind the person's own plan
that the Sunday summary points out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import product

import pytest

from bot.core.balance import (
    MIN_WEEK_SETS,
    PATTERN_GROUPS,
    Imbalance,
    ImbalanceKind,
    PatternGroup,
    WeekVolume,
    find_imbalances,
    planned_volume,
    weekly_volume,
)
from bot.core.catalogue import Exercise, MuscleGroup, require_exercise
from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.planner import WeekPlan, build_plan
from bot.core.profile import (
    FULL_GYM,
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    Equipment,
    Experience,
    Goal,
)

MONDAY = date(2025, 3, 3)
BODYWEIGHT: frozenset[Equipment] = frozenset()


def logged(exercise_id: str | None, day: date, sets: int) -> Entry:
    return Entry(
        day, exercise_id, exercise_id or "cossack squat", (LoggedSet(10, None, None),) * sets
    )


def week(monday: date, **sets: int) -> list[Entry]:
    """One week of training: sets per exercise id, spread over Monday to Wednesday."""
    return [
        logged(exercise_id, monday + timedelta(days=i % 3), count)
        for i, (exercise_id, count) in enumerate(sets.items())
    ]


def kinds(imbalances: list[Imbalance]) -> list[ImbalanceKind]:
    return [imbalance.kind for imbalance in imbalances]


def test_sets_are_counted_by_primary_group_and_movement_bucket() -> None:
    entries = week(
        MONDAY,
        barbell_hip_thrust=4,
        cable_kickback=2,
        goblet_squat=3,
        reverse_lunge=2,
        clamshell=2,
        romanian_deadlift=3,
        lying_leg_curl=3,
    )

    [volume] = weekly_volume(entries, 1, MONDAY + timedelta(days=6))

    assert volume.by_group == {MuscleGroup.GLUTES: 13, MuscleGroup.HAMSTRINGS: 6}
    assert volume.by_pattern == {
        PatternGroup.HIP_HINGE: 3,
        PatternGroup.KNEE_FLEXION: 3,
        # Kickbacks are glute hip extension: they count with bridges and thrusts.
        PatternGroup.BRIDGE_THRUST: 6,
        PatternGroup.SQUAT_LUNGE: 5,
        PatternGroup.HIP_ABDUCTION: 2,
    }
    assert volume.total_sets == 19


def test_exercises_coach_does_not_know_count_towards_nothing() -> None:
    entries = [logged(None, MONDAY, 5), logged("retired_exercise", MONDAY, 4)]

    [volume] = weekly_volume(entries, 1, MONDAY)

    assert volume.total_sets == 0
    assert set(volume.by_pattern.values()) == {0}


def test_weeks_run_monday_to_sunday() -> None:
    sunday, monday = MONDAY + timedelta(days=6), MONDAY + timedelta(days=7)
    entries = [logged("glute_bridge", sunday, 3), logged("glute_bridge", monday, 2)]

    volumes = weekly_volume(entries, 2, monday + timedelta(days=2))

    assert [v.week_start for v in volumes] == [MONDAY, monday]
    assert [v.by_group[MuscleGroup.GLUTES] for v in volumes] == [3, 2]


def test_weeks_without_training_are_reported_empty_oldest_first() -> None:
    today = MONDAY + timedelta(weeks=3, days=4)
    entries = [
        logged("glute_bridge", MONDAY - timedelta(days=1), 9),  # before the window
        logged("glute_bridge", MONDAY + timedelta(days=2), 3),
        logged("towel_slide_curl", today, 2),
    ]

    volumes = weekly_volume(entries, 4, today)

    assert [v.week_start for v in volumes] == [MONDAY + timedelta(weeks=i) for i in range(4)]
    assert [v.total_sets for v in volumes] == [3, 0, 0, 2]


def test_asking_for_no_weeks_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        weekly_volume([], 0, MONDAY)


# A spread of kits, from nothing to a full gym, each a way people actually train.
KITS: tuple[frozenset[Equipment], ...] = (
    BODYWEIGHT,
    frozenset({Equipment.BANDS}),
    frozenset({Equipment.DUMBBELLS}),
    frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
    frozenset({Equipment.KETTLEBELL, Equipment.BANDS}),
    frozenset({Equipment.BARBELL, Equipment.BENCH}),
    frozenset({Equipment.STABILITY_BALL, Equipment.SLIDERS, Equipment.BANDS}),
    frozenset({Equipment.LEG_CURL_MACHINE, Equipment.CABLE, Equipment.DUMBBELLS}),
    FULL_GYM,
)
DAYS = range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1)
GROUP_LAGS = {
    MuscleGroup.HAMSTRINGS: ImbalanceKind.HAMSTRINGS_LAG,
    MuscleGroup.GLUTES: ImbalanceKind.GLUTES_LAG,
}
BUCKET_LAGS = {
    PatternGroup.HIP_HINGE: ImbalanceKind.FEW_HIP_HINGES,
    PatternGroup.KNEE_FLEXION: ImbalanceKind.FEW_KNEE_FLEXION,
    PatternGroup.BRIDGE_THRUST: ImbalanceKind.FEW_BRIDGE_THRUST,
    PatternGroup.SQUAT_LUNGE: ImbalanceKind.FEW_SQUAT_LUNGE,
}


def plans(goal: Goal, experience: Experience) -> Iterator[tuple[frozenset[Equipment], WeekPlan]]:
    for equipment, days in product(KITS, DAYS):
        yield equipment, build_plan(goal, experience, equipment, days)


def logged_plan(
    plan: WeekPlan, monday: date, keep: Callable[[Exercise], bool] = lambda _: True
) -> list[Entry]:
    """A week of `plan` logged set for set, on its days, leaving out what `keep` rejects."""
    return [
        logged(planned.exercise.id, monday + timedelta(days=day.weekday), planned.sets)
        for day in plan.days
        for planned in day.exercises
        if keep(planned.exercise)
    ]


def judge(
    plan: WeekPlan,
    equipment: frozenset[Equipment],
    experience: Experience,
    first: list[Entry],
    second: list[Entry],
) -> list[Imbalance]:
    """The lags of two complete weeks against `plan`, judged on the Sunday ending the second."""
    volumes = weekly_volume([*first, *second], 2, MONDAY + timedelta(days=13))
    return find_imbalances(volumes, planned_volume(plan), equipment, experience)


def outside_group(group: MuscleGroup) -> Callable[[Exercise], bool]:
    return lambda exercise: exercise.primary is not group


def outside_bucket(bucket: PatternGroup) -> Callable[[Exercise], bool]:
    return lambda exercise: PATTERN_GROUPS[exercise.pattern] is not bucket


def twice(
    plan: WeekPlan, keep: Callable[[Exercise], bool] = lambda _: True
) -> tuple[list[Entry], list[Entry]]:
    return logged_plan(plan, MONDAY, keep), logged_plan(plan, MONDAY + timedelta(weeks=1), keep)


@pytest.mark.parametrize(("goal", "experience"), list(product(Goal, Experience)))
def test_following_the_plan_set_for_set_is_never_a_lag(goal: Goal, experience: Experience) -> None:
    """A glute-focus plan gives hamstrings fewer sets on purpose: following it is no lag."""
    for equipment, plan in plans(goal, experience):
        assert judge(plan, equipment, experience, *twice(plan)) == [], (equipment, plan)


@pytest.mark.parametrize(("goal", "experience"), list(product(Goal, Experience)))
def test_skipping_all_of_a_groups_work_is_a_lag_named_for_it(
    goal: Goal, experience: Experience
) -> None:
    for (equipment, plan), group in product(plans(goal, experience), GROUP_LAGS):
        first, second = twice(plan, outside_group(group))

        found = judge(plan, equipment, experience, first, second)

        assert GROUP_LAGS[group] in kinds(found), (equipment, plan, group)
        assert GROUP_LAGS[next(g for g in GROUP_LAGS if g is not group)] not in kinds(found)


@pytest.mark.parametrize(("goal", "experience"), list(product(Goal, Experience)))
def test_skipping_a_movement_is_named_with_something_the_person_can_do_instead(
    goal: Goal, experience: Experience
) -> None:
    for (equipment, plan), bucket in product(plans(goal, experience), BUCKET_LAGS):
        if planned_volume(plan).by_pattern[bucket] == 0:
            continue
        first, second = twice(plan, outside_bucket(bucket))

        found = {i.kind: i.suggestion for i in judge(plan, equipment, experience, first, second)}

        assert BUCKET_LAGS[bucket] in found, (equipment, plan, bucket)
        suggestion = found[BUCKET_LAGS[bucket]]
        if suggestion is not None:
            assert PATTERN_GROUPS[suggestion.pattern] is bucket
            assert suggestion.usable_with(equipment)
            assert suggestion.difficulty.suits(experience)


def test_one_lagging_week_is_not_flagged() -> None:
    plan = build_plan(Goal.BALANCED, Experience.INTERMEDIATE, FULL_GYM, 3)
    full = logged_plan(plan, MONDAY)
    no_hamstrings = logged_plan(
        plan, MONDAY + timedelta(weeks=1), outside_group(MuscleGroup.HAMSTRINGS)
    )

    assert judge(plan, FULL_GYM, Experience.INTERMEDIATE, full, no_hamstrings) == []


def test_a_single_known_week_is_not_enough_to_judge() -> None:
    plan = build_plan(Goal.BALANCED, Experience.INTERMEDIATE, FULL_GYM, 3)
    entries = logged_plan(plan, MONDAY, outside_group(MuscleGroup.HAMSTRINGS))
    volumes = weekly_volume(entries, 1, MONDAY + timedelta(days=6))

    assert find_imbalances(volumes, planned_volume(plan), FULL_GYM, Experience.INTERMEDIATE) == []


@pytest.mark.parametrize("goal", list(Goal))
def test_a_third_either_way_is_wobble_beyond_it_a_lag(goal: Goal) -> None:
    """Two-thirds of the plan's hamstring-to-glute ratio is still no lag; under it is."""
    plan = build_plan(goal, Experience.INTERMEDIATE, FULL_GYM, 4)
    planned = planned_volume(plan)
    glutes, hamstrings = (planned.by_group[g] for g in (MuscleGroup.GLUTES, MuscleGroup.HAMSTRINGS))

    def weeks(hamstring_sets: int) -> list[WeekVolume]:
        by_group = {MuscleGroup.GLUTES: 3 * glutes, MuscleGroup.HAMSTRINGS: hamstring_sets}
        volume = WeekVolume(by_group, {b: 3 * n for b, n in planned.by_pattern.items()}, MONDAY)
        return [volume, replace(volume, week_start=MONDAY + timedelta(weeks=1))]

    def group_lags(hamstring_sets: int) -> list[ImbalanceKind]:
        found = kinds(
            find_imbalances(weeks(hamstring_sets), planned, FULL_GYM, Experience.INTERMEDIATE)
        )
        return [kind for kind in found if kind in GROUP_LAGS.values()]

    assert group_lags(2 * hamstrings) == []
    assert group_lags(2 * hamstrings - 1) == [ImbalanceKind.HAMSTRINGS_LAG]


def test_almost_empty_weeks_are_not_judged() -> None:
    """Under MIN_WEEK_SETS and under a third of the plan, a week says more about a busy week."""
    plan = build_plan(Goal.BALANCED, Experience.ADVANCED, FULL_GYM, 5)
    assert planned_volume(plan).total_sets > 3 * MIN_WEEK_SETS
    light = {"barbell_hip_thrust": MIN_WEEK_SETS - 1}
    just_enough = {"barbell_hip_thrust": MIN_WEEK_SETS}

    def found(sets: dict[str, int]) -> list[Imbalance]:
        first, second = week(MONDAY, **sets), week(MONDAY + timedelta(weeks=1), **sets)
        return judge(plan, FULL_GYM, Experience.ADVANCED, first, second)

    assert found(light) == []
    assert ImbalanceKind.HAMSTRINGS_LAG in kinds(found(just_enough))


def test_kickbacks_and_back_extensions_fill_the_bridge_bucket() -> None:
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    kickback = require_exercise("cable_kickback")
    weeks = [
        [
            replace(entry, exercise_id=kickback.id)
            if PATTERN_GROUPS[require_exercise(entry.exercise_id or "").pattern]
            is PatternGroup.BRIDGE_THRUST
            and require_exercise(entry.exercise_id or "").primary is MuscleGroup.GLUTES
            else entry
            for entry in logged_plan(plan, monday)
        ]
        for monday in (MONDAY, MONDAY + timedelta(weeks=1))
    ]

    assert judge(plan, FULL_GYM, Experience.INTERMEDIATE, *weeks) == []
