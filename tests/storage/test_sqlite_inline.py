"""SQLite run on the event loop's thread: writers take turns without blocking the loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine, session_factory


async def _table(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))


async def _add_one_slowly(engine: AsyncEngine) -> None:
    """Read, yield to the loop mid-transaction, then write what was read plus one."""
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE counter SET n = n"))
        n = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
        await asyncio.sleep(0)
        await connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})


async def test_writers_of_two_engines_on_one_file_take_turns(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'coach.sqlite3'}"
    # Two engines: two instances' worth of connections in one process, as tests run them.
    first, second = create_engine(url), create_engine(url)
    try:
        await _table(first)
        async with asyncio.timeout(10):
            await asyncio.gather(*(_add_one_slowly(e) for e in [first, second] * 10))
        async with second.connect() as connection:
            assert (await connection.execute(text("SELECT n FROM counter"))).scalar_one() == 20
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_reader_is_not_held_up_by_a_writer_in_its_transaction(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.sqlite3'}")
    try:
        await _table(engine)
        writing, read = asyncio.Event(), asyncio.Event()

        async def writer() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("UPDATE counter SET n = 5"))
                writing.set()
                await read.wait()

        async def reader() -> int:
            await writing.wait()
            async with engine.connect() as connection:
                seen = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
            read.set()
            return int(seen)

        async with asyncio.timeout(10):
            _, seen = await asyncio.gather(writer(), reader())
        # The last committed state: the writer's change is not visible before its commit.
        assert seen == 0
    finally:
        await engine.dispose()


async def test_a_failed_session_gives_back_its_connection_and_the_writers_turn(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.sqlite3'}")
    sessions = session_factory(engine)

    class Failed(Exception):
        pass

    try:
        await _table(engine)
        try:
            async with sessions.begin() as session:
                await session.execute(text("UPDATE counter SET n = 7"))
                raise Failed
        except Failed:
            pass
        async with asyncio.timeout(10), sessions.begin() as session:
            await session.execute(text("UPDATE counter SET n = n + 1"))
        async with sessions() as session:
            assert (await session.execute(text("SELECT n FROM counter"))).scalar_one() == 1
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
