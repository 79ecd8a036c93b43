"""Shared database fixtures: every test that asks for one runs on SQLite and PostgreSQL.

* `database_url`: a fresh, empty database (no tables) as an async URL; on PostgreSQL a
  new schema, selected with the `search_path` URL parameter `create_engine` understands.
* `db_settings_overrides`: `load_settings(**db_settings_overrides)` points the bot at it.
* `engine`: an engine on that database, migrated to head; `session_factory`: its sessions.

The PostgreSQL variant needs TEST_DATABASE_URL (e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/test) and is skipped without it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import database
from bot.storage.migrate import upgrade_to_head
from tests.support import databases
from tests.support.databases import backends

# The backends every database test runs on, as fixture parameters.
DATABASE_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASE_BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@asynccontextmanager
async def fresh_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """A fresh, empty database on `backend` ("sqlite" or "postgresql"), as an async URL.

    For fixtures of a wider scope than `database_url`'s; skips the test without
    TEST_DATABASE_URL on PostgreSQL.
    """
    chosen, notes = backends([backend])
    if notes:
        pytest.skip(notes[0])
    async with databases.fresh_database(chosen[0], directory) as url:
        yield url


@pytest.fixture
def db_settings_overrides(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {"database_url": database_url, "data_dir": tmp_path}


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = database.create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return database.session_factory(engine)
