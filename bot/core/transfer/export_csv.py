"""A person's whole history as a CSV file in the layout of Strong's export.

Strong's layout is the one most tools already read (Hevy, spreadsheets, the dashboards built
for Strong), so `/export` writes exactly its columns, one row per set:

- Date: the session's day at 12:00:00. Coach keeps the day, not the start time; noon keeps
  the day right in tools that read the naive time as UTC and shift it by up to 12 hours.
- Duration: empty, since Coach does not know it (Strong writes "1h 5m"; "0m" would be false).
- Weight: in the person's unit, loads logged in the other unit converted; 0 for sets without
  a load, as Strong writes for bodyweight exercises. The unit is in the file name.
- Set Order: 1..n per exercise per session, counting on across two logs of one exercise.
- Distance and Seconds: 0, as Strong writes for weight sets; RPE: the log's, on each set.

Text cells are quoted, as Strong quotes them, and numbers are not, so that spreadsheets
read numbers as numbers and never split or evaluate a name: see `formula_cells`. Lines end
in "\\r\\n" (RFC 4180) although Strong's own files end in "\\n": the csv module quotes only
the line-break characters of its line ending, so with "\\n" a name holding a stray "\\r"
would split its row. Readers take both.

`StrongCsvWriter` writes a history a page at a time, so that an export never holds more
than a page of it in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from bot.core.history import HistoryEntry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
from bot.core.transfer.formula_cells import neutralise_formula
from bot.core.workout import convert_load

STRONG_COLUMNS = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
EXPORT_WORKOUT_NAME = "Coach"
_SESSION_TIME = "12:00:00"


def export_filename(units: Units, today: date) -> str:
    """The document's name, which also says the unit of the Weight column."""
    return f"coach-export-{today.isoformat()}-{units.value}.csv"


class StrongCsvWriter:
    """Writes the header at once, then each page of history `write` is given.

    Pages come oldest day first, and a day's logs in the order logged: a day may continue
    on the next page, its set orders counting on.
    """

    def __init__(self, out: TextIO, units: Units) -> None:
        csv.writer(out).writerow(STRONG_COLUMNS)  # unquoted, as Strong writes it
        self._rows = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
        self._units = units
        self._day: date | None = None
        self._set_orders: dict[str, int] = {}

    def write(self, entries: Iterable[HistoryEntry]) -> None:
        for entry in entries:
            if entry.local_date != self._day:
                self._day, self._set_orders = entry.local_date, {}
            self._write_entry(entry)

    def _write_entry(self, entry: HistoryEntry) -> None:
        started = f"{entry.local_date.isoformat()} {_SESSION_TIME}"
        name = neutralise_formula(entry.exercise_name)
        rpe = "" if entry.rpe is None else _number(entry.rpe)
        key = entry.exercise_id or entry.exercise_name.casefold()
        for logged in entry.sets:
            order = self._set_orders[key] = self._set_orders.get(key, 0) + 1
            load = _load(logged, self._units)
            row = (started, EXPORT_WORKOUT_NAME, "", name, order, load, logged.reps, 0, 0)
            self._rows.writerow((*row, "", "", rpe))


def export_strong_csv(entries: Iterable[HistoryEntry], units: Units) -> str:
    """Every set of a history held in memory, oldest day first, logs of a day in the order
    given."""
    out = io.StringIO()
    StrongCsvWriter(out, units).write(sorted(entries, key=lambda e: e.local_date))
    return out.getvalue()


def _load(logged: LoggedSet, units: Units) -> int | float:
    if logged.weight is None:
        return 0
    return _number(convert_load(logged.weight, logged.unit, units))


def _number(value: float) -> int | float:
    """62.5 as 62.5 and 60.0 as 60: readers parse either, people read the short one."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded
