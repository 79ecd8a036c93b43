"""SQLite's checkpoints: taken by the bot's checkpointer in a thread, not by a commit."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine
from bot.storage.sqlite_checkpoint import checkpointing
from tests.e2e.waiting import until

ROWS = 50


async def _write_rows(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS logs (n INTEGER NOT NULL)"))
    for n in range(ROWS):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO logs VALUES (:n)"), {"n": n})


def _rows_in_database_file(database: Path, scratch: Path) -> int:
    """The rows the database file itself holds, without what waits in its write-ahead log."""
    copy = scratch / "file-only.sqlite3"
    shutil.copyfile(database, copy)
    connection = sqlite3.connect(copy)
    try:
        tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'logs'")
        if tables.fetchone()[0] == 0:
            return 0
        return int(connection.execute("SELECT count(*) FROM logs").fetchone()[0])
    finally:
        connection.close()


async def test_commits_leave_their_pages_to_the_checkpointer(tmp_path: Path) -> None:
    database = tmp_path / "coach.sqlite3"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        await _write_rows(engine)
        # Fifty commits are far below the bound at which a commit checkpoints itself.
        assert _rows_in_database_file(database, scratch) == 0
        async with checkpointing(database, interval=0.01):

            async def copied() -> bool:
                return _rows_in_database_file(database, scratch) == ROWS

            await until(copied, "the checkpointer copied every committed row into the file")
    finally:
        await engine.dispose()


async def test_the_bot_reads_its_writes_while_checkpoints_run(tmp_path: Path) -> None:
    database = tmp_path / "coach.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with checkpointing(database, interval=0.001):
            await _write_rows(engine)
            async with engine.connect() as connection:
                total = (await connection.execute(text("SELECT sum(n) FROM logs"))).scalar_one()
        assert total == sum(range(ROWS))
    finally:
        await engine.dispose()
