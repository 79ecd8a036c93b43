"""Reminder settings round-trip; due reminders are claimed once per slot, even concurrently."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.reminder_schedule import DueReminder, ReminderSetting
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import Reminder, User
from bot.storage.reminders import ReminderRepository
from bot.storage.repositories import ProfileRepository, UserRepository
from tests.storage import schema

Sessions = async_sessionmaker[AsyncSession]

USER_ID = 7_000_000_001  # beyond 32 bits, as real Telegram ids can be
OTHER_ID = 7_000_000_002
NOW = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
SEVEN = time(7, 30)

PROFILE = TrainingProfile(
    goal=Goal.GLUTES,
    experience=Experience.INTERMEDIATE,
    equipment=frozenset({Equipment.BANDS}),
    weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
    reminder_time=SEVEN,
    timezone="Europe/Berlin",
)

postgres_only = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


class Kind(StrEnum):
    """Stands in for `ReminderKind`: callers pass StrEnum members as kinds."""

    WORKOUT = "workout"
    RECOVERY = "recovery"
    NUTRITION = "nutrition"
    WEEKLY_SUMMARY = "weekly_summary"


def _next_day(due: DueReminder) -> datetime:
    return due.slot + timedelta(days=1)


def _ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


async def _add_people(sessions: Sessions, *user_ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in user_ids:
            await UserRepository(session).upsert(user_id, user_id + 1, "Ada", "en")
            await ProfileRepository(session).save(user_id, PROFILE)


async def _schedule(sessions: Sessions, user_id: int, **next_fire: datetime | None) -> None:
    async with sessions.begin() as session:
        rows = [(kind, SEVEN, at) for kind, at in next_fire.items()]
        await ReminderRepository(session).upsert_settings(user_id, rows)


async def _claim(sessions: Sessions, now: datetime = NOW, limit: int = 100) -> list[DueReminder]:
    async with sessions.begin() as session:
        return await ReminderRepository(session).claim_due(now, limit, _next_day)


async def _settings(sessions: Sessions, user_id: int = USER_ID) -> dict[str, ReminderSetting]:
    async with sessions() as session:
        return {row.kind: row for row in await ReminderRepository(session).list_for(user_id)}


async def _attempts(sessions: Sessions, kind: str) -> int:
    async with sessions() as session:
        attempts = await session.scalar(
            select(Reminder.attempts).where(Reminder.user_id == USER_ID, Reminder.kind == kind)
        )
    assert attempts is not None
    return attempts


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_upsert_creates_reminders_that_are_on(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    async with session_factory.begin() as session:
        await ReminderRepository(session).upsert_settings(
            USER_ID, [(Kind.WORKOUT, SEVEN, NOW), (Kind.NUTRITION, time(12), None)]
        )
    assert await _settings(session_factory) == {
        "nutrition": ReminderSetting("nutrition", time(12), True, None, None, None),
        "workout": ReminderSetting("workout", SEVEN, True, NOW, None, None),
    }
    stored = (await _settings(session_factory))["workout"].next_fire_at
    assert stored is not None
    assert stored.tzinfo == UTC


async def test_upsert_keeps_enabled_and_pause(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=NOW, recovery=NOW, nutrition=NOW)
    until = NOW + timedelta(days=3)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        assert await repo.set_enabled(USER_ID, "recovery", False, None)
        await repo.pause(USER_ID, until, {"workout": until, "nutrition": until})

    later = NOW + timedelta(days=4)
    async with session_factory.begin() as session:
        await ReminderRepository(session).upsert_settings(
            USER_ID,
            [
                ("workout", time(8), later),
                ("recovery", time(21), later),
                ("weekly_summary", SEVEN, later),
            ],
        )
    assert await _settings(session_factory) == {
        "nutrition": ReminderSetting("nutrition", SEVEN, True, until, until, None),
        "recovery": ReminderSetting("recovery", time(21), False, None, until, None),
        "weekly_summary": ReminderSetting("weekly_summary", SEVEN, True, later, None, None),
        "workout": ReminderSetting("workout", time(8), True, later, until, None),
    }


async def test_upsert_takes_each_kind_once(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        with pytest.raises(ValueError, match="each kind at most once"):
            await repo.upsert_settings(USER_ID, [("workout", SEVEN, NOW), ("workout", SEVEN, NOW)])
        await repo.upsert_settings(USER_ID, [])
        assert await repo.list_for(USER_ID) == []


async def test_set_time_and_set_enabled(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=NOW, recovery=NOW)
    tomorrow = NOW + timedelta(days=1)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        assert await repo.set_enabled(USER_ID, "recovery", False, None)
        # A disabled reminder takes the new time but keeps no fire instant.
        assert await repo.set_time(USER_ID, "recovery", time(21), tomorrow)
        assert await repo.set_time(USER_ID, "workout", time(6), tomorrow)
        assert not await repo.set_time(USER_ID, "nutrition", time(6), tomorrow)
        assert not await repo.set_enabled(OTHER_ID, "workout", True, tomorrow)
        with pytest.raises(ValueError, match="no next fire instant"):
            await repo.set_enabled(USER_ID, "workout", False, tomorrow)
    settings = await _settings(session_factory)
    assert settings["recovery"] == ReminderSetting("recovery", time(21), False, None, None, None)
    assert settings["workout"] == ReminderSetting("workout", time(6), True, tomorrow, None, None)

    async with session_factory.begin() as session:
        assert await ReminderRepository(session).set_enabled(USER_ID, "recovery", True, tomorrow)
    assert (await _settings(session_factory))["recovery"].next_fire_at == tomorrow


async def test_claim_takes_due_reminders_that_are_on_oldest_first(
    session_factory: Sessions,
) -> None:
    await _add_people(session_factory, USER_ID, OTHER_ID)
    await _schedule(
        session_factory,
        USER_ID,
        workout=_ago(2),
        recovery=_ago(30),
        nutrition=NOW,
        weekly_summary=None,
    )
    await _schedule(
        session_factory,
        OTHER_ID,
        workout=_ago(10),
        recovery=_ago(60),
        nutrition=NOW + timedelta(seconds=1),
    )
    async with session_factory.begin() as session:
        await ReminderRepository(session).set_enabled(OTHER_ID, "recovery", False, None)
        assert await ReminderRepository(session).due_count(NOW) == 4

    first = await _claim(session_factory, limit=2)
    assert first == [
        DueReminder(
            USER_ID,
            USER_ID + 1,
            "recovery",
            SEVEN,
            _ago(30),
            "Europe/Berlin",
            "mon,wed,fri",
            0,
            "en",
        ),
        DueReminder(
            OTHER_ID,
            OTHER_ID + 1,
            "workout",
            SEVEN,
            _ago(10),
            "Europe/Berlin",
            "mon,wed,fri",
            0,
            "en",
        ),
    ]
    rest = await _claim(session_factory)
    assert [(due.user_id, due.kind, due.slot) for due in rest] == [
        (USER_ID, "workout", _ago(2)),
        (USER_ID, "nutrition", NOW),
    ]
    assert await _claim(session_factory) == []

    settings = await _settings(session_factory)
    assert settings["recovery"].next_fire_at == _ago(30) + timedelta(days=1)
    assert settings["nutrition"].next_fire_at == NOW + timedelta(days=1)
    assert settings["weekly_summary"].next_fire_at is None
    async with session_factory() as session:
        assert await ReminderRepository(session).due_count(NOW) == 0
        assert await ReminderRepository(session).due_count(NOW + timedelta(days=1)) == 5


async def test_claim_without_a_next_slot_keeps_the_reminder_on(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1))
    async with session_factory.begin() as session:
        claimed = await ReminderRepository(session).claim_due(NOW, 10, lambda due: None)
    assert [due.kind for due in claimed] == ["workout"]
    setting = (await _settings(session_factory))["workout"]
    assert (setting.enabled, setting.next_fire_at) == (True, None)
    assert await _claim(session_factory, NOW + timedelta(days=365)) == []


async def test_claim_sends_a_fixed_number_of_statements(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    people = range(USER_ID, USER_ID + 40)
    await _add_people(session_factory, *people)
    for user_id in people:
        await _schedule(session_factory, user_id, workout=_ago(1), recovery=_ago(2))
    with _statements(engine) as sent:
        assert len(await _claim(session_factory)) == 80
    claim = [sql for sql in sent if "reminders" in sql]
    assert len(claim) == (3 if engine.dialect.name == "sqlite" else 2)
    select_sql = next(sql for sql in claim if sql.lstrip().startswith("SELECT"))
    if engine.dialect.name == "postgresql":
        assert select_sql.rstrip().endswith("FOR UPDATE OF reminders SKIP LOCKED")
    else:
        assert "FOR UPDATE" not in select_sql


async def test_upcoming_counts_what_a_claim_ahead_could_take(session_factory: Sessions) -> None:
    # USER_ID is odd, OTHER_ID even: the dispatcher halves flexible reminders by parity.
    await _add_people(session_factory, USER_ID, OTHER_ID)
    soon, later = NOW + timedelta(minutes=5), NOW + timedelta(minutes=20)
    await _schedule(session_factory, USER_ID, workout=soon, nutrition=soon, recovery=later)
    await _schedule(session_factory, OTHER_ID, workout=soon, nutrition=_ago(1))
    async with session_factory() as session:
        upcoming = await ReminderRepository(session).upcoming(NOW, NOW + timedelta(minutes=10))
    # In fire order; the order within an instant is the database's.
    assert [fire_at for fire_at, *_ in upcoming] == [_ago(1), soon, soon, soon]
    assert sorted(upcoming) == [
        (_ago(1), "nutrition", 0, 1),
        (soon, "nutrition", 1, 1),
        (soon, "workout", 0, 1),
        (soon, "workout", 1, 1),
    ]


async def test_a_claim_ahead_takes_the_asked_slots_and_moves_them_on(
    session_factory: Sessions,
) -> None:
    await _add_people(session_factory, USER_ID, OTHER_ID)
    soon = NOW + timedelta(minutes=5)
    await _schedule(session_factory, USER_ID, workout=soon, nutrition=soon)
    await _schedule(session_factory, OTHER_ID, workout=soon, nutrition=soon)

    async def claim(**only: Any) -> list[tuple[int, str]]:
        async with session_factory.begin() as session:
            claimed = await ReminderRepository(session).claim_due(
                NOW, 10, _next_day, until=soon, **only
            )
        return [(due.user_id, due.kind) for due in claimed]

    assert await _claim(session_factory) == []
    assert sorted(await claim(kinds=["workout"])) == [(USER_ID, "workout"), (OTHER_ID, "workout")]
    assert await claim(kinds=["nutrition"], parity=0) == [(OTHER_ID, "nutrition")]
    assert await claim() == [(USER_ID, "nutrition")]
    assert await claim() == []
    settings = await _settings(session_factory)
    assert settings["workout"].next_fire_at == soon + timedelta(days=1)


async def test_a_retry_is_not_claimed_ahead_of_its_time(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1))
    [due] = await _claim(session_factory)
    retry_at = NOW + timedelta(seconds=30)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        await repo.retry_later(USER_ID, "workout", due.slot, retry_at)
        ahead = NOW + timedelta(minutes=10)
        assert await repo.upcoming(NOW, ahead) == []
        assert await repo.claim_due(NOW, 10, _next_day, until=ahead) == []
    [retry] = await _claim(session_factory, retry_at)
    assert (retry.slot, retry.attempts) == (due.slot, 1)


async def test_disable_all(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID, OTHER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1), recovery=_ago(1), nutrition=_ago(1))
    await _schedule(session_factory, OTHER_ID, workout=_ago(1))
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        await repo.set_enabled(USER_ID, "nutrition", False, None)
        assert await repo.disable_all(USER_ID) == 2
        assert await repo.disable_all(USER_ID) == 0
    assert all(
        (setting.enabled, setting.next_fire_at) == (False, None)
        for setting in (await _settings(session_factory)).values()
    )
    assert [(due.user_id, due.kind) for due in await _claim(session_factory)] == [
        (OTHER_ID, "workout")
    ]


async def test_a_retry_delivers_the_original_slot(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    slot = _ago(1)
    await _schedule(session_factory, USER_ID, workout=slot)
    [due] = await _claim(session_factory)
    retry_at = NOW + timedelta(seconds=30)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        assert await repo.retry_later(USER_ID, "workout", due.slot, retry_at)
        # Asked twice (a duplicate callback): the retry is scheduled once.
        assert not await repo.retry_later(USER_ID, "workout", due.slot, retry_at)
        assert not await repo.retry_later(USER_ID, "workout", _ago(2), retry_at)
    assert await _claim(session_factory, NOW + timedelta(seconds=29)) == []

    [retry] = await _claim(session_factory, retry_at)
    assert (retry.slot, retry.attempts) == (slot, 1)
    # Back on the normal schedule, computed from the original slot by `_next_day`.
    assert (await _settings(session_factory))["workout"].next_fire_at == slot + timedelta(days=1)

    async with session_factory.begin() as session:
        assert await ReminderRepository(session).retry_later(USER_ID, "workout", slot, retry_at)
    [second] = await _claim(session_factory, retry_at)
    assert (second.slot, second.attempts) == (slot, 2)

    sent_at = retry_at + timedelta(seconds=1)
    async with session_factory.begin() as session:
        await ReminderRepository(session).record_sent(USER_ID, "workout", sent_at)
    assert (await _settings(session_factory))["workout"].last_sent_at == sent_at
    assert await _attempts(session_factory, "workout") == 0
    [following] = await _claim(session_factory, slot + timedelta(days=1))
    assert (following.slot, following.attempts) == (slot + timedelta(days=1), 0)


async def test_settings_changes_win_over_a_retry(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1), recovery=_ago(1))
    claimed = {due.kind: due for due in await _claim(session_factory)}
    retry_at = NOW + timedelta(seconds=30)
    tomorrow = NOW + timedelta(days=1)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        # Turned off while the send was failing: no retry.
        await repo.set_enabled(USER_ID, "workout", False, None)
        assert not await repo.retry_later(USER_ID, "workout", claimed["workout"].slot, retry_at)
        # Retry scheduled, then the time changed: the new schedule replaces the retry.
        assert await repo.retry_later(USER_ID, "recovery", claimed["recovery"].slot, retry_at)
        await repo.set_time(USER_ID, "recovery", time(9), tomorrow)
    assert await _claim(session_factory, retry_at) == []
    assert (await _settings(session_factory))["recovery"].next_fire_at == tomorrow
    assert await _attempts(session_factory, "recovery") == 0


async def test_no_reminder_fires_during_a_pause(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1), recovery=_ago(1))
    until = NOW + timedelta(days=3)
    after_pause = until + timedelta(hours=1)
    async with session_factory.begin() as session:
        # recovery is left out of the mapping: it keeps its due instant.
        await ReminderRepository(session).pause(USER_ID, until, {"workout": after_pause})
    assert await _claim(session_factory) == []
    settings = await _settings(session_factory)
    assert settings["workout"].next_fire_at == after_pause
    assert settings["recovery"].next_fire_at == _ago(1) + timedelta(days=1)
    assert settings["recovery"].paused_until == until

    async with session_factory.begin() as session:
        # A time change during the pause, computed without regard to it, does not fire.
        await ReminderRepository(session).set_time(USER_ID, "recovery", SEVEN, NOW)
    assert await _claim(session_factory) == []

    resumed = NOW + timedelta(minutes=5)
    async with session_factory.begin() as session:
        await ReminderRepository(session).resume(USER_ID, {"workout": resumed, "recovery": resumed})
    assert {setting.paused_until for setting in (await _settings(session_factory)).values()} == {
        None
    }
    assert {due.kind for due in await _claim(session_factory, resumed)} == {"workout", "recovery"}


async def test_deleting_the_user_deletes_their_reminders(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID, OTHER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1), recovery=_ago(1))
    await _schedule(session_factory, OTHER_ID, workout=_ago(1))
    async with session_factory.begin() as session:
        assert await UserRepository(session).delete(USER_ID)
    assert await _settings(session_factory) == {}
    assert [due.user_id for due in await _claim(session_factory)] == [OTHER_ID]


async def test_concurrent_claim_loops_claim_every_reminder_once(
    session_factory: Sessions,
) -> None:
    people = range(USER_ID, USER_ID + 125)
    await _add_people(session_factory, *people)
    async with session_factory.begin() as session:
        repo = ReminderRepository(session)
        for n, user_id in enumerate(people):
            await repo.upsert_settings(user_id, [(kind, SEVEN, _ago(n % 60 + 1)) for kind in Kind])

    # No loop claims a second batch before every loop has its first: left to the scheduler,
    # one loop could take all 500 while the others wait for the database (it happened on a
    # busy machine), and the test would prove nothing about loops side by side.
    first_batches = asyncio.Barrier(4)

    async def claim_loop() -> list[tuple[int, str]]:
        batch = await _claim(session_factory, limit=7)
        await first_batches.wait()
        claimed: list[tuple[int, str]] = []
        while batch:
            claimed += [(due.user_id, due.kind) for due in batch]
            batch = await _claim(session_factory, limit=7)
        return claimed

    loops = await asyncio.gather(*(claim_loop() for _ in range(4)))
    counts = Counter(key for loop in loops for key in loop)
    assert len(counts) == 500
    assert set(counts.values()) == {1}
    assert sum(1 for loop in loops if loop) > 1, "the loops should have interleaved"


@postgres_only
async def test_a_claimer_skips_reminders_another_has_claimed(session_factory: Sessions) -> None:
    await _add_people(session_factory, USER_ID, OTHER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(5), recovery=_ago(4), nutrition=_ago(3))
    await _schedule(session_factory, OTHER_ID, workout=_ago(2), recovery=_ago(1))
    claimed = asyncio.Event()
    release = asyncio.Event()

    async def hold_claim() -> list[DueReminder]:
        async with session_factory.begin() as session:
            batch = await ReminderRepository(session).claim_due(NOW, 3, _next_day)
            claimed.set()
            await release.wait()
        return batch

    holder = asyncio.create_task(hold_claim())
    try:
        await claimed.wait()
        async with session_factory.begin() as session:
            # Waiting on the held rows would time out; they are skipped instead.
            second = await asyncio.wait_for(
                ReminderRepository(session).claim_due(NOW, 10, _next_day), timeout=5
            )
        async with session_factory.begin() as session:
            # Only reminder rows are locked: a profile save does not wait for the claim.
            await asyncio.wait_for(ProfileRepository(session).save(USER_ID, PROFILE), timeout=5)
    finally:
        release.set()
        first = await holder

    assert [(due.user_id, due.kind) for due in first] == [
        (USER_ID, "workout"),
        (USER_ID, "recovery"),
        (USER_ID, "nutrition"),
    ]
    assert [(due.user_id, due.kind) for due in second] == [
        (OTHER_ID, "workout"),
        (OTHER_ID, "recovery"),
    ]
    assert await _claim(session_factory) == []


async def test_reminder_revision_downgrades_and_upgrades(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    await _add_people(session_factory, USER_ID)
    await _schedule(session_factory, USER_ID, workout=_ago(1))

    async with engine.connect() as connection:
        await connection.run_sync(schema.downgrade, "0002")
        await connection.commit()
        tables = await connection.run_sync(schema.tables)
    assert "reminders" not in tables
    assert {"users", "profiles", "workout_sessions"} <= tables
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1

    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        assert "reminders" in await connection.run_sync(schema.tables)
        assert await connection.run_sync(schema.schema_diff) == []
    assert await _settings(session_factory) == {}
    await _schedule(session_factory, USER_ID, workout=_ago(1))
    assert [due.kind for due in await _claim(session_factory)] == ["workout"]
