"""Reading Strong and Hevy exports: what a person sees after sending the file to /import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.core.profile import Units
from bot.core.transfer.import_csv import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportedExercise,
    ImportedSet,
    ImportFailure,
    ImportFormat,
    ImportProblem,
    ImportResult,
    parse_import,
)

FIXTURES = Path(__file__).parent / "fixtures"
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,"
    "Distance,Seconds,Notes,Workout Notes,RPE"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(data: bytes, units: Units = Units.KG) -> ImportResult:
    result = parse_import(data, person_units=units)
    assert isinstance(result, ImportResult), result
    return result


def fail(data: bytes, units: Units = Units.KG) -> ImportFailure:
    result = parse_import(data, person_units=units)
    assert isinstance(result, ImportFailure), result
    return result


def strong(*rows: str) -> bytes:
    return "\n".join((STRONG_HEADER, *rows, "")).encode()


def strong_row(**changes: str) -> str:
    """A row of a Strong export: a set of squats unless `changes` says otherwise."""
    fields = {
        "Date": "2024-01-15 18:00:00",
        "Workout Name": "Legs",
        "Duration": "1h",
        "Exercise Name": "Squat (Barbell)",
        "Set Order": "1",
        "Weight": "100",
        "Reps": "5",
        "Distance": "0",
        "Seconds": "0",
        "Notes": "",
        "Workout Notes": "",
        "RPE": "",
    }
    return ",".join({**fields, **changes}.values())


def exercises(result: ImportResult) -> dict[str, ImportedExercise]:
    return {e.name: e for w in result.workouts for e in w.exercises}


def fingerprints(result: ImportResult) -> list[int]:
    return [e.fingerprint for w in result.workouts for e in w.exercises]


def work(sets: tuple[ImportedSet, ...]) -> list[tuple[int, float | None]]:
    return [(s.reps, s.weight) for s in sets]


# --- Each format --------------------------------------------------------------------------------


def test_strong_export_becomes_sessions_with_catalogue_exercises() -> None:
    result = read(fixture("strong.csv"))

    assert result.format is ImportFormat.STRONG
    assert [(w.started_at, w.title) for w in result.workouts] == [
        (datetime(2024, 1, 15, 18, 3, 22), "Glute Day"),
        (datetime(2024, 1, 18, 7, 45, 10), "Morning Workout"),
    ]
    by_name = exercises(result)
    assert by_name["Hip Thrust (Barbell)"].exercise_id == "barbell_hip_thrust"
    assert by_name["Romanian Deadlift (Barbell)"].exercise_id == "romanian_deadlift"
    assert by_name["Lying Leg Curl (Machine)"].exercise_id == "lying_leg_curl"
    assert by_name["Bulgarian Split Squat"].exercise_id == "bulgarian_split_squat"
    assert work(by_name["Hip Thrust (Barbell)"].sets) == [(10, 40), (8, 100), (8, 100), (7, 100)]
    assert [s.rpe for s in by_name["Hip Thrust (Barbell)"].sets] == [None, 8, 8.5, 9]
    assert result.set_count == 14


def test_strong_warm_ups_are_marked_and_drop_and_failure_sets_count_as_work() -> None:
    by_name = exercises(read(fixture("strong.csv")))

    assert [s.warmup for s in by_name["Hip Thrust (Barbell)"].sets] == [True, False, False, False]
    assert not any(s.warmup for s in by_name["Romanian Deadlift (Barbell)"].sets)  # "D"
    assert work(by_name["Lying Leg Curl (Machine)"].sets) == [(12, 35), (9, 35)]  # "F"


def test_rest_timer_cardio_and_timed_rows_are_skipped_and_counted() -> None:
    result = read(fixture("strong.csv"))

    assert result.skipped_rows == 3  # a rest timer, a bike ride, a plank
    assert {"Cycling (Indoor)", "Plank"}.isdisjoint(exercises(result))


def test_bodyweight_sets_have_no_load() -> None:
    by_name = exercises(read(fixture("strong.csv")))

    assert work(by_name["Glute Bridge"].sets) == [(20, None)]


def test_strong_without_unit_column_is_in_the_persons_unit() -> None:
    in_kg = exercises(read(fixture("strong.csv"), Units.KG))["Hip Thrust (Barbell)"]
    in_lb = exercises(read(fixture("strong.csv"), Units.LB))["Hip Thrust (Barbell)"]

    assert {s.unit for s in in_kg.sets} == {"kg"}
    assert {s.unit for s in in_lb.sets} == {"lb"}
    assert work(in_lb.sets) == work(in_kg.sets)
    # Same file, so the same workout: a second import with another unit adds nothing either.
    assert in_lb.fingerprint == in_kg.fingerprint


def test_unknown_names_are_reported_in_file_order_and_kept_as_own_exercises() -> None:
    result = read(fixture("strong.csv"))

    assert result.unmatched_names == ("Hip Adduction (Machine)", "Banded Clamshell Walk")
    own = exercises(result)["Banded Clamshell Walk"]
    assert own.exercise_id is None
    assert work(own.sets) == [(15, None)]


def test_strong_with_unit_columns_reads_each_rows_unit() -> None:
    result = read(fixture("strong_units.csv"), Units.KG)

    assert result.format is ImportFormat.STRONG_WITH_UNITS
    by_name = exercises(result)
    thrust = by_name["Hip Thrust (Barbell)"]
    assert [(s.reps, s.weight, s.unit, s.warmup) for s in thrust.sets] == [
        (10, 95, "lb", True),
        (8, 225, "lb", False),
        (8, 225, "lb", False),
    ]
    assert [(s.weight, s.unit) for s in by_name["Good Morning (Barbell)"].sets] == [(40, "kg")]
    assert by_name["Nordic Hamstring Curl"].exercise_id == "nordic_curl"
    assert work(by_name["Nordic Hamstring Curl"].sets) == [(6, None)]
    assert result.skipped_rows == 1  # the treadmill walk


def test_strong_android_semicolons_and_decimal_commas() -> None:
    result = read(fixture("strong_android.csv"))

    assert result.format is ImportFormat.STRONG_SEMICOLON
    thrust = exercises(result)["Hip Thrust (Barbell)"]
    assert work(thrust.sets) == [(12, 40), (10, 62.5), (10, 62.5)]
    assert [s.rpe for s in thrust.sets] == [None, 7.5, 8]
    # A name in German is the catalogue's exercise too.
    assert exercises(result)["Beinbeuger liegend"].exercise_id == "lying_leg_curl"
    assert result.unmatched_names == ()


def test_hevy_kilograms() -> None:
    result = read(fixture("hevy_kg.csv"), Units.LB)

    assert result.format is ImportFormat.HEVY_KG
    assert [(w.started_at, w.title) for w in result.workouts] == [
        (datetime(2024, 1, 15, 18, 3), "Lower A"),
        (datetime(2024, 1, 17, 7, 30), "Lower B"),
    ]
    by_name = exercises(result)
    thrust = by_name["Hip Thrust (Barbell)"]
    assert [(s.reps, s.weight, s.unit, s.warmup, s.rpe) for s in thrust.sets] == [
        (10, 60, "kg", True, None),
        (8, 110, "kg", False, 8),
        (9, 110, "kg", False, 10),  # "failure"
    ]
    rdl = by_name["Romanian Deadlift (Dumbbell)"]
    assert rdl.exercise_id == "dumbbell_romanian_deadlift"
    assert work(rdl.sets) == [(10, 24), (12, 16)]  # "dropset" is a working set
    assert work(by_name["Glute Bridge"].sets) == [(20, None)]
    assert by_name["Seated Leg Curl (Machine)"].exercise_id == "seated_leg_curl"
    assert result.skipped_rows == 2  # the plank and the treadmill


def test_machine_hip_thrust_is_not_taken_for_the_barbell_lift() -> None:
    result = read(fixture("hevy_kg.csv"))

    assert exercises(result)["Hip Thrust (Machine)"].exercise_id is None
    assert result.unmatched_names == ("Hip Thrust (Machine)",)


def test_hevy_pounds() -> None:
    result = read(fixture("hevy_lbs.csv"), Units.KG)

    assert result.format is ImportFormat.HEVY_LB
    thrust = exercises(result)["Hip Thrust (Barbell)"]
    # 225.00000001 in the file: conversion noise, not a load anyone lifted.
    assert [(s.weight, s.unit, s.warmup, s.rpe) for s in thrust.sets] == [
        (135, "lb", True, None),
        (225, "lb", False, 8.5),
    ]


def test_a_strong_export_from_a_12_hour_phone() -> None:
    result = read(strong(strong_row(Date="2024-01-15 6:03:22\u202fPM")))

    assert result.workouts[0].started_at == datetime(2024, 1, 15, 18, 3, 22)
    assert exercises(result)["Squat (Barbell)"].exercise_id == "barbell_back_squat"


def test_names_people_typed_with_a_typo_still_match() -> None:
    result = read(strong(strong_row(**{"Exercise Name": "Romanain deadlift"})))

    assert exercises(result)["Romanain deadlift"].exercise_id == "romanian_deadlift"
    assert result.unmatched_names == ()


def test_quoted_fields_with_commas_and_line_breaks() -> None:
    row = strong_row(**{"Workout Name": '"Legs, heavy"', "Notes": '"felt ""easy"",\nnext: 105"'})

    result = read(strong(row, strong_row(Reps="3")))

    assert [w.title for w in result.workouts] == ["Legs, heavy", "Legs"]
    assert [work(e.sets) for w in result.workouts for e in w.exercises] == [[(5, 100)], [(3, 100)]]


def test_bom_and_crlf_change_nothing() -> None:
    plain = fixture("strong.csv")
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")

    assert read(windows) == read(plain)


def test_a_header_only_file_imports_nothing() -> None:
    result = read(strong())

    assert result.workouts == ()
    assert result.set_count == 0


# --- Importing twice ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["strong.csv", "strong_units.csv", "hevy_kg.csv", "hevy_lbs.csv"])
def test_the_same_file_gives_the_same_fingerprints(name: str) -> None:
    first = fingerprints(read(fixture(name)))

    assert fingerprints(read(fixture(name))) == first
    assert len(set(first)) == len(first)
    assert all(0 < f < 2**63 for f in first)


def test_a_later_export_repeats_the_old_workouts_fingerprints() -> None:
    earlier = fixture("strong.csv")
    later = earlier + strong_row(Date="2024-01-20 09:00:00", Weight="105").encode() + b"\n"

    old, again = set(fingerprints(read(earlier))), set(fingerprints(read(later)))

    assert old < again
    assert len(again - old) == 1  # only the new workout would be stored


def test_a_changed_set_is_a_different_workout() -> None:
    one = fingerprints(read(strong(strong_row(Weight="100"))))
    other = fingerprints(read(strong(strong_row(Weight="102.5"))))

    assert one != other


# --- Files that cannot be read ------------------------------------------------------------------


def test_a_bad_number_names_its_line_and_imports_nothing() -> None:
    failure = fail(fixture("strong_bad_number.csv"))

    # Line 7 of the file, though the 6th row: a note above spans two lines.
    assert failure == ImportFailure(7, ImportProblem.NOT_A_NUMBER, "Weight")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", ImportProblem.EMPTY),
        (b"\n\n", ImportProblem.EMPTY),
        (b"Date,Exercise,Category,Weight (kgs),Reps\n2024-01-15,Squat,Legs,100,5\n", None),
        (b"name,age\nbob,3\n", None),
        (b'"title,"start_time\n', ImportProblem.BAD_CSV),
    ],
)
def test_an_unknown_or_empty_file_fails_on_line_1(
    data: bytes, reason: ImportProblem | None
) -> None:
    assert fail(data) == ImportFailure(1, reason or ImportProblem.UNKNOWN_FORMAT)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Date", "15/01/2024 18:00", ImportProblem.BAD_DATE),
        ("Date", "2024-02-30 18:00:00", ImportProblem.BAD_DATE),
        ("Reps", "five", ImportProblem.NOT_A_NUMBER),
        ("Weight", "nan", ImportProblem.NOT_A_NUMBER),
        ("Reps", "1001", ImportProblem.IMPOSSIBLE_REPS),
        ("Reps", "5.5", ImportProblem.IMPOSSIBLE_REPS),
        ("Weight", "2000.5", ImportProblem.IMPOSSIBLE_LOAD),
        ("Weight", "-20", ImportProblem.IMPOSSIBLE_LOAD),
        ("RPE", "11", ImportProblem.IMPOSSIBLE_EFFORT),
        ("Exercise Name", "", ImportProblem.NO_EXERCISE_NAME),
        ("Exercise Name", '"\x00\x1b\x85 \t"', ImportProblem.NO_EXERCISE_NAME),
        ("Exercise Name", "x" * 201, ImportProblem.NAME_TOO_LONG),
    ],
)
def test_a_bad_field_fails_the_whole_file_at_its_line(
    column: str, value: str, reason: ImportProblem
) -> None:
    data = strong(strong_row(), strong_row(), strong_row(**{column: value}), strong_row())

    assert fail(data) == ImportFailure(4, reason, column)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (strong_row().removesuffix(","), ImportProblem.WRONG_COLUMN_COUNT),
        (strong_row(Notes='"never closed'), ImportProblem.BAD_CSV),
    ],
)
def test_a_broken_row_fails_the_whole_file_at_its_line(row: str, reason: ImportProblem) -> None:
    assert fail(strong(strong_row(), strong_row(), row, strong_row())) == ImportFailure(4, reason)


def test_a_bad_unit_in_the_unit_column() -> None:
    data = fixture("strong_units.csv").replace(b",lbs,", b",stone,", 1)

    assert fail(data) == ImportFailure(2, ImportProblem.UNKNOWN_UNIT, "Weight Unit")


def test_a_file_that_is_not_utf8_names_the_line() -> None:
    data = strong(strong_row()).replace(b"Squat", b"Kniebeuge \xe4")

    assert fail(data) == ImportFailure(2, ImportProblem.NOT_UTF8)


def test_an_oversized_file_is_refused_before_reading() -> None:
    assert fail(b"x" * (MAX_IMPORT_BYTES + 1)) == ImportFailure(None, ImportProblem.TOO_LARGE)
    small_cap = parse_import(fixture("strong.csv"), person_units=Units.KG, max_bytes=100)
    assert small_cap == ImportFailure(None, ImportProblem.TOO_LARGE)


def test_a_file_of_more_rows_than_the_cap_is_refused_whole() -> None:
    at_cap = strong(
        *[strong_row(Date=f"2024-01-{1 + n % 28:02} 18:00:00") for n in range(MAX_IMPORT_ROWS)]
    )
    over_cap = at_cap + strong_row().encode() + b"\n"

    assert read(at_cap).set_count == MAX_IMPORT_ROWS
    assert fail(over_cap) == ImportFailure(None, ImportProblem.TOO_MANY_ROWS)


# --- Names are data -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # PostgreSQL refuses a NUL in text; no control character is kept in a name.
        ("glute\x00kick", "glutekick"),
        ("hip\x1b[31m thrust\x7f\x9b", "hip[31m thrust"),
        # Whitespace of any kind is one space; composed and decomposed accents are one name.
        ("  Sled \t push\u2028(Heavy) ", "Sled push (Heavy)"),
        ("Ponte\u0301 de fessiers", "Pont\u00e9 de fessiers"),
        # Formulas are names like any other, stored as written.
        ("=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"),
        ("@SUM(1)", "@SUM(1)"),
        # A quote before a formula character is the text mark Coach's export adds.
        ("'=HYPERLINK(1)", "=HYPERLINK(1)"),
        ("''-1", "'-1"),
        ("'Sled' push", "'Sled' push"),
        ("'", "'"),
    ],
)
def test_names_are_cleaned_and_kept_as_data(written: str, stored: str) -> None:
    quoted = '"' + written.replace('"', '""') + '"'

    result = read(strong(strong_row(**{"Exercise Name": quoted})))

    assert list(exercises(result)) == [stored]
    assert result.unmatched_names == (stored,)
