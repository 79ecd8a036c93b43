"""What today's prescription and a log's records are worked out from is read of the earlier
days once a day, yet they always say what reading everything afresh says: after a log of
today, of an earlier day, an undo and a correction, whichever instance made them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.assessment import Logged
from bot.core.logparse.reading import LoggedSet
from bot.core.prescription import DayPrescription
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.records import RecordKind
from bot.core.workout_log import LogContent
from bot.services.coaching import plan_for
from bot.services.logbook import LogbookService
from bot.services.past_history import PastHistories
from bot.storage.persistence import DatabasePersistence
from bot.storage.workouts import WorkoutRepository
from tests.support.seeding import Cohort, Person, seed_people

Sessions = async_sessionmaker[AsyncSession]

DAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 17, 0, tzinfo=UTC)
PERSON = 7
PROFILE = TrainingProfile(
    Goal.STRENGTH,
    Experience.INTERMEDIATE,
    frozenset({Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS}),
    (Weekday.MON, Weekday.TUE, Weekday.THU),
    time(18, 0),
    "Europe/Berlin",
    bodyweight_kg=80,
    programme_start=DAY - timedelta(weeks=3),
)
PLAN = plan_for(PROFILE)
FIRST = PLAN.day(Weekday.THU).exercises[0].exercise


async def _earlier_sessions(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        days = (DAY - timedelta(days=n) for n in range(1, 22))
        trained = [day for day in days if Weekday(day.weekday()) in PROFILE.weekdays]
        for n, day in enumerate(trained):
            at = datetime.combine(day, time(17, 0), tzinfo=UTC)
            workout = await repo.open_session(PERSON, day, at)
            content = LogContent(FIRST.id, FIRST.name, "3x5", [LoggedSet(5, 60.0, "kg")] * 3)
            await repo.add_log(workout, content, source_message_id=n + 1, logged_at=at)


def _logbook(sessions: Sessions, engine: AsyncEngine) -> LogbookService:
    shared = engine.dialect.name != "sqlite"
    return LogbookService(sessions, clock=lambda: NOW, past=PastHistories(shared=shared))


async def _today(logbook: LogbookService, sessions: Sessions) -> DayPrescription:
    # What every update does on PostgreSQL before it is handled (bot.telegram.shared_state).
    if logbook.past.shared:
        await DatabasePersistence(sessions).load_person(PERSON, None, (), refresh=[logbook.past])
    return (await logbook.open_today(PERSON, PROFILE, PLAN)).prescription


async def test_kept_prescription_follows_every_change_of_earlier_days(engine: AsyncEngine) -> None:
    await seed_people(engine, [Person(PERSON, Cohort.of(PROFILE), ())])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    await _earlier_sessions(sessions)
    kept = _logbook(sessions, engine)
    # On PostgreSQL the changes come through another instance; SQLite serves one.
    other = _logbook(sessions, engine) if kept.past.shared else kept
    fresh = LogbookService(sessions, clock=lambda: NOW)

    async def agree() -> DayPrescription:
        today = await _today(kept, sessions)
        assert today == await fresh.prescription(PERSON, PROFILE, PLAN, DAY)
        return today

    before = await agree()
    await other.log(PERSON, PROFILE, PLAN, message_id=10, text="3x5 @ 62.5", reply_to=None)
    assert await agree() == before

    yesterday = DAY - timedelta(days=1)
    heavy = f"{FIRST.name} 3x5 @ 90kg"
    late = await other.log(
        PERSON, PROFILE, PLAN, message_id=11, text=heavy, reply_to=None, earlier_day=yesterday
    )
    assert isinstance(late, Logged)
    after_late = await agree()
    assert after_late != before
    # Today's earlier 62.5 kg was read before yesterday's 90 kg was logged.
    today = await kept.log(
        PERSON, PROFILE, PLAN, message_id=12, text=f"{FIRST.name} 3x5 @ 80kg", reply_to=None
    )
    assert isinstance(today, Logged)
    assert RecordKind.HEAVIEST not in {record.kind for record in today.records}

    await other.correct(PERSON, PROFILE, PLAN, log_id=late.log.id, text=f"{FIRST.name} 3x5 @ 40kg")
    assert await agree() != after_late

    await other.undo(PERSON, PLAN, late.log.id)
    assert await agree() == before
