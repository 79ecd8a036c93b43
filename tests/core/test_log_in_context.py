"""Reading a log for one person: numbers alone, two readings, remembered answers, notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.core.exercise_resolution import LogContext, answer_key, in_session
from bot.core.logparse.in_context import (
    AT_QUESTION,
    CUSTOM_ANSWER,
    PAIR_QUESTION,
    ReadLog,
    lone_reps,
    name_answer_key,
    read_log,
)
from bot.core.logparse.reading import LoggedSet, Rejection, RejectionReason
from bot.core.profile import Equipment

DUMBBELLS = LogContext(
    equipment=frozenset({Equipment.DUMBBELLS, Equipment.BENCH}), today=("step_up",), units="kg"
)


def _read(text: str, context: LogContext = DUMBBELLS) -> ReadLog:
    read = read_log(text, context)
    assert isinstance(read, ReadLog), read
    return read


@pytest.mark.parametrize(
    ("text", "sets", "bodyweight"),
    [
        ("15", [LoggedSet(15, None, None)], False),
        ("15 bw", [LoggedSet(15, None, None)], True),
        ("12 @ 20", [LoggedSet(12, 20.0, "kg")], False),
        (
            "20,18,15",
            [LoggedSet(20, None, None), LoggedSet(18, None, None), LoggedSet(15, None, None)],
            False,
        ),
        ("2x15 bw", [LoggedSet(15, None, None)] * 2, True),
        ("10,9", [LoggedSet(10, None, None), LoggedSet(9, None, None)], False),
        ("12, 10 bw", [LoggedSet(12, None, None), LoggedSet(10, None, None)], True),
        ("10 @ 60 rpe 9", [LoggedSet(10, 60.0, "kg")], False),
        ("100 for 8", [LoggedSet(8, 100.0, "kg")], False),  # the load first: not 100 reps
        ("60kg 12", [LoggedSet(12, 60.0, "kg")], False),
    ],
)
def test_numbers_alone_go_to_the_current_exercise(
    text: str, sets: list[LoggedSet], bodyweight: bool
) -> None:
    reading = _read(text).reading
    assert (reading.exercise_id, list(reading.sets), reading.bodyweight) == (
        "step_up",
        sets,
        bodyweight,
    )


@pytest.mark.parametrize("text", ["15", "10,9", "10 @ 60 rpe 9", "100 for 8"])
def test_numbers_alone_without_a_current_exercise_are_no_log(text: str) -> None:
    assert isinstance(read_log(text, LogContext()), Rejection)
    assert lone_reps(text)  # the bot asks which exercise it was


def test_an_effort_after_numbers_alone_is_kept() -> None:
    reading = _read("8 @ 100 @ 8").reading
    assert (reading.exercise_id, list(reading.sets), reading.rpe) == (
        "step_up",
        [LoggedSet(8, 100.0, "kg")],
        8.0,
    )


def test_words_around_two_numbers_are_not_a_set_of_the_current_exercise() -> None:
    assert isinstance(read_log("meeting at 3 with 10 people", DUMBBELLS), Rejection)
    assert not lone_reps("meeting at 3 with 10 people")


@pytest.mark.parametrize("text", ["15", "12 @ 20", "2x15"])
def test_numbers_alone_during_an_exercise_of_ones_own_are_read_for_no_catalogue_exercise(
    text: str,
) -> None:
    """They go to the person's own exercise, not to today's planned one."""
    reading = _read(text, replace(DUMBBELLS, doing_own="zercher march")).reading
    assert (reading.exercise_id, reading.exercise_text) == (None, None)


def test_numbers_alone_of_an_earlier_day_are_not_the_own_exercise_being_done() -> None:
    context = replace(DUMBBELLS, today=(), doing_own="zercher march", on=date(2026, 12, 2))
    assert isinstance(read_log("yesterday: 15", context), Rejection)


def test_at_ten_on_a_loadable_exercise_is_read_both_ways() -> None:
    read = _read("step up 3x12 @ 10")
    assert read.question == AT_QUESTION
    rpe, load = (candidate.reading for candidate in read.candidates)
    assert (rpe.rpe, rpe.sets[0].weight) == (10.0, None)
    assert (load.rpe, load.sets[0]) == (None, LoggedSet(12, 10.0, "kg"))


def test_a_remembered_answer_decides() -> None:
    context = LogContext(
        equipment=DUMBBELLS.equipment,
        units="kg",
        remembered={answer_key("step_up", AT_QUESTION): "load"},
    )
    read = _read("step up 3x12 @ 8", context)
    assert not read.ambiguous
    assert read.reading.sets[0] == LoggedSet(12, 8.0, "kg")


def test_many_reps_are_read_as_a_load_too_but_not_on_a_barbell_or_in_a_list() -> None:
    read = _read("3x100")
    assert read.question == PAIR_QUESTION
    assert list(read.candidates[1].reading.sets) == [LoggedSet(3, 100.0, "kg")]
    assert not _read("3x12 @ 8", LogContext(today=("romanian_deadlift",))).ambiguous
    assert not _read("3x40, 3x35").ambiguous


def test_a_bodyweight_person_means_effort() -> None:
    context = LogContext(equipment=frozenset(), today=("glute_bridge",))
    assert _read("3x12 @ 8", context).reading.rpe == 8.0
    assert not _read("3x12 @ 8", context).ambiguous


def test_a_remark_after_the_numbers_is_the_note() -> None:
    assert _read("step up 3x12 @ 12 - felt easy").reading.note == "felt easy"
    assert _read("3x12 step up").reading.note is None


def test_a_name_read_with_a_typo_is_doubtful_until_settled() -> None:
    read = _read("hip thurst 3x10 @ 20")
    assert (read.doubtful_name, read.reading.exercise_id) == ("hip thurst", "dumbbell_hip_thrust")
    assert _read("hip thrusts 3x10 @ 20").doubtful_name is None
    settled = LogContext(remembered={name_answer_key("Hip  Thurst"): "single_leg_hip_thrust"})
    read = _read("hip thurst 3x10", settled)
    assert (read.doubtful_name, read.reading.exercise_id) == (None, "single_leg_hip_thrust")
    own = LogContext(remembered={name_answer_key("zercher march"): CUSTOM_ANSWER})
    read = _read("zercher march 3x10", own)
    assert (read.doubtful_name, read.reading.exercise_id) == (None, None)


def test_part_of_the_name_of_one_of_todays_exercises_is_that_exercise() -> None:
    today = LogContext(
        equipment=frozenset({Equipment.BANDS, Equipment.DUMBBELLS}),
        today=("band_lateral_walk", "dumbbell_walking_lunge"),
    )
    read = _read("lateral walk 2x15", today)
    assert (read.doubtful_name, read.reading.exercise_id) == (None, "band_lateral_walk")
    # Without today's session the name is asked about, as before.
    assert _read("lateral walk 2x15", replace(today, today=())).doubtful_name == "lateral walk"
    # Two of today's exercises hold the word: which one is asked.
    both = replace(today, today=("stability_ball_leg_curl", "single_leg_ball_curl"))
    assert in_session("ball curl", both) is None
    assert in_session("ball curl", replace(both, today=both.today[:1])) is not None


GYM = LogContext(units="kg", estimates={"romanian_deadlift": 112.5, "barbell_back_squat": 150.0})


@pytest.mark.parametrize(
    ("text", "reps", "weight"),
    [
        ("RDL 5x5 @ 80%", 5, 90.0),  # 80% of 112.5
        ("rdl 3x8 at 75%", 8, 85.0),  # 84.4: the bar loads by 2.5 kg
        ("80% 5x5 rdl", 5, 90.0),
        ("squat 5x5 @80 %", 5, 120.0),
    ],
)
def test_a_percentage_is_that_share_of_the_estimate_rounded_to_a_real_load(
    text: str, reps: int, weight: float
) -> None:
    reading = _read(text, GYM).reading
    assert {s.reps for s in reading.sets} == {reps}
    assert {(s.weight, s.unit) for s in reading.sets} == {(weight, "kg")}
    assert reading.percent is not None


def test_a_percentage_in_pounds_rounds_to_five_pound_steps() -> None:
    context = LogContext(units="lb", estimates={"romanian_deadlift": 300.0})
    reading = _read("RDL 5x5 @ 77%", context).reading  # 231 lb
    assert {(s.weight, s.unit) for s in reading.sets} == {(230.0, "lb")}


def test_a_percentage_of_the_exercise_being_done_uses_its_estimate() -> None:
    context = replace(GYM, today=("romanian_deadlift",))
    reading = _read("5x5 @ 80%", context).reading
    assert reading.exercise_id == "romanian_deadlift"
    assert {s.weight for s in reading.sets} == {90.0}


def test_without_an_estimate_the_bot_asks_for_the_weight() -> None:
    assert read_log("hip thrust 5x5 @ 80%", GYM) == Rejection(
        RejectionReason.NO_ESTIMATE, "barbell_hip_thrust"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("5x5 @ 80%", RejectionReason.PERCENT_WITHOUT_EXERCISE),
        ("my lift 5x5 @ 80%", RejectionReason.PERCENT_WITHOUT_EXERCISE),
        ("RDL 5x5 @ 110%", RejectionReason.IMPOSSIBLE_PERCENT),
        ("RDL 5x5 @ 0%", RejectionReason.IMPOSSIBLE_PERCENT),
    ],
)
def test_a_percentage_of_nothing_or_beyond_the_max_is_refused(
    text: str, reason: RejectionReason
) -> None:
    read = read_log(text, GYM)
    assert isinstance(read, Rejection)
    assert read.reason is reason
