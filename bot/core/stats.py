"""The numbers behind /stats and the Sunday summary: sessions, streak, volume and records.

A session is a local date with at least one logged exercise; several logs of one exercise
on one day make one session of it, as they do when a log is stored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, TypeAlias

from bot.core.balance import (
    Imbalance,
    find_imbalances,
    planned_volume,
    week_start,
    weekly_volume,
)
from bot.core.catalogue import Exercise, get_exercise
from bot.core.history import HistoryEntry
from bot.core.loading import estimates_1rm
from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile, Units, Weekday
from bot.core.records import Record, SessionResult, WorkSet, find_records, yields_e1rm
from bot.core.workout import convert_load

LATEST_RECORDS = 5


class DatedRecord(NamedTuple):
    performed_on: date
    exercise_name: str
    record: Record


@dataclass(frozen=True, slots=True)
class Stats:
    """What /stats shows. `total_volume` is reps × load over every loaded set, in the
    person's unit; bodyweight sets add to `total_sets` only, and added load on a bodyweight
    exercise counts as the load (the body itself is not weighed in)."""

    sessions_this_week: int
    sessions_this_month: int
    streak: int
    total_volume: float
    total_sets: int
    latest_records: list[DatedRecord]


def compute_stats(
    entries: Sequence[HistoryEntry], weekdays: Collection[Weekday], today: date, units: Units
) -> Stats:
    dates = {entry.local_date for entry in entries}
    monday, first_of_month = week_start(today), today.replace(day=1)
    exercises = _by_exercise(entries, units)
    sets = [
        logged
        for exercise in exercises
        for _, logged_sets in exercise.logs
        for logged in logged_sets
    ]
    volume = sum(reps * load for reps, load in sets if load is not None)
    return Stats(
        sessions_this_week=sum(monday <= day <= today for day in dates),
        sessions_this_month=sum(first_of_month <= day <= today for day in dates),
        streak=_streak(dates, weekdays, today),
        # Converted loads carry float noise (22.68 × 3 = 68.03999…) that a total must not show.
        total_volume=round(volume, 2),
        total_sets=len(sets),
        latest_records=_newest_first(exercises)[:LATEST_RECORDS],
    )


def _streak(dates: Collection[date], weekdays: Collection[Weekday], today: date) -> int:
    """Planned training days in a row that have a session, counting back from the latest
    planned day. Today, if planned and not logged yet, is still open: it neither counts nor
    breaks the streak. Sessions on rest days neither count nor break it either.

    Only the current weekdays are known, so a streak is judged against today's schedule
    even for weeks trained on another one.
    """
    planned = {int(weekday) for weekday in weekdays}
    if not planned or not dates:
        return 0
    earliest = min(dates)
    day = today
    if day.weekday() in planned and day not in dates:
        day -= timedelta(days=1)
    streak = 0
    while day >= earliest:
        if day.weekday() in planned:
            if day not in dates:
                break
            streak += 1
        day -= timedelta(days=1)
    return streak


def records_newest_first(entries: Sequence[HistoryEntry], units: Units) -> list[DatedRecord]:
    """Every personal record in the history: each exercise's logs walked in date order, each
    against all before it, the same day's earlier logs included, so that these are the
    records the confirmations announced (a heavier second log on the first day is a record
    over the first). Newest first; records of one day keep the order the exercises were
    first logged, then `find_records`' order.

    Loads are compared in the person's unit. An unknown exercise is matched by name, ignoring
    case and spacing, as stored logs are; a known one is shown by its catalogue name.
    """
    return _newest_first(_by_exercise(entries, units))


# (reps, load in the person's unit or None for bodyweight) of one set.
_Set: TypeAlias = tuple[int, float | None]


class _Exercise(NamedTuple):
    """One exercise's history: its display name, whether its loads give an e1RM
    (`estimates_1rm`), and each log's day and sets, oldest first (kept as plain pairs, since
    validated `WorkSet`s for years of logs cost more than all the rest of /stats)."""

    name: str
    estimates: bool
    logs: list[tuple[date, list[_Set]]]


def _by_exercise(entries: Sequence[HistoryEntry], units: Units) -> list[_Exercise]:
    """Exercises in the order first logged."""
    exercises: dict[str, _Exercise] = {}
    for entry in entries:
        key = _exercise_key(entry)
        if key not in exercises:
            known = get_exercise(entry.exercise_id) if entry.exercise_id else None
            name = known.name if known else entry.exercise_name
            exercises[key] = _Exercise(name, estimates_1rm(known), [])
        sets = [
            (
                logged.reps,
                None if logged.weight is None else convert_load(logged.weight, logged.unit, units),
            )
            for logged in entry.sets
        ]
        exercises[key].logs.append((entry.local_date, sets))
    for exercise in exercises.values():
        # Stable: a day's logs keep the order they were logged in.
        exercise.logs.sort(key=lambda log: log[0])
    return list(exercises.values())


def _exercise_key(entry: HistoryEntry) -> str:
    if entry.exercise_id is not None:
        return f"id:{entry.exercise_id}"
    return "name:" + " ".join(entry.exercise_name.casefold().split())


def _newest_first(exercises: Sequence[_Exercise]) -> list[DatedRecord]:
    found = [
        DatedRecord(day, exercise.name, record)
        for exercise in exercises
        for day, records in _records_over_time(exercise.logs, estimates=exercise.estimates)
        for record in records
    ]
    # Python's sort is stable with reverse=True too, so same-day records keep their order.
    return sorted(found, key=lambda dated: dated.performed_on, reverse=True)


def _records_over_time(
    logs: list[tuple[date, list[_Set]]], *, estimates: bool
) -> Iterator[tuple[date, list[Record]]]:
    """`find_records` for each log, oldest first, against all earlier ones.

    Passing the whole history each time is quadratic over years of daily logs. Records only
    depend, for each load, on the most reps done with it and the most that still give an
    e1RM, and on the most bodyweight reps, so one summary session of those gives the same
    records; and a session that leaves that summary as it was cannot set a record, so most
    sessions of a long history need no comparison at all.
    """
    bests: set[tuple[int, float]] = set()
    most_reps: int | None = None
    for day, sets in logs:
        loaded = [(reps, load) for reps, load in sets if load is not None]
        bodyweight = [reps for reps, load in sets if load is None]
        new_bests = _bests([*bests, *loaded])
        new_most_reps = max([*bodyweight, most_reps or 0]) if bodyweight else most_reps
        if new_bests == bests and new_most_reps == most_reps:
            continue
        best = [WorkSet(reps, load) for reps, load in sorted(bests)]
        if most_reps is not None:
            best.append(WorkSet(most_reps))
        summary = [SessionResult(day, tuple(best))] if best else []
        session = SessionResult(day, tuple(WorkSet(reps, load) for reps, load in sets))
        yield day, find_records(summary, session, estimates=estimates)
        bests, most_reps = new_bests, new_most_reps


def _bests(lifts: list[tuple[int, float]]) -> set[tuple[int, float]]:
    """For each load, the (reps, load) with the most reps, and with the most that still give
    an e1RM."""
    most: dict[float, int] = {}
    estimable: dict[float, int] = {}
    for reps, load in lifts:
        most[load] = max(reps, most.get(load, 0))
        if yields_e1rm(reps):
            estimable[load] = max(reps, estimable.get(load, 0))
    return {(reps, load) for load, reps in [*most.items(), *estimable.items()]}


@dataclass(frozen=True, slots=True)
class WeeklySummary:
    """The Sunday summary of the ISO week starting `week_start`, up to today.

    `sessions_done` counts every day trained, planned or not; `sessions_planned` the
    person's training weekdays from Monday to today. `focus` is the first suggested exercise
    of the imbalances; None means nothing lags: keep going.
    """

    week_start: date
    sessions_done: int
    sessions_planned: int
    records: list[DatedRecord]
    imbalances: list[Imbalance]
    focus: Exercise | None


def weekly_summary(
    entries: Sequence[HistoryEntry], profile: TrainingProfile, plan: WeekPlan, today: date
) -> WeeklySummary:
    """The summary of the week up to `today`; the balance is judged against `plan`, the
    person's current week plan."""
    monday = week_start(today)
    # The summary goes out on Sunday evening, after the day's training, so from Sunday the
    # current week is complete; earlier, the balance is judged on the two weeks before it.
    judged_until = today if today.weekday() == Weekday.SUN else monday - timedelta(days=1)
    imbalances = find_imbalances(
        weekly_volume(entries, 2, judged_until),
        planned_volume(plan),
        profile.equipment,
        profile.experience,
    )
    return WeeklySummary(
        week_start=monday,
        sessions_done=len({e.local_date for e in entries if monday <= e.local_date <= today}),
        sessions_planned=sum(weekday <= today.weekday() for weekday in profile.weekdays),
        records=[
            dated
            for dated in records_newest_first(entries, profile.units)
            if monday <= dated.performed_on <= today
        ],
        imbalances=imbalances,
        focus=next((i.suggestion for i in imbalances if i.suggestion is not None), None),
    )


@dataclass(frozen=True, slots=True)
class AdminStats:
    """The whole bot's numbers for /admin stats (see `bot.storage.admin_stats`)."""

    users: int
    active_this_week: int
    reminders_sent_today: int
    logs_today: int
