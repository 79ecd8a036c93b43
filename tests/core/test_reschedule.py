"""Moving a session the person cannot train today, and training away from home."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest

from bot.core.planner import WeekPlan, build_plan
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal, Weekday
from bot.core.programme import programme_weeks
from bot.core.reschedule import (
    Away,
    Dropped,
    Moved,
    NothingToMove,
    TravelProblem,
    away_for,
    plan_with_moves,
    read_travel,
    reschedule,
)

MONDAY = date(2026, 12, 7)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
EQUIPMENTS = [frozenset(), frozenset({Equipment.BANDS, Equipment.DUMBBELLS}), FULL_GYM]


def plans() -> list[WeekPlan]:
    return [
        build_plan(goal, experience, equipment, len(weekdays), weekdays)
        for goal in Goal
        for experience in Experience
        for equipment in EQUIPMENTS
        for count in (2, 3, 4)
        for weekdays in combinations(Weekday, count)
    ]


def heavy(plan: WeekPlan, day: date) -> bool:
    return any(p.exercise.is_heavy_hamstring for p in plan.day(Weekday(day.weekday())).exercises)


def sessions(plan: WeekPlan) -> list[tuple[str, ...]]:
    return sorted(
        tuple(p.exercise.id for p in day.exercises) for day in plan.days if day.is_workout
    )


def test_a_moved_session_keeps_the_week_and_the_hamstring_spacing() -> None:
    for plan in plans():
        for today in WEEK:
            decided = reschedule(plan, today)
            if isinstance(decided, NothingToMove):
                assert not plan.day(Weekday(today.weekday())).is_workout
                continue
            moved = plan_with_moves(
                plan, {today: decided.to if isinstance(decided, Moved) else None}, today
            )
            assert not moved.day(Weekday(today.weekday())).is_workout
            if isinstance(decided, Dropped):
                continue
            assert today < decided.to <= WEEK[-1], "a later day of the same programme week"
            assert not plan.day(Weekday(decided.to.weekday())).is_workout
            # Every session of the week is still there, less only the heavy hamstring work
            # that had no spaced day to go to.
            left_out = {p.exercise.id for p in decided.left_out}
            assert all(p.exercise.is_heavy_hamstring for p in decided.left_out)
            expected = [
                tuple(i for i in session if i not in left_out) for session in sessions(plan)
            ]
            assert sessions(moved) == sorted(expected)
            if not left_out:
                assert moved.weekly_sets() == plan.weekly_sets()
            if heavy(moved, decided.to):
                for near in (decided.to - timedelta(days=1), decided.to + timedelta(days=1)):
                    assert not heavy(moved, near)


def test_the_first_fitting_day_is_taken_and_the_last_day_has_nowhere_to_go() -> None:
    plan = build_plan(
        Goal.BALANCED, Experience.BEGINNER, frozenset(), 2, (Weekday.MON, Weekday.THU)
    )
    sunday_plan = build_plan(
        Goal.BALANCED, Experience.BEGINNER, frozenset(), 2, (Weekday.WED, Weekday.SUN)
    )
    assert reschedule(plan, WEEK[3]) == Moved(WEEK[4])
    assert reschedule(sunday_plan, WEEK[6]) == Dropped()


def test_with_no_spaced_day_the_session_moves_without_its_heavy_hamstring_work() -> None:
    """Wednesday's lunges, Nordics and band walks, with a stiff-leg deadlift on Friday: the
    Nordics cannot sit next to Friday, the rest of the session can, on Thursday."""
    plan = build_plan(
        Goal.BALANCED, Experience.INTERMEDIATE, FULL_GYM, 3, (Weekday.MON, Weekday.WED, Weekday.FRI)
    )
    wednesday = plan.day(Weekday.WED)
    assert any(p.exercise.nordic for p in wednesday.exercises), "the case to test"
    decided = reschedule(plan, WEEK[2])
    assert isinstance(decided, Moved)
    assert decided.to == WEEK[3]
    assert [p.exercise.nordic for p in decided.left_out] == [True]
    thursday = plan_with_moves(plan, {WEEK[2]: WEEK[3]}, WEEK[2]).day(Weekday.THU)
    assert [p for p in wednesday.exercises if p not in decided.left_out] == list(thursday.exercises)


def test_moves_of_another_week_change_nothing() -> None:
    plan = build_plan(Goal.BALANCED, Experience.BEGINNER, frozenset(), 3, None)
    moves = {WEEK[0]: WEEK[1]}
    assert plan_with_moves(plan, moves, WEEK[0] + timedelta(weeks=1)) == plan
    assert plan_with_moves(plan, moves, WEEK[0] - timedelta(days=1)) == plan
    assert plan_with_moves(plan, moves, WEEK[5]) != plan


def test_a_session_moved_later_in_the_week_is_not_missed() -> None:
    weekdays = (Weekday.MON, Weekday.WED, Weekday.FRI)
    start = MONDAY - timedelta(weeks=1)
    plan = build_plan(Goal.BALANCED, Experience.BEGINNER, frozenset(), 3, weekdays)
    wednesday = start + timedelta(days=2)
    moved = reschedule(plan, wednesday)
    assert isinstance(moved, Moved)
    done = [start, moved.to, start + timedelta(days=4)]
    kept = programme_weeks(start, MONDAY, weekdays, done, Experience.BEGINNER)
    missed = programme_weeks(start, MONDAY, weekdays, done[:1], Experience.BEGINNER)
    assert kept[-1].index == 2
    assert missed[-1].index == 1, "sanity: two missed sessions do start the week over"


@pytest.mark.parametrize("days", [0, -3, 91])
def test_a_travel_period_that_ends_before_it_starts_or_never_is_refused(days: int) -> None:
    assert away_for(frozenset({Equipment.BANDS}), days, MONDAY) is None


def test_travel_lasts_its_days_and_then_ends() -> None:
    away = away_for(frozenset({Equipment.BANDS}), 7, MONDAY)
    assert away == Away(frozenset({Equipment.BANDS}), WEEK[-1])
    assert all(away.on(day) for day in WEEK)
    assert not away.on(WEEK[-1] + timedelta(days=1))


@pytest.mark.parametrize(
    ("typed", "equipment"),
    [
        ("bands 7", {Equipment.BANDS}),
        ("bodyweight 7", set()),
        ("dumbbells and a bench 7", {Equipment.DUMBBELLS, Equipment.BENCH}),
        ("hotel gym 7", {Equipment.DUMBBELLS, Equipment.BENCH, Equipment.STABILITY_BALL}),
        ("bands 2026-12-13", {Equipment.BANDS}),
    ],
)
def test_travel_is_typed_as_equipment_then_days_or_the_last_day(
    typed: str, equipment: set[Equipment]
) -> None:
    assert read_travel(typed, MONDAY) == Away(frozenset(equipment), WEEK[-1])


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("bands 0", TravelProblem.OVER),
        ("bands -2", TravelProblem.OVER),
        ("bands 2026-12-01", TravelProblem.OVER),
        ("bands", TravelProblem.NO_DAYS),
        ("", TravelProblem.NO_DAYS),
        ("7", TravelProblem.NO_EQUIPMENT),
        ("spaceship 7", TravelProblem.NO_EQUIPMENT),
    ],
)
def test_travel_typed_wrong_says_what_is_missing(typed: str, problem: TravelProblem) -> None:
    assert read_travel(typed, MONDAY) == problem
