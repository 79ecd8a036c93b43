"""The Alembic revisions build exactly the schema the models describe, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.migrate import alembic_config, downgrade_to_base, upgrade_to_head
from bot.storage.models import Base
from tests.storage import schema


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def test_head_matches_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(schema.schema_diff) == []


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
