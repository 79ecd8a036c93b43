"""The rest after a logged set, over the first training day of many people's plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.core.catalogue import CATALOGUE
from bot.core.logparse.reading import LoggedSet
from bot.core.planner import build_plan, suggest_weekdays
from bot.core.prescription import DayPrescription, prescribe_on
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal
from bot.core.rest import rest_after
from bot.core.workout_log import StoredLog
from tests.core.builders import profile

MONDAY = date(2026, 1, 5)
EQUIPMENT = st.sampled_from(
    [FULL_GYM, frozenset({Equipment.DUMBBELLS, Equipment.BENCH}), frozenset[Equipment]()]
)


def first_day(
    goal: Goal, experience: Experience, equipment: frozenset[Equipment], days: int
) -> DayPrescription:
    """The first day of the programme, a Monday, as prescribed to a new person."""
    weekdays = suggest_weekdays(days)
    person = profile(equipment, weekdays, goal=goal, experience=experience)
    plan = build_plan(goal, experience, equipment, days, weekdays)
    return prescribe_on(plan, person, MONDAY, MONDAY, {}, ())


def log(log_id: int, exercise_id: str | None, sets: int, at: datetime) -> StoredLog:
    return StoredLog(
        id=log_id,
        user_id=1,
        session_id=1,
        exercise_id=exercise_id,
        exercise_name=exercise_id or "Sled push",
        local_date=MONDAY,
        logged_at=at,
        source_message_id=log_id,
        raw_text="",
        sets=tuple(LoggedSet(8, 60.0, "kg") for _ in range(sets)),
        bodyweight=False,
        per_side=False,
        rpe=None,
        rir=None,
    )


@given(
    st.sampled_from(list(Goal)),
    st.sampled_from(list(Experience)),
    EQUIPMENT,
    st.integers(2, 4),
    st.lists(st.integers(1, 3), min_size=1, max_size=6),
    st.integers(20, 400),
)
def test_each_set_short_of_the_plan_rests_as_prescribed_before_the_next(
    goal: Goal,
    experience: Experience,
    equipment: frozenset[Equipment],
    days: int,
    chunks: list[int],
    gap: int,
) -> None:
    day = first_day(goal, experience, equipment, days)
    assert day.exercises, "the programme starts on a training day"
    prescription = day.exercises[0]
    planned = prescription.planned
    exercise_id = planned.exercise.id
    start = datetime.combine(MONDAY, time(18), UTC)
    logs: list[StoredLog] = []
    done = 0
    for number, sets in enumerate(chunks, 1):
        at = start + timedelta(seconds=gap * number)
        logs.append(log(number, exercise_id, sets, at))
        done += sets
        rest = rest_after(logs[-1], logs, day)
        if done >= planned.sets:
            # The exercise is done: the rest leads to the day's next one, as long as before.
            following = day.exercises[1:2]
            assert (rest is None) == (not following)
            if rest is None:
                continue
            assert rest.moves_on
            assert rest.prescription == following[0]
            assert (rest.number, rest.sets) == (1, following[0].planned.sets)
            assert rest.ends == at + timedelta(seconds=planned.rest_seconds)
            continue
        assert rest is not None
        assert not rest.moves_on
        assert (rest.number, rest.sets) == (done + 1, planned.sets)
        assert rest.ends == at + timedelta(seconds=planned.rest_seconds)
        assert rest.reps in prescription.reps
        assert rest.left(at) == timedelta(seconds=planned.rest_seconds)
        assert rest.left(rest.ends + timedelta(seconds=1)) == timedelta(0)


@given(st.sampled_from(list(Goal)), st.sampled_from([None, *(e.id for e in CATALOGUE)]))
def test_a_set_of_an_exercise_the_day_does_not_prescribe_has_no_rest(
    goal: Goal, exercise_id: str | None
) -> None:
    day = first_day(goal, Experience.BEGINNER, FULL_GYM, 3)
    assume(exercise_id is None or day.of(exercise_id) is None)
    other = log(1, exercise_id, 1, datetime.combine(MONDAY, time(18), UTC))
    assert rest_after(other, [other], day) is None


@given(st.sampled_from(list(Goal)), st.sampled_from(list(Experience)), EQUIPMENT, st.booleans())
def test_an_exercise_done_leads_to_the_next_not_done_and_the_last_to_no_rest(
    goal: Goal, experience: Experience, equipment: frozenset[Equipment], skip_first: bool
) -> None:
    """In the day's order, as the chat moves on; a first exercise skipped (Next) is
    come back to after the last, as the chat does too."""
    day = first_day(goal, experience, equipment, 3)
    assume(len(day.exercises) >= 2)
    start = datetime.combine(MONDAY, time(18), UTC)
    order = day.exercises[1:] if skip_first else day.exercises
    logs: list[StoredLog] = []
    for number, prescription in enumerate(order, 1):
        planned = prescription.planned
        logs.append(log(number, planned.exercise.id, planned.sets, start))
        rest = rest_after(logs[-1], logs, day)
        ahead = [*order[number:], *day.exercises[:1]] if skip_first else order[number:]
        if not ahead:
            assert rest is None, "no rest after the day's last exercise"
            continue
        assert rest is not None
        assert rest.moves_on
        assert rest.prescription == ahead[0]
        assert (rest.number, rest.sets) == (1, ahead[0].planned.sets)
        assert rest.ends == start + timedelta(seconds=planned.rest_seconds)
