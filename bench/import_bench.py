"""Time to read a 10,000-row Strong or Hevy export on one core, against csv.reader alone.

The files are generated here, deterministically (fixed seed), as the apps write them: about
five exercises a workout, warm-ups first, RPE on some sets, the odd rest-timer or cardio row,
and a mix of catalogue names and people's own exercises.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.core.profile import Units
from bot.core.transfer.export_csv import STRONG_COLUMNS
from bot.core.transfer.import_csv import ImportResult, parse_import

ROWS = 10_000
SEED = 20261127
RUNS = 7
TARGET_SECONDS = 2.0

_STRONG_HEADER = STRONG_COLUMNS
_HEVY_HEADER = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)
_NAMES = (
    "Hip Thrust (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Romanian Deadlift (Dumbbell)",
    "Bulgarian Split Squat",
    "Lying Leg Curl (Machine)",
    "Seated Leg Curl (Machine)",
    "Good Morning (Barbell)",
    "Squat (Barbell)",
    "Glute Kickback (Machine)",
    "Hip Abduction (Machine)",
    "Leg Press",
    "Bench Press (Barbell)",
)
_TITLES = ("Glute Day", "Lower A", "Lower B", "Evening Workout")


def _workouts(rows: int, seed: int) -> list[tuple[datetime, str, list[tuple[str, str, str, str]]]]:
    """Workouts as (start, title, [(exercise, kind, weight, reps)]), `rows` rows in all;
    kind is "W" (warm-up), a set number, "R" (rest timer) or "C" (cardio)."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 4, 18, 0, 0)
    workouts = []
    left = rows
    while left:
        start += timedelta(days=rng.choice((1, 2, 3)), minutes=rng.randint(-90, 90))
        sets: list[tuple[str, str, str, str]] = []
        for name in rng.sample(_NAMES, 5):
            load = rng.randrange(20, 160, 5)
            sets.append((name, "W", str(load // 2), "10"))
            for number in range(1, rng.randint(3, 5)):
                sets.append((name, str(number), str(load), str(rng.randint(5, 12))))
            if rng.random() < 0.1:
                sets.append((name, "R", "0", "0"))
        if rng.random() < 0.2:
            sets.append(("Cycling (Indoor)", "C", "0", "0"))
        sets = sets[:left]
        left -= len(sets)
        workouts.append((start, rng.choice(_TITLES), sets))
    return workouts


def strong_file(rows: int = ROWS, seed: int = SEED) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_STRONG_HEADER)
    for start, title, sets in _workouts(rows, seed):
        when = start.strftime("%Y-%m-%d %H:%M:%S")
        for name, kind, weight, reps in sets:
            order = {"R": "Rest Timer", "C": "1"}.get(kind, kind)
            seconds = {"R": "120", "C": "1800"}.get(kind, "0")
            rpe = "8" if kind == "3" else ""
            writer.writerow(
                (when, title, "1h 5m", name, order, weight, reps, 0, seconds, "", "", rpe)
            )
    return out.getvalue().encode()


def hevy_file(rows: int = ROWS, seed: int = SEED) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(_HEVY_HEADER)
    for start, title, sets in _workouts(rows, seed):
        began, ended = _hevy_time(start), _hevy_time(start + timedelta(minutes=65))
        for index, (name, kind, weight, reps) in enumerate(sets):
            set_type = "warmup" if kind == "W" else "normal"
            # Hevy has no rest-timer rows; both become timed or distance rows without reps.
            work = kind not in ("R", "C")
            writer.writerow(
                (
                    title,
                    began,
                    ended,
                    "",
                    name,
                    "",
                    "",
                    index,
                    set_type,
                    float(weight) if work else "",
                    int(reps) if work else "",
                    "" if work else 5.0,
                    "" if work else 1800,
                    8 if kind == "3" else "",
                )
            )
    return out.getvalue().encode()


def _hevy_time(moment: datetime) -> str:
    """As Hevy writes it: "5 Jan 2024, 18:03"."""
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def _baseline(data: bytes) -> object:
    """The least any importer does: decode the bytes and split them into fields."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _import(data: bytes) -> object:
    return parse_import(data, person_units=Units.KG)


def _median_seconds(read: Callable[[bytes], object], data: bytes) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"import: {ROWS:,}-row files, median of {RUNS} runs, one process")
    for label, data in (("Strong", strong_file()), ("Hevy", hevy_file())):
        result = _import(data)  # also warms up the name matching
        assert isinstance(result, ImportResult), result
        seconds = _median_seconds(_import, data)
        baseline = _median_seconds(_baseline, data)
        verdict = "meets" if seconds < TARGET_SECONDS else "MISSES"
        print(
            f"  {label} ({len(data) / 1024:,.0f} KiB): {len(result.workouts)} workouts, "
            f"{result.set_count:,} sets, {result.skipped_rows} rows skipped"
        )
        print(f"    {'parse_import':<24}{seconds * 1000:8.1f} ms  {ROWS / seconds:>10,.0f} rows/s")
        print(
            f"    {'baseline (csv.reader)':<24}{baseline * 1000:8.1f} ms  "
            f"{ROWS / baseline:>10,.0f} rows/s"
        )
        print(f"    {'ratio':<24}{seconds / baseline:8.1f}× the baseline's time")
        print(f"    {'target':<24}{TARGET_SECONDS:8.1f} s for {ROWS:,} rows: {verdict}")
