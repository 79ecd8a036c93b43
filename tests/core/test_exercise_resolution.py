"""A typed name resolves to the person's exercise: today's, the plan's, what they can do."""

from __future__ import annotations

import pytest

from bot.core.catalogue import require_exercise
from bot.core.exercise_resolution import LogContext, closest_exercises, resolve_exercise
from bot.core.profile import Equipment

DUMBBELLS_AND_BENCH = frozenset({Equipment.DUMBBELLS, Equipment.BENCH})


def _resolved(typed: str, matched: str, context: LogContext) -> str:
    return resolve_exercise(typed, require_exercise(matched), context).id


@pytest.mark.parametrize(
    ("typed", "matched", "expected"),
    [
        ("hip thrust", "barbell_hip_thrust", "dumbbell_hip_thrust"),
        ("RDL", "romanian_deadlift", "dumbbell_romanian_deadlift"),
        ("hamstring curls", "lying_leg_curl", "dumbbell_leg_curl"),
        ("squat", "barbell_back_squat", "goblet_squat"),
        # Said with its equipment, or more specific than any variant: kept.
        ("barbell rdl", "romanian_deadlift", "romanian_deadlift"),
        ("single leg rdl", "single_leg_rdl", "single_leg_rdl"),
    ],
)
def test_equipment_decides_when_the_plan_does_not(typed: str, matched: str, expected: str) -> None:
    assert _resolved(typed, matched, LogContext(equipment=DUMBBELLS_AND_BENCH)) == expected


def test_the_plan_comes_before_the_catalogue() -> None:
    context = LogContext(plan=("dumbbell_hip_thrust",))  # a full gym, but this plan
    assert _resolved("hip thrust", "barbell_hip_thrust", context) == "dumbbell_hip_thrust"


def test_today_comes_before_the_plan() -> None:
    context = LogContext(
        equipment=frozenset(),
        today=("bodyweight_squat", "glute_bridge"),
        plan=("jump_squat", "bodyweight_squat"),
    )
    assert _resolved("squat", "barbell_back_squat", context) == "bodyweight_squat"


def test_without_context_the_catalogue_decides() -> None:
    assert _resolved("hip thrust", "barbell_hip_thrust", LogContext()) == "barbell_hip_thrust"


def test_a_variant_the_person_cannot_do_is_not_taken_from_the_plan_of_another() -> None:
    context = LogContext(equipment=DUMBBELLS_AND_BENCH, plan=("glute_bridge",))
    assert _resolved("hip thrust", "barbell_hip_thrust", context) == "dumbbell_hip_thrust"


def test_closest_names_prefer_what_the_person_can_do() -> None:
    found = closest_exercises("hip trusters", LogContext(equipment=DUMBBELLS_AND_BENCH))
    assert len(found) == 3
    assert all(e.usable_with(DUMBBELLS_AND_BENCH) for e in found)
    assert found[0].id in {"dumbbell_hip_thrust", "single_leg_hip_thrust"}
