"""A reminder batch's training days, read for the whole batch at once, say what the same
person's `/today` and logbook say one at a time: the same day prescribed (loads from their
history, a very sore day's moves, stand-ins for a region to avoid) and the same days logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.coaching_switches import CoachingSwitches
from bot.core.logparse.backdating import MAX_DAYS_AGO
from bot.core.logparse.reading import LoggedSet
from bot.core.planner import WeekPlan
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.readiness import VERY_SORE, PainRegion, Readiness
from bot.core.workout_log import LogContent
from bot.services.coaching import plan_for
from bot.services.logbook import LogbookService
from bot.services.reminder_batch import TrainingDay, read_batch
from bot.storage.switches import SwitchesRepository
from bot.storage.workouts import WorkoutRepository
from tests.support.seeding import Cohort, Person, seed_people

Sessions = async_sessionmaker[AsyncSession]

# A Thursday: the week before it has a Monday and a Tuesday to be sore on.
DAY = date(2026, 3, 12)
START = DAY - timedelta(weeks=5)


def _profile(*, days: tuple[Weekday, ...]) -> TrainingProfile:
    return TrainingProfile(
        Goal.STRENGTH,
        Experience.INTERMEDIATE,
        frozenset({Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS}),
        days,
        time(18, 0),
        "Europe/Berlin",
        bodyweight_kg=80,
        programme_start=START,
    )


PROFILE = _profile(days=(Weekday.MON, Weekday.TUE, Weekday.THU))
# A rest day on DAY: only its recovery reminder and yesterday's log matter.
RESTING = _profile(days=(Weekday.MON, Weekday.WED, Weekday.FRI))
NEVER_LOGGED, LOGGING, SORE, AVOIDING, REST, NEW_AND_SORE = 1, 2, 3, 4, 5, 6


async def _log_sessions(sessions: Sessions, user_id: int, plan: WeekPlan, days: list[date]) -> None:
    """Every planned exercise of each of `days`, a little heavier each time."""
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        for n, day in enumerate(days):
            at = datetime.combine(day, time(17, 0), tzinfo=UTC)
            workout = await repo.open_session(user_id, day, at)
            for m, planned in enumerate(plan.day(Weekday(day.weekday())).exercises):
                exercise = planned.exercise
                sets = [LoggedSet(5, 40.0 + 2.5 * n, "kg")] * 3
                content = LogContent(exercise.id, exercise.name, "3x5", sets)
                message = 1000 * n + m + 1
                await repo.add_log(workout, content, source_message_id=message, logged_at=at)


def _training_days(plan: WeekPlan, since: date) -> list[date]:
    days = (since + timedelta(days=n) for n in range((DAY - since).days))
    return [day for day in days if plan.day(Weekday(day.weekday())).is_workout]


async def test_a_batch_reads_what_the_logbook_reads_one_by_one(engine: AsyncEngine) -> None:
    plan, resting_plan = plan_for(PROFILE), plan_for(RESTING)
    people = {
        NEVER_LOGGED: PROFILE,
        LOGGING: PROFILE,
        SORE: PROFILE,
        AVOIDING: PROFILE,
        REST: RESTING,
        NEW_AND_SORE: PROFILE,
    }
    await seed_people(engine, (Person(u, Cohort.of(p), ()) for u, p in people.items()))
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    history = _training_days(plan, START)
    for user_id in (LOGGING, SORE, AVOIDING):
        await _log_sessions(sessions, user_id, plan, history)
    # Missed the last session before DAY, and logged once long before the programme.
    await _log_sessions(sessions, SORE, plan, [START - timedelta(days=40)])
    await _log_sessions(sessions, REST, resting_plan, [DAY - timedelta(days=1)])
    async with sessions.begin() as session:
        workouts = WorkoutRepository(session)
        # Today's answer counts, and last week's does not.
        for answered in (DAY, DAY - timedelta(days=2), DAY - timedelta(days=7)):
            await workouts.record_readiness(SORE, answered, Readiness(2, VERY_SORE))
        await workouts.record_readiness(NEW_AND_SORE, DAY, Readiness(2, VERY_SORE))
        await SwitchesRepository(session).save(
            AVOIDING, replace(CoachingSwitches(), avoid=PainRegion.KNEE)
        )
    avoid = {AVOIDING: PainRegion.KNEE}
    days = {
        user_id: TrainingDay(profile, plan_for(profile), DAY, avoid.get(user_id))
        for user_id, profile in people.items()
    }

    batch = await read_batch(sessions, days)

    logbook = LogbookService(sessions)
    for user_id, training in days.items():
        lately = batch[user_id]
        if training.is_workout:
            alone = await logbook.prescription(user_id, training.profile, training.plan, DAY)
            assert lately.prescription == alone, user_id
        else:
            assert lately.prescription is None
        for since in (DAY - timedelta(days=MAX_DAYS_AGO), DAY - timedelta(days=1), START):
            assert lately.logged_since(since) == await logbook.logged_dates(user_id, since)
    # The cases differ from one another, or the comparison above proves little: the two
    # people who never logged share a profile and plan, not the day.
    differ = (NEVER_LOGGED, NEW_AND_SORE, LOGGING, SORE, AVOIDING)
    prescribed = [batch[u].prescription for u in differ]
    assert len({repr(p) for p in prescribed}) == len(prescribed)
    assert batch[REST].logged == (DAY - timedelta(days=1),)
