"""What a logged set means to the lifter: last time's numbers, records, the next target, prompts
and the end-of-session summary, without a database.

How the programme prescribes each exercise is `tests/core/test_prescription.py`'s subject; here,
that prompts and "next time" build on the right sessions, told in the person's unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.assessment import (
    ExerciseSummary,
    Logged,
    Prompt,
    SessionSummary,
    assess,
    by_exercise,
    exercise_summary,
    past_sessions,
    prompt_at,
)
from bot.core.catalogue import get_exercise, require_exercise
from bot.core.logparse.reading import LoadUnit, LoggedSet
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.prescription import (
    DayPrescription,
    Decision,
    ExercisePrescription,
    prescribe_on,
)
from bot.core.profile import Equipment, Experience, TrainingProfile, Units, Weekday
from bot.core.progression import Reason, Target
from bot.core.readiness import Readiness
from bot.core.records import (
    Comparison,
    Record,
    RecordKind,
    SessionResult,
    WorkSet,
    estimated_1rm,
)
from bot.core.workout import KG_PER_LB
from bot.core.workout_log import StoredLog
from tests.core.builders import profile

MONDAY = date(2025, 3, 3)
# Hip thrusts with a dumbbell (the person has no barbell), loaded beyond the rack's 50 kg in
# 2.5 kg steps; the catalogue's range is 8-12.
HIP_THRUST = "barbell_hip_thrust"
SLED_PUSH = "Sled push"  # not in the catalogue
# Training on Mondays only, so a week with one session is no missed session and no restart.
MONDAYS = profile(weekdays=(Weekday.MON,))

# Sets and reps a coach would plan differently from the catalogue's 3 × 8-12, so a target that
# follows the plan is told apart from one that falls back on the catalogue.
THRUST_TODAY = PlannedExercise(require_exercise(HIP_THRUST), 4, (6, 10), 120)
RDL_TODAY = PlannedExercise(require_exercise("romanian_deadlift"), 3, (6, 10), 120)
WORKOUT = DayPlan(Weekday.MON, (THRUST_TODAY, RDL_TODAY))
REST_DAY = DayPlan(Weekday.SUN, recovery=RecoveryFocus.WALK)


def thrust_day(sets: int) -> DayPlan:
    """Hip thrusts alone today, `sets` sets in the catalogue's 8-12."""
    return DayPlan(
        Weekday.MON, (PlannedExercise(require_exercise(HIP_THRUST), sets, (8, 12), 120),)
    )


def on(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def log(
    log_id: int,
    day: int,
    *sets: tuple[int, float | None],
    exercise_id: str | None = HIP_THRUST,
    name: str | None = None,
    unit: LoadUnit = "kg",
) -> StoredLog:
    """The `log_id`-th log, sent `day` days after MONDAY, of (reps, weight) sets.

    One session a day, as storage keeps them; ids grow in the order logs are sent, as the
    database hands them out. A catalogue exercise is named as the catalogue names it.
    """
    exercise = get_exercise(exercise_id) if exercise_id else None
    performed_on = on(day)
    return StoredLog(
        id=log_id,
        user_id=1,
        session_id=day,
        exercise_id=exercise_id,
        exercise_name=name or (exercise.name if exercise else SLED_PUSH),
        local_date=performed_on,
        logged_at=datetime.combine(performed_on, time(18), UTC) + timedelta(minutes=log_id),
        source_message_id=log_id,
        raw_text="",
        sets=tuple(
            LoggedSet(reps, weight, None if weight is None else unit) for reps, weight in sets
        ),
        bodyweight=all(weight is None for _, weight in sets),
        per_side=False,
        rpe=None,
        rir=None,
    )


def newest_first(*logs: StoredLog) -> list[StoredLog]:
    """History the way storage hands it over: newest first, by time sent then id."""
    return sorted(logs, key=lambda stored: (stored.logged_at, stored.id), reverse=True)


def result(day: int, *sets: tuple[int, float | None]) -> SessionResult:
    return SessionResult(on(day), tuple(WorkSet(reps, weight) for reps, weight in sets))


def fresh(stored: StoredLog, *others: StoredLog, day: DayPlan = REST_DAY) -> Logged:
    """`stored` assessed as a fresh log, with `others` the rest of the exercise's history."""
    return assess(stored, newest_first(stored, *others), day, profile(), duplicate=False)


def next_time(logged: Logged) -> ExercisePrescription:
    """The next session of a catalogue exercise, as "next time" after its log tells it."""
    assert isinstance(logged.target, ExercisePrescription)
    return logged.target


def prescribed(
    day: DayPlan, logs: Sequence[StoredLog], day_of: int, person: TrainingProfile = MONDAYS
) -> DayPrescription:
    """`day`'s exercises as prescribed `day_of` days after MONDAY, from `logs`, the way the
    logbook reads them: each exercise's sessions in the person's unit, and the days trained.
    Every day of the week is planned like `day`; the person's weekdays say which they train."""
    history = {
        planned.exercise.id: past_sessions(
            [stored for stored in logs if stored.exercise_id == planned.exercise.id], person
        )
        for planned in day.exercises
    }
    week = WeekPlan(tuple(replace(day, weekday=weekday) for weekday in Weekday))
    trained = {stored.local_date for stored in logs}
    return prescribe_on(week, person, MONDAY, on(day_of), history, trained)


def prompt_on(
    day_of: int,
    day: DayPlan,
    logs: Sequence[StoredLog],
    person: TrainingProfile = MONDAYS,
    position: int = 0,
) -> Prompt:
    """The prompt for the exercise at `position` of `day`, `day_of` days after MONDAY."""
    prompt = prompt_at(prescribed(day, logs, day_of, person), position, person.units)
    assert prompt is not None
    return prompt


def e1rm_and_rep_max(reps: int, weight: float, beaten: float) -> tuple[Record, ...]:
    """The two badges of a heavier set than the best before at the same reps."""
    return (
        Record(
            RecordKind.E1RM, estimated_1rm(weight, reps), estimated_1rm(beaten, reps), reps, weight
        ),
        Record(RecordKind.REP_MAX, weight, beaten, reps, weight),
    )


# --- Past sessions ---


def test_past_sessions_are_one_result_per_session_newest_first() -> None:
    # Monday was logged set by set, in two messages; the input is in no particular order.
    logs = [
        log(3, 2, (10, 102.5), (10, 102.5)),
        log(1, 0, (10, 100.0)),
        log(4, 4, (8, 105.0)),
        log(2, 0, (9, 100.0)),
    ]

    results = past_sessions(logs, profile())

    assert [r.performed_on for r in results] == [on(4), on(2), on(0)]
    assert [sorted(s.reps for s in r.sets) for r in results] == [[8], [10, 10], [9, 10]]


@pytest.mark.parametrize(
    ("units", "weight", "logged_unit", "expected"),
    [
        (Units.KG, 225.0, "lb", 225.0 * KG_PER_LB),
        (Units.LB, 100.0, "kg", 100.0 / KG_PER_LB),
        (Units.KG, 100.0, "kg", 100.0),
    ],
)
def test_past_sessions_are_in_the_persons_units(
    units: Units, weight: float, logged_unit: LoadUnit, expected: float
) -> None:
    # Logged before the person switched units (or imported from an app in the other unit).
    logs = [log(1, 0, (10, weight), (12, None), unit=logged_unit)]

    [session] = past_sessions(logs, profile(units=units))

    # Converted loads are kept to two decimals; a bodyweight set has no load to convert.
    assert session.sets[0].weight == pytest.approx(expected, abs=0.005)
    assert session.sets[1].weight is None


# --- Records ---


def test_the_same_dumbbell_in_the_other_unit_is_no_change_and_no_record() -> None:
    """35 lb is 15.88 kg: 16 kg after it was "+0.12 kg" and two records."""
    in_pounds = log(1, 0, *[(12, 35.0)] * 3, unit="lb")

    logged = fresh(log(2, 2, *[(12, 16.0)] * 3), in_pounds)

    assert logged.records == ()
    assert logged.comparison is not None
    assert logged.comparison.top_weight_delta == 0


def test_a_prompt_tells_a_load_logged_in_the_other_unit_rounded_but_aims_from_the_exact_one() -> (
    None
):
    prompt = prompt_on(7, WORKOUT, [log(1, 0, *[(8, 25.0)] * 4, unit="lb")])

    # 25 lb is 11.34 kg: told as 11.5 kg, and kept as the 12 kg dumbbell, which exists.
    assert prompt.last == result(0, *[(8, 11.5)] * 4)
    assert prompt.prescription.load == 12.0


def test_a_log_heavier_than_anything_before_is_a_record() -> None:
    earlier = [log(1, 0, (8, 100.0), (8, 100.0)), log(2, 2, (8, 102.5))]

    logged = fresh(log(3, 4, (8, 105.0)), *earlier)

    assert logged.records == e1rm_and_rep_max(8, 105.0, beaten=102.5)


def test_the_same_numbers_again_are_no_record() -> None:
    logged = fresh(log(2, 2, (8, 100.0), (8, 100.0)), log(1, 0, (8, 100.0), (8, 100.0)))

    assert logged.records == ()


def test_an_earlier_log_today_is_history_for_records() -> None:
    last_week = log(1, 0, (8, 100.0))
    first = log(2, 7, (8, 110.0))
    second = log(3, 7, (8, 105.0))  # beats last week, but not the first set today
    third = log(4, 7, (8, 112.5))
    everything = newest_first(last_week, first, second, third)

    def records(stored: StoredLog) -> tuple[Record, ...]:
        return assess(stored, everything, REST_DAY, profile(), duplicate=False).records

    assert records(first) == e1rm_and_rep_max(8, 110.0, beaten=100.0)
    assert records(second) == ()
    assert records(third) == e1rm_and_rep_max(8, 112.5, beaten=110.0)


def test_in_the_first_session_a_set_beating_the_one_before_it_is_a_record() -> None:
    first = log(1, 0, (8, 100.0))

    assert fresh(first).records == ()  # nothing to beat yet
    assert fresh(log(2, 0, (8, 110.0)), first).records == e1rm_and_rep_max(8, 110.0, beaten=100.0)


# --- Compared with last time ---


def test_vs_last_time_is_today_so_far_against_the_last_earlier_session() -> None:
    two_weeks_ago = log(1, 0, *[(12, 90.0)] * 3)
    last_week = log(2, 7, *[(8, 100.0)] * 3)
    first = log(3, 14, (8, 100.0))
    second = log(4, 14, (9, 102.5))
    # Sent after `second`, as when `second` is corrected: not part of today "so far".
    later = log(5, 14, (10, 102.5))

    logged = fresh(second, two_weeks_ago, last_week, first, later)

    # Today so far: 8 × 100 + 9 × 102.5 = 1722.5; last week: 3 × 8 × 100 = 2400.
    assert logged.comparison == Comparison(
        total_reps=17,
        top_weight=102.5,
        volume=1722.5,
        total_reps_delta=17 - 24,
        top_weight_delta=2.5,
        volume_delta=1722.5 - 2400,
    )


def test_the_first_session_of_an_exercise_has_no_last_time() -> None:
    first = log(1, 0, (8, 100.0))

    assert fresh(first).comparison is None
    # Earlier sets today are not "last time".
    assert fresh(log(2, 0, (8, 100.0)), first).comparison is None


def test_a_redelivered_log_is_answered_with_the_same_numbers_marked_duplicate() -> None:
    stored, earlier = log(2, 2, (10, 105.0)), log(1, 0, (8, 100.0))
    history = newest_first(stored, earlier)

    again = assess(stored, history, WORKOUT, profile(), duplicate=True)

    assert again.duplicate
    assert replace(again, duplicate=False) == assess(
        stored, history, WORKOUT, profile(), duplicate=False
    )


# --- Next target after a log ---


def test_the_next_target_follows_todays_plan_when_the_exercise_is_planned() -> None:
    target = next_time(fresh(log(1, 0, *[(10, 100.0)] * 4), day=WORKOUT))

    # 10 is the top of today's 6-10 on every set: heavier, back to 6, on the 4 sets planned.
    assert (target.planned.sets, target.planned.reps) == (4, (6, 10))
    assert target.decision is Decision.PROGRESS
    assert target.load is not None
    assert target.load > 100.0
    assert target.reps == (6, 6, 6, 6)


@pytest.mark.parametrize(
    "day", [REST_DAY, DayPlan(Weekday.MON, (RDL_TODAY,))], ids=["rest day", "other exercises"]
)
def test_the_next_target_of_an_unplanned_exercise_is_three_sets_in_its_catalogue_range(
    day: DayPlan,
) -> None:
    target = next_time(fresh(log(1, 0, *[(10, 100.0)] * 4), day=day))

    # 10 is below the top of the catalogue's 8-12: a rep more per set, 3 sets, same load.
    assert target.planned.reps == require_exercise(HIP_THRUST).rep_range
    assert (target.reps, target.load) == ((11, 11, 11), 100.0)


def test_an_exercise_planned_on_another_day_gets_the_sets_and_reps_of_its_next_planned_day() -> (
    None
):
    # Hip thrusts on Wednesday (2 sets) and Friday (4 sets), logged on a Thursday rest day:
    # next time is Friday.
    def thrusts(weekday: Weekday, sets: int) -> DayPlan:
        return DayPlan(weekday, (PlannedExercise(require_exercise(HIP_THRUST), sets, (6, 10), 90),))

    days = {Weekday.WED: thrusts(Weekday.WED, 2), Weekday.FRI: thrusts(Weekday.FRI, 4)}
    week = WeekPlan(tuple(days.get(d, DayPlan(d, recovery=RecoveryFocus.WALK)) for d in Weekday))
    stored = log(1, 3, *[(8, 100.0)] * 2)

    logged = assess(stored, [stored], week.day(Weekday.THU), profile(), duplicate=False, plan=week)

    target = next_time(logged)
    assert (target.planned.sets, target.planned.reps) == (4, (6, 10))
    assert (target.reps, target.load) == ((9, 9, 9, 9), 100.0)


def test_the_next_target_counts_every_set_logged_today_so_far() -> None:
    first = log(1, 0, (12, 100.0))
    day = thrust_day(2)

    # After the first set alone both planned sets look done at the top of the range...
    after_first = next_time(fresh(first, day=day))
    assert after_first.load is not None
    assert after_first.load > 100.0
    # ...the second set, two reps short, holds the load: it builds on today so far.
    after_second = next_time(fresh(log(2, 0, (10, 100.0)), first, day=day))
    assert after_second.last == result(0, (12, 100.0), (10, 100.0))
    assert (after_second.reps, after_second.load) == ((12, 11), 100.0)


def test_an_exercise_outside_the_catalogue_gets_a_target_of_its_own_and_its_records() -> None:
    last_time = log(1, 0, (10, 100.0), exercise_id=None)

    logged = fresh(log(2, 2, (10, 120.0), exercise_id=None), last_time)

    # One set of 10 falls in 6-12: a rep more, on the one set done, at the same load.
    assert logged.target == Target(Reason.ADD_REPS, (11,), 120.0)
    assert logged.records == e1rm_and_rep_max(10, 120.0, beaten=100.0)
    assert logged.comparison is not None
    assert logged.comparison.top_weight_delta == 20.0


@pytest.mark.parametrize(
    ("equipment", "climbs"), [(frozenset({Equipment.BENCH}), True), (frozenset(), False)]
)
def test_after_mastering_a_bodyweight_exercise_next_time_is_the_harder_one_if_the_person_can(
    equipment: frozenset[Equipment], climbs: bool
) -> None:
    bridge = require_exercise("elevated_single_leg_bridge")
    # The harder one, the single-leg hip thrust, needs a bench.
    assert bridge.harder is not None
    assert Equipment.BENCH in require_exercise(bridge.harder).equipment
    stored = log(1, 0, *[(bridge.rep_range[1], None)] * 3, exercise_id=bridge.id)
    person = profile(equipment, experience=Experience.INTERMEDIATE)

    target = next_time(assess(stored, [stored], REST_DAY, person, duplicate=False))

    assert target.planned.exercise.id == (bridge.harder if climbs else bridge.id)
    assert target.replaces == (bridge.id if climbs else None)


# --- Prompts ---


def test_prompts_count_from_one_and_end_after_the_last_exercise() -> None:
    day = prescribed(WORKOUT, [], 0)
    prompts = [prompt_at(day, position, Units.KG) for position in (0, 1, 2)]

    assert [(p.position, p.total, p.planned) if p else None for p in prompts] == [
        (1, 2, THRUST_TODAY),
        (2, 2, RDL_TODAY),
        None,
    ]


def test_a_first_prompt_has_no_last_time_and_leaves_the_load_to_the_person() -> None:
    barbell = profile(frozenset({Equipment.BARBELL, Equipment.BENCH}), weekdays=(Weekday.MON,))

    prompt = prompt_on(0, WORKOUT, [], barbell)

    assert prompt.last is None
    assert (prompt.prescription.decision, prompt.prescription.load) == (Decision.START, None)


def test_a_prompt_shows_last_times_numbers_and_aims_from_them() -> None:
    history = [log(1, 0, *[(10, 95.0)] * 3), log(2, 2, (9, 100.0), (8, 100.0))]

    prompt = prompt_on(7, WORKOUT, history)

    assert prompt.last == result(2, (9, 100.0), (8, 100.0))
    # A rep more on each set; the 2 sets planned beyond last time's aim for its last set's.
    assert (prompt.prescription.reps, prompt.prescription.load) == ((10, 9, 9, 9), 100.0)


def test_a_prompt_in_a_lighter_week_shows_the_session_its_loads_scale_from() -> None:
    # Trained Monday, missed Wednesday and Friday: the next week eases back in, and its
    # Monday was already trained lighter. Today is that week's Wednesday.
    before_break = log(1, 0, *[(10, 100.0)] * 3)
    lighter = log(2, 7, *[(10, 90.0)] * 3)

    prompt = prompt_on(9, WORKOUT, [before_break, lighter], profile())

    assert prompt.prescription.decision is Decision.RESTART
    assert prompt.last == result(0, *[(10, 100.0)] * 3)
    # Lighter than before the break, and not cut again from the lighter Monday's 90 kg.
    assert prompt.prescription.load is not None
    assert 90.0 * 0.9 < prompt.prescription.load < 100.0


def test_outside_a_lighter_week_last_time_is_the_newest_session() -> None:
    history = [log(1, 0, *[(10, 100.0)] * 3), log(2, 7, *[(10, 90.0)] * 3)]

    prompt = prompt_on(14, WORKOUT, history)

    assert prompt.last == result(7, *[(10, 90.0)] * 3)
    # 10 is the top of today's 6-10: the lighter load goes up again.
    assert prompt.prescription.decision is Decision.PROGRESS
    assert prompt.prescription.load is not None
    assert prompt.prescription.load > 90.0


# --- The finished session ---


def test_by_exercise_keeps_first_logged_order_and_groups_by_catalogue_id_else_name() -> None:
    thrust = log(1, 0, (10, 100.0))
    sled = log(2, 0, (10, 120.0), exercise_id=None, name=SLED_PUSH)
    thrust_by_alias = log(3, 0, (9, 100.0), name="hip thrust")
    abduction = log(4, 0, (15, 40.0), exercise_id=None, name="Hip abduction machine")
    sled_again = log(5, 0, (8, 130.0), exercise_id=None, name=SLED_PUSH)

    groups = by_exercise([thrust, sled, thrust_by_alias, abduction, sled_again])

    assert groups == [[thrust, thrust_by_alias], [sled, sled_again], [abduction]]


def test_a_finished_exercise_records_over_earlier_sessions_only() -> None:
    last_week = log(1, 0, (8, 100.0))
    today = [log(2, 7, (8, 110.0)), log(3, 7, (8, 105.0))]

    summary = exercise_summary(today, [last_week], profile())

    # Today's best set is measured against last week; the lighter set after it takes
    # nothing away.
    assert summary == ExerciseSummary(
        "Barbell hip thrust", tuple(today), e1rm_and_rep_max(8, 110.0, beaten=100.0)
    )


def test_a_first_session_summary_has_no_records() -> None:
    # Unlike the badge after each log, sets of the same session are not history here.
    today = [log(1, 0, (8, 100.0)), log(2, 0, (8, 110.0))]

    assert exercise_summary(today, [], profile()).records == ()


# --- Faults the extraction found, fixed ---


def test_a_session_logged_set_by_set_keeps_the_order_the_sets_were_done() -> None:
    history = [log(1, 0, (12, 100.0)), log(2, 0, (10, 100.0)), log(3, 0, (9, 100.0))]

    prompt = prompt_on(7, thrust_day(3), history)

    assert prompt.last == result(0, (12, 100.0), (10, 100.0), (9, 100.0))
    assert prompt.prescription.reps == (12, 11, 10)


def test_the_target_after_a_set_by_set_log_follows_the_order_of_todays_sets() -> None:
    first, second = log(1, 0, (12, 100.0)), log(2, 0, (10, 100.0))

    target = next_time(fresh(log(3, 0, (9, 100.0)), first, second))

    # 12, 10 and 9 done: the first set stays at the top, the others a rep more.
    assert target.reps == (12, 11, 10)


def test_a_corrected_older_log_is_compared_with_the_session_before_it() -> None:
    monday = log(1, 0, *[(8, 100.0)] * 3)
    friday = log(3, 4, *[(8, 105.0)] * 3)

    # Wednesday's log, corrected on Friday evening.
    logged = fresh(log(2, 2, *[(8, 102.5)] * 3), monday, friday)

    assert logged.comparison is not None
    assert logged.comparison.top_weight_delta == 2.5  # up on Monday, not down on Friday


def test_a_custom_exercise_typed_in_another_case_is_one_exercise_of_the_summary() -> None:
    sled = log(1, 0, (10, 120.0), exercise_id=None, name=SLED_PUSH)
    lower = log(2, 0, (8, 130.0), exercise_id=None, name=SLED_PUSH.lower())

    assert by_exercise([sled, lower]) == [[sled, lower]]


def _summary(planned: tuple[str, ...], *logs: StoredLog) -> SessionSummary:
    exercises = tuple(
        ExerciseSummary(group[0].exercise_name, tuple(group), ()) for group in by_exercise(logs)
    )
    return SessionSummary(MONDAY, exercises, planned)


def test_a_summary_counts_planned_exercises_done_and_extra_ones_apart() -> None:
    thrusts = [log(1, 0, (8, 60.0)), log(2, 0, (8, 65.0))]
    sled = log(3, 0, (20, 40.0), exercise_id=None)
    bridge = log(4, 0, (15, None), exercise_id="glute_bridge")
    summary = _summary((HIP_THRUST, "romanian_deadlift"), *thrusts, sled, bridge)

    # Two logs of one planned exercise are one exercise done, never more than planned.
    assert summary.planned_done == 1
    assert [exercise.name for exercise in summary.extra] == [SLED_PUSH, "Glute bridge"]


def test_on_a_rest_day_every_exercise_is_extra() -> None:
    summary = _summary((), log(1, 0, (8, 60.0)))
    assert (summary.planned_done, len(summary.extra)) == (0, 1)


@pytest.mark.parametrize(
    ("readiness", "day_of"),
    [(Readiness(1, 3), 7), (None, 35)],
    ids=["short on sleep and very sore", "lighter week"],
)
def test_next_time_after_a_day_with_fewer_sets_has_the_sets_planned(
    readiness: Readiness | None, day_of: int
) -> None:
    # Hip thrusts every Monday, 3 sets planned; the day logged has fewer, for how the person
    # was that day or for the lighter week (a beginner's sixth).
    plan = WeekPlan(tuple(replace(thrust_day(3), weekday=weekday) for weekday in Weekday))
    logs = [log(n + 1, 7 * n, *[(10, 100.0)] * 3) for n in range(day_of // 7)]
    history = {HIP_THRUST: past_sessions(logs, MONDAYS)}
    trained = {stored.local_date for stored in logs}
    today = prescribe_on(plan, MONDAYS, MONDAY, on(day_of), history, trained, readiness)
    assert len(today.exercises[0].reps) == 2
    stored = log(len(logs) + 1, day_of, *[(10, 100.0)] * 2)

    logged = assess(
        stored,
        newest_first(stored, *logs),
        today.as_planned,
        MONDAYS,
        duplicate=False,
        plan=plan,
        lighter_since=today.week.starts if readiness is None else None,
    )

    # The next session is a full one again: 3 sets, not the 2 of a lighter day.
    target = next_time(logged)
    assert target.planned.sets == 3
    assert len(target.reps) == 3


def test_next_time_after_a_lighter_week_log_builds_on_the_week_before_it() -> None:
    before = log(1, 0, *[(9, 100.0)] * 4)
    lighter = log(2, 7, *[(6, 90.0)] * 2)

    logged = assess(
        lighter,
        newest_first(lighter, before),
        WORKOUT,
        profile(),
        duplicate=False,
        lighter_since=on(7),
    )

    # The build week after the lighter one picks up from 4 × 9 @ 100, not 2 × 6 @ 90.
    target = next_time(logged)
    assert target.load == 100.0
    assert target.reps == (10, 10, 10, 10)
    assert next_time(fresh(lighter, before, day=WORKOUT)).load == 90.0
