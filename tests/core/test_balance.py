"""Weekly volume by group and movement, and the two-week lags the Sunday summary points out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.balance import (
    MIN_WEEK_SETS,
    Imbalance,
    ImbalanceKind,
    PatternGroup,
    WeekVolume,
    find_imbalances,
    weekly_volume,
)
from bot.core.catalogue import MuscleGroup, get_exercise
from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import FULL_GYM, Equipment, Experience

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


def two_weeks(first: dict[str, int], second: dict[str, int]) -> list[WeekVolume]:
    """Volumes of two complete weeks, judged on the Sunday that ends the second."""
    entries = [*week(MONDAY, **first), *week(MONDAY + timedelta(weeks=1), **second)]
    return weekly_volume(entries, 2, MONDAY + timedelta(days=13))


def kinds(imbalances: list[Imbalance]) -> list[ImbalanceKind]:
    return [imbalance.kind for imbalance in imbalances]


# Glutes 12, hamstrings 8: exactly two-thirds, every bucket trained.
BALANCED = {
    "barbell_hip_thrust": 4,
    "barbell_back_squat": 4,
    "bulgarian_split_squat": 4,
    "romanian_deadlift": 4,
    "lying_leg_curl": 4,
}
# Glutes 12, hamstrings 7: just under two-thirds.
HAMSTRINGS_BEHIND = {**BALANCED, "lying_leg_curl": 3}


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


def test_hamstrings_under_two_thirds_of_glutes_for_two_weeks_is_flagged() -> None:
    volumes = two_weeks(HAMSTRINGS_BEHIND, HAMSTRINGS_BEHIND)

    assert kinds(find_imbalances(volumes, FULL_GYM, Experience.INTERMEDIATE)) == [
        ImbalanceKind.HAMSTRINGS_LAG
    ]


def test_exactly_two_thirds_is_not_a_lag() -> None:
    assert find_imbalances(two_weeks(BALANCED, BALANCED), FULL_GYM, Experience.INTERMEDIATE) == []


@pytest.mark.parametrize(
    ("first", "second"), [(BALANCED, HAMSTRINGS_BEHIND), (HAMSTRINGS_BEHIND, BALANCED)]
)
def test_one_lagging_week_is_not_flagged(first: dict[str, int], second: dict[str, int]) -> None:
    assert find_imbalances(two_weeks(first, second), FULL_GYM, Experience.INTERMEDIATE) == []


def test_a_single_known_week_is_not_enough_to_judge() -> None:
    volumes = two_weeks(HAMSTRINGS_BEHIND, HAMSTRINGS_BEHIND)[-1:]

    assert find_imbalances(volumes, FULL_GYM, Experience.INTERMEDIATE) == []


def test_glutes_lagging_hamstrings_is_flagged_with_a_glute_exercise() -> None:
    hamstring_heavy = {"romanian_deadlift": 6, "lying_leg_curl": 6, "barbell_back_squat": 4}

    imbalances = find_imbalances(
        two_weeks(hamstring_heavy, hamstring_heavy), FULL_GYM, Experience.INTERMEDIATE
    )

    # No bridge or thrust either: the glute suggestion goes to that empty bucket.
    assert imbalances == [
        Imbalance(ImbalanceKind.GLUTES_LAG, get_exercise("barbell_hip_thrust")),
        Imbalance(ImbalanceKind.NO_BRIDGE_THRUST, get_exercise("barbell_hip_thrust")),
    ]


def test_almost_empty_weeks_are_not_judged() -> None:
    light = {"glute_bridge": MIN_WEEK_SETS - 1}
    just_enough = {"glute_bridge": MIN_WEEK_SETS}

    assert find_imbalances(two_weeks(light, light), BODYWEIGHT, Experience.BEGINNER) == []
    assert ImbalanceKind.HAMSTRINGS_LAG in kinds(
        find_imbalances(two_weeks(just_enough, just_enough), BODYWEIGHT, Experience.BEGINNER)
    )


# Glutes 10, hamstrings 8, but no curl in either week.
NO_CURLS = {"glute_bridge": 6, "bodyweight_squat": 4, "single_leg_rdl": 8}


@pytest.mark.parametrize(
    ("equipment", "experience", "expected"),
    [
        (BODYWEIGHT, Experience.BEGINNER, "towel_slide_curl"),
        (BODYWEIGHT, Experience.INTERMEDIATE, "hamstring_walkout"),
        (BODYWEIGHT, Experience.ADVANCED, "nordic_curl"),
        (frozenset({Equipment.BANDS}), Experience.BEGINNER, "band_leg_curl"),
        (FULL_GYM, Experience.BEGINNER, "lying_leg_curl"),
        (FULL_GYM, Experience.INTERMEDIATE, "lying_leg_curl"),
    ],
)
def test_no_knee_flexion_for_two_weeks_suggests_a_curl_the_person_can_do(
    equipment: frozenset[Equipment], experience: Experience, expected: str
) -> None:
    imbalances = find_imbalances(two_weeks(NO_CURLS, NO_CURLS), equipment, experience)

    assert imbalances == [Imbalance(ImbalanceKind.NO_KNEE_FLEXION, get_exercise(expected))]


def test_lagging_hamstrings_get_the_movement_they_trained_least() -> None:
    hinges_only = {"barbell_hip_thrust": 6, "barbell_back_squat": 6, "romanian_deadlift": 4}
    curls_only = {"barbell_hip_thrust": 6, "barbell_back_squat": 6, "lying_leg_curl": 4}

    no_curls = find_imbalances(two_weeks(hinges_only, hinges_only), FULL_GYM, Experience.BEGINNER)
    no_hinge = find_imbalances(two_weeks(curls_only, curls_only), FULL_GYM, Experience.BEGINNER)

    lying_leg_curl = get_exercise("lying_leg_curl")
    assert no_curls == [
        Imbalance(ImbalanceKind.HAMSTRINGS_LAG, lying_leg_curl),
        Imbalance(ImbalanceKind.NO_KNEE_FLEXION, lying_leg_curl),
    ]
    # A beginner is not sent to the barbell RDL, an intermediate lift.
    db_rdl = get_exercise("dumbbell_romanian_deadlift")
    assert no_hinge == [
        Imbalance(ImbalanceKind.HAMSTRINGS_LAG, db_rdl),
        Imbalance(ImbalanceKind.NO_HIP_HINGE, db_rdl),
    ]


def test_kickbacks_and_back_extensions_fill_the_bridge_bucket() -> None:
    no_bridges = {
        "cable_kickback": 4,
        "ball_back_extension": 3,
        "goblet_squat": 3,
        "romanian_deadlift": 4,
        "lying_leg_curl": 3,
    }

    assert find_imbalances(two_weeks(no_bridges, no_bridges), FULL_GYM, Experience.BEGINNER) == []


def test_no_squat_or_lunge_for_two_weeks_is_flagged() -> None:
    no_squats = {"glute_bridge": 6, "single_leg_rdl": 4, "towel_slide_curl": 4}

    imbalances = find_imbalances(two_weeks(no_squats, no_squats), BODYWEIGHT, Experience.BEGINNER)

    assert imbalances == [Imbalance(ImbalanceKind.NO_SQUAT_LUNGE, get_exercise("bodyweight_squat"))]


def test_skipping_abduction_is_not_a_gap() -> None:
    volumes = two_weeks(BALANCED, BALANCED)

    assert all(v.by_pattern[PatternGroup.HIP_ABDUCTION] == 0 for v in volumes)
    assert find_imbalances(volumes, FULL_GYM, Experience.INTERMEDIATE) == []
