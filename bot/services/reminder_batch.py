"""A batch of reminders' training days, read for the whole batch at once.

`LogbookService.prescription` and `logged_dates` take a session and four or five queries a
person; a minute when thousands of reminders fall due cannot afford that. Here the days
logged and the readiness answers of a whole batch come from two queries, and only people
who ever logged an exercise read their recent sessions, one query each. The prescription
is worked out as `LogbookService.prescription` works it out (tests/test_reminder_batch.py
holds them to the same answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.logparse.backdating import MAX_DAYS_AGO
from bot.core.planner import WeekPlan
from bot.core.prescription import DayPrescription
from bot.core.profile import TrainingProfile
from bot.core.programme import monday_of
from bot.core.readiness import PainRegion, Readiness
from bot.core.records import SessionResult
from bot.services.logbook import DayInputs, prescribe_with, recent_history
from bot.storage.activity import ActivityRepository
from bot.storage.workouts import WorkoutRepository

# Days of people who never logged an exercise, by everything that decides them: those who
# share a profile and plan (everyone new, until they swap an exercise) share the day.
_Fresh = tuple["TrainingDay", tuple[date, ...], frozenset[tuple[date, Readiness]]]
_FRESH_DAYS: LRUCache[_Fresh, DayPrescription] = LRUCache(maxsize=4096)


@dataclass(frozen=True, slots=True)
class TrainingDay:
    """A person's day a reminder is about, as far as it is known before reading the batch."""

    profile: TrainingProfile
    # The plan as it stands on `day` (moved sessions, travel).
    plan: WeekPlan
    day: date
    avoid: PainRegion | None

    @property
    def is_workout(self) -> bool:
        # By the weekday's number (a plan's days are Monday first), without making a
        # Weekday: asked three times for each reminder of a batch.
        return self.plan.days[self.day.weekday()].is_workout

    @property
    def earliest(self) -> date:
        """The first date any reminder about this day asks whether the person logged on:
        the programme's start, a missed session's, or yesterday."""
        start = self.profile.programme_start or self.day
        return min(start, self.day - timedelta(days=MAX_DAYS_AGO), self.day - timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Lately:
    """What a person did up to their training day."""

    # Oldest first, from `TrainingDay.earliest` on.
    logged: tuple[date, ...]
    # The day as `/today` shows it, on a training day.
    prescription: DayPrescription | None

    def logged_since(self, since: date) -> list[date]:
        return [day for day in self.logged if day >= since]


async def read_batch(
    sessions: async_sessionmaker[AsyncSession], days: Mapping[int, TrainingDay]
) -> dict[int, Lately]:
    """Each person's `Lately`, by user id, in one session."""
    if not days:
        return {}
    user_ids = list(days)
    training = [user_id for user_id, day in days.items() if day.is_workout]
    async with sessions() as session:
        activity = ActivityRepository(session)
        since = min(day.earliest for day in days.values())
        logged = await activity.logged_dates(user_ids, since)
        first = min(monday_of(day.day) for day in days.values())
        last = max(day.day for day in days.values())
        answers = await activity.readiness_between(training, first, last) if training else {}
        with_logs = await activity.with_logs(training) if training else set()
        workouts = WorkoutRepository(session)
        lately = {}
        for user_id, day in days.items():
            mine = tuple(
                logged_on for logged_on in logged.get(user_id, ()) if logged_on >= day.earliest
            )
            prescription = None
            if day.is_workout:
                week = {
                    answered: answer
                    for answered, answer in answers.get(user_id, {}).items()
                    if monday_of(day.day) <= answered <= day.day
                }
                if user_id in with_logs:
                    prescription = await _prescribe(workouts, user_id, day, mine, week)
                else:
                    prescription = await _fresh_day(day, mine, week)
            lately[user_id] = Lately(mine, prescription)
    return lately


async def _fresh_day(
    training: TrainingDay, logged: tuple[date, ...], answers: Mapping[date, Readiness]
) -> DayPrescription:
    key = (training, logged, frozenset(answers.items()))
    day = _FRESH_DAYS.get(key)
    if day is None:
        day = _FRESH_DAYS[key] = await _prescribe(None, 0, training, logged, answers)
    return day


async def _prescribe(
    repo: WorkoutRepository | None,
    user_id: int,
    training: TrainingDay,
    logged: tuple[date, ...],
    answers: Mapping[date, Readiness],
) -> DayPrescription:
    """As `LogbookService.prescription`; `repo` None: the person never logged an exercise."""
    profile, on = training.profile, training.day
    start = profile.programme_start or on
    since_start = [day for day in logged if day >= start]
    inputs = DayInputs(profile, training.plan, on, since_start, answers, training.avoid)
    reader = _no_history if repo is None else partial(recent_history, repo, user_id, profile, on)
    return await prescribe_with(reader, inputs)


async def _no_history(ids: list[str], exercises: int) -> dict[str, list[SessionResult]]:
    return {exercise_id: [] for exercise_id in ids}
