"""Exercise names and logging words in Russian, Ukrainian, German, Spanish and Portuguese:
read as the bot reads them, for a person it knows nothing of or for one with a plan."""

from __future__ import annotations

import pytest

from bot.core.catalogue import lookup
from bot.core.catalogue_names import NAMES
from bot.core.exercise_resolution import LogContext
from bot.core.logparse.in_context import ReadLog, read_log
from bot.core.logparse.parser import LogReading, parse_log
from bot.core.profile import Equipment


def _read(text: str, context: LogContext | None = None) -> ReadLog:
    read = read_log(text, context or LogContext())
    assert isinstance(read, ReadLog), text
    return read


@pytest.mark.parametrize(
    ("typed", "exercise_id"),
    [
        ("румынки", "romanian_deadlift"),  # endings
        ("румынкой", "romanian_deadlift"),
        ("выпадов", "reverse_lunge"),
        ("приседаний со штангой", "barbell_back_squat"),
        ("сгибаний ног лежа", "lying_leg_curl"),  # е for ё
        ("Сідничного мосту", "barbell_hip_thrust"),
        ("румунської тяги", "romanian_deadlift"),
        ("Hüftstoßen", "barbell_hip_thrust"),
        ("huftstossen", "barbell_hip_thrust"),  # ß as ss, no umlaut
        ("Langhantel Kniebeugen", "barbell_back_squat"),
        ("elevacao pelvica", "barbell_hip_thrust"),  # accents dropped
        ("Sentadillas búlgaras", "bulgarian_split_squat"),
        ("mesa flexora", "lying_leg_curl"),
        ("cadeira flexora", "seated_leg_curl"),
    ],
)
def test_names_in_other_languages_are_the_catalogue_exercise(typed: str, exercise_id: str) -> None:
    found = lookup(typed)
    assert found is not None
    assert found.id == exercise_id


@pytest.mark.parametrize("typed", ["тяга", "махи", "flexora", "Rudern", "femoral", "жим ногами"])
def test_a_name_that_could_be_two_exercises_is_asked_about(typed: str) -> None:
    read = _read(f"{typed} 3x10 40kg")
    assert read.reading.exercise_id is None
    assert read.doubtful_name == typed


def test_a_typo_in_another_language_is_asked_about_with_its_likely_exercise() -> None:
    read = _read("румынкка 3х10 60кг")
    assert (read.reading.exercise_id, read.doubtful_name) == ("romanian_deadlift", "румынкка")


@pytest.mark.parametrize(
    ("text", "exercise_id", "sets"),
    [
        ("румынка 4х6 по 70", "romanian_deadlift", [(6, 70.0, None)] * 4),
        ("румынки 3 по 10 по 60", "romanian_deadlift", [(10, 60.0, None)] * 3),
        ("Hüftstoßen 3x10 mit 40 kg", "barbell_hip_thrust", [(10, 40.0, "kg")] * 3),
        ("stiff 4x10 com 30kg", "stiff_leg_deadlift", [(10, 30.0, "kg")] * 4),
        ("agachamento com barra 4x8 60kg", "barbell_back_squat", [(8, 60.0, "kg")] * 4),
        ("hip thrust a una pierna 3x10", "single_leg_hip_thrust", [(10, None, None)] * 3),
        ("присед 3 подходы по 10 повторения 70 кг", "barbell_back_squat", [(10, 70.0, "kg")] * 3),
        ("випади 3 підходи по 12 повторень", "reverse_lunge", [(12, None, None)] * 3),
        ("Kniebeugen 3 Sätze je 10 mit 80kg", "barbell_back_squat", [(10, 80.0, "kg")] * 3),
        (
            "Kniebeugen 3x10 60kg, letzter Satz nur 8",
            "barbell_back_squat",
            [(10, 60.0, "kg")] * 2 + [(8, 60.0, "kg")],
        ),
        (
            "сгибания ног 3х15 по 30кг, последний подход 12",
            "lying_leg_curl",
            [(15, 30.0, "kg")] * 2 + [(12, 30.0, "kg")],
        ),
        (
            "agachamento 3x10 60kg, primeira série 12",
            "barbell_back_squat",
            [(12, 60.0, "kg")] + [(10, 60.0, "kg")] * 2,
        ),
    ],
)
def test_logs_in_other_languages(
    text: str, exercise_id: str, sets: list[tuple[int, float | None, str | None]]
) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading), text
    assert reading.exercise_id == exercise_id
    assert [(s.reps, s.weight, s.unit) for s in reading.sets] == sets


@pytest.mark.parametrize(
    "text",
    ["Ausfallschritte 3x12 Eigengewicht", "afundo 3x12 sem carga", "присед 3х15 собственным весом"],
)
def test_bodyweight_words(text: str) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading)
    assert reading.bodyweight


@pytest.mark.parametrize(
    "text", ["випади 3х12 на кожну ногу", "Bulgarian Split Squats 3x8 je Bein"]
)
def test_per_leg_words(text: str) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading)
    assert reading.per_side


def test_a_joining_word_is_no_part_of_a_name_it_does_not_make() -> None:
    reading = parse_log("hip thrust con banda 3x10")
    assert isinstance(reading, LogReading)
    assert (reading.exercise_id, reading.exercise_text) == ("barbell_hip_thrust", "hip thrust")


def test_a_name_in_another_language_means_the_persons_own_exercise() -> None:
    dumbbells = LogContext(
        equipment=frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
        plan=("dumbbell_romanian_deadlift", "dumbbell_hip_thrust"),
    )
    assert (
        _read("румынка 3х10 по 20", dumbbells).reading.exercise_id == "dumbbell_romanian_deadlift"
    )
    assert (
        _read("elevação pélvica 3x10 20kg", dumbbells).reading.exercise_id == "dumbbell_hip_thrust"
    )
    barbell = LogContext(plan=("romanian_deadlift",))
    # A name that says its equipment is that exercise, whatever the plan holds.
    said = _read("румынка с гантелями 3х10 по 20", barbell).reading
    assert said.exercise_id == "dumbbell_romanian_deadlift"


def test_every_name_is_read_as_its_exercise() -> None:
    for names in NAMES.values():
        for exercise_id, texts in names.items():
            for text in texts:
                found = lookup(text)
                assert found is not None, text
                assert found.id == exercise_id, text


@pytest.mark.parametrize(
    "text", ["squat 3x5 100 felt stiff", "hip thrust 3x10 100kg, feeling stiff"]
)
def test_how_a_lift_felt_names_no_other_lift(text: str) -> None:
    reading = parse_log(text)
    assert isinstance(reading, LogReading)
    assert reading.exercise_id in {"barbell_back_squat", "barbell_hip_thrust"}
