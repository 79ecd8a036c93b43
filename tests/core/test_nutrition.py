"""Daily protein targets: known values, the meal split and what is refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.nutrition import ProteinPlan, protein_plan
from bot.core.profile import Goal


def test_a_70_kg_person_with_a_balanced_goal() -> None:
    # 1.6 g/kg is 112 g, shown as 110 g; the range is 1.4–2.2 g/kg, 98–154 g; four meals.
    assert protein_plan(70, Goal.BALANCED) == ProteinPlan(
        daily_g=110, low_g=98, high_g=154, per_meal_g=28, meals=4
    )


@pytest.mark.parametrize(
    ("goal", "daily_g"),
    [
        (Goal.GLUTES, 125),  # 1.8 g/kg = 126 g
        (Goal.HAMSTRINGS, 125),
        (Goal.STRENGTH, 120),  # 1.7 g/kg = 119 g
        (Goal.ATHLETIC, 120),
        (Goal.BALANCED, 110),  # 1.6 g/kg = 112 g
    ],
)
def test_muscle_building_goals_aim_a_little_higher(goal: Goal, daily_g: int) -> None:
    plan = protein_plan(70, goal)
    assert plan.daily_g == daily_g
    assert (plan.low_g, plan.high_g) == (98, 154)


def test_halves_round_up_to_the_next_five_grams() -> None:
    # 1.6 × 70.3125 kg = 112.5 g, which round() would take down to 110 g.
    assert protein_plan(70.3125, Goal.BALANCED).daily_g == 115


def test_the_target_follows_bodyweight() -> None:
    assert protein_plan(55, Goal.GLUTES).daily_g == 100  # 99 g
    assert protein_plan(100, Goal.GLUTES).daily_g == 180
    assert protein_plan(100, Goal.GLUTES).high_g == 220


@pytest.mark.parametrize(("meals", "per_meal_g"), [(3, 37), (4, 28), (5, 22)])
def test_the_target_is_split_evenly_over_the_meals(meals: int, per_meal_g: int) -> None:
    plan = protein_plan(70, Goal.BALANCED, meals=meals)
    assert plan.meals == meals
    assert plan.per_meal_g == per_meal_g


def test_no_meal_is_planned_under_20_g() -> None:
    # 40 kg: 65 g a day, which would be 13 g a meal over five meals.
    plan = protein_plan(40, Goal.BALANCED, meals=5)
    assert plan.daily_g == 65
    assert plan.per_meal_g == 20


def test_the_lightest_and_heaviest_accepted_bodyweights() -> None:
    assert protein_plan(25, Goal.BALANCED) == ProteinPlan(
        daily_g=40, low_g=35, high_g=55, per_meal_g=20, meals=4
    )
    assert protein_plan(350, Goal.BALANCED).daily_g == 560


@pytest.mark.parametrize("bodyweight_kg", [24.9, 350.1, 0, -70, math.nan, math.inf])
def test_an_implausible_bodyweight_is_refused(bodyweight_kg: float) -> None:
    with pytest.raises(ValueError, match="bodyweight"):
        protein_plan(bodyweight_kg, Goal.BALANCED)


@pytest.mark.parametrize("meals", [2, 6, 0])
def test_a_meal_count_outside_three_to_five_is_refused(meals: int) -> None:
    with pytest.raises(ValueError, match="meals"):
        protein_plan(70, Goal.BALANCED, meals=meals)


@given(
    bodyweight_kg=st.floats(25, 350),
    goal=st.sampled_from(Goal),
    meals=st.integers(3, 5),
)
def test_the_target_always_sits_inside_the_range_and_the_meals_cover_it(
    bodyweight_kg: float, goal: Goal, meals: int
) -> None:
    plan = protein_plan(bodyweight_kg, goal, meals)
    assert plan.daily_g % 5 == 0
    assert plan.low_g < plan.daily_g < plan.high_g
    assert bodyweight_kg * 1.6 - 2.5 <= plan.daily_g <= bodyweight_kg * 1.8 + 2.5
    assert plan.per_meal_g >= 20
    # Rounding each meal to the gram loses at most half a gram a meal.
    assert plan.per_meal_g * meals >= plan.daily_g - meals / 2
