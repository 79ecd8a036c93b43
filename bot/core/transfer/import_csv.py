"""Workout history exported by Strong or Hevy as CSV, read into sessions ready to store.

The format is told by the header, whatever the file is called:

- Strong: `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
  Notes,Workout Notes,RPE`; older and newer versions drop or add columns (`Weight Unit`,
  `Distance Unit`, `Workout Duration`), so columns are found by name. Without `Weight Unit`
  the file does not say its unit: Strong writes the app's unit, taken to be the person's.
  The Android app in some locales separates with semicolons and writes decimal commas
  ("62,5"); the delimiter is read from the header line.
- Hevy: `"title","start_time",...,"set_type","weight_kg","reps",...,"rpe"`, with `weight_lbs`
  for pound accounts; dates like "15 Jan 2024, 18:03" (English month names only).

A row becomes a set only when it has reps: Strong's rest-timer and note rows (a Set Order that
is neither a number nor W, D or F) and rows without reps or with 0 (cardio, timed holds, a set
left empty: nothing was lifted) are skipped and counted. Warm-ups are Strong's "W" and
Hevy's "warmup"; drop and failure sets are working sets. A weight of 0 or none is a set
without a load (Strong writes 0 for bodyweight exercises).

Names are read as data, never as formulas: control characters go, whitespace runs become
one space (`clean_name`), and the quote that Coach's export (as OWASP advises) puts before a
formula-looking name is taken away again (`restore_formula`), so that a name exported and
imported is the same. It is taken away whatever app wrote the file: no exercise's name
begins with a quote before = + - or @ but a neutralised one, and telling Coach's files from
others' (by their Workout Name) would break the round-trip of a file edited in between.

All or nothing: the first row that cannot be read (wrong number of fields, a number, unit or
date that does not parse, reps over 1000, a negative load or one over 2000, an RPE outside
1-10, an exercise name missing, empty once cleaned or over 200 characters) fails the whole
file, naming its line, so a person never ends up with half an import; so does a file of
more than MAX_IMPORT_ROWS rows, as soon as its row after the last allowed is read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.catalogue import Exercise, lookup
from bot.core.logparse.exercise_names import match_name
from bot.core.logparse.reading import MAX_RPE, MIN_RPE, LoadUnit
from bot.core.profile import Equipment, Units
from bot.core.text_input import clean_name
from bot.core.transfer.formula_cells import restore_formula
from bot.core.workout import load_unit

MAX_IMPORT_BYTES = 10 * 1024 * 1024
# What one file and one person's history may hold, generous for any lifter and small
# enough that an import or an export takes seconds, not minutes, and a file's sets fit in
# one person's memory. Strong writes a row per set (warm-ups and rest timers too): 20 sets
# a day, every day, are 7,300 rows a year, so a file holds nearly three years of daily
# training (five of four days a week), and a history of 100,000 sets is 13 years of it.
MAX_IMPORT_ROWS = 20_000
MAX_HISTORY_SETS = 100_000
MAX_REPS = 1000
MAX_LOAD = 2000.0
MAX_NAME_CHARS = 200


class ImportFormat(StrEnum):
    STRONG = "strong"
    STRONG_WITH_UNITS = "strong_with_units"
    # Semicolon-separated, with or without the unit columns.
    STRONG_SEMICOLON = "strong_semicolon"
    HEVY_KG = "hevy_kg"
    HEVY_LB = "hevy_lb"


class ImportProblem(StrEnum):
    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"
    EMPTY = "empty"
    NOT_UTF8 = "not_utf8"
    UNKNOWN_FORMAT = "unknown_format"
    BAD_CSV = "bad_csv"
    WRONG_COLUMN_COUNT = "wrong_column_count"
    BAD_DATE = "bad_date"
    NOT_A_NUMBER = "not_a_number"
    IMPOSSIBLE_REPS = "impossible_reps"
    IMPOSSIBLE_LOAD = "impossible_load"
    IMPOSSIBLE_EFFORT = "impossible_effort"
    UNKNOWN_UNIT = "unknown_unit"
    NO_EXERCISE_NAME = "no_exercise_name"
    NAME_TOO_LONG = "name_too_long"


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One set; `weight` is in `unit`, None without a load."""

    reps: int
    weight: float | None
    unit: LoadUnit
    warmup: bool
    rpe: float | None


@dataclass(frozen=True, slots=True)
class ImportedExercise:
    """Every set of one exercise in one workout. `fingerprint` (1 ≤ n < 2**63) is the same
    whenever the same workout is read again, so storing it makes a re-import add nothing."""

    exercise_id: str | None
    name: str
    sets: tuple[ImportedSet, ...]
    fingerprint: int


@dataclass(frozen=True, slots=True)
class ImportedWorkout:
    """One workout; `started_at` is the local time the file gives, naive."""

    started_at: datetime
    title: str
    exercises: tuple[ImportedExercise, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The workouts read, oldest first; `unmatched_names` are the exercises kept as the
    person's own, in file order; `skipped_rows` counts rows that were not weight sets."""

    format: ImportFormat
    workouts: tuple[ImportedWorkout, ...]
    unmatched_names: tuple[str, ...]
    skipped_rows: int

    @property
    def set_count(self) -> int:
        return sum(len(e.sets) for w in self.workouts for e in w.exercises)


@dataclass(frozen=True, slots=True)
class HistoryFull:
    """Nothing was imported: the person's `stored` sets and the file's `adding` new ones
    would pass MAX_HISTORY_SETS."""

    stored: int
    adding: int


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """Nothing was imported. `line` is the file's 1-based line (None: the file as a whole);
    `column` the header name of the field that could not be read, when one could not."""

    line: int | None
    reason: ImportProblem
    column: str | None = None


def parse_import(
    data: bytes, *, person_units: Units, max_bytes: int = MAX_IMPORT_BYTES
) -> ImportResult | ImportFailure:
    """Read a whole Strong or Hevy export, or say where it cannot be read."""
    if len(data) > max_bytes:
        return ImportFailure(None, ImportProblem.TOO_LARGE)
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        return ImportFailure(body.count(b"\n", 0, error.start) + 1, ImportProblem.NOT_UTF8)
    try:
        return _Reader(text, load_unit(person_units)).read()
    except _Unreadable as problem:
        return ImportFailure(problem.line, problem.reason, problem.column)


# --- Formats ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a format keeps each field. `kind` reads the set-kind field: warm-up or not, or
    None for a row that is not a set; `unit` is the unit of every weight, when the header
    says it."""

    format: ImportFormat
    names: tuple[str, ...]
    started: int
    title: int
    exercise: int
    kind_column: int
    kind: Callable[[str], bool | None]
    weight: int
    unit: LoadUnit | None
    reps: int
    rpe: int | None
    unit_column: int | None
    decimal_comma: bool


def _strong_kind(text: str) -> bool | None:
    order = text.strip().upper()
    if order.isdigit() or order in ("D", "F"):
        return False
    return True if order == "W" else None


def _hevy_kind(text: str) -> bool:
    # "normal", "dropset", "failure", and whatever Hevy adds later: all sets that count.
    return text.strip().lower() == "warmup"


_STRONG_NEEDS = ("date", "workout name", "exercise name", "set order", "weight", "reps")
_HEVY_NEEDS = ("title", "start_time", "exercise_title", "set_type", "reps")


def _layout(names: list[str], delimiter: str) -> _Layout | None:
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        columns.setdefault(name.strip().casefold(), index)
    header = tuple(name.strip() for name in names)
    if all(name in columns for name in _STRONG_NEEDS):
        if delimiter == ";":
            format_ = ImportFormat.STRONG_SEMICOLON
        elif "weight unit" in columns:
            format_ = ImportFormat.STRONG_WITH_UNITS
        else:
            format_ = ImportFormat.STRONG
        return _Layout(
            format_,
            header,
            started=columns["date"],
            title=columns["workout name"],
            exercise=columns["exercise name"],
            kind_column=columns["set order"],
            kind=_strong_kind,
            weight=columns["weight"],
            unit=None,
            reps=columns["reps"],
            rpe=columns.get("rpe"),
            unit_column=columns.get("weight unit"),
            decimal_comma=delimiter == ";",
        )
    weight = columns.get("weight_kg", columns.get("weight_lbs"))
    if weight is None or not all(name in columns for name in _HEVY_NEEDS):
        return None
    return _Layout(
        ImportFormat.HEVY_KG if "weight_kg" in columns else ImportFormat.HEVY_LB,
        header,
        started=columns["start_time"],
        title=columns["title"],
        exercise=columns["exercise_title"],
        kind_column=columns["set_type"],
        kind=_hevy_kind,
        weight=weight,
        unit="kg" if "weight_kg" in columns else "lb",
        reps=columns["reps"],
        rpe=columns.get("rpe"),
        unit_column=None,
        decimal_comma=False,
    )


# --- Reading ----------------------------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, line: int | None, reason: ImportProblem, column: str | None = None) -> None:
        super().__init__(reason.value)
        self.line = line
        self.reason = reason
        self.column = column


class _Reader:
    """One pass over the rows, grouping sets by workout and exercise as they come."""

    def __init__(self, text: str, default_unit: LoadUnit) -> None:
        header_line = text.partition("\n")[0]
        self.delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        # newline="" hands the csv module every line ending untouched, as it requires for
        # quoted fields that contain line breaks.
        self.rows = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter, strict=True)
        self.default_unit = default_unit
        self.dates: dict[str, datetime] = {}
        self.exercise_ids: dict[str, str | None] = {}
        self.workouts: dict[tuple[datetime, str], dict[str, list[ImportedSet]]] = {}
        self.skipped = 0

    def read(self) -> ImportResult:
        try:
            header = next(self.rows, None)
        except csv.Error:
            raise _Unreadable(1, ImportProblem.BAD_CSV) from None
        if header is None or not any(cell.strip() for cell in header):
            raise _Unreadable(1, ImportProblem.EMPTY)
        layout = _layout(header, self.delimiter)
        if layout is None:
            raise _Unreadable(1, ImportProblem.UNKNOWN_FORMAT)
        line = self.rows.line_num + 1
        rows = 0
        try:
            for row in self.rows:
                if row:
                    rows += 1
                    if rows > MAX_IMPORT_ROWS:
                        raise _Unreadable(None, ImportProblem.TOO_MANY_ROWS)
                    self._row(layout, row, line)
                line = self.rows.line_num + 1
        except csv.Error:
            raise _Unreadable(line, ImportProblem.BAD_CSV) from None
        return self._result(layout.format)

    def _row(self, layout: _Layout, row: list[str], line: int) -> None:
        if len(row) != len(layout.names):
            raise _Unreadable(line, ImportProblem.WRONG_COLUMN_COUNT)
        field = _Fields(layout, row, line)
        started = self._when(field, layout.started)
        warmup = layout.kind(row[layout.kind_column])
        reps = field.reps()
        if warmup is None or reps is None:
            self.skipped += 1
            return
        logged = ImportedSet(reps, field.weight(), self._unit(field), warmup, field.rpe())
        name = field.exercise_name()
        if name not in self.exercise_ids:
            self.exercise_ids[name] = _catalogue_id(name)
        workout = self.workouts.setdefault((started, clean_name(row[layout.title])), {})
        workout.setdefault(name, []).append(logged)

    def _when(self, field: _Fields, column: int) -> datetime:
        text = field.row[column]
        started = self.dates.get(text)
        if started is None:
            started = self.dates[text] = field.when(column)
        return started

    def _unit(self, field: _Fields) -> LoadUnit:
        return field.layout.unit or field.unit() or self.default_unit

    def _result(self, format_: ImportFormat) -> ImportResult:
        workouts = []
        for (started, title), exercises in sorted(self.workouts.items(), key=lambda w: w[0][0]):
            read = [
                ImportedExercise(
                    self.exercise_ids[name], name, tuple(sets), _fingerprint(started, name, sets)
                )
                for name, sets in exercises.items()
            ]
            workouts.append(ImportedWorkout(started, title, tuple(read)))
        # Names enter `exercise_ids` with their first set, so this is file order.
        unmatched = tuple(name for name, found in self.exercise_ids.items() if found is None)
        return ImportResult(format_, tuple(workouts), unmatched, self.skipped)


@dataclass(frozen=True, slots=True)
class _Fields:
    """The fields of one row, read with the problem and line to report when they cannot be."""

    layout: _Layout
    row: list[str]
    line: int

    def fail(self, reason: ImportProblem, column: int | None = None) -> _Unreadable:
        name = None if column is None else self.layout.names[column]
        return _Unreadable(self.line, reason, name)

    def number(self, column: int) -> float | None:
        text = self.row[column].strip()
        if not text:
            return None
        if self.layout.decimal_comma:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise self.fail(ImportProblem.NOT_A_NUMBER, column) from None
        if not math.isfinite(value):
            raise self.fail(ImportProblem.NOT_A_NUMBER, column)
        return value

    def reps(self) -> int | None:
        """The reps, or None for a row without any (Strong writes newer reps as "8.0")."""
        value = self.number(self.layout.reps)
        if not value:
            return None
        if value < 0 or value > MAX_REPS or not value.is_integer():
            raise self.fail(ImportProblem.IMPOSSIBLE_REPS, self.layout.reps)
        return int(value)

    def weight(self) -> float | None:
        value = self.number(self.layout.weight)
        if value is None or value == 0:
            return None
        if value < 0 or value > MAX_LOAD:
            raise self.fail(ImportProblem.IMPOSSIBLE_LOAD, self.layout.weight)
        # Apps that store kilograms write pounds with conversion noise (135.00000001).
        return round(value, 2)

    def rpe(self) -> float | None:
        if self.layout.rpe is None:
            return None
        value = self.number(self.layout.rpe)
        if value is not None and not MIN_RPE <= value <= MAX_RPE:
            raise self.fail(ImportProblem.IMPOSSIBLE_EFFORT, self.layout.rpe)
        return value

    def unit(self) -> LoadUnit | None:
        if self.layout.unit_column is None:
            return None
        text = self.row[self.layout.unit_column].strip().lower()
        if text in ("kg", "kgs"):
            return "kg"
        if text in ("lb", "lbs"):
            return "lb"
        if text:
            raise self.fail(ImportProblem.UNKNOWN_UNIT, self.layout.unit_column)
        return None

    def exercise_name(self) -> str:
        # The quote first: it is the file's first character, before any whitespace.
        name = clean_name(restore_formula(self.row[self.layout.exercise]))
        if not name:
            raise self.fail(ImportProblem.NO_EXERCISE_NAME, self.layout.exercise)
        if len(name) > MAX_NAME_CHARS:
            raise self.fail(ImportProblem.NAME_TOO_LONG, self.layout.exercise)
        return name

    def when(self, column: int) -> datetime:
        started = _parse_when(self.row[column].strip())
        if started is None:
            raise self.fail(ImportProblem.BAD_DATE, column)
        return started


# --- Dates ------------------------------------------------------------------------------------

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?"
# Strong: "2024-01-15 18:03:22", or "2024-01-15 6:03:22 PM" (a narrow space before PM) from
# phones set to a 12-hour clock.
_ISO_WHEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T]" + _TIME, re.IGNORECASE)
# Hevy: "15 Jan 2024, 18:03".
_HEVY_WHEN = re.compile(r"(\d{1,2}) ([a-z]{3,9})\.? (\d{4}),? " + _TIME, re.IGNORECASE)
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "Sep", "Sept" and "September" alike: every prefix of three letters or more is unambiguous.
_MONTHS = {
    name[:length]: number
    for number, name in enumerate(_MONTH_NAMES, 1)
    for length in range(3, len(name) + 1)
}


def _parse_when(text: str) -> datetime | None:
    if match := _ISO_WHEN.fullmatch(text):
        year, month, day, hour, minute, second, half = match.groups()
    elif match := _HEVY_WHEN.fullmatch(text):
        day, month_name, year, hour, minute, second, half = match.groups()
        month = str(_MONTHS.get(month_name.lower(), 0))
    else:
        return None
    hours = int(hour)
    if half is not None:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "p" else 0)
    try:
        return datetime(int(year), int(month), int(day), hours, int(minute), int(second or 0))
    except ValueError:
        return None


# --- Exercises --------------------------------------------------------------------------------

# Strong and Hevy name an exercise's equipment in brackets: "Hip Thrust (Barbell)".
_TAGGED = re.compile(r"(?P<base>.+?)\s*\((?P<tag>[^()]+)\)")
_TAG_EQUIPMENT: dict[str, Equipment | None] = {
    "barbell": Equipment.BARBELL,
    "dumbbell": Equipment.DUMBBELLS,
    "kettlebell": Equipment.KETTLEBELL,
    "cable": Equipment.CABLE,
    "band": Equipment.BANDS,
    "resistance band": Equipment.BANDS,
    "machine": Equipment.LEG_CURL_MACHINE,
    "bodyweight": None,
}
_LOADING = frozenset(
    {
        Equipment.BARBELL,
        Equipment.DUMBBELLS,
        Equipment.KETTLEBELL,
        Equipment.CABLE,
        Equipment.BANDS,
        Equipment.LEG_CURL_MACHINE,
    }
)
_FREE_WEIGHTS = frozenset({Equipment.BARBELL, Equipment.DUMBBELLS, Equipment.KETTLEBELL})
_WORD = re.compile(r"[\w']+")


def _catalogue_id(name: str) -> str | None:
    """The catalogue exercise an app's name means, or None to keep it as the person's own.

    Tried in order: the name itself; the app's "Hip Thrust (Barbell)" as "Barbell Hip
    Thrust"; the name without its bracket when the equipment fits the catalogue exercise
    (so "Hip Thrust (Machine)" is not taken for the barbell lift); and for names without
    brackets, which people typed themselves, the log parser's typo-tolerant match.
    """
    if (exercise := lookup(name)) is not None:
        return exercise.id
    tagged = _TAGGED.fullmatch(name)
    if tagged is None:
        typed = match_name(tuple(_WORD.findall(name.lower()))).exercise
        return None if typed is None else typed.id
    tag, base = tagged["tag"].strip().lower(), tagged["base"]
    if tag not in _TAG_EQUIPMENT:
        return None
    if (exercise := lookup(f"{tag} {base}")) is not None:
        return exercise.id
    exercise = lookup(base)
    if exercise is None or not _fits(_TAG_EQUIPMENT[tag], exercise):
        return None
    return exercise.id


def _fits(tagged: Equipment | None, exercise: Exercise) -> bool:
    """Whether the app's equipment tag (None: bodyweight) describes the catalogue exercise.

    A free weight added to a bodyweight exercise is the same exercise loaded, as when someone
    logs "bulgarian split squat 3x8 20kg"."""
    loads = exercise.equipment & _LOADING
    if tagged is None:
        return not loads
    return tagged in loads if loads else tagged in _FREE_WEIGHTS


def _fingerprint(started: datetime, name: str, sets: list[ImportedSet]) -> int:
    """A stable hash of what makes the exercise this one. The unit is left out: a Strong
    file does not state it, and reading the same file with another unit is no new workout."""
    digest = hashlib.blake2b(digest_size=8, person=b"coach-import")
    digest.update(started.isoformat().encode())
    digest.update(b"\x1f" + name.encode())
    for s in sets:
        digest.update(f"\x1f{s.reps}|{s.weight}|{s.warmup:d}|{s.rpe}".encode())
    return int.from_bytes(digest.digest(), "big") % (2**63 - 1) + 1


@dataclass(frozen=True, slots=True)
class ImportCounts:
    sessions: int
    sets: int
    exercises: int
    already_imported: int


@dataclass(frozen=True, slots=True)
class Imported:
    """A file read and stored: what was in it, and how much of it was new."""

    result: ImportResult
    counts: ImportCounts
