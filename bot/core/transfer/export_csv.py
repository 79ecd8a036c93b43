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

Fields are quoted only when they need it. Lines end in "\\r\\n" (RFC 4180) although Strong's
own files end in "\\n": the csv module quotes only the line-break characters of its line
ending, so with "\\n" a name holding a stray "\\r" would split its row. Readers take both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from bot.core.history import HistoryEntry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
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
_SESSION_TIME = "12:00:00"


def export_filename(units: Units, today: date) -> str:
    """The document's name, which also says the unit of the Weight column."""
    return f"coach-export-{today.isoformat()}-{units.value}.csv"


def export_strong_csv(
    entries: Iterable[HistoryEntry], units: Units, *, workout_name: str = "Coach"
) -> str:
    """Every set of the history, oldest day first, logs of a day in the order given."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STRONG_COLUMNS)
    set_orders: dict[tuple[date, str], int] = {}
    for entry in sorted(entries, key=lambda e: e.local_date):
        started = f"{entry.local_date.isoformat()} {_SESSION_TIME}"
        rpe = "" if entry.rpe is None else _number(entry.rpe)
        key = (entry.local_date, entry.exercise_id or entry.exercise_name.casefold())
        for logged in entry.sets:
            order = set_orders[key] = set_orders.get(key, 0) + 1
            writer.writerow(
                (
                    started,
                    workout_name,
                    "",
                    entry.exercise_name,
                    order,
                    _load(logged, units),
                    logged.reps,
                    0,
                    0,
                    "",
                    "",
                    rpe,
                )
            )
    return out.getvalue()


def _load(logged: LoggedSet, units: Units) -> str:
    if logged.weight is None:
        return "0"
    return _number(convert_load(logged.weight, logged.unit, units))


def _number(value: float) -> str:
    """62.5 as "62.5" and 60.0 as "60": readers parse either, people read the short one."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
