"""The loads a person can pick up, and how logged loads round to them."""

from __future__ import annotations

import pytest

from bot.core.catalogue import CATALOGUE, require_exercise
from bot.core.loading import (
    SIZES,
    Sizes,
    estimates_1rm,
    heavier_load,
    load_sizes,
    same_load,
    shown_load,
)
from bot.core.profile import FULL_GYM, Equipment, Units

KG_DUMBBELLS = SIZES[Equipment.DUMBBELLS][Units.KG]
LB_DUMBBELLS = SIZES[Equipment.DUMBBELLS][Units.LB]
KG_BELLS = SIZES[Equipment.KETTLEBELL][Units.KG]
KG_BAR = SIZES[Equipment.BARBELL][Units.KG]


def test_the_sizes_are_the_ones_sold() -> None:
    assert [KG_DUMBBELLS.size(i) for i in range(13)] == [*range(1, 11), 12, 14, 16]
    assert [KG_DUMBBELLS.size(i) for i in range(29, 32)] == [50, 52.5, 55]
    assert [KG_BELLS.size(i) for i in range(16)] == [
        *(4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 48),
        56,
        64,
    ]
    assert [LB_DUMBBELLS.size(i) for i in range(3)] == [5, 10, 15]


@pytest.mark.parametrize(
    ("exercise_id", "equipment", "implement"),
    [
        ("barbell_hip_thrust", FULL_GYM, Equipment.BARBELL),
        ("goblet_squat", frozenset({Equipment.DUMBBELLS}), Equipment.DUMBBELLS),
        ("kettlebell_swing", FULL_GYM, Equipment.KETTLEBELL),
        ("lying_leg_curl", FULL_GYM, Equipment.LEG_CURL_MACHINE),
    ],
)
def test_an_exercise_is_loaded_in_the_sizes_of_its_implement(
    exercise_id: str, equipment: frozenset[Equipment], implement: Equipment
) -> None:
    sizes = load_sizes(require_exercise(exercise_id), Units.KG, equipment, loaded=False)

    assert sizes == SIZES[implement][Units.KG]


def test_without_its_implement_an_exercise_is_bodyweight_work_unless_a_load_was_logged() -> None:
    squat = require_exercise("barbell_back_squat")

    assert load_sizes(squat, Units.KG, frozenset(), loaded=False) is None
    # A load the person names was hand-held.
    assert load_sizes(squat, Units.KG, frozenset(), loaded=True) == KG_DUMBBELLS
    assert load_sizes(require_exercise("glute_bridge"), Units.KG, FULL_GYM, loaded=False) is None


@pytest.mark.parametrize(
    ("weight", "same"),
    [
        (15.88, 16.0),  # 35 lb
        (18.14, 18.0),  # 40 lb: 18 kg is 0.8% lighter, the same dumbbell
        (22.68, 24.0),  # 50 lb: 22 kg would be 3% lighter
        (12.5, 12.5),  # typed in kilograms: the person has it
        (16.0, 16.0),
    ],
)
def test_a_kept_load_is_as_typed_or_the_size_it_converts_to(weight: float, same: float) -> None:
    assert same_load(weight, KG_DUMBBELLS, Units.KG) == same


def test_a_converted_pound_load_keeps_no_stray_decimals() -> None:
    # 20 kg is 44.09 lb.
    assert same_load(44.09, LB_DUMBBELLS, Units.LB) == 45.0


@pytest.mark.parametrize(
    ("weight", "heavier"),
    [(15.88, 18.0), (16.0, 18.0), (18.14, 20.0), (12.5, 14.0), (9.0, 10.0), (10.0, 12.0)],
)
def test_adding_weight_is_one_size_up_from_the_size_lifted(weight: float, heavier: float) -> None:
    assert heavier_load(weight, KG_DUMBBELLS) == heavier


@pytest.mark.parametrize(
    ("weight", "units", "shown"),
    [
        (15.88, Units.KG, 16.0),  # 35 lb
        (11.34, Units.KG, 11.5),  # 25 lb
        (9.07, Units.KG, 9.0),  # 20 lb
        (44.09, Units.LB, 44.0),  # 20 kg
        (27.56, Units.LB, 28.0),  # 12.5 kg
        (61.25, Units.KG, 61.25),  # typed: small plates, kept as they are
        (22.5, Units.LB, 22.5),
    ],
)
def test_a_converted_load_is_told_back_to_half_a_kilo_or_a_pound(
    weight: float, units: Units, shown: float
) -> None:
    assert shown_load(weight, units) == shown


OWN_BELLS = Sizes((16.0, 24.0), None)


def test_sizes_of_a_persons_own_set_end_at_its_heaviest() -> None:
    assert OWN_BELLS.heaviest == 24.0
    assert OWN_BELLS.has_heavier(16.0)
    assert not OWN_BELLS.has_heavier(24.0)
    # Adding weight from the heaviest stays there: there is nothing heavier to pick up.
    assert heavier_load(24.0, OWN_BELLS) == 24.0
    assert heavier_load(16.0, OWN_BELLS) == 24.0
    assert OWN_BELLS.nearest(40.0) == 24.0
    assert OWN_BELLS.nearest(19.0) == 16.0
    assert OWN_BELLS.below(24.0) == 16.0
    assert OWN_BELLS.below(16.0) is None


def test_the_shops_sizes_never_end() -> None:
    for sizes in (KG_DUMBBELLS, LB_DUMBBELLS, KG_BELLS, KG_BAR):
        assert sizes.heaviest is None
        assert sizes.has_heavier(1000.0)


def test_a_one_rep_max_is_estimated_for_the_exercises_an_implement_loads() -> None:
    """A load logged on split squats or Nordics is added to the body; one on a barbell lift,
    a machine or a cable is what was lifted. An exercise of the person's own is trusted."""
    for exercise in CATALOGUE:
        by_implement = load_sizes(exercise, Units.KG, FULL_GYM, loaded=False) is not None
        assert estimates_1rm(exercise) == by_implement, exercise.id
    assert estimates_1rm(None)
