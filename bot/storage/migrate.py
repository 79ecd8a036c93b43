"""Run Alembic migrations from inside the bot, on a connection of its own engine.

The Alembic commands are synchronous; `AsyncConnection.run_sync` runs them on the
engine's connection without blocking on (or starting) an event loop, so this works at
start-up inside the running loop. `migrations/env.py` picks the connection up from
`Config.attributes["connection"]` (the Alembic cookbook's shared-connection recipe).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

# The project is installed editable, so the repository root is two levels above this file.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def alembic_config() -> Config:
    """The project's Alembic config, usable from any working directory."""
    if not MIGRATIONS_DIR.is_dir():
        raise RuntimeError(f"Alembic migrations not found at {MIGRATIONS_DIR}")
    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.is_file() else Config()
    # Absolute, so a relative script_location in the ini never depends on the cwd;
    # "%" is doubled because Config values go through ConfigParser interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the database of `engine` to the newest schema revision."""
    await _run(engine, lambda config: command.upgrade(config, "head"))


async def downgrade_to_base(engine: AsyncEngine) -> None:
    """Undo every revision (drops all of Coach's tables); for tests."""
    await _run(engine, lambda config: command.downgrade(config, "base"))


@contextmanager
def sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Turn SQLite's foreign keys off around a migration run on `connection`.

    Batch mode rebuilds a table by copying it and dropping the original; with foreign keys
    on, SQLite's DROP TABLE deletes the rows first and ON DELETE CASCADE would wipe the
    referencing rows (profiles, plans). The pragma is ignored inside a transaction, hence
    the commits around it.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    except BaseException:
        # An open transaction would make the pragma below a no-op and return the pooled
        # connection with foreign keys off.
        connection.rollback()
        raise
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


async def _run(engine: AsyncEngine, alembic_command: Callable[[Config], None]) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        with sqlite_foreign_keys_off(connection):
            alembic_command(config)

    async with engine.connect() as connection:
        await connection.run_sync(run)
        await connection.commit()
