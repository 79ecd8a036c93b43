"""The exercise catalogue: complete, consistent, and findable by the names people type."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from bot.core.catalogue import (
    CATALOGUE,
    Difficulty,
    Exercise,
    MuscleGroup,
    Pattern,
    easier_variant,
    get_exercise,
    harder_variant,
    lookup,
    normalise,
    require_exercise,
)
from bot.core.profile import Equipment, Experience

EQUIPMENT_SUBSETS = [
    frozenset(combo)
    for size in range(len(Equipment) + 1)
    for combo in combinations(Equipment, size)
]


def test_there_are_at_least_thirty_exercises_with_unique_snake_case_ids() -> None:
    ids = [exercise.id for exercise in CATALOGUE]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", exercise_id) for exercise_id in ids)


def test_every_exercise_is_described_fully() -> None:
    for exercise in CATALOGUE:
        assert exercise.primary in {MuscleGroup.GLUTES, MuscleGroup.HAMSTRINGS}, exercise.id
        assert exercise.primary not in exercise.secondary, exercise.id
        assert 2 <= len(exercise.cues) <= 3, exercise.id
        # Cues are read mid-set on a phone: short phrases, not paragraphs.
        assert all(0 < len(cue) <= 60 for cue in exercise.cues), exercise.id
        low, high = exercise.rep_range
        assert 1 <= low < high, exercise.id
        assert exercise.aliases, exercise.id
        assert all(alias == alias.lower().strip() for alias in exercise.aliases), exercise.id


def test_harder_variants_exist_and_train_the_same_way() -> None:
    for exercise in CATALOGUE:
        if exercise.harder is None:
            continue
        harder = require_exercise(exercise.harder)
        assert harder.primary is exercise.primary, exercise.id
        assert harder.difficulty.rank >= exercise.difficulty.rank, exercise.id


def test_every_name_and_alias_finds_its_own_exercise() -> None:
    for exercise in CATALOGUE:
        for text in (exercise.id, exercise.name, *exercise.aliases):
            assert lookup(text) is exercise, text


def test_no_two_exercises_share_a_name_or_alias() -> None:
    owners: dict[str, str] = {}
    for exercise in CATALOGUE:
        for text in {normalise(t) for t in (exercise.id, exercise.name, *exercise.aliases)}:
            assert owners.setdefault(text, exercise.id) == exercise.id, text


@pytest.mark.parametrize(
    ("typed", "exercise_id"),
    [
        ("RDL", "romanian_deadlift"),
        ("rdls", "romanian_deadlift"),
        ("Hip Thrusts", "barbell_hip_thrust"),
        ("hip-thrust", "barbell_hip_thrust"),
        ("  hip   thrust ", "barbell_hip_thrust"),
        ("Bulgarians", "bulgarian_split_squat"),
        ("BSS", "bulgarian_split_squat"),
        ("nordics", "nordic_curl"),
        ("SLDL", "stiff_leg_deadlift"),
        ("GHT", "glute_ham_raise"),
        ("ghr", "glute_ham_raise"),
        ("good mornings", "good_morning"),
        ("step-ups", "step_up"),
        ("Single-leg RDL", "single_leg_rdl"),
        ("KB swings", "kettlebell_swing"),
        ("swiss ball leg curls", "stability_ball_leg_curl"),
        ("towel curls", "towel_slide_curl"),
    ],
)
def test_names_people_type_are_understood(typed: str, exercise_id: str) -> None:
    found = lookup(typed)
    assert found is not None
    assert found.id == exercise_id


@pytest.mark.parametrize("typed", ["", "   ", "bench press", "moon squat", "curl"])
def test_unknown_names_find_nothing(typed: str) -> None:
    assert lookup(typed) is None


def test_exercises_by_id() -> None:
    assert get_exercise("nordic_curl") is require_exercise("nordic_curl")
    assert get_exercise("moon_squat") is None
    with pytest.raises(ValueError, match="moon_squat"):
        require_exercise("moon_squat")


def test_every_equipment_set_and_level_has_a_hamstring_curl() -> None:
    for equipment in EQUIPMENT_SUBSETS:
        for experience in Experience:
            assert any(
                e.pattern is Pattern.KNEE_FLEXION
                and e.primary is MuscleGroup.HAMSTRINGS
                and e.usable_with(equipment)
                and e.difficulty.suits(experience)
                for e in CATALOGUE
            ), (sorted(equipment), experience)


def test_equipment_and_levels_the_issue_names() -> None:
    thrust = require_exercise("barbell_hip_thrust")
    assert thrust.equipment == {Equipment.BARBELL, Equipment.BENCH}
    assert not thrust.usable_with(frozenset({Equipment.BARBELL}))
    assert not thrust.usable_with(frozenset({Equipment.BENCH}))
    towel = require_exercise("towel_slide_curl")
    assert towel.equipment == frozenset()
    assert towel.pattern is Pattern.KNEE_FLEXION
    assert towel.difficulty is Difficulty.BEGINNER
    assert require_exercise("nordic_curl").difficulty is Difficulty.ADVANCED
    assert not require_exercise("nordic_curl").difficulty.suits(Experience.INTERMEDIATE)


def test_the_catalogue_covers_every_movement_pattern_for_both_groups() -> None:
    glute_patterns = {e.pattern for e in CATALOGUE if e.primary is MuscleGroup.GLUTES}
    hamstring_patterns = {e.pattern for e in CATALOGUE if e.primary is MuscleGroup.HAMSTRINGS}
    assert glute_patterns >= set(Pattern) - {Pattern.KNEE_FLEXION}
    assert hamstring_patterns >= {Pattern.HIP_HINGE, Pattern.KNEE_FLEXION}


LADDERS = [
    ["glute_bridge", "single_leg_glute_bridge", "elevated_single_leg_bridge"],
    ["bodyweight_squat", "split_squat", "bulgarian_split_squat", "skater_squat", "shrimp_squat"],
    ["towel_slide_curl", "single_leg_slide_curl", "nordic_negative", "nordic_curl"],
]


@pytest.mark.parametrize("ladder", LADDERS)
def test_bodyweight_ladders_climb_to_the_next_rung_the_person_can_do(ladder: list[str]) -> None:
    for equipment in EQUIPMENT_SUBSETS:
        for experience in Experience:
            for exercise_id in ladder:
                exercise = require_exercise(exercise_id)
                up = harder_variant(exercise, equipment, experience)
                if up is None:
                    continue
                assert up.usable_with(equipment)
                assert up.difficulty.suits(experience)
                assert up.primary is exercise.primary
                # Nothing usable was skipped on the way up, and the way back leads down.
                skipped = _rungs_between(exercise, up)
                assert not any(
                    r.usable_with(equipment) and r.difficulty.suits(experience) for r in skipped
                )
                down = easier_variant(up, equipment, experience)
                assert down is not None


def _rungs_between(low: Exercise, high: Exercise) -> list[Exercise]:
    rungs: list[Exercise] = []
    rung = require_exercise(low.harder) if low.harder else None
    while rung is not None and rung is not high:
        rungs.append(rung)
        rung = require_exercise(rung.harder) if rung.harder else None
    return rungs


def test_every_ladder_bottom_has_no_way_down_and_every_top_no_way_up() -> None:
    assert (
        easier_variant(require_exercise("glute_bridge"), frozenset(), Experience.ADVANCED) is None
    )
    assert (
        harder_variant(require_exercise("shrimp_squat"), frozenset(), Experience.ADVANCED) is None
    )
    # Without a bench, the split squat goes straight to the skater squat.
    skater = harder_variant(require_exercise("split_squat"), frozenset(), Experience.INTERMEDIATE)
    assert skater is require_exercise("skater_squat")
    # Beginners stop short of the full Nordic; the negative is theirs.
    negative = require_exercise("nordic_negative")
    assert harder_variant(negative, frozenset(), Experience.BEGINNER) is None
    assert negative.difficulty is Difficulty.BEGINNER
    assert negative.equipment == frozenset()


def test_nordic_and_glute_ham_work_counts_as_heavy_hamstring_work() -> None:
    for exercise_id in ("nordic_negative", "nordic_curl", "glute_ham_raise", "romanian_deadlift"):
        assert require_exercise(exercise_id).is_heavy_hamstring, exercise_id
    for exercise_id in ("towel_slide_curl", "single_leg_rdl", "kettlebell_swing"):
        assert not require_exercise(exercise_id).is_heavy_hamstring, exercise_id
