"""The workout log parser: the notations people type, and what it must refuse to store."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.catalogue import CATALOGUE
from bot.core.logparse.parser import LogReading, Rejection, RejectionReason, parse_log
from bot.telegram.i18n import tr

Sets = list[tuple[int, float | None, str | None]]


def sets(count: int, reps: int, weight: float | None = None, unit: str | None = None) -> Sets:
    return [(reps, weight, unit)] * count


def log(
    performed: Sets,
    exercise: tuple[str, str | None] | None = None,
    *,
    bodyweight: bool = False,
    per_side: bool = False,
    rpe: float | None = None,
    rir: int | None = None,
    pair: bool = False,
) -> dict[str, Any]:
    """The exact JSON of a reading; `exercise` is (as written, catalogue id or None)."""
    text, exercise_id = exercise or (None, None)
    return {
        "exercise_text": text,
        "exercise_id": exercise_id,
        "sets": [
            {"reps": reps, "weight": None if weight is None else float(weight), "unit": unit}
            for reps, weight, unit in performed
        ],
        "bodyweight": bodyweight,
        "per_side": per_side,
        "rpe": rpe,
        "rir": rir,
        "note": None,  # remarks are read with the person's context (bot.core.logparse.in_context)
    } | ({"pair": True} if pair else {})


RDL = "romanian_deadlift"
HIP_THRUST = "barbell_hip_thrust"
BSS = "bulgarian_split_squat"
NORDIC = "nordic_curl"
GB = "glute_bridge"
BACK_EXTENSION = "ball_back_extension"
DB_RDL = "dumbbell_romanian_deadlift"
SQUAT = "barbell_back_squat"

LOGS: list[tuple[str, dict[str, Any]]] = [
    # Sets x reps, with and without spaces, signs and loads before or after.
    ("3x10", log(sets(3, 10))),
    ("3 x 10", log(sets(3, 10))),
    ("3×10", log(sets(3, 10))),
    ("3х10", log(sets(3, 10))),  # Cyrillic х
    ("3X10", log(sets(3, 10))),
    ("3*10", log(sets(3, 10))),
    ("5x5", log(sets(5, 5))),
    ("10x3", log(sets(10, 3))),
    ("3x10 60kg", log(sets(3, 10, 60, "kg"))),
    ("60kg 3x10", log(sets(3, 10, 60, "kg"))),
    ("3 x 10 @ 60 kg", log(sets(3, 10, 60, "kg"))),
    ("3x10 @ 60kg", log(sets(3, 10, 60, "kg"))),
    ("3x10 at 60 kgs", log(sets(3, 10, 60, "kg"))),
    ("3x10 for 60kg", log(sets(3, 10, 60, "kg"))),
    ("60kg for 3x10", log(sets(3, 10, 60, "kg"))),
    ("3x10 w/ 60kg", log(sets(3, 10, 60, "kg"))),
    ("3x10 60", log(sets(3, 10, 60))),
    ("60 3x10", log(sets(3, 10, 60))),
    ("3x10 @ 60", log(sets(3, 10, 60))),
    ("3x10 at 8", log(sets(3, 10, 8))),  # only @ makes a small number an RPE
    ("3x10 @ 8kg", log(sets(3, 10, 8, "kg"))),
    ("3x10 135 lbs", log(sets(3, 10, 135, "lb"))),
    ("3x10 135lb", log(sets(3, 10, 135, "lb"))),
    ("3x10 135 pounds", log(sets(3, 10, 135, "lb"))),
    ("3х10 60 кг", log(sets(3, 10, 60, "kg"))),
    ("3x10 60 kilos", log(sets(3, 10, 60, "kg"))),
    # AxB: over 10, or with decimals, the first number is the load of one set.
    ("100x5", log(sets(1, 5, 100))),
    ("225x5", log(sets(1, 5, 225))),
    ("12.5x10", log(sets(1, 10, 12.5))),
    ("100kg x 5", log(sets(1, 5, 100, "kg"))),
    ("60kgx10", log(sets(1, 10, 60, "kg"))),
    ("5 x 100kg", log(sets(1, 5, 100, "kg"))),
    ("100kg for 5", log(sets(1, 5, 100, "kg"))),
    ("225lbs for 5", log(sets(1, 5, 225, "lb"))),
    ("10 @ 60kg", log(sets(1, 10, 60, "kg"))),
    # Three numbers: reps in the middle, the load the outer one with a unit or the larger.
    ("60x10x3", log(sets(3, 10, 60))),
    ("3x10x60", log(sets(3, 10, 60))),
    ("3x10x60kg", log(sets(3, 10, 60, "kg"))),
    ("100kg x 5 x 3", log(sets(3, 5, 100, "kg"))),
    ("3 x 8 x 62.5", log(sets(3, 8, 62.5))),
    # Decimal points and commas.
    ("3x8 62.5kg", log(sets(3, 8, 62.5, "kg"))),
    ("3x8 62,5kg", log(sets(3, 8, 62.5, "kg"))),
    ("3x8 @ 62,5", log(sets(3, 8, 62.5))),
    ("62,5x8, 65x6", log([(8, 62.5, None), (6, 65, None)])),
    # Per-set lists.
    ("10,10,8 at 50kg", log([(10, 50, "kg"), (10, 50, "kg"), (8, 50, "kg")])),
    ("10, 10, 8 @ 50kg", log([(10, 50, "kg"), (10, 50, "kg"), (8, 50, "kg")])),
    ("10,8 @ 50kg", log([(10, 50, "kg"), (8, 50, "kg")])),
    ("5/5/5 @ 100", log(sets(3, 5, 100))),
    ("12-10-8", log([(12, None, None), (10, None, None), (8, None, None)])),
    ("12 - 10 - 8", log([(12, None, None), (10, None, None), (8, None, None)])),
    ("10/8 @ 60", log([(10, 60, None), (8, 60, None)])),
    ("10/8/6 @ 60/70/80kg", log([(10, 60, "kg"), (8, 70, "kg"), (6, 80, "kg")])),
    ("60/70/80 x 10/8/6", log([(10, 60, None), (8, 70, None), (6, 80, None)])),
    ("100x5/5/3", log([(5, 100, None), (5, 100, None), (3, 100, None)])),
    ("3x10/8/6", log([(10, None, None), (8, None, None), (6, None, None)])),
    ("3x10, 3x8", log(sets(3, 10) + sets(3, 8))),
    ("3 sets: 10, 8, 6", log([(10, None, None), (8, None, None), (6, None, None)])),
    # Pyramids of pairs: one set per pair, on one line or one pair a line.
    ("60x10, 62.5x8, 65x6", log([(10, 60, None), (8, 62.5, None), (6, 65, None)])),
    ("60x10 70x8 80x6", log([(10, 60, None), (8, 70, None), (6, 80, None)])),
    ("60x10/70x8/80x6", log([(10, 60, None), (8, 70, None), (6, 80, None)])),
    ("RDL\n60x10\n70x8\n80x6", log([(10, 60, None), (8, 70, None), (6, 80, None)], ("RDL", RDL))),
    ("10x10, 12.5x8", log([(10, 10, None), (8, 12.5, None)])),
    ("60kg x 10, 70kg x 8", log([(10, 60, "kg"), (8, 70, "kg")])),
    # A unit closing a pyramid is every weight's.
    ("135x8, 155x6, 175x5 lbs", log([(8, 135, "lb"), (6, 155, "lb"), (5, 175, "lb")])),
    ("100x10\n110x8\n120x6kg", log([(10, 100, "kg"), (8, 110, "kg"), (6, 120, "kg")])),
    ("3x10 60kg, 3x8 70kg", log(sets(3, 10, 60, "kg") + sets(3, 8, 70, "kg"))),
    ("100kg 5 reps, 110kg 3 reps", log([(5, 100, "kg"), (3, 110, "kg")])),
    # Words, in several languages.
    ("3 sets of 12", log(sets(3, 12))),
    ("3 sets x 12 reps", log(sets(3, 12))),
    ("3 sets 12 reps", log(sets(3, 12))),
    ("12 reps x 3 sets", log(sets(3, 12))),
    ("12 reps, 3 sets", log(sets(3, 12))),
    ("12 reps", log(sets(1, 12))),
    ("3 sets of 8 at 70 kg", log(sets(3, 8, 70, "kg"))),
    ("sets: 3, reps: 10, weight: 60kg", log(sets(3, 10, 60, "kg"))),
    ("3 подхода по 12 раз", log(sets(3, 12))),
    ("3 по 12", log(sets(3, 12))),
    ("3 Sätze à 12 Wiederholungen mit 60kg", log(sets(3, 12, 60, "kg"))),
    ("3 series de 12", log(sets(3, 12))),
    ("3 séries de 12 à 40kg", log(sets(3, 12, 40, "kg"))),
    # Bodyweight and added load.
    ("nordics 3x5 bw", log(sets(3, 5), ("nordics", NORDIC), bodyweight=True)),
    ("nordics 3x5 +10kg", log(sets(3, 5, 10, "kg"), ("nordics", NORDIC), bodyweight=True)),
    ("bw+20 3x5 nordics", log(sets(3, 5, 20), ("nordics", NORDIC), bodyweight=True)),
    ("3x8 bodyweight + 20 kg", log(sets(3, 8, 20, "kg"), bodyweight=True)),
    ("3x10 @ bw", log(sets(3, 10), bodyweight=True)),
    # Per side, dumbbells per implement.
    ("3x12 each leg bulgarians", log(sets(3, 12), ("bulgarians", BSS), per_side=True)),
    ("bss 3x10/leg", log(sets(3, 10), ("bss", BSS), per_side=True)),
    ("3 x 12 per side", log(sets(3, 12), per_side=True)),
    ("3x10 each", log(sets(3, 10), per_side=True)),
    ("3x10 20kg each", log(sets(3, 10, 20, "kg"))),
    ("3x10 2x20kg dbs", log(sets(3, 10, 20, "kg"), pair=True)),
    (
        "bulgarians 3x10 each leg 12kg dbs",
        log(sets(3, 10, 12, "kg"), ("bulgarians", BSS), per_side=True),
    ),
    # Effort.
    ("3x10 @8", log(sets(3, 10), rpe=8.0)),
    ("100x5 @ 8.5", log(sets(1, 5, 100), rpe=8.5)),
    ("100x5 rpe 8", log(sets(1, 5, 100), rpe=8.0)),
    ("100x5 8 rpe", log(sets(1, 5, 100), rpe=8.0)),
    ("RPE9 5x5 100kg", log(sets(5, 5, 100, "kg"), rpe=9.0)),
    ("5x5 @ 100kg @ 8", log(sets(5, 5, 100, "kg"), rpe=8.0)),
    ("100x5 @8, 100x5 @9", log(sets(2, 5, 100), rpe=9.0)),
    ("3x10 2 rir", log(sets(3, 10), rir=2)),
    ("3x10 rir 1", log(sets(3, 10), rir=1)),
    ("3x10 2 reps in reserve", log(sets(3, 10), rir=2)),
    # Exercise names: before or after, any case, aliases, plurals, typos, unknown ones.
    ("Romanian deadlift 3x8 @ 80kg", log(sets(3, 8, 80, "kg"), ("Romanian deadlift", RDL))),
    ("RDLs 4x6 @ 225 lbs", log(sets(4, 6, 225, "lb"), ("RDLs", RDL))),
    ("rdl: 3x8 80", log(sets(3, 8, 80), ("rdl", RDL))),
    ("3x10 hip thrusts 100kg", log(sets(3, 10, 100, "kg"), ("hip thrusts", HIP_THRUST))),
    ("Hip-Thrusts 3x12 @ 40 kg", log(sets(3, 12, 40, "kg"), ("Hip-Thrusts", HIP_THRUST))),
    ("hip thurst 3x10", log(sets(3, 10), ("hip thurst", HIP_THRUST))),
    ("romanain deadlift 3x8", log(sets(3, 8), ("romanain deadlift", RDL))),
    ("nordcs 3x5", log(sets(3, 5), ("nordcs", NORDIC))),
    ("bw squat 3x20", log(sets(3, 20), ("bw squat", "bodyweight_squat"))),
    ("db rdl 3x10 20kg", log(sets(3, 10, 20, "kg"), ("db rdl", "dumbbell_romanian_deadlift"))),
    ("hip thrust x 12", log(sets(1, 12), ("hip thrust", HIP_THRUST))),
    # English-first notations of issue 15 (tests/core/fixtures/log_corpus has many more).
    ("3х12 по 70", log(sets(3, 12, 70))),  # Cyrillic х, then по gives the load
    ("3 by 10 @ 60kg", log(sets(3, 10, 60, "kg"))),
    ("3x5 225#", log(sets(3, 5, 225, "lb"))),
    ("3x5 100 кило", log(sets(3, 5, 100, "kg"))),
    ("squat 140kg for a triple", log(sets(1, 3, 140, "kg"), ("squat", "barbell_back_squat"))),
    ("3 singles at 200kg", log(sets(3, 1, 200, "kg"))),
    ("3x10 100kg 2 in the tank", log(sets(3, 10, 100, "kg"), rir=2)),
    ("3x10 100kg, 2 reps left", log(sets(3, 10, 100, "kg"), rir=2)),
    ("3x5 120kg to failure", log(sets(3, 5, 120, "kg"), rir=0)),
    ("3x5 120kg rir 1-2", log(sets(3, 5, 120, "kg"), rir=1)),  # a range: its harder end
    ("3x5 120kg rpe 8-9", log(sets(3, 5, 120, "kg"), rpe=9.0)),
    ("glute bridge 3x20 no weight", log(sets(3, 20), ("glute bridge", GB), bodyweight=True)),
    ("3x20 sin peso", log(sets(3, 20), bodyweight=True)),
    ("3x20 своим весом", log(sets(3, 20), bodyweight=True)),
    ("45° back extension 3x15", log(sets(3, 15), ("45° back extension", BACK_EXTENSION))),
    ("90/90 hip switch 2x10", log(sets(2, 10), ("90/90 hip switch", None))),
    ("RDL—3x8—80kg", log(sets(3, 8, 80, "kg"), ("RDL", RDL))),
    ("squat/3x10/100kg", log(sets(3, 10, 100, "kg"), ("squat", "barbell_back_squat"))),
    # Two bare numbers beside a catalogue exercise: reps and load (the load first with "for").
    ("hip thrust 10 @ 60", log(sets(1, 10, 60), ("hip thrust", HIP_THRUST))),
    ("hip thrust 10 @ 60 rpe 9", log(sets(1, 10, 60), ("hip thrust", HIP_THRUST), rpe=9.0)),
    ("hip thrust 12 @ 60, rpe 9", log(sets(1, 12, 60), ("hip thrust", HIP_THRUST), rpe=9.0)),
    ("hip thrust 10@60", log(sets(1, 10, 60), ("hip thrust", HIP_THRUST))),
    ("hip thrust 10 at 60", log(sets(1, 10, 60), ("hip thrust", HIP_THRUST))),
    ("hip thrust 20 @ 15", log(sets(1, 20, 15), ("hip thrust", HIP_THRUST))),
    ("squat 8 @ 100 @ 8", log(sets(1, 8, 100), ("squat", SQUAT), rpe=8.0)),
    ("squat 5 @ 100 2 rir", log(sets(1, 5, 100), ("squat", SQUAT), rir=2)),
    ("squat 100 for 8", log(sets(1, 8, 100), ("squat", SQUAT))),
    ("squat 100 for 8 @ rpe 8", log(sets(1, 8, 100), ("squat", SQUAT), rpe=8.0)),
    ("hip thrust 60kg 12", log(sets(1, 12, 60, "kg"), ("hip thrust", HIP_THRUST))),
    ("hip thrust 12 60kg", log(sets(1, 12, 60, "kg"), ("hip thrust", HIP_THRUST))),
    ("hip thrust 60kg 12 rpe 9", log(sets(1, 12, 60, "kg"), ("hip thrust", HIP_THRUST), rpe=9.0)),
    ("10 @ 60/70/80", log([(10, 60, None), (10, 70, None), (10, 80, None)])),
    ("glute bridge 20 reps", log(sets(1, 20), ("glute bridge", "glute_bridge"))),
    (
        "did some hip thrusts today 3x10 100kg felt heavy",
        log(sets(3, 10, 100, "kg"), ("hip thrusts", HIP_THRUST)),
    ),
    ("Cossack squats 3x8", log(sets(3, 8), ("Cossack squats", None))),
    ("sumo deadlift 5x3 140kg", log(sets(5, 3, 140, "kg"), ("sumo deadlift", None))),
    # Labels, ordinals and rests are not lifts.
    ("day 2: rdl 3x8 80kg", log(sets(3, 8, 80, "kg"), ("rdl", RDL))),
    ("set 1: 100x5", log(sets(1, 5, 100))),
    ("1st set 100x5", log(sets(1, 5, 100))),
    (
        "Hip thrust: 4x8 @ 100kg, rest 2 min",
        log(sets(4, 8, 100, "kg"), ("Hip thrust", HIP_THRUST)),
    ),
    ("3x10 rest 90s", log(sets(3, 10))),
    ("3x10 2:00 rest", log(sets(3, 10))),
    # The limits themselves are allowed.
    ("20x100", log(sets(1, 100, 20))),
    ("20 sets of 1 @ 500kg", log(sets(20, 1, 500, "kg"))),
    ("1x1 @ 1100 lb", log(sets(1, 1, 1100, "lb"))),
]

NOT_LOGS: list[tuple[str, RejectionReason]] = [
    # Chat that is not a log.
    ("", RejectionReason.NOT_A_LOG),
    ("hello", RejectionReason.NOT_A_LOG),
    ("thanks coach!", RejectionReason.NOT_A_LOG),
    ("how many sets should I do?", RejectionReason.NOT_A_LOG),
    ("is 3x10 enough?", RejectionReason.NOT_A_LOG),
    ("what's next", RejectionReason.NOT_A_LOG),
    ("60", RejectionReason.NOT_A_LOG),
    ("hip thrusts", RejectionReason.NOT_A_LOG),
    ("hip thrust 10", RejectionReason.NOT_A_LOG),
    ("100kg", RejectionReason.NOT_A_LOG),
    ("10 @ 60", RejectionReason.NOT_A_LOG),
    ("100 for 5", RejectionReason.NOT_A_LOG),
    ("10 @ 60 rpe 9", RejectionReason.NOT_A_LOG),  # numbers alone: of which exercise?
    ("60kg 12", RejectionReason.NOT_A_LOG),
    ("squat 100 at 5", RejectionReason.NOT_A_LOG),  # 100 reps at 5, or 5 at 100?
    ("hip thrust 10.5 @ 60", RejectionReason.NOT_A_LOG),
    ("bodyweight 72kg 12", RejectionReason.NOT_A_LOG),
    ("my deadlift 1rm is 200kg", RejectionReason.NO_REPS),
    ("hip thrust 100kg 3 sets", RejectionReason.NO_REPS),
    ("12.05.2024", RejectionReason.NOT_A_LOG),
    ("see you 12/05", RejectionReason.NOT_A_LOG),
    ("5/12/24", RejectionReason.NOT_A_LOG),
    ("2024", RejectionReason.NOT_A_LOG),
    ("gym at 18:30", RejectionReason.NOT_A_LOG),
    ("6pm", RejectionReason.NOT_A_LOG),
    ("+44 7700 900123", RejectionReason.NOT_A_LOG),
    ("555-123-4567", RejectionReason.NOT_A_LOG),
    ("my screen is 1920x1080", RejectionReason.NOT_A_LOG),
    ("ran 5km", RejectionReason.NOT_A_LOG),
    ("30 min walk", RejectionReason.NOT_A_LOG),
    ("slept 8 hours", RejectionReason.NOT_A_LOG),
    ("ate 200g chicken", RejectionReason.NOT_A_LOG),
    ("had 3 eggs and 2 toasts", RejectionReason.NOT_A_LOG),
    ("bodyweight 72kg", RejectionReason.NOT_A_LOG),
    ("meeting at 3 with 10 people", RejectionReason.NOT_A_LOG),
    ("80%", RejectionReason.NOT_A_LOG),
    ("5km at 80%", RejectionReason.NOT_A_LOG),
    ("RDL 5x5 @ 120%", RejectionReason.IMPOSSIBLE_PERCENT),
    ("RDL 5x5 @ 0%", RejectionReason.IMPOSSIBLE_PERCENT),
    ("100x5 3", RejectionReason.NOT_A_LOG),
    ("3x10 60kg 70kg", RejectionReason.NOT_A_LOG),
    # Plans and ranges.
    ("planning 3x10 tomorrow", RejectionReason.PLAN_NOT_LOG),
    ("going to do 3x10 rdl", RejectionReason.PLAN_NOT_LOG),
    ("next week 5x5 @ 100kg", RejectionReason.PLAN_NOT_LOG),
    ("завтра 3x10", RejectionReason.PLAN_NOT_LOG),
    ("8-12", RejectionReason.PLAN_NOT_LOG),
    ("3x8-12 hip thrust", RejectionReason.PLAN_NOT_LOG),
    ("3 sets of 8 to 12", RejectionReason.PLAN_NOT_LOG),
    # Lifts without reps.
    ("3 sets", RejectionReason.NO_REPS),
    ("RDL 100kg", RejectionReason.NO_REPS),
    ("2x20kg dbs", RejectionReason.NO_REPS),
    ("squats @8", RejectionReason.NO_REPS),
    # Impossible.
    ("3x0", RejectionReason.IMPOSSIBLE_REPS),
    ("3x-5", RejectionReason.IMPOSSIBLE_REPS),
    ("3x150", RejectionReason.IMPOSSIBLE_REPS),
    ("3x10.5", RejectionReason.IMPOSSIBLE_REPS),
    ("0x10", RejectionReason.IMPOSSIBLE_SETS),
    ("25 sets of 10", RejectionReason.TOO_MANY_SETS),
    ("3x10, 3x10, 3x10, 3x10, 3x10, 3x10, 3x10", RejectionReason.TOO_MANY_SETS),
    ("60x1, " * 21, RejectionReason.TOO_MANY_SETS),
    ("3x10 @ 0kg", RejectionReason.IMPOSSIBLE_LOAD),
    ("3x10 @ -20kg", RejectionReason.IMPOSSIBLE_LOAD),
    ("3x10 @ 600kg", RejectionReason.TOO_HEAVY),
    ("3x10 @ 1200 lb", RejectionReason.TOO_HEAVY),
    ("3x10 @ 600", RejectionReason.TOO_HEAVY),
    ("3x10 rpe 11", RejectionReason.IMPOSSIBLE_EFFORT),
    ("3x10 rir 12", RejectionReason.IMPOSSIBLE_EFFORT),
    ("3x10/8", RejectionReason.MISMATCHED_LISTS),
    ("10/8/6 @ 60/70kg", RejectionReason.MISMATCHED_LISTS),
    ("Hip thrust 3x10 100kg, RDL 3x8 80kg", RejectionReason.SEVERAL_EXERCISES),
    ("3x10 " * 201, RejectionReason.TOO_LONG),
]


@pytest.mark.parametrize(("text", "expected"), LOGS, ids=[text for text, _ in LOGS])
def test_notations_are_read_exactly(text: str, expected: dict[str, Any]) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading), reading
    assert reading.to_json() == expected
    assert json.dumps(reading.to_json(), sort_keys=True) == json.dumps(expected, sort_keys=True)


@pytest.mark.parametrize(("text", "reason"), NOT_LOGS, ids=[text[:40] for text, _ in NOT_LOGS])
def test_what_is_not_a_log_says_why(text: str, reason: RejectionReason) -> None:
    assert parse_log(text) == Rejection(reason)


def test_the_table_is_large_enough() -> None:
    assert len(LOGS) + len(NOT_LOGS) >= 80
    assert sum(reason is RejectionReason.NOT_A_LOG for _, reason in NOT_LOGS) >= 20


NAMES: dict[str, str] = {
    name: exercise.id for exercise in CATALOGUE for name in (exercise.name, *exercise.aliases)
}


@pytest.mark.parametrize(("name", "exercise_id"), sorted(NAMES.items()))
def test_every_catalogue_name_and_alias_is_recognised(name: str, exercise_id: str) -> None:
    reading = parse_log(f"{name} 3x10")
    assert isinstance(reading, LogReading)
    assert reading.exercise_id == exercise_id


@pytest.mark.parametrize("typo", ["rdk", "sqat", "brdg", "nrdc curls"])
def test_short_names_allow_no_typo_and_long_ones_few(typo: str) -> None:
    reading = parse_log(f"{typo} 3x10")
    assert isinstance(reading, LogReading)
    assert (reading.exercise_text, reading.exercise_id) == (typo, None)


@pytest.mark.parametrize(
    ("typo", "exercise_id"),
    [
        ("bridg", "glute_bridge"),
        ("squta", "barbell_back_squat"),
        ("bulgarain split squats", BSS),
        ("romanain dedlift", RDL),
    ],
)
def test_typos_are_matched(typo: str, exercise_id: str) -> None:
    reading = parse_log(f"{typo} 3x10")
    assert isinstance(reading, LogReading)
    assert reading.exercise_id == exercise_id


def test_a_thousand_characters_are_read() -> None:
    text = "3x10".ljust(1000, " ")
    assert isinstance(parse_log(text), LogReading)
    assert parse_log(text + " ") == Rejection(RejectionReason.TOO_LONG)


def test_readings_repeat_equal_sets_in_order() -> None:
    reading = parse_log("3x10 @ 60kg")
    assert isinstance(reading, LogReading)
    assert len(reading.sets) == 3
    assert len(set(reading.sets)) == 1


def test_help_text_examples_are_read() -> None:
    examples = ("Hip thrust 3x10 60kg", "60x10x3", "10/8/6 @ 60/70/80kg", "5x5 @8", "RDL 5x5 @ 80%")
    for example in examples:
        assert example in tr("general.help_logging")
        assert isinstance(parse_log(example), LogReading)
    assert isinstance(parse_log("2x20kg dbs"), Rejection)
    assert parse_log("planning 3x10 tomorrow") == Rejection(RejectionReason.PLAN_NOT_LOG)


@pytest.mark.parametrize(
    "text",
    ["DB RDL 3x12 2x24kg", "DB RDL 3x12 2 × 24 kg", "db rdl 3x12 pair of 24s", "DB RDL 3x12 40s"],
)
def test_a_pair_of_dumbbells_is_one_load_per_dumbbell(text: str) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading)
    assert (reading.exercise_id, reading.pair, reading.to_json()["pair"]) == (DB_RDL, True, True)
    assert [(s.reps, s.weight) for s in reading.sets] == [(12, 24.0 if "24" in text else 40.0)] * 3


@pytest.mark.parametrize(
    ("text", "sets", "note"),
    [
        ("3x8 100kg last set only 6", [(8, 100.0), (8, 100.0), (6, 100.0)], "last set only 6"),
        ("3x8 100kg, first set 6", [(6, 100.0), (8, 100.0), (8, 100.0)], "first set 6"),
        ("3x5 100kg last set 110kg", [(5, 100.0), (5, 100.0), (5, 110.0)], "last set 110kg"),
    ],
)
def test_a_remark_about_one_set_changes_it(
    text: str, sets: list[tuple[int, float]], note: str
) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading)
    assert ([(s.reps, s.weight) for s in reading.sets], reading.note) == (sets, note)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/3x10",
        "x10",
        "× 10",
        "1x8 100kg last set 6",
        "triples",
    ],
)
def test_what_could_be_read_two_ways_is_refused(text: str) -> None:
    assert parse_log(text) == Rejection(RejectionReason.NOT_A_LOG)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 @ 60 rpe 9", log(sets(1, 10, 60), rpe=9.0)),
        ("12 @ 60, rpe 9", log(sets(1, 12, 60), rpe=9.0)),
        ("8 @ 100 @ 8", log(sets(1, 8, 100), rpe=8.0)),
        ("100 for 8", log(sets(1, 8, 100))),
        ("60kg 12", log(sets(1, 12, 60, "kg"))),
        ("12 60kg", log(sets(1, 12, 60, "kg"))),
    ],
)
def test_numbers_alone_of_an_exercise_being_done_are_reps_and_load(
    text: str, expected: dict[str, Any]
) -> None:
    reading = parse_log(text, lift_known=True)
    assert isinstance(reading, LogReading), reading
    assert reading.to_json() == expected


@pytest.mark.parametrize(
    "text", ["meeting at 3 with 10 people", "2 for 20 at the shop", "100 at 5", "60 12"]
)
def test_numbers_with_other_words_or_no_binder_are_no_set_of_the_exercise_being_done(
    text: str,
) -> None:
    assert parse_log(text, lift_known=True) == Rejection(RejectionReason.NOT_A_LOG)


@pytest.mark.parametrize(
    ("text", "exercise", "performed", "percent"),
    [
        ("5x5 @ 80%", None, sets(5, 5), 80.0),
        ("3x8 at 75%", None, sets(3, 8), 75.0),
        ("80% 5x5", None, sets(5, 5), 80.0),
        ("5x5 @80 %", None, sets(5, 5), 80.0),
        ("3x8 w/ 72.5%", None, sets(3, 8), 72.5),
        ("RDL 5x5 @ 80%", ("RDL", RDL), sets(5, 5), 80.0),
        ("squat 3x5 75% of 1rm", ("squat", SQUAT), sets(3, 5), 75.0),
        ("squat 3x5 @ 75% of my max", ("squat", SQUAT), sets(3, 5), 75.0),
    ],
)
def test_a_percentage_of_the_one_rep_max_is_no_load_but_the_readings_percent(
    text: str, exercise: tuple[str, str] | None, performed: Sets, percent: float
) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading), reading
    assert reading.to_json() == log(performed, exercise) | {"percent": percent}


@pytest.mark.parametrize("text", ["RDL 5x5 100kg @ 80%", "5x5 @ 80% 70%", "pull ups 3x8 bw 80%"])
def test_a_percentage_beside_a_load_or_another_percentage_is_refused(text: str) -> None:
    assert parse_log(text) == Rejection(RejectionReason.NOT_A_LOG)
