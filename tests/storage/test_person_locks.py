"""Turns across instances: a person's update waits while another instance handles theirs."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import database
from bot.storage.person_locks import LOCK_NAMESPACE, AdvisoryLocks, SingleInstance, person_locks

postgresql_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
DEADLINE = 5.0


@postgresql_only
async def test_a_person_held_by_one_instance_waits_for_it_on_another(
    engine: AsyncEngine,
) -> None:
    first, second = AdvisoryLocks(engine), AdvisoryLocks(engine)
    order: list[str] = []

    async def other_instance() -> None:
        async with second.hold(42):
            order.append("second")

    try:
        async with first.hold(42):
            waiting = asyncio.create_task(other_instance())
            await asyncio.sleep(0.2)
            assert order == [], "the second instance must wait for the first"
            order.append("first done")
        async with asyncio.timeout(DEADLINE):
            await waiting
        assert order == ["first done", "second"]
    finally:
        await first.close()
        await second.close()


@postgresql_only
async def test_different_people_do_not_wait_for_each_other(engine: AsyncEngine) -> None:
    first, second = AdvisoryLocks(engine), AdvisoryLocks(engine)
    try:
        async with asyncio.timeout(DEADLINE), first.hold(1), second.hold(2):
            pass
    finally:
        await first.close()
        await second.close()


@postgresql_only
async def test_an_instance_that_dies_leaves_no_one_locked_out(engine: AsyncEngine) -> None:
    doomed, survivor = AdvisoryLocks(engine), AdvisoryLocks(engine, patience=DEADLINE * 2)
    try:
        async with doomed.hold(7):
            # The process is killed: its database session ends without unlocking anything.
            await _end_session_holding(engine, 7)
            async with asyncio.timeout(DEADLINE), survivor.hold(7):
                pass
    finally:
        await doomed.close()
        await survivor.close()


async def _end_session_holding(engine: AsyncEngine, key: int) -> None:
    async with engine.connect() as connection:
        ended = await connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                "WHERE locktype = 'advisory' AND classid = :namespace AND objid = :key"
            ),
            {"namespace": LOCK_NAMESPACE, "key": key},
        )
    assert ended == 1


@postgresql_only
async def test_a_turn_held_too_long_is_given_up_with_a_warning(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    stuck, impatient = AdvisoryLocks(engine), AdvisoryLocks(engine, patience=0.2)
    ran = False
    try:
        async with stuck.hold(9), asyncio.timeout(DEADLINE), impatient.hold(9):
            ran = True
    finally:
        await stuck.close()
        await impatient.close()
    assert ran
    assert "handling their update anyway" in caplog.text


async def test_an_unreachable_database_does_not_hold_an_update_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = database.create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    locks = AdvisoryLocks(engine)
    ran = False
    try:
        async with asyncio.timeout(DEADLINE), locks.hold(3):
            ran = True
    finally:
        await locks.close()
        await engine.dispose()
    assert ran
    assert "Turn lock unavailable" in caplog.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_serves_one_instance_and_needs_no_lock(engine: AsyncEngine) -> None:
    assert isinstance(person_locks(engine), SingleInstance)
