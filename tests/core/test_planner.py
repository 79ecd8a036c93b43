"""The weekly planner keeps its coaching rules for every goal, level, equipment set and week."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import combinations
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.catalogue import (
    CATALOGUE,
    Difficulty,
    Exercise,
    MuscleGroup,
    Pattern,
    get_exercise,
)
from bot.core.plan_json import plan_from_dict, plan_to_dict
from bot.core.planner import (
    NotASubstitute,
    PlannedExercise,
    RecoveryFocus,
    Swap,
    WeekPlan,
    apply_swaps,
    build_plan,
    keep_exercise,
    substitutes,
    suggest_weekdays,
    swap_exercise,
    swap_options,
    swaps_between,
)
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal, Weekday
from tests.core.builders import profile

EQUIPMENT_SUBSETS = [
    frozenset(combo)
    for size in range(len(Equipment) + 1)
    for combo in combinations(Equipment, size)
]
DAY_COUNTS = range(2, 6)
SET_RANGES = {
    Experience.BEGINNER: (6, 14),
    Experience.INTERMEDIATE: (10, 20),
    Experience.ADVANCED: (12, 24),
}
# Written out here rather than imported, so the test states the rule independently.
HIP_EXTENSION = {
    Pattern.BRIDGE_THRUST,
    Pattern.HIP_EXTENSION,
    Pattern.HIP_HINGE,
    Pattern.SQUAT,
    Pattern.LUNGE,
}


def consecutive(a: Weekday, b: Weekday) -> bool:
    return (a - b) % 7 in (1, 6)


def rule_violations(
    plan: WeekPlan,
    goal: Goal,
    experience: Experience,
    equipment: frozenset[Equipment],
    training: tuple[Weekday, ...],
) -> list[str]:
    """Rules 1-4 of the issue, plus: exactly the training days are workouts."""
    problems: list[str] = []
    workouts = [day for day in plan.days if day.is_workout]
    if {day.weekday for day in workouts} != set(training):
        problems.append(f"workouts on {[d.weekday.short for d in workouts]}, wanted {training}")
    for day in plan.days:
        if not day.is_workout and day.recovery is None:
            problems.append(f"{day.weekday.short}: recovery day without guidance")
    exercises = [planned.exercise for day in workouts for planned in day.exercises]
    for exercise in exercises:
        if not exercise.equipment <= equipment:
            problems.append(f"{exercise.id} needs {set(exercise.equipment - equipment)}")
        if experience is Experience.BEGINNER and exercise.difficulty is Difficulty.ADVANCED:
            problems.append(f"{exercise.id} is advanced, given to a beginner")
    if not any(
        e.primary is MuscleGroup.HAMSTRINGS and e.pattern is Pattern.KNEE_FLEXION for e in exercises
    ):
        problems.append("no hamstring knee-flexion exercise")
    if not any(e.primary is MuscleGroup.GLUTES and e.pattern in HIP_EXTENSION for e in exercises):
        problems.append("no glute hip-extension exercise")
    sets = plan.weekly_sets()
    glutes, hamstrings = sets[MuscleGroup.GLUTES], sets[MuscleGroup.HAMSTRINGS]
    low, high = SET_RANGES[experience]
    if not (low <= glutes <= high and low <= hamstrings <= high):
        problems.append(f"weekly sets glutes {glutes}, hamstrings {hamstrings}")
    if goal is Goal.GLUTES and glutes < hamstrings:
        problems.append("glute goal with fewer glute sets")
    if goal is Goal.HAMSTRINGS and hamstrings < glutes:
        problems.append("hamstring goal with fewer hamstring sets")
    if goal is Goal.BALANCED and not (
        2 * glutes <= 3 * hamstrings and 2 * hamstrings <= 3 * glutes
    ):
        problems.append(f"balanced goal with {glutes}:{hamstrings} sets")
    for day in workouts:
        if not 2 <= len(day.exercises) <= 6:
            problems.append(f"{day.weekday.short}: {len(day.exercises)} exercises")
        ids = [planned.exercise.id for planned in day.exercises]
        if len(set(ids)) != len(ids):
            problems.append(f"{day.weekday.short}: an exercise twice in one workout")
        for planned in day.exercises:
            low_reps, high_reps = planned.reps
            sensible = (
                2 <= planned.sets <= 5
                and 1 <= low_reps <= high_reps
                and 30 <= planned.rest_seconds <= 300
            )
            if not sensible:
                problems.append(f"{planned.exercise.id}: prescription {planned}")
    return problems


COMPOUND = {Pattern.SQUAT, Pattern.LUNGE, Pattern.HIP_HINGE, Pattern.BRIDGE_THRUST}
FREE_WEIGHTS = {Equipment.BARBELL, Equipment.DUMBBELLS, Equipment.KETTLEBELL}


def is_heavy_hamstring_work(exercise: Exercise) -> bool:
    """Loaded hinges, Nordics and glute-ham raises."""
    loaded_hinge = (
        exercise.pattern is Pattern.HIP_HINGE
        and bool(exercise.equipment & FREE_WEIGHTS)
        and not exercise.explosive
    )
    return loaded_hinge or exercise.id in {"nordic_curl", "nordic_negative", "glute_ham_raise"}


def coaching_violations(
    plan: WeekPlan, goal: Goal, experience: Experience, equipment: frozenset[Equipment]
) -> list[str]:
    """The issue "A coach that adapts": compound lifts, Nordics, spacing, rest, loads."""
    problems: list[str] = []
    workouts = [day for day in plan.days if day.is_workout]
    for day in workouts:
        if not any(p.exercise.pattern in COMPOUND for p in day.exercises):
            problems.append(f"{day.weekday.short}: no compound lift")
        if sum(p.sets for p in day.exercises) < 4:
            problems.append(f"{day.weekday.short}: only {sum(p.sets for p in day.exercises)} sets")
    nordics = [p for d in workouts for p in d.exercises if p.exercise.id.startswith("nordic")]
    if not 1 <= len(nordics) <= 2 or any(not 2 <= p.sets <= 3 for p in nordics):
        problems.append(f"Nordics: {[(p.exercise.id, p.sets) for p in nordics]}")
    heavy = {
        d.weekday for d in workouts if any(is_heavy_hamstring_work(p.exercise) for p in d.exercises)
    }
    if any(Weekday((w + 1) % 7) in heavy for w in heavy):
        problems.append(f"heavy hamstring work on consecutive days: {sorted(heavy)}")
    for planned in (p for d in workouts for p in d.exercises):
        problems += [
            f"{planned.exercise.id}: {p}"
            for p in prescription_violations(planned, goal, experience)
        ]
    return problems


def barbell_violations(
    plan: WeekPlan, goal: Goal, experience: Experience, equipment: frozenset[Equipment]
) -> list[str]:
    """On the days Coach suggests (two back-to-back days leave no room for a heavy hinge
    beside the Nordic), beginners learn the barbell lifts they own; athletes squat with
    jumps instead."""
    problems: list[str] = []
    workouts = [day for day in plan.days if day.is_workout]
    if experience is Experience.BEGINNER and Equipment.BARBELL in equipment:
        ids = {p.exercise.id for d in workouts for p in d.exercises}
        wanted = {"romanian_deadlift"}
        if goal is not Goal.ATHLETIC:
            wanted.add("barbell_back_squat")
            if Equipment.BENCH in equipment:
                wanted.add("barbell_hip_thrust")
        if not wanted <= ids:
            problems.append(f"a beginner with a barbell misses {wanted - ids}")
    return problems


def prescription_violations(
    planned: PlannedExercise, goal: Goal, experience: Experience
) -> list[str]:
    exercise = planned.exercise
    loaded = (
        exercise.pattern in COMPOUND
        and bool(exercise.equipment & FREE_WEIGHTS)
        and not exercise.explosive
    )
    rest = planned.rest_seconds
    problems: list[str] = []
    if loaded and not (120 <= rest <= 180 and (rest == 180) == (planned.reps[1] <= 6)):
        problems.append(f"loaded compound resting {rest} s for {planned.reps}")
    if not loaded and exercise.pattern in COMPOUND and rest not in (90, 120):
        problems.append(f"compound resting {rest} s")
    if exercise.pattern not in COMPOUND and not 60 <= rest <= 90:
        problems.append(f"isolation resting {rest} s")
    if goal is Goal.STRENGTH and loaded and not (planned.reps[0] >= 3 and planned.reps[1] <= 8):
        problems.append(f"strength goal with reps {planned.reps}")
    barbell = loaded and Equipment.BARBELL in exercise.equipment
    beginner = experience is Experience.BEGINNER
    if barbell and beginner and goal is not Goal.STRENGTH and planned.reps[0] < 8:
        problems.append(f"a beginner learning the barbell with reps {planned.reps}")
    if barbell and not beginner and goal is Goal.STRENGTH and planned.reps[1] > 6:
        problems.append(f"strength goal barbell lift with reps {planned.reps}")
    return problems


def spacing_violations(training: tuple[Weekday, ...]) -> list[str]:
    """Rule 5, for days Coach chose (the week repeats, so Sunday touches Monday)."""
    chosen = set(training)
    if len(training) <= 3:
        touching = [d.short for d in training if Weekday((d + 1) % 7) in chosen]
        return [f"back-to-back workouts from {touching}"] if touching else []
    if len(training) == 4:
        runs = [
            d.short
            for d in training
            if Weekday((d + 1) % 7) in chosen and Weekday((d + 2) % 7) in chosen
        ]
        return [f"three workouts in a row from {runs}"] if runs else []
    return []


def test_every_goal_level_equipment_and_day_count_keeps_the_rules() -> None:
    failures: list[str] = []
    for goal in Goal:
        for experience in Experience:
            for equipment in EQUIPMENT_SUBSETS:
                for days in DAY_COUNTS:
                    plan = build_plan(goal, experience, equipment, days)
                    training = tuple(d.weekday for d in plan.days if d.is_workout)
                    problems = rule_violations(plan, goal, experience, equipment, training)
                    problems += spacing_violations(training)
                    problems += coaching_violations(plan, goal, experience, equipment)
                    problems += barbell_violations(plan, goal, experience, equipment)
                    if len(training) != days:
                        problems.append(f"{len(training)} workouts for {days} days")
                    failures += [
                        f"{goal}/{experience}/{sorted(equipment)}/{days}: {p}" for p in problems
                    ]
    assert failures[:20] == []


@given(
    goal=st.sampled_from(Goal),
    experience=st.sampled_from(Experience),
    equipment=st.frozensets(st.sampled_from(Equipment)),
    weekdays=st.lists(st.sampled_from(Weekday), min_size=2, max_size=5, unique=True),
)
def test_days_the_person_picks_become_the_workouts(
    goal: Goal,
    experience: Experience,
    equipment: frozenset[Equipment],
    weekdays: list[Weekday],
) -> None:
    plan = build_plan(goal, experience, equipment, len(weekdays), tuple(weekdays))
    assert rule_violations(plan, goal, experience, equipment, tuple(weekdays)) == []
    assert coaching_violations(plan, goal, experience, equipment) == []


def longest_run(training: tuple[Weekday, ...]) -> int:
    """The most training days in a row, with the week repeating."""
    chosen = set(training)
    return max(
        next(n for n in range(8) if Weekday((start + n) % 7) not in chosen) for start in chosen
    )


def test_suggested_weekdays_are_spread_out() -> None:
    assert suggest_weekdays(2) == (Weekday.MON, Weekday.THU)
    assert suggest_weekdays(3) == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert suggest_weekdays(4) == (Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.FRI)
    five = suggest_weekdays(5)
    assert len(set(five)) == 5
    # Two rest days can't break five sessions into runs shorter than three; no longer run.
    assert longest_run(five) == 3


@pytest.mark.parametrize(
    ("days", "weekdays", "message"),
    [
        (1, None, "between 2 and 5"),
        (6, None, "between 2 and 5"),
        (3, (Weekday.MON, Weekday.WED), "3 training days need 3 weekdays"),
        (2, (Weekday.MON, Weekday.MON), "only once"),
    ],
)
def test_invalid_requests_are_refused_with_a_reason(
    days: int, weekdays: tuple[Weekday, ...] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_plan(Goal.GLUTES, Experience.BEGINNER, frozenset(), days, weekdays)


def test_the_same_request_gives_the_same_plan_in_every_process() -> None:
    # String hashing differs between processes, so iteration over sets of equipment would
    # show up here as a different plan.
    script = (
        "import json; from bot.core.plan_json import plan_to_dict; "
        "from bot.core.planner import build_plan; from bot.core.profile import *; "
        "print(json.dumps([plan_to_dict(build_plan(g, x, FULL_GYM - {Equipment.CABLE}, d)) "
        "for g in Goal for x in Experience for d in (2, 5)]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    in_process = [
        plan_to_dict(build_plan(g, x, FULL_GYM - {Equipment.CABLE}, d))
        for g in Goal
        for x in Experience
        for d in (2, 5)
    ]
    assert json.loads(outputs.pop()) == in_process


def test_rest_days_follow_the_training_rhythm() -> None:
    plan = build_plan(Goal.BALANCED, Experience.BEGINNER, frozenset(), 2)
    focus = {day.weekday: day.recovery for day in plan.days if not day.is_workout}
    # Training Monday and Thursday: move gently after a session, rest fully before one.
    assert focus[Weekday.TUE] is RecoveryFocus.MOBILITY
    assert focus[Weekday.WED] is RecoveryFocus.FULL_REST
    assert focus[Weekday.SAT] is RecoveryFocus.WALK
    assert focus[Weekday.SUN] is RecoveryFocus.FULL_REST


@pytest.mark.parametrize("experience", [Experience.INTERMEDIATE, Experience.ADVANCED])
def test_strength_goal_trains_loaded_compounds_heavy(experience: Experience) -> None:
    plan = build_plan(Goal.STRENGTH, experience, FULL_GYM, 3)
    strength = {p.exercise.id: p for d in plan.days for p in d.exercises}
    balanced = {
        p.exercise.id: p
        for d in build_plan(Goal.BALANCED, experience, FULL_GYM, 3).days
        for p in d.exercises
    }
    squat = strength["barbell_back_squat"]
    assert squat.reps[1] <= 6
    assert squat.rest_seconds >= 150
    common = set(strength) & set(balanced)
    assert any(strength[i].reps[1] < balanced[i].reps[1] for i in common)


@pytest.mark.parametrize("equipment", [frozenset(), frozenset({Equipment.KETTLEBELL}), FULL_GYM])
def test_athletic_goal_includes_explosive_work(equipment: frozenset[Equipment]) -> None:
    for days in DAY_COUNTS:
        plan = build_plan(Goal.ATHLETIC, Experience.INTERMEDIATE, equipment, days)
        explosive = [p.exercise.id for d in plan.days for p in d.exercises if p.exercise.explosive]
        assert explosive
        if Equipment.KETTLEBELL in equipment and days >= 3:
            assert "kettlebell_swing" in explosive


def test_a_full_gym_week_has_variety() -> None:
    for goal in Goal:
        plan = build_plan(goal, Experience.INTERMEDIATE, FULL_GYM, 4)
        ids = [p.exercise.id for d in plan.days for p in d.exercises]
        assert len(set(ids)) == len(ids), goal


def test_heavy_hinges_stay_off_back_to_back_days_when_the_gym_allows() -> None:
    for goal in Goal:
        for experience in (Experience.INTERMEDIATE, Experience.ADVANCED):
            for days in DAY_COUNTS:
                plan = build_plan(goal, experience, FULL_GYM, days)
                heavy = {
                    d.weekday
                    for d in plan.days
                    if any(p.exercise.is_heavy_hamstring for p in d.exercises)
                }
                assert not any(Weekday((w + 1) % 7) in heavy for w in heavy), (goal, days)


def test_substitutes_keep_the_movement_and_fit_the_person() -> None:
    home = frozenset({Equipment.BANDS, Equipment.DUMBBELLS})
    options = substitutes("romanian_deadlift", home, Experience.BEGINNER)
    assert options
    assert all(e.pattern is Pattern.HIP_HINGE and e.equipment <= home for e in options)
    assert all(e.difficulty is Difficulty.BEGINNER for e in options)
    assert "romanian_deadlift" not in [e.id for e in options]
    primaries = [e.primary for e in options]
    # Hamstring hinges come before glute hinges for a hamstring exercise.
    assert primaries == sorted(primaries, key=lambda g: g is not MuscleGroup.HAMSTRINGS)
    assert options[0].id == "dumbbell_romanian_deadlift"


def test_substitutes_for_every_exercise_respect_equipment_and_level() -> None:
    for equipment in (frozenset(), frozenset({Equipment.SLIDERS}), FULL_GYM):
        for experience in Experience:
            for exercise_id in ("nordic_curl", "barbell_hip_thrust", "band_lateral_walk"):
                original = get_exercise(exercise_id)
                assert original is not None
                for option in substitutes(exercise_id, equipment, experience):
                    assert option.pattern is original.pattern
                    assert option.equipment <= equipment
                    assert option.difficulty.rank <= experience.rank


def test_substitutes_of_an_unknown_exercise_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown exercise"):
        substitutes("moon_squat", FULL_GYM, Experience.ADVANCED)


# Someone training glutes three days a week in a full gym.
LIFTER = profile(FULL_GYM, goal=Goal.GLUTES, experience=Experience.INTERMEDIATE)
LIFTERS_PLAN = build_plan(LIFTER.goal, LIFTER.experience, LIFTER.equipment, 3)


def test_swapping_keeps_the_rest_of_the_week() -> None:
    monday = LIFTERS_PLAN.day(Weekday.MON)
    old = monday.exercises[0]
    new_id = swap_options(LIFTERS_PLAN, LIFTER, Weekday.MON, old.exercise.id)[0].id
    swapped = swap_exercise(LIFTERS_PLAN, LIFTER, Weekday.MON, old.exercise.id, new_id)
    new = swapped.day(Weekday.MON).exercises[0]
    assert new.exercise.id == new_id
    assert new.sets == old.sets
    assert swapped.day(Weekday.MON).exercises[1:] == monday.exercises[1:]
    assert [d for d in swapped.days if d.weekday != Weekday.MON] == [
        d for d in LIFTERS_PLAN.days if d.weekday != Weekday.MON
    ]


@pytest.mark.parametrize("goal", list(Goal))
@pytest.mark.parametrize("experience", list(Experience))
def test_a_swapped_in_exercise_gets_its_own_prescription(
    goal: Goal, experience: Experience
) -> None:
    """A bodyweight single-leg RDL in a heavy barbell slot is not "4 × 4-6, rest 180 s"."""
    person = profile(FULL_GYM, goal=goal, experience=experience)
    plan = build_plan(person.goal, person.experience, person.equipment, 3)
    for day in (d for d in plan.days if d.is_workout):
        for planned in day.exercises:
            for option in swap_options(plan, person, day.weekday, planned.exercise.id):
                swapped = swap_exercise(plan, person, day.weekday, planned.exercise.id, option.id)
                new = next(p for p in swapped.day(day.weekday).exercises if p.exercise == option)
                assert prescription_violations(new, goal, experience) == [], new
                if not option.is_loaded_compound:
                    assert new.reps == option.rep_range
                assert 2 <= new.sets <= (3 if option.id.startswith("nordic") else planned.sets)


def test_explosive_work_and_heavy_lifts_never_stand_in_for_each_other() -> None:
    for exercise in CATALOGUE:
        for experience in Experience:
            for option in substitutes(exercise.id, FULL_GYM, experience):
                for a, b in ((exercise, option), (option, exercise)):
                    assert not (a.explosive and b.is_loaded_compound), (a.id, b.id)


def test_swaps_that_make_no_sense_are_refused() -> None:
    first, second = (p.exercise.id for p in LIFTERS_PLAN.day(Weekday.MON).exercises[:2])
    with pytest.raises(ValueError, match="not in the tue plan"):
        swap_exercise(LIFTERS_PLAN, LIFTER, Weekday.TUE, first, "glute_bridge")
    with pytest.raises(NotASubstitute):
        swap_exercise(LIFTERS_PLAN, LIFTER, Weekday.MON, first, second)
    with pytest.raises(ValueError, match="unknown exercise"):
        swap_exercise(LIFTERS_PLAN, LIFTER, Weekday.MON, first, "moon_squat")


def test_the_options_offered_are_the_substitutes_not_already_that_day() -> None:
    for day in LIFTERS_PLAN.days:
        today = {planned.exercise.id for planned in day.exercises}
        for planned in day.exercises:
            offered = swap_options(LIFTERS_PLAN, LIFTER, day.weekday, planned.exercise.id)
            every = substitutes(planned.exercise.id, LIFTER.equipment, LIFTER.experience)
            assert offered == [option for option in every if option.id not in today]


def test_only_an_exercise_on_offer_may_replace_another() -> None:
    """A forged swap names any exercise: one of another movement, one needing equipment the
    person lacks or one above their level is refused, and every one on offer is taken."""
    home = profile(frozenset({Equipment.DUMBBELLS}), experience=Experience.BEGINNER)
    plan = build_plan(home.goal, home.experience, home.equipment, 3)
    for day in (d for d in plan.days if d.is_workout):
        for planned in day.exercises:
            old = planned.exercise
            offered = swap_options(plan, home, day.weekday, old.id)
            for exercise in CATALOGUE:
                if exercise in offered:
                    swapped = swap_exercise(plan, home, day.weekday, old.id, exercise.id)
                    assert exercise in [p.exercise for p in swapped.day(day.weekday).exercises]
                else:
                    with pytest.raises(NotASubstitute):
                        swap_exercise(plan, home, day.weekday, old.id, exercise.id)
            refused = [e for e in CATALOGUE if e not in offered and e is not old]
            assert any(e.pattern is not old.pattern for e in refused)
            kin = [e for e in refused if e.pattern is old.pattern]
            assert any(not e.usable_with(home.equipment) for e in kin)


# --- Stored plans (plan_json) ----------------------------------------------------------------


@given(
    goal=st.sampled_from(Goal),
    experience=st.sampled_from(Experience),
    equipment=st.frozensets(st.sampled_from(Equipment)),
    days=st.integers(2, 5),
)
def test_stored_plans_come_back_unchanged(
    goal: Goal, experience: Experience, equipment: frozenset[Equipment], days: int
) -> None:
    plan = build_plan(goal, experience, equipment, days)
    stored = json.loads(json.dumps(plan_to_dict(plan)))
    assert plan_from_dict(stored) == plan


def test_stored_plan_has_the_documented_shape() -> None:
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    data = plan_to_dict(plan)
    assert set(data) == {"days", "weekly_sets"}
    sets = plan.weekly_sets()
    assert data["weekly_sets"] == {
        "glutes": sets[MuscleGroup.GLUTES],
        "hamstrings": sets[MuscleGroup.HAMSTRINGS],
    }
    assert [d["weekday"] for d in data["days"]] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert [d["type"] for d in data["days"]] == [
        "workout" if day.is_workout else "recovery" for day in plan.days
    ]
    rest_day = next(d for d in data["days"] if d["type"] == "recovery")
    assert rest_day["exercises"] == []
    assert rest_day["recovery"] in {focus.value for focus in RecoveryFocus}
    planned = plan.days[0].exercises[0]
    exercise = planned.exercise
    assert data["days"][0]["exercises"][0] == {
        "id": exercise.id,
        "name": exercise.name,
        "sets": planned.sets,
        "reps": f"{planned.reps[0]}-{planned.reps[1]}",
        "rest_seconds": planned.rest_seconds,
        "equipment": sorted(item.value for item in exercise.equipment),
        "primary": exercise.primary.value,
        "pattern": exercise.pattern.value,
        "difficulty": exercise.difficulty.value,
    }
    weekly = sum(e["sets"] for d in data["days"] for e in d["exercises"])
    assert weekly == sum(sets.values())


def _stored() -> dict[str, Any]:
    return plan_to_dict(build_plan(Goal.BALANCED, Experience.BEGINNER, frozenset(), 2))


def test_a_stored_plan_with_an_unknown_exercise_is_refused() -> None:
    data = _stored()
    data["days"][0]["exercises"][0]["id"] = "moon_squat"
    with pytest.raises(ValueError, match="moon_squat"):
        plan_from_dict(data)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ((0, "reps"), "twelve"),
        ((0, "sets"), 0),
        ((0, "sets"), "3"),
        ((0, "rest_seconds"), None),
    ],
)
def test_a_damaged_stored_plan_is_refused(path: tuple[int, str], value: object) -> None:
    data = _stored()
    data["days"][0]["exercises"][path[0]][path[1]] = value
    with pytest.raises(ValueError):  # noqa: PT011 - each damage has its own message
        plan_from_dict(data)


def test_a_stored_plan_missing_days_is_refused() -> None:
    data = _stored()
    data["days"] = data["days"][:6]
    with pytest.raises(ValueError, match="seven days"):
        plan_from_dict(data)
    with pytest.raises(ValueError, match="not a stored week plan"):
        plan_from_dict({"weeks": []})


def _swapped_monday(plan: WeekPlan) -> tuple[WeekPlan, str, str]:
    old = plan.day(Weekday.MON).exercises[0].exercise.id
    new = swap_options(plan, LIFTER, Weekday.MON, old)[0].id
    return swap_exercise(plan, LIFTER, Weekday.MON, old, new), old, new


def test_the_swaps_in_a_plan_are_found_and_made_again_on_a_rebuilt_plan() -> None:
    swapped, old, new = _swapped_monday(LIFTERS_PLAN)
    swaps = swaps_between(LIFTERS_PLAN, swapped)
    assert swaps == [Swap(Weekday.MON, old, new)]
    # The same answers again (a units or reminder change): the swap is kept.
    rebuilt = build_plan(LIFTER.goal, LIFTER.experience, LIFTER.equipment, 3)
    assert apply_swaps(rebuilt, LIFTER, swaps) == swapped


def test_a_swap_undone_leaves_no_swap_and_one_that_no_longer_fits_is_dropped() -> None:
    swapped, old, new = _swapped_monday(LIFTERS_PLAN)
    back = swap_exercise(swapped, LIFTER, Weekday.MON, new, old)
    assert swaps_between(LIFTERS_PLAN, back) == []
    # Without the new exercise's equipment it may not stay in the plan.
    bodyweight = profile(frozenset(), goal=LIFTER.goal, experience=LIFTER.experience)
    plan = build_plan(bodyweight.goal, bodyweight.experience, bodyweight.equipment, 3)
    assert apply_swaps(plan, bodyweight, [Swap(Weekday.MON, old, new)]) == plan


def test_an_exercise_kept_from_climbing_stays_kept_on_a_rebuilt_plan() -> None:
    """/swap back from a harder variant keeps the easier exercise; new answers in /settings
    rebuild the plan, and the choice carries over like a swap."""
    swapped, _, new = _swapped_monday(LIFTERS_PLAN)
    kept = keep_exercise(swapped, Weekday.MON, new)
    assert not kept.day(Weekday.MON).exercises[0].climbs
    rebuilt = build_plan(LIFTER.goal, LIFTER.experience, LIFTER.equipment, 3)
    assert apply_swaps(rebuilt, LIFTER, swaps_between(LIFTERS_PLAN, kept)) == kept
    assert plan_from_dict(plan_to_dict(kept)) == kept


def test_a_strength_beginner_with_a_barbell_and_bench_lifts_rather_than_air_squats() -> None:
    """The issue: "Bodyweight squat 3 × 12-20" twice a week for someone who owns a barbell."""
    plan = build_plan(
        Goal.STRENGTH, Experience.BEGINNER, frozenset({Equipment.BARBELL, Equipment.BENCH}), 3
    )
    squats = [p for d in plan.days for p in d.exercises if p.exercise.pattern is Pattern.SQUAT]
    assert squats
    assert all(p.exercise.id == "barbell_back_squat" and p.reps == (6, 8) for p in squats)
