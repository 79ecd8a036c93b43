"""/stats numbers and the Sunday summary: sessions, streak, volume, records, balance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.balance import ImbalanceKind
from bot.core.catalogue import Pattern, get_exercise
from bot.core.history import Entry
from bot.core.logparse.reading import LoadUnit, LoggedSet
from bot.core.planner import WeekPlan, build_plan
from bot.core.profile import Goal, Units
from bot.core.records import RecordKind, SessionResult, WorkSet, find_records
from bot.core.stats import DatedRecord, compute_stats, records_newest_first, weekly_summary
from tests.core.builders import MON_WED_FRI, profile

MONDAY = date(2025, 3, 10)
PLAN = build_plan(Goal.BALANCED, profile().experience, profile().equipment, 3, MON_WED_FRI)


def entry(
    day: date,
    exercise_id: str | None = "glute_bridge",
    *sets: tuple[int, float | None],
    name: str = "",
    unit: LoadUnit | None = "kg",
) -> Entry:
    logged = tuple(LoggedSet(reps, weight, unit) for reps, weight in sets or [(12, None)])
    return Entry(day, exercise_id, name or exercise_id or "", logged)


def on(*days: date) -> list[Entry]:
    return [entry(day) for day in days]


def test_sessions_this_week_and_month_across_a_month_boundary() -> None:
    wednesday = date(2025, 10, 1)
    entries = [
        *on(date(2025, 9, 25), date(2025, 9, 29), date(2025, 9, 30), wednesday),
        entry(wednesday, "romanian_deadlift"),  # a second exercise: still one session
    ]

    stats = compute_stats(entries, MON_WED_FRI, wednesday, Units.KG)

    assert (stats.sessions_this_week, stats.sessions_this_month) == (3, 1)


def test_a_missed_planned_day_ends_the_streak() -> None:
    # Mon 3, Wed 5 done, Fri 7 missed, then Mon 10, Wed 12, Fri 14 done.
    entries = on(*(date(2025, 3, d) for d in (3, 5, 10, 12, 14)))

    assert compute_stats(entries, MON_WED_FRI, date(2025, 3, 14), Units.KG).streak == 3


@pytest.mark.parametrize("today", [date(2025, 3, 15), date(2025, 3, 16)])
def test_rest_days_keep_the_streak(today: date) -> None:
    entries = on(date(2025, 3, 10), date(2025, 3, 12), date(2025, 3, 14))

    assert compute_stats(entries, MON_WED_FRI, today, Units.KG).streak == 3


def test_sessions_on_rest_days_neither_count_nor_break_the_streak() -> None:
    # Mon 10, Tue 11 (extra), Wed 12, Fri 14; Thu 13 is a rest day nobody trained.
    entries = on(date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12), date(2025, 3, 14))

    assert compute_stats(entries, MON_WED_FRI, date(2025, 3, 14), Units.KG).streak == 3


def test_a_planned_day_not_yet_logged_today_does_not_break_the_streak() -> None:
    entries = on(date(2025, 3, 10), date(2025, 3, 12))
    friday = date(2025, 3, 14)

    assert compute_stats(entries, MON_WED_FRI, friday, Units.KG).streak == 2
    assert compute_stats([*entries, *on(friday)], MON_WED_FRI, friday, Units.KG).streak == 3
    # By Saturday the Friday is missed for good.
    assert compute_stats(entries, MON_WED_FRI, friday + timedelta(days=1), Units.KG).streak == 0


def test_no_history_gives_zeros() -> None:
    stats = compute_stats([], MON_WED_FRI, MONDAY, Units.KG)

    assert (stats.sessions_this_week, stats.sessions_this_month, stats.streak) == (0, 0, 0)
    assert (stats.total_volume, stats.total_sets, stats.latest_records) == (0.0, 0, [])


@pytest.mark.parametrize(("units", "expected"), [(Units.KG, 1204.1), (Units.LB, 2654.6)])
def test_total_volume_is_in_the_persons_unit(units: Units, expected: float) -> None:
    entries = [
        entry(MONDAY, "barbell_hip_thrust", (10, 100.0), unit="kg"),
        entry(MONDAY, "dumbbell_hip_thrust", (10, 45.0), unit="lb"),
        entry(MONDAY, "glute_bridge", (20, None), (20, None)),
    ]

    stats = compute_stats(entries, MON_WED_FRI, MONDAY, units)

    assert stats.total_volume == pytest.approx(expected, abs=0.01)
    assert stats.total_sets == 4


def test_a_load_without_a_unit_is_in_the_persons_unit() -> None:
    entries = [entry(MONDAY, "barbell_hip_thrust", (5, 100.0), unit=None)]

    assert compute_stats(entries, MON_WED_FRI, MONDAY, Units.LB).total_volume == 500.0


def progression(exercise_id: str, weight: float, first_day: int) -> list[Entry]:
    """Four sessions two days apart, one rep more each time at the same load: from the second
    on, an e1RM record and a rep record at that load."""
    return [
        entry(MONDAY + timedelta(days=first_day + 2 * i), exercise_id, (8 + i, weight))
        for i in range(4)
    ]


def test_latest_records_are_the_five_newest() -> None:
    entries = [
        *progression("barbell_hip_thrust", 100.0, 0),
        *progression("romanian_deadlift", 60.0, 1),
    ]

    latest = compute_stats(entries, MON_WED_FRI, MONDAY + timedelta(days=7), Units.KG)

    e1rm, reps = RecordKind.E1RM, RecordKind.REPS_AT_LOAD
    assert [
        (r.performed_on.day, r.exercise_name, r.record.kind) for r in latest.latest_records
    ] == [
        (17, "Romanian deadlift", e1rm),
        (17, "Romanian deadlift", reps),
        (16, "Barbell hip thrust", e1rm),
        (16, "Barbell hip thrust", reps),
        (15, "Romanian deadlift", e1rm),
    ]


def test_records_compare_loads_across_units() -> None:
    entries = [
        entry(MONDAY, "barbell_hip_thrust", (8, 100.0), unit="kg"),
        entry(MONDAY + timedelta(days=2), "barbell_hip_thrust", (8, 225.0), unit="lb"),
    ]

    [e1rm, rep_max] = records_newest_first(entries, Units.KG)

    assert (e1rm.record.kind, rep_max.record.kind) == (RecordKind.E1RM, RecordKind.REP_MAX)
    assert rep_max.record.value == pytest.approx(102.06)
    assert rep_max.record.previous == 100.0


def test_an_unknown_exercise_is_followed_by_name_ignoring_case_and_spacing() -> None:
    entries = [
        entry(MONDAY, None, (8, 20.0), name="Cossack squat"),
        entry(MONDAY + timedelta(days=3), None, (8, 22.5), name="cossack  Squat"),
        entry(MONDAY + timedelta(days=3), "goblet_squat", (8, 30.0)),
    ]

    records = records_newest_first(entries, Units.KG)

    # The goblet squat's first session beats nothing; the renamed Cossack squat beats 20 kg.
    assert [(r.exercise_name, r.record.kind, r.record.previous) for r in records] == [
        ("Cossack squat", RecordKind.E1RM, pytest.approx(20.0 * 36 / 29)),
        ("Cossack squat", RecordKind.REP_MAX, 20.0),
    ]


def test_a_heavier_second_log_on_one_day_is_the_record_its_confirmation_announced() -> None:
    """The confirmation measures each log against every earlier one, that day's included;
    /stats lists the same records, so a first week of training shows them too."""
    entries = [
        entry(MONDAY, "barbell_hip_thrust", (8, 100.0)),
        entry(MONDAY, "barbell_hip_thrust", (8, 110.0)),
    ]
    first = SessionResult(MONDAY, (WorkSet(8, 100.0),))
    second = SessionResult(MONDAY, (WorkSet(8, 110.0),))

    announced = find_records([first], second)
    assert announced
    assert records_newest_first(entries, Units.KG) == [
        DatedRecord(MONDAY, "Barbell hip thrust", record) for record in announced
    ]


lifts = st.lists(
    st.tuples(st.integers(1, 30), st.one_of(st.none(), st.sampled_from([20.0, 22.5, 40.0, 60.0]))),
    min_size=1,
    max_size=4,
)


@pytest.mark.parametrize(
    ("exercise_id", "estimates"), [("barbell_hip_thrust", True), ("split_squat", False)]
)
@given(st.lists(lifts, min_size=1, max_size=12))
def test_each_session_is_judged_against_all_earlier_ones(
    exercise_id: str, estimates: bool, sessions: list[list[tuple[int, float | None]]]
) -> None:
    """The records /stats lists are those each log's confirmation announced, for a barbell
    lift and for load held on bodyweight work (which gets no e1RM)."""
    entries = [
        entry(MONDAY + timedelta(days=i), exercise_id, *sets) for i, sets in enumerate(sessions)
    ]
    results = [
        SessionResult(MONDAY + timedelta(days=i), tuple(WorkSet(r, w) for r, w in sets))
        for i, sets in enumerate(sessions)
    ]
    exercise = get_exercise(exercise_id)
    assert exercise is not None
    expected = [
        DatedRecord(result.performed_on, exercise.name, record)
        for i, result in enumerate(results)
        for record in find_records(results[:i], result, estimates=estimates)
    ]

    assert records_newest_first(entries, Units.KG) == sorted(
        expected, key=lambda dated: dated.performed_on, reverse=True
    )


def test_weekly_summary_counts_sessions_done_against_planned_so_far() -> None:
    wednesday = MONDAY + timedelta(days=2)
    entries = on(MONDAY - timedelta(days=3), MONDAY, MONDAY + timedelta(days=1), wednesday)

    summary = weekly_summary(entries, profile(), PLAN, wednesday)

    assert summary.week_start == MONDAY
    # Tuesday was an extra session; Friday is not due yet.
    assert (summary.sessions_done, summary.sessions_planned) == (3, 2)
    assert (
        weekly_summary(entries, profile(), PLAN, MONDAY + timedelta(days=6)).sessions_planned == 3
    )


def test_weekly_summary_lists_only_this_weeks_records() -> None:
    entries = progression("barbell_hip_thrust", 100.0, -4)  # Mar 6, 8, 10, 12

    summary = weekly_summary(entries, profile(), PLAN, MONDAY + timedelta(days=6))

    days = [r.performed_on for r in summary.records]
    assert list(dict.fromkeys(days)) == [date(2025, 3, 12), date(2025, 3, 10)]


def plan_week(plan: WeekPlan, monday: date, *, curls: bool = True) -> list[Entry]:
    """A week of `plan` logged set for set, with or without its hamstring curls."""
    return [
        entry(
            monday + timedelta(days=day.weekday), planned.exercise.id, *[(10, None)] * planned.sets
        )
        for day in plan.days
        for planned in day.exercises
        if curls or planned.exercise.pattern is not Pattern.KNEE_FLEXION
    ]


@pytest.mark.parametrize("goal", list(Goal))
def test_sunday_summary_judges_balance_against_the_plan_on_this_week_and_the_last(
    goal: Goal,
) -> None:
    person = profile(goal=goal)
    plan = build_plan(
        goal, person.experience, person.equipment, len(person.weekdays), person.weekdays
    )
    entries = [
        *plan_week(plan, MONDAY - timedelta(weeks=2)),
        *plan_week(plan, MONDAY - timedelta(weeks=1), curls=False),
        *plan_week(plan, MONDAY, curls=False),
    ]

    sunday = weekly_summary(entries, person, plan, MONDAY + timedelta(days=6))
    saturday = weekly_summary(entries, person, plan, MONDAY + timedelta(days=5))

    assert ImbalanceKind.FEW_KNEE_FLEXION in [i.kind for i in sunday.imbalances]
    assert sunday.focus is not None
    # Before Sunday this week is still open: of the two weeks before it, one had the curls.
    assert saturday.imbalances == []
    assert saturday.focus is None


def test_following_the_plan_leaves_nothing_to_focus_on() -> None:
    person = profile(goal=Goal.GLUTES)
    plan = build_plan(Goal.GLUTES, person.experience, person.equipment, 3, person.weekdays)
    entries = [*plan_week(plan, MONDAY - timedelta(weeks=1)), *plan_week(plan, MONDAY)]

    summary = weekly_summary(entries, person, plan, MONDAY + timedelta(days=6))

    assert (summary.imbalances, summary.focus) == ([], None)
