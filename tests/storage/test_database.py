"""Engine set-up: SQLite pragmas and directories, the PostgreSQL search_path parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from bot.storage import database
from bot.storage.database import create_engine
from bot.storage.migrate import sqlite_foreign_keys_off


async def _scalar(engine: AsyncEngine, sql: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_pragmas_hold_on_every_connection(engine: AsyncEngine) -> None:
    # The engine fixture has migrated, which turns foreign keys off for a while on a
    # pooled connection: they must be back on.
    assert await _scalar(engine, "PRAGMA journal_mode") == "wal"
    assert int(str(await _scalar(engine, "PRAGMA busy_timeout"))) > 0
    assert await _scalar(engine, "PRAGMA foreign_keys") == 1
    assert await _scalar(engine, "PRAGMA synchronous") == 1  # NORMAL


async def test_sqlite_parent_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "deeper" / "coach.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        assert await _scalar(engine, "SELECT 1") == 1
    finally:
        await engine.dispose()
    assert path.is_file()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
async def test_search_path_parameter_selects_the_schema(database_url: str) -> None:
    url = make_url(database_url)
    engine = create_engine(database_url)
    try:
        assert "search_path" not in engine.url.query
        assert await _scalar(engine, "SELECT current_schema()") == url.query["search_path"]
    finally:
        await engine.dispose()


def test_search_path_needs_asyncpg() -> None:
    with pytest.raises(ValueError, match="asyncpg"):
        create_engine("postgresql+psycopg://u@localhost/db?search_path=x")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_foreign_keys_are_off_only_during_migrations(engine: AsyncEngine) -> None:
    def foreign_keys_inside_and_after(connection: Connection) -> tuple[object, object]:
        with sqlite_foreign_keys_off(connection):
            inside = connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
        return inside, connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one()

    async with engine.connect() as connection:
        assert await connection.run_sync(foreign_keys_inside_and_after) == (0, 1)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_foreign_keys_come_back_after_a_failed_migration(engine: AsyncEngine) -> None:
    def fail_inside(connection: Connection) -> None:
        with sqlite_foreign_keys_off(connection):
            connection.exec_driver_sql("INSERT INTO ptb_user_data VALUES (1, '{}')")
            raise RuntimeError("migration failed")

    async with engine.connect() as connection:
        with pytest.raises(RuntimeError, match="migration failed"):
            await connection.run_sync(fail_inside)
        assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
        assert await connection.scalar(text("SELECT count(*) FROM ptb_user_data")) == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_the_postgresql_pool_is_sized_by_the_setting(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=7)
    try:
        pool = engine.sync_engine.pool
        assert isinstance(pool, QueuePool)
        assert pool.size() == 7
        assert pool.overflow() == -7  # none checked out yet: 7 below the pool size
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_keeps_a_small_pool_whatever_the_setting(database_url: str) -> None:
    """One writer at a time: more connections would only queue on SQLite's write lock."""
    engine = create_engine(database_url, pool_size=50)
    try:
        pool = engine.sync_engine.pool
        assert isinstance(pool, QueuePool)
        assert pool.size() == 2
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_connection_dropped_while_idle_is_replaced_before_use(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database restart or an idle timeout on the way kills pooled connections; the
    next update must get a live one, not an error."""
    engine = create_engine(database_url, pool_size=1)
    try:
        first = await _scalar(engine, "SELECT pg_backend_pid()")
        killer = create_engine(database_url)
        try:
            await _scalar(killer, f"SELECT pg_terminate_backend({first})")
        finally:
            await killer.dispose()
        monkeypatch.setattr(database, "IDLE_PING", 0.0)
        again = await _scalar(engine, "SELECT pg_backend_pid()")
        assert again != first
    finally:
        await engine.dispose()
