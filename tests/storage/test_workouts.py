"""Workout logs round-trip through the database; duplicates and races store one log."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import cast

import pytest
from sqlalchemy import ColumnElement, event, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.logparse.reading import LoadUnit, LoggedSet
from bot.core.readiness import PainRegion, Readiness
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import Base, BotPrompt, ExerciseLog, ExerciseSet, User, Workout
from bot.storage.repositories import UserRepository
from bot.storage.workouts import (
    PROMPT_LIFETIME,
    LogContent,
    StoredLog,
    WorkoutRepository,
    WorkoutSession,
)
from tests.storage import schema

Sessions = async_sessionmaker[AsyncSession]

USER_ID = 7_000_000_001  # beyond 32 bits, as real Telegram ids can be
OTHER_ID = 7_000_000_002
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
NEW_TABLES = {"workout_sessions", "exercise_logs", "logged_sets", "bot_prompts"}

SETS = (LoggedSet(8, 80.0, "kg"), LoggedSet(6, 82.5, "kg"), LoggedSet(12, None, None))


async def _add_user(sessions: Sessions, user_id: int = USER_ID) -> None:
    async with sessions.begin() as session:
        await UserRepository(session).upsert(user_id, user_id + 1, "Ada", "en")


async def _open(sessions: Sessions, day: date = MONDAY, user_id: int = USER_ID) -> WorkoutSession:
    async with sessions.begin() as session:
        return await WorkoutRepository(session).open_session(user_id, day, NOW)


async def _log(
    repo: WorkoutRepository,
    workout: WorkoutSession,
    message_id: int,
    *,
    exercise_id: str | None = "romanian_deadlift",
    exercise_name: str = "Romanian deadlift",
    sets: Sequence[LoggedSet] = SETS,
    logged_at: datetime = NOW,
) -> StoredLog | None:
    content = LogContent(exercise_id, exercise_name, f"message {message_id}", sets)
    return await repo.add_log(workout, content, source_message_id=message_id, logged_at=logged_at)


async def _log_on(
    sessions: Sessions,
    day: date,
    message_id: int,
    exercise_id: str | None = "romanian_deadlift",
    exercise_name: str = "Romanian deadlift",
) -> tuple[int, StoredLog]:
    """A log in its own transaction on `day`'s session, logged at noon of that day."""
    workout = await _open(sessions, day)
    async with sessions.begin() as session:
        stored = await _log(
            WorkoutRepository(session),
            workout,
            message_id,
            exercise_id=exercise_id,
            exercise_name=exercise_name,
            logged_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        )
    assert stored is not None
    return workout.id, stored


async def _count(sessions: Sessions, model: type[Base], *where: ColumnElement[bool]) -> int:
    async with sessions() as session:
        count = await session.scalar(select(func.count()).select_from(model).where(*where))
    return count or 0


async def test_open_session_gets_or_creates_and_tracks_progress(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        assert await repo.session_for(USER_ID, MONDAY) is None
        first = await repo.open_session(USER_ID, MONDAY, NOW)
        again = await repo.open_session(USER_ID, MONDAY, NOW + timedelta(hours=1))
    assert again == first
    assert (first.user_id, first.local_date, first.started_at) == (USER_ID, MONDAY, NOW)
    assert (first.finished_at, first.current_index) == (None, 0)

    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await repo.set_current(first.id, 2)
        await repo.finish_session(first.id, NOW + timedelta(hours=1))
        finished = await repo.open_session(USER_ID, MONDAY, NOW + timedelta(hours=2))
        assert (finished.id, finished.current_index) == (first.id, 2)
        assert finished.finished_at == NOW + timedelta(hours=1)
        await repo.reopen_session(first.id)
        reopened = await repo.session_for(USER_ID, MONDAY)
    assert reopened is not None
    assert (reopened.finished_at, reopened.started_at) == (None, NOW)


async def test_concurrent_open_session_creates_one(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workouts = await asyncio.gather(*(_open(session_factory) for _ in range(3)))
    assert len({workout.id for workout in workouts}) == 1
    assert await _count(session_factory, Workout, Workout.user_id == USER_ID) == 1


async def test_add_log_round_trips(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    async with session_factory.begin() as session:
        content = LogContent(
            exercise_id=None,
            exercise_name="Cable kickback",
            raw_text="cable kickback 20lb 3x12 each side @8",
            sets=(LoggedSet(12, 20.0, "lb"), LoggedSet(10, None, None), LoggedSet(9, 22.5, "lb")),
            bodyweight=False,
            per_side=True,
            rpe=8.5,
            rir=1,
        )
        stored = await WorkoutRepository(session).add_log(
            workout, content, source_message_id=501, logged_at=NOW
        )
    assert stored is not None
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.get_log(USER_ID, stored.id) == stored
        assert await repo.log_by_message(USER_ID, 501) == stored
    assert stored.sets == (
        LoggedSet(12, 20.0, "lb"),
        LoggedSet(10, None, None),
        LoggedSet(9, 22.5, "lb"),
    )
    assert (stored.user_id, stored.session_id, stored.local_date) == (USER_ID, workout.id, MONDAY)
    assert (stored.exercise_id, stored.exercise_name) == (None, "Cable kickback")
    assert (stored.source_message_id, stored.raw_text) == (
        501,
        "cable kickback 20lb 3x12 each side @8",
    )
    assert (stored.bodyweight, stored.per_side, stored.rpe, stored.rir) == (False, True, 8.5, 1)
    assert stored.logged_at == NOW
    assert stored.logged_at.tzinfo == UTC


async def test_add_log_returns_exactly_what_is_read_back(session_factory: Sessions) -> None:
    # Microseconds, another zone, and ints for floats: as stored, they read back otherwise.
    logged_at = datetime(2026, 3, 2, 20, 30, 15, 123456, tzinfo=timezone(timedelta(hours=3)))
    await _add_user(session_factory)
    workout = await _open(session_factory)
    async with session_factory.begin() as session:
        content = LogContent(
            exercise_id="barbell_bench_press",
            exercise_name="Bench press",
            raw_text="bench 100 5x5 rpe 8",
            sets=(LoggedSet(5, 100, "kg"), LoggedSet(5, None, None)),
            bodyweight=True,
            rpe=8,
        )
        stored = await WorkoutRepository(session).add_log(
            workout, content, source_message_id=501, logged_at=logged_at
        )
    assert stored is not None
    async with session_factory() as session:
        reread = await WorkoutRepository(session).get_log(USER_ID, stored.id)
    assert reread == stored
    assert repr(reread) == repr(stored)  # the same types too: floats, and UTC
    assert stored.logged_at == logged_at
    assert stored.logged_at.tzinfo == UTC
    assert stored.logged_at.microsecond == 123456
    assert [type(logged.weight) for logged in stored.sets] == [float, type(None)]
    assert type(stored.rpe) is float


async def test_add_log_reads_nothing_back(engine: AsyncEngine, session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        assert await repo.session_for(USER_ID, MONDAY) == workout  # the connection is open
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            stored = await _log(repo, workout, 501)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert stored is not None
    assert statements
    assert {statement.split(maxsplit=1)[0].upper() for statement in statements} == {"INSERT"}


async def test_add_log_refuses_an_unknown_unit_before_writing(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    stone = LoggedSet(5, 10.0, cast("LoadUnit", "stone"))
    async with session_factory.begin() as session:
        with pytest.raises(ValueError, match="unknown load unit"):
            await _log(WorkoutRepository(session), workout, 501, sets=(stone,))
        assert await session.scalar(select(func.count()).select_from(ExerciseLog)) == 0


async def test_duplicate_message_stores_one_log_and_keeps_the_transaction(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        first = await _log(repo, workout, 501)
        assert first is not None
        assert await _log(repo, workout, 501, sets=(LoggedSet(1, 200.0, "kg"),)) is None
        # The lost insert did not abort the transaction: later statements still run.
        assert await _log(repo, workout, 502) is not None
        assert await repo.log_by_message(USER_ID, 501) == first
    assert await _count(session_factory, ExerciseLog, ExerciseLog.user_id == USER_ID) == 2
    assert await _count(session_factory, ExerciseSet) == 2 * len(SETS)


async def test_concurrent_duplicate_deliveries_store_one_log(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)

    async def deliver() -> StoredLog | None:
        async with session_factory.begin() as session:
            return await _log(WorkoutRepository(session), workout, 501)

    results = await asyncio.gather(deliver(), deliver())
    assert sum(result is not None for result in results) == 1
    assert await _count(session_factory, ExerciseLog, ExerciseLog.user_id == USER_ID) == 1
    assert await _count(session_factory, ExerciseSet) == len(SETS)


async def test_same_message_id_of_another_person_is_another_log(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    mine, theirs = await _open(session_factory), await _open(session_factory, user_id=OTHER_ID)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        my_log = await _log(repo, mine, 501)
        their_log = await _log(repo, theirs, 501)
    assert my_log is not None
    assert their_log is not None
    assert (my_log.user_id, their_log.user_id) == (USER_ID, OTHER_ID)


async def test_another_person_can_neither_read_replace_nor_delete(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    _, stored = await _log_on(session_factory, MONDAY, 501)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        assert await repo.get_log(OTHER_ID, stored.id) is None
        assert await repo.log_by_message(OTHER_ID, 501) is None
        assert await repo.last_log(OTHER_ID) is None
        hacked = LogContent(None, "Hacked", "hacked", (), bodyweight=True, per_side=True)
        replaced = await repo.replace_log(OTHER_ID, stored.id, hacked)
        assert replaced is None
        assert await repo.delete_log(OTHER_ID, stored.id) is None
    async with session_factory() as session:
        assert await WorkoutRepository(session).get_log(USER_ID, stored.id) == stored


async def test_replace_log_overwrites_fields_and_sets(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    _, stored = await _log_on(session_factory, MONDAY, 501)
    async with session_factory.begin() as session:
        content = LogContent(
            exercise_id=None,
            exercise_name="Single-leg RDL",
            raw_text="single-leg rdl 16kg 2x10 per side",
            sets=(LoggedSet(10, 16.0, "kg"), LoggedSet(9, 16.0, "kg")),
            per_side=True,
            rpe=7.0,
            rir=3,
        )
        replaced = await WorkoutRepository(session).replace_log(USER_ID, stored.id, content)
    assert replaced is not None
    assert replaced.sets == (LoggedSet(10, 16.0, "kg"), LoggedSet(9, 16.0, "kg"))
    assert (replaced.exercise_id, replaced.exercise_name) == (None, "Single-leg RDL")
    assert (replaced.per_side, replaced.rpe, replaced.rir) == (True, 7.0, 3)
    # Where and when it was logged does not change with an edit.
    same = ("id", "session_id", "local_date", "logged_at", "source_message_id")
    assert [getattr(replaced, name) for name in same] == [getattr(stored, name) for name in same]
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.get_log(USER_ID, stored.id) == replaced
        history = await repo.exercise_history(
            USER_ID, exercise_id=None, exercise_name="single-leg rdl"
        )
    assert history == [replaced]
    assert await _count(session_factory, ExerciseSet) == 2


async def test_delete_log_returns_it_and_removes_its_sets(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    _, older = await _log_on(session_factory, MONDAY, 501)
    _, newer = await _log_on(session_factory, MONDAY + timedelta(days=1), 502)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        assert await repo.last_log(USER_ID) == newer
        assert await repo.delete_log(USER_ID, newer.id) == newer
        assert await repo.delete_log(USER_ID, newer.id) is None
        assert await repo.get_log(USER_ID, newer.id) is None
        assert await repo.last_log(USER_ID) == older
    assert await _count(session_factory, ExerciseSet) == len(older.sets)


async def test_last_log_breaks_ties_by_id(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await _log(repo, workout, 501)
        second = await _log(repo, workout, 502)
        await _log(repo, workout, 400, logged_at=NOW - timedelta(minutes=5))
        assert await repo.last_log(USER_ID) == second


async def test_warmup_sets_are_not_work_sets(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    _, stored = await _log_on(session_factory, MONDAY, 501)
    async with session_factory.begin() as session:
        await session.execute(
            update(ExerciseSet)
            .where(ExerciseSet.log_id == stored.id, ExerciseSet.position == 1)
            .values(warmup=True)
        )
    async with session_factory() as session:
        reread = await WorkoutRepository(session).get_log(USER_ID, stored.id)
    assert reread is not None
    assert reread.sets == SETS[1:]


async def test_exercise_history_is_newest_first_and_skips_the_given_session(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    days = [MONDAY + timedelta(days=offset) for offset in range(3)]
    logs = [(await _log_on(session_factory, day, 501 + n)) for n, day in enumerate(days)]
    await _log_on(
        session_factory, days[2], 600, exercise_id="hip_thrust", exercise_name="Hip thrust"
    )
    other_session = await _open(session_factory, user_id=OTHER_ID)
    async with session_factory.begin() as session:
        await _log(WorkoutRepository(session), other_session, 501)

    today_id = logs[2][0]
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        everything = await repo.exercise_history(
            USER_ID, exercise_id="romanian_deadlift", exercise_name="Romanian deadlift"
        )
        before_today = await repo.exercise_history(
            USER_ID,
            exercise_id="romanian_deadlift",
            exercise_name="Romanian deadlift",
            before_session_id=today_id,
        )
        newest = await repo.exercise_history(
            USER_ID, exercise_id="romanian_deadlift", exercise_name="Romanian deadlift", limit=1
        )
    assert everything == [stored for _, stored in reversed(logs)]
    assert before_today == [logs[1][1], logs[0][1]]
    assert newest == [logs[2][1]]


async def test_exercise_history_matches_unknown_names_ignoring_case(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    _, english = await _log_on(session_factory, MONDAY, 501, None, "Frog Pumps")
    _, cyrillic = await _log_on(session_factory, MONDAY, 502, None, "Ягодичный Мост")
    await _log_on(session_factory, MONDAY, 503, None, "Frog pump")
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        frog = await repo.exercise_history(USER_ID, exercise_id=None, exercise_name="frog  PUMPS")
        bridge = await repo.exercise_history(
            USER_ID, exercise_id=None, exercise_name="ягодичный мост"
        )
    assert frog == [english]
    assert bridge == [cyrillic]


async def test_session_logs_are_in_logging_order(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    workout = await _open(session_factory)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        first = await _log(repo, workout, 502, logged_at=NOW)
        second = await _log(repo, workout, 501, logged_at=NOW + timedelta(minutes=4))
        third = await _log(repo, workout, 503, logged_at=NOW + timedelta(minutes=4))
        assert await repo.session_logs(workout.id) == [first, second, third]


async def test_a_day_is_read_with_its_logs_as_session_logs_reads_them(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    workout = await _open(session_factory)
    tuesday = await _open(session_factory, MONDAY + timedelta(days=1))
    theirs = await _open(session_factory, user_id=OTHER_ID)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        assert await repo.session_with_logs(USER_ID, tuesday.local_date) == (tuesday, [])
        await _log(repo, workout, 502, logged_at=NOW + timedelta(minutes=4))
        await _log(repo, workout, 501, sets=())
        await _log(repo, workout, 503, logged_at=NOW + timedelta(minutes=4))
        await _log(repo, tuesday, 504)
        await _log(repo, theirs, 505)
    async with session_factory.begin() as session:
        await session.execute(
            update(ExerciseSet)
            .where(
                ExerciseSet.log_id
                == select(ExerciseLog.id).filter_by(source_message_id=503).scalar_subquery(),
                ExerciseSet.position == 2,
            )
            .values(warmup=True)
        )
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        read, logs = await repo.session_with_logs(USER_ID, MONDAY)
        assert read == workout
        assert logs == await repo.session_logs(workout.id)
        assert [log.source_message_id for log in logs] == [501, 502, 503]
        assert [len(log.sets) for log in logs] == [0, 3, 2]
        assert await repo.session_with_logs(USER_ID, MONDAY - timedelta(days=1)) == (None, [])


async def test_recent_sessions_only_with_logs_newest_first(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    days = [MONDAY + timedelta(days=offset) for offset in range(4)]
    first_id, rdl_1 = await _log_on(session_factory, days[0], 501)
    second_id, thrust = await _log_on(
        session_factory, days[1], 502, exercise_id="hip_thrust", exercise_name="Hip thrust"
    )
    third_id, rdl_3 = await _log_on(session_factory, days[2], 503)
    _, unknown = await _log_on(
        session_factory, days[2], 504, exercise_id=None, exercise_name="Kas glute bridge"
    )
    await _open(session_factory, days[3])  # opened, nothing logged

    async with session_factory() as session:
        repo = WorkoutRepository(session)
        recent = await repo.recent_sessions(USER_ID)
        last_two = await repo.recent_sessions(USER_ID, limit=2)
        rdl = await repo.recent_sessions(USER_ID, exercise_id="romanian_deadlift")
        bridge = await repo.recent_sessions(USER_ID, exercise_name="KAS GLUTE BRIDGE")
        assert await repo.recent_sessions(OTHER_ID) == []

    def shape(found: list[tuple[WorkoutSession, list[StoredLog]]]) -> list[tuple[int, list[int]]]:
        return [(workout.id, [log.id for log in logs]) for workout, logs in found]

    assert shape(recent) == [
        (third_id, [rdl_3.id, unknown.id]),
        (second_id, [thrust.id]),
        (first_id, [rdl_1.id]),
    ]
    assert shape(last_two) == shape(recent)[:2]
    assert shape(rdl) == [(third_id, [rdl_3.id]), (first_id, [rdl_1.id])]
    assert shape(bridge) == [(third_id, [unknown.id])]
    assert [workout.local_date for workout, _ in recent] == [days[2], days[1], days[0]]


async def test_logged_dates_since_a_day(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    days = [MONDAY + timedelta(days=offset) for offset in range(4)]
    for n, day in enumerate(days[:3]):
        await _log_on(session_factory, day, 501 + n)
    await _open(session_factory, days[3])  # opened, nothing logged
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.logged_dates(USER_ID, since=days[1]) == [days[1], days[2]]
        assert await repo.logged_dates(OTHER_ID, since=days[0]) == []


async def test_prompts_map_messages_to_exercises(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await repo.remember_prompt(USER_ID, 900, "hip_thrust", "Hip thrust")
        await repo.remember_prompt(USER_ID, 901, None, "Kas glute bridge")
        await repo.remember_prompt(USER_ID, 900, "romanian_deadlift", "Romanian deadlift")
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.prompt_for(USER_ID, 900) == ("romanian_deadlift", "Romanian deadlift")
        assert await repo.prompt_for(USER_ID, 901) == (None, "Kas glute bridge")
        assert await repo.prompt_for(USER_ID, 902) is None
        assert await repo.prompt_for(OTHER_ID, 900) is None


async def test_forgetting_expired_prompts_keeps_recent_ones(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    later = NOW + PROMPT_LIFETIME + timedelta(seconds=1)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await repo.remember_prompt(USER_ID, 900, "hip_thrust", "Hip thrust", now=NOW)
        await repo.remember_prompt(
            USER_ID, 901, "hip_thrust", "Hip thrust", now=later - timedelta(days=1)
        )
        await repo.remember_prompt(OTHER_ID, 900, "hip_thrust", "Hip thrust", now=NOW)
        await repo.remember_prompt(USER_ID, 902, "hip_thrust", "Hip thrust", now=later)
        await repo.forget_expired_prompts(USER_ID, later)
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.prompt_for(USER_ID, 900) is None
        assert await repo.prompt_for(USER_ID, 901) is not None
        assert await repo.prompt_for(USER_ID, 902) is not None
        # Only the person's own prompts are pruned.
        assert await repo.prompt_for(OTHER_ID, 900) is not None


async def test_deleting_the_user_removes_their_workout_data(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    ids = [
        (await _log_on(session_factory, MONDAY + timedelta(days=n), 501 + n))[1].id
        for n in range(2)
    ]
    other_session = await _open(session_factory, user_id=OTHER_ID)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await repo.remember_prompt(USER_ID, 900, "hip_thrust", "Hip thrust")
        await repo.remember_prompt(OTHER_ID, 900, "hip_thrust", "Hip thrust")
        await _log(repo, other_session, 501)

    async with session_factory.begin() as session:
        assert await UserRepository(session).delete(USER_ID)

    assert await _count(session_factory, Workout, Workout.user_id == USER_ID) == 0
    assert await _count(session_factory, ExerciseLog, ExerciseLog.user_id == USER_ID) == 0
    assert await _count(session_factory, ExerciseSet, ExerciseSet.log_id.in_(ids)) == 0
    assert await _count(session_factory, BotPrompt, BotPrompt.user_id == USER_ID) == 0
    # The other person's data stays.
    assert await _count(session_factory, Workout) == 1
    assert await _count(session_factory, ExerciseSet) == len(SETS)
    assert await _count(session_factory, BotPrompt) == 1
    assert await _count(session_factory, User) == 1


async def test_workout_revision_downgrades_and_upgrades(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    await _add_user(session_factory)
    await _log_on(session_factory, MONDAY, 501)

    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0001")
        await connection.commit()
        tables = await connection.run_sync(schema.tables)
    assert tables.isdisjoint(NEW_TABLES)
    assert await _count(session_factory, User) == 1

    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.tables) >= NEW_TABLES
        assert await connection.run_sync(schema.schema_diff) == []
    assert await _count(session_factory, ExerciseLog) == 0
    await _log_on(session_factory, MONDAY, 501)


async def test_a_days_readiness_is_kept_replaced_and_the_persons_own(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    said = Readiness(1, 3, PainRegion.LOWER_BACK)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await repo.record_readiness(USER_ID, MONDAY, Readiness(2, 1))
        await repo.record_readiness(USER_ID, MONDAY, said)
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert await repo.readiness(USER_ID, MONDAY) == said
        assert await repo.readiness(USER_ID, MONDAY + timedelta(days=1)) is None
        assert await repo.readiness(OTHER_ID, MONDAY) is None


async def test_the_answers_of_a_span_of_days_are_the_persons_own_and_only_those_days(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    said = {MONDAY + timedelta(days=n): Readiness(2, n % 3 + 1) for n in range(-1, 8)}
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        for day, answer in said.items():
            await repo.record_readiness(USER_ID, day, answer)
        await repo.record_readiness(OTHER_ID, MONDAY, Readiness(1, 3))
    sunday = MONDAY + timedelta(days=6)
    async with session_factory() as session:
        week = await WorkoutRepository(session).readiness_between(USER_ID, MONDAY, sunday)
    assert week == {day: answer for day, answer in said.items() if MONDAY <= day <= sunday}


async def test_estimable_sets_are_loaded_work_sets_of_a_dozen_reps_or_fewer_off_bodyweight(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    workout = await _open(session_factory)
    other = await _open(session_factory, user_id=OTHER_ID)
    heavy = (LoggedSet(5, 100.0, "kg"), LoggedSet(15, 70.0, "kg"), LoggedSet(12, None, None))
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        await _log(repo, workout, 601, sets=heavy)
        weighted = LogContent("romanian_deadlift", "Romanian deadlift", "bw+200", SETS[:1], True)
        await repo.add_log(workout, weighted, source_message_id=602, logged_at=NOW)
        await _log(repo, workout, 603, exercise_id="barbell_hip_thrust", sets=SETS[:1])
        await _log(repo, other, 604, sets=(LoggedSet(1, 200.0, "kg"),))
    async with session_factory() as session:
        found = await WorkoutRepository(session).estimable_sets(USER_ID, "romanian_deadlift")
    assert found == [LoggedSet(5, 100.0, "kg")]


async def test_a_history_page_goes_back_from_a_log_newest_first(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, USER_ID + 1)
    workout = await _open(session_factory)
    others = await _open(session_factory, user_id=USER_ID + 1)
    async with session_factory.begin() as session:
        repo = WorkoutRepository(session)
        # Two at the same moment: the later id is the newer.
        times = [NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=1), NOW - timedelta(1)]
        logs = [await _log(repo, workout, 700 + n, logged_at=at) for n, at in enumerate(times)]
        await _log(repo, others, 800, logged_at=NOW)
    ids = [log.id for log in logs if log is not None]
    newest_first = [ids[2], ids[1], ids[0], ids[3]]
    async with session_factory() as session:
        repo = WorkoutRepository(session)
        assert [log.id for log in await repo.logs_page(USER_ID, 10)] == newest_first
        assert [log.id for log in await repo.logs_page(USER_ID, 2)] == newest_first[:2]
        after_first_page = await repo.logs_page(USER_ID, 2, before_log_id=newest_first[1])
        assert [log.id for log in after_first_page] == newest_first[2:]
        assert await repo.logs_page(USER_ID, 2, before_log_id=newest_first[-1]) == []


async def test_the_exercises_logged_within_days_are_each_named_once(
    session_factory: Sessions,
) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, OTHER_ID)
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    await _log_on(session_factory, MONDAY - timedelta(days=1), 500, "hip_thrust", "Hip thrust")
    await _log_on(session_factory, MONDAY, 501)
    await _log_on(session_factory, tuesday, 502)
    await _log_on(session_factory, tuesday, 503, None, "Frog Pumps")
    await _log_on(session_factory, tuesday, 504, None, "frog pumps")
    await _log_on(session_factory, wednesday, 505, "glute_bridge", "Glute bridge")
    theirs = await _open(session_factory, MONDAY, user_id=OTHER_ID)
    async with session_factory.begin() as session:
        await _log(WorkoutRepository(session), theirs, 506, exercise_id="step_up")
    async with session_factory() as session:
        logged = await WorkoutRepository(session).exercises_logged(USER_ID, MONDAY, wednesday)
    ids = sorted(exercise_id or "" for exercise_id, _ in logged)
    assert ids == ["", "romanian_deadlift"]
    assert {name.casefold() for exercise_id, name in logged if exercise_id is None} == {
        "frog pumps"
    }
