"""SQLite's checkpoints, taken in a worker thread rather than by a commit on the event loop.

In WAL mode SQLite copies the write-ahead log back into the database file (a checkpoint)
whenever a commit leaves more than 1,000 pages in it, and that commit then syncs the file
to disk. The bot's connections run inline on the event loop (bot.storage.sqlite_inline),
so the sync stalled everything for about 4 ms, one commit in a hundred or so on the log
path: most of the slowest 2 % of log replies. So the bot's connections checkpoint only past
`AUTOCHECKPOINT_PAGES`, a bound that stays for processes that run no checkpointer, and
while the bot runs a task checkpoints every `INTERVAL` seconds on a connection of its own,
in a thread. It is PASSIVE: it copies what no reader still needs and never waits for a
reader or a writer, so the next one finishes the job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

logger = logging.getLogger(__name__)

# About 40 MB of log, forty times SQLite's default: reached only if checkpoints stop.
AUTOCHECKPOINT_PAGES = 10_000
INTERVAL = 1.0


@contextlib.asynccontextmanager
async def checkpointing(path: Path, interval: float = INTERVAL) -> AsyncIterator[None]:
    """Checkpoint the SQLite file at `path` every `interval` seconds until the block ends."""
    connection = sqlite3.connect(path, check_same_thread=False)
    stop = asyncio.Event()
    task = asyncio.create_task(_checkpoint_every(connection, interval, stop))
    try:
        yield
    finally:
        # Stopped, not cancelled: a checkpoint under way in its thread finishes first.
        stop.set()
        await task
        connection.close()


async def _checkpoint_every(
    connection: sqlite3.Connection, interval: float, stop: asyncio.Event
) -> None:
    while not await _stopped_within(stop, interval):
        try:
            await asyncio.to_thread(_checkpoint, connection)
        except sqlite3.Error:
            # The commits' own bound still holds; the next run tries again.
            logger.warning("SQLite checkpoint failed", exc_info=True)


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
    return stop.is_set()


def _checkpoint(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
