"""Progress: the person's history as charts, stats and the weekly summary; export and import."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.profile import TrainingProfile
from bot.core.schedule import local_date
from bot.core.stats import Stats, WeeklySummary, compute_stats, weekly_summary
from bot.core.transfer.export_csv import export_filename, export_strong_csv
from bot.core.transfer.import_csv import Imported, ImportFailure, parse_import
from bot.core.workout_log import StoredLog
from bot.services import charts
from bot.storage.reminders import ReminderRepository
from bot.storage.workouts import WorkoutRepository


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class ProgressService:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = _utcnow

    async def history(self, user_id: int) -> list[StoredLog]:
        async with self.sessions() as session:
            return await WorkoutRepository(session).all_logs(user_id)

    def today(self, profile: TrainingProfile) -> date:
        return local_date(profile.timezone, self.clock())

    async def overview_charts(self, user_id: int, profile: TrainingProfile) -> list[bytes]:
        """The e1RM of the main lifts and the weekly sets; empty without any data."""
        history = await self.history(user_id)
        today = self.today(profile)

        def render() -> list[bytes]:
            lifts = charts.main_lifts(history)
            images = [
                charts.e1rm_chart(history, lifts, profile.units),
                charts.weekly_sets_chart(history, today),
            ]
            return [image for image in images if image is not None]

        # Drawing takes a few hundred milliseconds of CPU: keep it off the event loop.
        return await asyncio.to_thread(render)

    async def exercise_chart(
        self, user_id: int, profile: TrainingProfile, exercise: str
    ) -> bytes | None:
        history = await self.history(user_id)
        key = charts.lift_key(exercise)
        return await asyncio.to_thread(charts.exercise_chart, history, key, profile.units)

    async def stats(self, user_id: int, profile: TrainingProfile) -> Stats:
        history = await self.history(user_id)
        return compute_stats(history, profile.weekdays, self.today(profile), profile.units)

    async def weekly_summary(
        self, user_id: int, profile: TrainingProfile, day: date
    ) -> WeeklySummary:
        return weekly_summary(await self.history(user_id), profile, day)

    async def export_csv(self, user_id: int, profile: TrainingProfile) -> ExportFile:
        history = await self.history(user_id)
        content = export_strong_csv(history, profile.units).encode()
        return ExportFile(export_filename(profile.units, self.today(profile)), content)

    async def export_json(
        self, user_id: int, profile: TrainingProfile, plan_data: dict[str, Any]
    ) -> ExportFile:
        """The whole account: profile, plan, logs and reminder settings."""
        async with self.sessions() as session:
            logs = await WorkoutRepository(session).all_logs(user_id)
            reminders = await ReminderRepository(session).list_for(user_id)
        account = {
            "profile": _profile_json(profile),
            "plan": plan_data,
            "logs": [_log_json(log) for log in logs],
            "reminders": [asdict(setting) for setting in reminders],
        }
        content = json.dumps(account, indent=2, default=str, ensure_ascii=False).encode()
        filename = f"coach-account-{self.today(profile).isoformat()}.json"
        return ExportFile(filename, content)

    async def import_csv(
        self, user_id: int, profile: TrainingProfile, data: bytes
    ) -> Imported | ImportFailure:
        """All or nothing: a bad file stores nothing; a file imported before adds nothing."""
        parsed = await asyncio.to_thread(parse_import, data, person_units=profile.units)
        if isinstance(parsed, ImportFailure):
            return parsed
        async with self.sessions.begin() as session:
            counts = await WorkoutRepository(session).import_workouts(
                user_id, parsed.workouts, profile.timezone, self.clock()
            )
        return Imported(parsed, counts)


def _profile_json(profile: TrainingProfile) -> dict[str, Any]:
    return {
        "goal": profile.goal.value,
        "experience": profile.experience.value,
        "equipment": sorted(item.value for item in profile.equipment),
        "weekdays": [day.short for day in profile.weekdays],
        "reminder_time": profile.reminder_time.isoformat("minutes"),
        "timezone": profile.timezone,
        "units": profile.units.value,
        "bodyweight_kg": profile.bodyweight_kg,
    }


def _log_json(log: StoredLog) -> dict[str, Any]:
    return {
        "date": log.local_date.isoformat(),
        "logged_at": log.logged_at.isoformat(),
        "exercise_id": log.exercise_id,
        "exercise": log.exercise_name,
        "sets": [{"reps": s.reps, "weight": s.weight, "unit": s.unit} for s in log.sets],
        "bodyweight": log.bodyweight,
        "per_side": log.per_side,
        "rpe": log.rpe,
        "rir": log.rir,
        "text": log.raw_text,
    }
