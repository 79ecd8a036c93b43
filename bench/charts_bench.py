"""Time to render `/progress` for two years of daily logs, beside an empty figure.

`/progress` sends three charts: the estimated 1RM of the main lifts, the weekly glute and
hamstring sets, and the chart of the top main lift. The history is generated here,
deterministically (fixed seed): 730 consecutive days, each with 5 of a rotation of 6
exercises (one of them bodyweight only), loads rising in 4-week blocks with a lighter
deload week, reps and set counts varying. The baseline renders an empty figure of the same
size with one line, to the same PNG: what any chart costs before it draws any data.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
from bot.services import charts
from bot.telegram.handlers.progress import chart_words

DAYS = 730
SEED = 20250601
RUNS = 5
TODAY = date(2025, 6, 1)
UNITS = Units.KG

# (exercise id, starting load in kg or None for bodyweight, kg added per block, rep choices)
_ROTATION: tuple[tuple[str, float | None, float, tuple[int, ...]], ...] = (
    ("barbell_hip_thrust", 60.0, 5.0, (8, 10, 12)),
    ("romanian_deadlift", 50.0, 2.5, (6, 8, 10)),
    ("bulgarian_split_squat", 10.0, 1.0, (8, 10, 12)),
    ("lying_leg_curl", 25.0, 1.0, (8, 10, 12)),
    ("barbell_back_squat", 40.0, 2.5, (5, 6, 8)),
    ("nordic_curl", None, 0.0, (3, 4, 5, 6)),
)
_PER_DAY = 5


def history(days: int = DAYS, today: date = TODAY, seed: int = SEED) -> list[Entry]:
    """The benchmark's history, oldest first: the same for the same arguments."""
    rng = random.Random(seed)
    entries: list[Entry] = []
    first = today - timedelta(days=days - 1)
    for offset in range(days):
        day = first + timedelta(days=offset)
        block, week_in_block = divmod(offset // 7, 5)
        # Week 5 of each block is a deload at 80 %.
        deload = 0.8 if week_in_block == 4 else 1.0
        skipped = offset % len(_ROTATION)
        for index, (exercise_id, start, step, rep_choices) in enumerate(_ROTATION):
            if index == skipped:
                continue
            load = None if start is None else round((start + step * block) * deload * 2) / 2
            sets = tuple(
                LoggedSet(rng.choice(rep_choices), load, None if load is None else "kg")
                for _ in range(rng.randint(3, 4))
            )
            entries.append(Entry(day, exercise_id, exercise_id, sets, bodyweight=load is None))
    return entries


def _median_ms(render: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _baseline() -> bytes:
    figure = Figure(figsize=(charts.FIGURE_INCHES, charts.FIGURE_INCHES), dpi=charts.DPI)
    FigureCanvasAgg(figure)
    figure.subplots().plot([0, 1], [0, 1])
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _series_only(entries: Sequence[Entry]) -> None:
    """What the three charts compute before matplotlib draws anything."""
    lifts = charts.main_lifts(entries)
    for lift in lifts:
        charts.e1rm_series(entries, lift, UNITS)
    charts.weekly_sets(entries, TODAY)
    charts.exercise_series(entries, lifts[0], UNITS)


def main() -> None:
    entries = history()
    lifts = charts.main_lifts(entries)
    # The words /progress draws them with, in the default language.
    words = chart_words()
    renders: dict[str, Callable[[], bytes | None]] = {
        "e1rm_chart (main lifts)": lambda: charts.e1rm_chart(entries, lifts, UNITS, words),
        "weekly_sets_chart": lambda: charts.weekly_sets_chart(entries, TODAY, words),
        f"exercise_chart ({lifts[0]})": lambda: charts.exercise_chart(
            entries, lifts[0], UNITS, words
        ),
    }
    # The first render of each is also its warm-up (font cache, glyphs, lazy imports).
    sizes = {label: len(render() or b"") for label, render in renders.items()}
    _baseline()
    timings = {label: _median_ms(render) for label, render in renders.items()}
    baseline = _median_ms(_baseline)
    series = _median_ms(lambda: _series_only(entries))
    total = sum(timings.values())
    sessions = len({entry.local_date for entry in entries})
    print(
        f"charts: /progress for {sessions} days, {len(entries)} logged exercises "
        f"(main lifts: {', '.join(lifts)}), median of {RUNS} runs, one process"
    )
    for label, ms in timings.items():
        print(f"  {label:<40}{ms:>8.1f} ms  {sizes[label] / 1024:6.0f} KB")
    print(f"  {'total (3 charts)':<40}{total:>8.1f} ms")
    print(f"  {'  series alone (no drawing)':<40}{series:>8.1f} ms")
    print(f"  {'baseline (empty 1-line figure)':<40}{baseline:>8.1f} ms")
    print(f"  {'ratio':<40}{total / 3 / baseline:>8.1f}× the baseline per chart")
