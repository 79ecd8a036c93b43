"""Opening the bot's database (`open_database`), and the Alembic migrations it runs from
inside the bot, on a connection of its own engine.

The Alembic commands are synchronous; `AsyncConnection.run_sync` runs them on the
engine's connection without blocking on (or starting) an event loop, so this works at
start-up inside the running loop. `migrations/env.py` picks the connection up from
`Config.attributes["connection"]` (the Alembic cookbook's shared-connection recipe).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine, sqlite_file

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


class DatabaseUnavailable(Exception):
    """The database cannot be opened or migrated; the message says so on one line, with the
    URL's password hidden."""


async def open_database(url: str, *, pool_size: int | None = None) -> AsyncEngine:
    """An engine for `url` with the newest schema: what `coach run` and `coach migrate` begin
    with. A database that cannot be opened or migrated raises DatabaseUnavailable."""
    with _failures_explained(url):
        engine = create_engine(url, pool_size=pool_size)
        try:
            _open_sqlite_file(engine.url)
            await upgrade_to_head(engine)
        except BaseException:
            await engine.dispose()
            raise
    return engine


def _open_sqlite_file(url: URL) -> None:
    """Open a SQLite file once with the standard library: one SQLite cannot open fails here.

    Through aiosqlite it would fail in a worker thread, which afterwards posts to the event
    loop unawaited: the process, exiting at once, closes the loop first, and the thread
    prints a traceback to stderr (aiosqlite 0.22).
    """
    path = sqlite_file(url)
    if path is not None:
        sqlite3.connect(path).close()


@contextmanager
def _failures_explained(url: str) -> Iterator[None]:
    """The database's own words are kept only for a refused connection ("role "coach" does
    not exist", "unable to open database file"); a failed statement's can quote rows."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        parsed = make_url(url)
        where = parsed.render_as_string(hide_password=True)
        if isinstance(exc, DBAPIError) and exc.statement is not None:
            message = f"Migrating the database {where} failed: LOG_LEVEL=DEBUG shows why"
        elif parsed.get_backend_name() == "sqlite":
            message = (
                f"Cannot open the database {where} ({_refusal(exc)}): check DATABASE_URL "
                "or DATA_DIR, and that Coach may write there"
            )
        else:
            message = (
                f"Cannot open the database {where} ({_refusal(exc)}): check DATABASE_URL "
                "and that the database server is running"
            )
        raise DatabaseUnavailable(message) from exc


def _refusal(exc: Exception) -> str:
    if isinstance(exc, DBAPIError):
        return str(exc.orig).strip().split("\n", 1)[0][:200]
    if isinstance(exc, sqlite3.Error):
        return str(exc)[:200]
    if isinstance(exc, OSError) and exc.errno and exc.errno > 0:
        return os.strerror(exc.errno)  # the driver's own text repeats the address
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror  # a host name that does not resolve
    return type(exc).__name__


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
