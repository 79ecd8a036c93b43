"""What today's prescription and a log's records are worked out from is read of the earlier
days once a day, yet they always say what reading everything afresh says: after a log of
today, of an earlier day, an undo, a correction, an answer to how the person is or how to
read their logs, and a change of the region they avoid, whichever instance made them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.assessment import Logged
from bot.core.coaching_switches import CoachingSwitches
from bot.core.logparse.reading import LoggedSet
from bot.core.prescription import DayPrescription
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.readiness import PainRegion, Readiness
from bot.core.records import RecordKind
from bot.core.workout_log import LogContent
from bot.services.coaching import plan_for
from bot.services.logbook import ChooseReading, LogbookService, LogResult
from bot.services.past_history import PastHistories
from bot.services.switches import SwitchesService
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


async def _earlier_sessions(sessions: Sessions, person: int = PERSON) -> None:
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        days = (DAY - timedelta(days=n) for n in range(1, 22))
        trained = [day for day in days if Weekday(day.weekday()) in PROFILE.weekdays]
        for n, day in enumerate(trained):
            at = datetime.combine(day, time(17, 0), tzinfo=UTC)
            workout = await repo.open_session(person, day, at)
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


async def _agreed(kept: LogbookService, sessions: Sessions) -> DayPrescription:
    """Today's prescription as `kept` gives it, checked against one read afresh."""
    today = await _today(kept, sessions)
    fresh = LogbookService(sessions, clock=lambda: NOW)
    assert today == await fresh.prescription(PERSON, PROFILE, PLAN, DAY)
    return today


async def test_kept_prescription_follows_every_change_of_earlier_days(engine: AsyncEngine) -> None:
    await seed_people(engine, [Person(PERSON, Cohort.of(PROFILE), ())])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    await _earlier_sessions(sessions)
    kept = _logbook(sessions, engine)
    # On PostgreSQL the changes come through another instance; SQLite serves one.
    other = _logbook(sessions, engine) if kept.past.shared else kept

    async def agree() -> DayPrescription:
        return await _agreed(kept, sessions)

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


async def test_kept_prescription_follows_how_the_person_says_they_are(
    engine: AsyncEngine,
) -> None:
    await seed_people(engine, [Person(PERSON, Cohort.of(PROFILE), ())])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    await _earlier_sessions(sessions)
    kept = _logbook(sessions, engine)
    other = _logbook(sessions, engine) if kept.past.shared else kept
    rested = await _agreed(kept, sessions)

    await other.feel(PERSON, PROFILE, PLAN, lambda _: Readiness(sleep=1, soreness=3))
    worn = await _agreed(kept, sessions)
    assert worn != rested

    await other.feel(PERSON, PROFILE, PLAN, lambda _: Readiness(sleep=3, soreness=1))
    assert await _agreed(kept, sessions) != worn


async def test_kept_reading_answers_follow_an_answer_given_anywhere(engine: AsyncEngine) -> None:
    await seed_people(engine, [Person(PERSON, Cohort.of(PROFILE), ())])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    kept = _logbook(sessions, engine)
    other = _logbook(sessions, engine) if kept.past.shared else kept
    ambiguous = "step up 3x12 @ 8"  # 8 kg, or effort 8 of 10
    await _today(kept, sessions)
    asked = await kept.log(PERSON, PROFILE, PLAN, message_id=20, text=ambiguous, reply_to=None)
    assert isinstance(asked, ChooseReading)

    answer = "load"
    await other.log(
        PERSON, PROFILE, PLAN, message_id=20, text=ambiguous, reply_to=None, answer=answer
    )
    await _today(kept, sessions)
    again = await kept.log(
        PERSON, PROFILE, PLAN, message_id=21, text="step up 3x12 @ 9", reply_to=None
    )
    assert isinstance(again, Logged)
    assert again.log.sets[0] == LoggedSet(12, 9.0, "kg")


async def test_kept_prescription_follows_the_region_to_avoid(engine: AsyncEngine) -> None:
    await seed_people(engine, [Person(PERSON, Cohort.of(PROFILE), ())])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    kept = _logbook(sessions, engine)
    other = _logbook(sessions, engine) if kept.past.shared else kept
    # As bot.telegram.app wires them: a change of switches drops the logbook's copies.
    switches = SwitchesService(sessions, changed=other.past.forget)
    anywhere = await _agreed(kept, sessions)

    await switches.save(PERSON, CoachingSwitches(avoid=PainRegion.HAMSTRING))
    sparing = await _agreed(kept, sessions)
    assert sparing != anywhere

    await switches.save(PERSON, CoachingSwitches())
    assert await _agreed(kept, sessions) == anywhere


async def test_reading_ahead_spares_the_first_log_its_history_and_changes_nothing_it_says(
    engine: AsyncEngine,
) -> None:
    twin = PERSON + 1
    await seed_people(engine, [Person(person, Cohort.of(PROFILE), ()) for person in (PERSON, twin)])
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    for person in (PERSON, twin):
        await _earlier_sessions(sessions, person)
        await _unplanned_lately(sessions, person)
    logbook = _logbook(sessions, engine)

    await logbook.read_ahead(PERSON, PROFILE, PLAN)
    with _earlier_days_read(engine) as reads:
        ahead = [await log(logbook, PERSON) for log in (_numbers_alone, _unplanned)]
    cold = [await log(logbook, twin) for log in (_numbers_alone, _unplanned)]
    assert reads == []
    for warm, fresh in zip(ahead, cold, strict=True):
        assert isinstance(warm, Logged)
        assert isinstance(fresh, Logged)
        # Measured against the earlier days: a record (the 60 kg before) and a next target.
        assert warm.records
        assert warm.target is not None
        assert replace(warm, log=fresh.log) == fresh


async def _unplanned_lately(sessions: Sessions, person: int) -> None:
    """Good mornings, which no day of the plan holds, logged a few days ago."""
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        day = DAY - timedelta(days=4)
        at = datetime.combine(day, time(17, 0), tzinfo=UTC)
        workout = await repo.open_session(person, day, at)
        content = LogContent("good_morning", "Good morning", "3x8", [LoggedSet(8, 30.0, "kg")] * 3)
        await repo.add_log(workout, content, source_message_id=100, logged_at=at)


async def _unplanned(logbook: LogbookService, person: int) -> LogResult:
    text = "good morning 3x8 @ 40"
    return await logbook.log(person, PROFILE, PLAN, message_id=31, text=text, reply_to=None)


async def _numbers_alone(logbook: LogbookService, person: int) -> LogResult:
    """A log of FIRST, the exercise today's session starts with."""
    return await logbook.log(person, PROFILE, PLAN, message_id=30, text="3x5 @ 62.5", reply_to=None)


@contextmanager
def _earlier_days_read(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements that read the logs of days before one, as they run."""
    reads: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "workout_sessions.local_date <" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield reads
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)
