"""Progress: the person's history as charts, stats and the weekly summary; export and import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.core.schedule import local_date
from bot.core.stats import Stats, WeeklySummary, compute_stats, weekly_summary
from bot.core.transfer.export_csv import StrongCsvWriter, export_filename
from bot.core.transfer.import_csv import (
    MAX_HISTORY_SETS,
    HistoryFull,
    ImportCounts,
    Imported,
    ImportFailure,
    parse_import,
)
from bot.core.workout_log import StoredLog
from bot.services import charts
from bot.services.exports import (
    AccountJsonWriter,
    Coaching,
    ExportFile,
    export_file,
    import_batches,
)
from bot.services.past_history import PastHistories
from bot.storage.plan_changes import PlanChangesRepository
from bot.storage.reminders import ReminderRepository
from bot.storage.repositories import BodyweightRepository
from bot.storage.switches import SwitchesRepository
from bot.storage.workouts import WorkoutRepository


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ProgressService:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = _utcnow
    # The logbook's copies of earlier days, which an import adds to.
    past: PastHistories = field(default_factory=lambda: PastHistories(shared=False))

    async def history(self, user_id: int) -> list[StoredLog]:
        async with self.sessions() as session:
            return await WorkoutRepository(session).all_logs(user_id)

    async def history_page(
        self, user_id: int, limit: int, before_log_id: int | None = None
    ) -> list[StoredLog] | None:
        """The person's newest logs, newest first, at most `limit`; with `before_log_id`,
        those logged before it, or None when it is not one of theirs."""
        async with self.sessions() as session:
            repo = WorkoutRepository(session)
            if before_log_id is not None and await repo.get_log(user_id, before_log_id) is None:
                return None
            return await repo.logs_page(user_id, limit, before_log_id)

    async def has_history(self, user_id: int) -> bool:
        async with self.sessions() as session:
            return await WorkoutRepository(session).set_count(user_id) > 0

    def today(self, profile: TrainingProfile) -> date:
        return local_date(profile.timezone, self.clock())

    async def overview_charts(
        self, user_id: int, profile: TrainingProfile, words: charts.ChartWords
    ) -> list[bytes]:
        """The e1RM of the main lifts, the weekly sets and the bodyweight, lettered with
        `words`; empty without any data."""
        history = await self.history(user_id)
        async with self.sessions() as session:
            weigh_ins = await BodyweightRepository(session).weigh_ins(user_id)
        today = self.today(profile)

        def render() -> list[bytes]:
            lifts = charts.main_lifts(history)
            images = [
                charts.e1rm_chart(history, lifts, profile.units, words),
                charts.weekly_sets_chart(history, today, words),
                charts.bodyweight_chart(weigh_ins, profile.units, words),
            ]
            return [image for image in images if image is not None]

        # Drawing takes a few hundred milliseconds of CPU: keep it off the event loop.
        return await asyncio.to_thread(render)

    async def exercise_chart(
        self, user_id: int, profile: TrainingProfile, exercise: str, words: charts.ChartWords
    ) -> bytes | None:
        history = await self.history(user_id)
        key = charts.lift_key(exercise)
        return await asyncio.to_thread(charts.exercise_chart, history, key, profile.units, words)

    async def stats(self, user_id: int, profile: TrainingProfile) -> Stats:
        history = await self.history(user_id)
        return compute_stats(history, profile.weekdays, self.today(profile), profile.units)

    async def weekly_summary(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, day: date
    ) -> WeeklySummary:
        return weekly_summary(await self.history(user_id), profile, plan, day)

    @asynccontextmanager
    async def export_csv(self, user_id: int, profile: TrainingProfile) -> AsyncIterator[ExportFile]:
        """The history as a Strong CSV file on disk, for the block's length."""
        with export_file(export_filename(profile.units, self.today(profile))) as exported:
            # newline="": the csv module writes its own line endings.
            with exported.path.open("w", encoding="utf-8", newline="") as out:
                writer = await asyncio.to_thread(StrongCsvWriter, out, profile.units)
                await self._write_history(user_id, writer.write)
            yield exported

    @asynccontextmanager
    async def export_json(
        self, user_id: int, profile: TrainingProfile, plan_data: dict[str, Any]
    ) -> AsyncIterator[ExportFile]:
        """The whole account (profile, plan, reminder settings, weigh-ins, readiness answers,
        coaching switches, plan changes and logs) as a JSON file on disk, for the block's
        length."""
        async with self.sessions() as session:
            reminders = await ReminderRepository(session).list_for(user_id)
            weigh_ins = await BodyweightRepository(session).weigh_ins(user_id)
            coaching = Coaching(
                await WorkoutRepository(session).readiness_answers(user_id),
                await SwitchesRepository(session).get(user_id),
                (await PlanChangesRepository(session).get_many([user_id]))[user_id],
            )
        filename = f"coach-account-{self.today(profile).isoformat()}.json"
        with export_file(filename) as exported:
            with exported.path.open("w", encoding="utf-8") as out:
                writer = AccountJsonWriter(out, profile, plan_data, reminders, weigh_ins, coaching)
                await self._write_history(user_id, writer.write)
                writer.close()
            yield exported

    async def import_csv(
        self, user_id: int, profile: TrainingProfile, data: bytes
    ) -> Imported | ImportFailure | HistoryFull:
        """A file read whole before anything is stored: a bad file, or one that would take
        the history past MAX_HISTORY_SETS, stores nothing; a file imported before adds nothing.

        What is new is stored in batches, each its own transaction, so that a big import
        never holds SQLite's write lock long. A crash between two batches leaves the first
        stored: sending the file again adds the rest, as the stored ones are known by their
        fingerprints.
        """
        parsed = await asyncio.to_thread(parse_import, data, person_units=profile.units)
        if isinstance(parsed, ImportFailure):
            return parsed
        async with self.sessions() as session:
            repository = WorkoutRepository(session)
            fresh = await repository.not_imported(user_id, parsed.workouts)
            stored = await repository.set_count(user_id)
        adding = sum(len(exercise.sets) for _, exercise in fresh)
        if stored + adding > MAX_HISTORY_SETS:
            return HistoryFull(stored, adding)
        now = self.clock()
        for batch in import_batches(fresh):
            async with self.sessions.begin() as session:
                await WorkoutRepository(session).store_imported(
                    user_id, batch, profile.timezone, now
                )
            # Imported days are earlier days of today's prescription.
            self.past.forget(user_id)
        days = {workout.started_at.date() for workout, _ in fresh}
        candidates = sum(len(workout.exercises) for workout in parsed.workouts)
        counts = ImportCounts(len(days), adding, len(fresh), candidates - len(fresh))
        return Imported(parsed, counts)

    async def _write_history(self, user_id: int, write: Callable[[list[StoredLog]], None]) -> None:
        """`write` each page of the person's history, oldest first, in a worker thread."""
        async with self.sessions() as session:
            async for page in WorkoutRepository(session).history_pages(user_id):
                await asyncio.to_thread(write, page)
