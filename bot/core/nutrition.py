"""Daily protein targets for people training to build glutes and hamstrings.

Evidence:
* ISSN position stand on protein and exercise (Jäger et al., 2017, JISSN 14:20): 1.4–2.0 g
  per kg of bodyweight per day suffices for most exercising people building muscle.
* Morton et al., 2018 (Br J Sports Med 52:376–384), meta-analysis of 49 trials: gains in
  fat-free mass from resistance training plateau at about 1.6 g/kg/day, with the upper
  confidence limit around 2.2 g/kg/day.
* Schoenfeld & Aragon, 2018 (JISSN 15:10): about 0.4 g/kg per meal over at least four meals.

So the range shown is 1.4–2.2 g/kg/day and the target sits at or a little above Morton's
1.6 g/kg, where the goal is chiefly about muscle:
* glutes, hamstrings: 1.8 g/kg — building muscle is the whole point, and 1.6 is a population
  average, so a margin covers more of the people who would still gain from more;
* strength, athletic: 1.7 g/kg — muscle helps, but the training itself drives most progress;
* balanced: 1.6 g/kg — the plateau itself.

Protein is labelled in grams everywhere, so targets are grams whatever units the person uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.core.answers import MAX_BODYWEIGHT_KG, MIN_BODYWEIGHT_KG
from bot.core.profile import Goal

LOW_G_PER_KG = 1.4
HIGH_G_PER_KG = 2.2
G_PER_KG_BY_GOAL: dict[Goal, float] = {
    Goal.GLUTES: 1.8,
    Goal.HAMSTRINGS: 1.8,
    Goal.STRENGTH: 1.7,
    Goal.ATHLETIC: 1.7,
    Goal.BALANCED: 1.6,
}
MIN_MEALS = 3
MAX_MEALS = 5
# About 20 g in one meal maximised muscle protein synthesis in young men (Moore et al., 2009).
MIN_PER_MEAL_G = 20
_DAILY_STEP_G = 5


@dataclass(frozen=True, slots=True)
class ProteinPlan:
    """Grams of protein: the daily target, the evidence-based range and an even split."""

    daily_g: int
    low_g: int
    high_g: int
    per_meal_g: int
    meals: int


def protein_plan(bodyweight_kg: float, goal: Goal, meals: int = 4) -> ProteinPlan:
    """The daily target rounded to 5 g, the 1.4–2.2 g/kg range to the gram, and the target
    split evenly over `meals` to the gram but never under 20 g a meal.

    Where the even split falls under 20 g (daily targets below 20 g times `meals`: about
    48 kg at 1.6 g/kg over four meals) the floor makes the meals add up to more than the
    daily target, which is the better error for someone trying to build muscle.
    ValueError for a bodyweight outside 25–350 kg or a meal count outside 3–5.
    """
    if not MIN_BODYWEIGHT_KG <= bodyweight_kg <= MAX_BODYWEIGHT_KG:
        raise ValueError(
            f"bodyweight must be {MIN_BODYWEIGHT_KG:g}–{MAX_BODYWEIGHT_KG:g} kg, "
            f"got {bodyweight_kg}"
        )
    if not MIN_MEALS <= meals <= MAX_MEALS:
        raise ValueError(f"meals must be {MIN_MEALS}–{MAX_MEALS}, got {meals}")
    daily_g = _round_half_up(bodyweight_kg * G_PER_KG_BY_GOAL[goal] / _DAILY_STEP_G)
    daily_g *= _DAILY_STEP_G
    return ProteinPlan(
        daily_g=daily_g,
        low_g=_round_half_up(bodyweight_kg * LOW_G_PER_KG),
        high_g=_round_half_up(bodyweight_kg * HIGH_G_PER_KG),
        per_meal_g=max(MIN_PER_MEAL_G, _round_half_up(daily_g / meals)),
        meals=meals,
    )


def _round_half_up(value: float) -> int:
    # round() sends halves to the even neighbour: 112.5 g would become 110 g but 117.5 g 120 g.
    return math.floor(value + 0.5)
