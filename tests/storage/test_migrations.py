"""The Alembic revisions build exactly the schema the models describe, both ways."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Time, column, func, insert, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.coaching_switches import CoachingSwitches
from bot.core.logparse.reading import LoggedSet
from bot.core.plan_changes import PlanChanges
from bot.core.profile import Equipment
from bot.core.programme import Phase, programme_week
from bot.core.reschedule import Away
from bot.core.workout_log import LogContent, StoredLog
from bot.services.plan_changes import PlanChangesService
from bot.services.switches import SwitchesService
from bot.storage.database import create_engine
from bot.storage.migrate import alembic_config, downgrade_to_base, upgrade_to_head
from bot.storage.models import Base, ExerciseSet, UserData, UTCDateTime
from bot.storage.repositories import ProfileRepository, UserRepository
from bot.storage.workouts import WorkoutRepository
from tests.storage import schema
from tests.support.databases import migrate_from_template

Sessions = async_sessionmaker[AsyncSession]
USER_ID = 42
NOW = datetime(2026, 12, 7, 18, tzinfo=UTC)


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """Here the migrations run for real, not copied from a database they migrated before."""
    engine = create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        yield engine
    finally:
        await engine.dispose()


async def test_head_matches_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.schema_diff) == []


async def test_the_copy_other_tests_start_from_is_the_migrated_database(
    database_url: str,
) -> None:
    """The `engine` of tests/conftest.py is a copy (tests.support.databases); with the test
    above, it is what the migrations build."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    await migrate_from_template(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(schema.schema_diff) == []
            assert await connection.run_sync(_revision) == head
    finally:
        await engine.dispose()


async def test_downgrade_then_upgrade_again(engine: AsyncEngine) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()

    await downgrade_to_base(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.tables) == {"alembic_version"}
        assert await connection.run_sync(_revision) is None

    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.tables) >= set(Base.metadata.tables)
        assert await connection.run_sync(_revision) == head
        assert await connection.run_sync(schema.schema_diff) == []


async def test_upgrade_is_idempotent(engine: AsyncEngine) -> None:
    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.schema_diff) == []


def test_config_does_not_depend_on_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    script = ScriptDirectory.from_config(alembic_config())
    assert Path(script.dir).is_absolute()
    assert script.get_current_head() is not None


async def _log(sessions: Sessions, message_id: int) -> StoredLog:
    """A log of two sets, as a message `message_id` of the person stores it."""
    async with sessions.begin() as session:
        repo = WorkoutRepository(session)
        workout = await repo.open_session(USER_ID, date(2026, 12, 7), NOW)
        content = LogContent(
            "hip_thrust", "Hip thrust", f"3x{message_id}", [LoggedSet(8, 60.0, "kg")] * 2
        )
        stored = await repo.add_log(workout, content, source_message_id=message_id, logged_at=NOW)
    assert stored is not None
    return stored


async def _remove(sessions: Sessions, log: StoredLog) -> None:
    async with sessions.begin() as session:
        assert await WorkoutRepository(session).delete_log(USER_ID, log.id) is not None


async def _logs(sessions: Sessions) -> list[StoredLog]:
    async with sessions.begin() as session:
        return await WorkoutRepository(session).all_logs(USER_ID)


async def test_log_ids_are_never_given_twice_after_the_upgrade(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    """Undo buttons name logs by id. A database at 0003 keeps every log and id through the
    upgrade, and from then on a new log never takes the id of one removed, not even of one
    removed just before the upgrade (SQLite gave the next log the newest removed one's)."""
    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0003")
        await connection.commit()
    async with session_factory.begin() as session:
        await UserRepository(session).upsert(USER_ID, USER_ID, "Ada", "en")
    first, second, undone = [await _log(session_factory, n) for n in (1, 2, 3)]
    await _remove(session_factory, undone)

    await upgrade_to_head(engine)
    assert await _logs(session_factory) == [first, second]

    await _remove(session_factory, second)
    newest = await _log(session_factory, 4)
    assert newest.id > undone.id
    assert [log.id for log in await _logs(session_factory)] == [first.id, newest.id]
    # The removed logs' sets went with them: the rebuilt table still cascades.
    async with session_factory.begin() as session:
        assert await session.scalar(select(func.count()).select_from(ExerciseSet)) == 4


_PROFILE_0006 = (
    "user_id",
    "goal",
    "experience",
    "units",
    "equipment",
    "weekdays",
    "weekdays_suggested",
    "timezone",
    "bodyweight_kg",
)


async def test_people_onboarded_before_programmes_start_one_at_their_next_session(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    """0007 gives everyone already onboarded a programme starting on the day it runs, so
    their first programme week is the one of their next session; nobody onboards again."""
    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0006")
        await connection.commit()
    async with session_factory.begin() as session:
        await UserRepository(session).upsert(USER_ID, USER_ID, "Ada", "en")
        # The profiles table as revision 0006 had it: the model has more columns now.
        profiles = table(
            "profiles",
            *(column(name) for name in _PROFILE_0006),
            column("reminder_time", Time()),
            column("updated_at", UTCDateTime()),
        )
        await session.execute(
            insert(profiles).values(
                user_id=USER_ID,
                goal="glutes",
                experience="beginner",
                units="kg",
                equipment="dumbbells",
                weekdays="mon,thu",
                weekdays_suggested=True,
                timezone="UTC",
                bodyweight_kg=None,
                reminder_time=time(7),
                updated_at=NOW,
            )
        )
    before = date.today()

    await upgrade_to_head(engine)

    async with session_factory() as session:
        profile = await ProfileRepository(session).get(USER_ID)
    assert profile is not None
    assert profile.programme_start is not None
    assert before - timedelta(days=1) <= profile.programme_start <= date.today() + timedelta(days=1)
    assert profile.own_weights == ()
    week = programme_week(
        profile.programme_start, date.today(), profile.weekdays, [], profile.experience
    )
    assert (week.index, week.phase) == (1, Phase.BUILD)


# What revision 0009's code kept in a person's user_data, beside keys of its own.
_USER_DATA_0009 = {
    "readiness_off": True,
    "rest_timer": True,
    "moved_sessions": {"2026-12-07": "2026-12-08", "2026-12-10": None},
    "away": {"equipment": ["bands", "dumbbells"], "until": "2026-12-13"},
    "readiness_asked": "2026-12-07",
}


async def _user_data(sessions: Sessions) -> dict[int, dict[str, object]]:
    async with sessions() as session:
        return dict((await session.execute(select(UserData.user_id, UserData.data))).all())


async def test_switches_moves_and_travel_in_user_data_move_to_their_tables_and_back(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    """0010 carries what people had set in user_data into the new tables, so nobody's timer,
    check, moved session or trip changes with the upgrade; a downgrade puts it back."""
    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0009")
        await connection.commit()
    unset, never_onboarded = USER_ID + 1, USER_ID + 2
    before = {
        USER_ID: _USER_DATA_0009,
        unset: {"readiness_asked": "2026-12-07"},
        never_onboarded: {"readiness_off": True},
    }
    async with session_factory.begin() as session:
        for user_id in (USER_ID, unset):
            await UserRepository(session).upsert(user_id, user_id, "Ada", "en")
        session.add_all(UserData(user_id=user_id, data=data) for user_id, data in before.items())

    await upgrade_to_head(engine)

    switches, changes = SwitchesService(session_factory), PlanChangesService(session_factory)
    assert await switches.get(USER_ID) == CoachingSwitches(readiness_check=False, rest_timer=True)
    assert await changes.get(USER_ID) == PlanChanges(
        {date(2026, 12, 7): date(2026, 12, 8), date(2026, 12, 10): None},
        Away(frozenset({Equipment.BANDS, Equipment.DUMBBELLS}), date(2026, 12, 13)),
    )
    assert await switches.get(unset) == CoachingSwitches()
    assert await changes.get(unset) == PlanChanges()
    assert await _user_data(session_factory) == {
        USER_ID: {"readiness_asked": "2026-12-07"},
        unset: {"readiness_asked": "2026-12-07"},
        never_onboarded: {},
    }

    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0009")
        await connection.commit()
    assert await _user_data(session_factory) == {**before, never_onboarded: {}}
