"""What a reminder batch's reads cost when its people have trained before.

`python -m bench.reminder_history_bench [--people 100] [--weeks 4] [--runs 7]
[--backends sqlite,postgresql]`

The fan-out bench (reminder_fanout_bench) seeds people who never logged a set: the best
case, since their workout day is prescribed once for everyone with their profile. Someone who
logged reads their own recent sessions, one query each (bot.services.reminder_batch). Here a
batch of `--people` workout reminders is read with `read_batch`, as the dispatcher reads it
while the batch before it is sent, for people who never logged (the baseline) and for people
with `--weeks` weeks of three sessions, in the same run. It prints the median time per batch
and per person, and the ratio of the two. Nothing is sent: this is the reading alone, on an
idle loop, so a busy dispatcher's reads take longer still.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.logparse.reading import LoggedSet
from bot.core.planner import WeekPlan
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.workout_log import LogContent
from bot.services.coaching import plan_for
from bot.services.reminder_batch import TrainingDay, read_batch
from bot.storage.database import create_engine, session_factory
from bot.storage.migrate import upgrade_to_head
from bot.storage.workouts import WorkoutRepository
from tests.support.databases import Backend, backends, fresh_database
from tests.support.seeding import Cohort, Person, seed_people

# A Monday, a training day of the profile.
DAY = date(2026, 11, 30)
PROFILE = TrainingProfile(
    Goal.GLUTES,
    Experience.INTERMEDIATE,
    frozenset({Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS}),
    (Weekday.MON, Weekday.WED, Weekday.FRI),
    datetime(2026, 1, 1, 18, 0).time(),
    "UTC",
    bodyweight_kg=70,
    programme_start=DAY - timedelta(weeks=8),
)
NEVER_LOGGED_FROM = 1
LOGGED_FROM = 1_000_000


async def _log_weeks(sessions: async_sessionmaker[AsyncSession], user_id: int, weeks: int) -> None:
    """Every planned exercise of each training day of the last `weeks` weeks, 3x8."""
    plan = plan_for(PROFILE)
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        for offset in range(weeks * 7, 0, -1):
            day = DAY - timedelta(days=offset)
            exercises = plan.day(Weekday(day.weekday())).exercises
            at = datetime.combine(day, PROFILE.reminder_time, tzinfo=UTC)
            if not exercises:
                continue
            workout = await repo.open_session(user_id, day, at)
            for n, planned in enumerate(exercises):
                sets = [LoggedSet(8, 40.0 + offset % 5, "kg")] * 3
                content = LogContent(planned.exercise.id, planned.exercise.name, "3x8", sets)
                message = offset * 100 + n
                await repo.add_log(workout, content, source_message_id=message, logged_at=at)


def _days(first: int, people: int, plan: WeekPlan) -> dict[int, TrainingDay]:
    return {
        user_id: TrainingDay(PROFILE, plan, DAY, None) for user_id in range(first, first + people)
    }


async def _median_seconds(
    sessions: async_sessionmaker[AsyncSession], days: dict[int, TrainingDay], runs: int
) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        lately = await read_batch(sessions, days)
        timings.append(time.perf_counter() - started)
        assert all(day.prescription is not None for day in lately.values())
    return statistics.median(timings)


async def _measure(backend: Backend, people: int, weeks: int, runs: int, data_dir: Path) -> None:
    async with fresh_database(backend, data_dir, label="bench") as url:
        engine = create_engine(url)
        try:
            await upgrade_to_head(engine)
            cohort = Cohort.of(PROFILE)
            ids = [*range(NEVER_LOGGED_FROM, NEVER_LOGGED_FROM + people)]
            ids += range(LOGGED_FROM, LOGGED_FROM + people)
            await seed_people(engine, (Person(user_id, cohort, ()) for user_id in ids))
            sessions = session_factory(engine)
            for user_id in range(LOGGED_FROM, LOGGED_FROM + people):
                await _log_weeks(sessions, user_id, weeks)
            plan = plan_for(PROFILE)
            fresh = await _median_seconds(sessions, _days(NEVER_LOGGED_FROM, people, plan), runs)
            trained = await _median_seconds(sessions, _days(LOGGED_FROM, people, plan), runs)
        finally:
            await engine.dispose()
    per = 1000 / people
    print(
        f"  {backend.name:<11} never logged {1000 * fresh:7.1f} ms/batch"
        f" ({per * fresh:.3f} ms each)   trained {1000 * trained:7.1f} ms/batch"
        f" ({per * trained:.3f} ms each)   {trained / fresh:5.1f}× the baseline"
    )


async def _run(options: argparse.Namespace) -> None:
    chosen, notes = backends(options.backends.split(","))
    print(
        f"reminder batch reads: {options.people} workout reminders, read_batch median of"
        f" {options.runs}; trained people have {options.weeks} weeks of 3 sessions"
    )
    for note in notes:
        print(f"  {note}")
    with tempfile.TemporaryDirectory() as data_dir:
        for backend in chosen:
            await _measure(backend, options.people, options.weeks, options.runs, Path(data_dir))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reminder_history_bench")
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backends", default="sqlite,postgresql")
    options, _ = parser.parse_known_args()
    asyncio.run(_run(options))


if __name__ == "__main__":
    main()
