"""The instances on one database count each other: those that beat lately, until they leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.instances import InstanceRegistry

Sessions = async_sessionmaker[AsyncSession]

NOW = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
ALIVE = timedelta(seconds=30)


async def test_instances_that_beat_count_each_other_until_one_leaves(
    session_factory: Sessions,
) -> None:
    registry = InstanceRegistry(session_factory)
    assert await registry.beat("a", NOW, ALIVE) == 1
    assert await registry.beat("b", NOW + timedelta(seconds=1), ALIVE) == 2
    # Beating again is the same instance, not another.
    assert await registry.beat("a", NOW + timedelta(seconds=10), ALIVE) == 2
    await registry.leave("b")
    assert await registry.beat("a", NOW + timedelta(seconds=20), ALIVE) == 1


async def test_an_instance_silent_for_longer_than_alive_is_counted_out(
    session_factory: Sessions,
) -> None:
    registry = InstanceRegistry(session_factory)
    await registry.beat("crashed", NOW, ALIVE)
    assert await registry.beat("a", NOW + ALIVE, ALIVE) == 2
    assert await registry.beat("a", NOW + ALIVE + timedelta(seconds=1), ALIVE) == 1
    # It is not merely skipped: back, it counts as one again, beside "a".
    assert await registry.beat("crashed", NOW + ALIVE + timedelta(seconds=2), ALIVE) == 2
