"""SQLite for asyncio without a thread hop per call: aiosqlite's connection, run inline.

aiosqlite runs each call (make a cursor, execute, fetch, close) on a worker thread and
wakes the event loop with the result: four thread round trips per query, which the log
bench measured at about 340 µs for a one-row SELECT, most of a log's handling time. A
query on a local SQLite file takes microseconds, so running it on the event loop's own
thread costs the loop far less than the hops did.

What keeps that safe is that nothing may wait on SQLite's own lock while holding the loop:
a second writer would sleep in SQLite's busy handler, and the first, which needs the loop
to finish its transaction, could never release the lock. So every connection to a
database file in this process, whichever engine made it, shares one asyncio lock for
writers: a statement that writes, outside a transaction of its own, first waits for that
lock without blocking the loop, and the connection gives it back when its transaction
ends. Readers never wait: in WAL mode they read the last committed state while a writer
works. The busy timeout stays as the guard against other processes (a second instance
pointed at the same file, the command line).

Sessions on such connections end without SQLAlchemy's guard against cancellation
(`InlineSessions`): it closes every session in a task of its own, shielded, which costs a
task and three turns of the event loop per session, and other tasks' work in those turns
landed in the middle of a log's handling. A close that never yields cannot be cancelled
halfway, and on these connections none yields.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

# Statements that only read; any other takes the writers' lock.
_READS = ("SELECT", "PRAGMA", "EXPLAIN", "VALUES", "WITH")
_STATEMENT_CALLS = frozenset({"execute", "executemany", "executescript"})

# The writers' lock of each database file, per event loop (an asyncio lock serves one).
_WRITERS: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    WeakKeyDictionary()
)


def writers_lock(database: str) -> asyncio.Lock:
    """The lock every writer to `database` (as sqlite3.connect takes it) holds."""
    return _writers_lock(_lock_key(database))


def _lock_key(database: str) -> str:
    return database if database.startswith("file:") else os.path.realpath(database)


def _writers_lock(key: str) -> asyncio.Lock:
    locks = _WRITERS.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault(key, asyncio.Lock())


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: runs each call at once and
    settles its future, so awaiting it never yields to the loop."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting caller, as aiosqlite does
            if future is not None:
                future.set_exception(exc)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection to `database` whose calls run on the caller's thread, its
    writes one transaction at a time (see the module docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], database: str) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]
        # Resolved once: it took three lstat calls per transaction.
        self._lock_key = _lock_key(database)
        self._writing: asyncio.Lock | None = None

    def __await__(self) -> Any:
        # aiosqlite starts its worker thread here; there is none to start.
        return self._connect().__await__()

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._writing is None and _writes(fn, args):
            writers = _writers_lock(self._lock_key)
            await writers.acquire()
            self._writing = writers
        try:
            if not self._running or not self._connection:
                raise ValueError("Connection closed")  # as aiosqlite says it
            # At once, without aiosqlite's future for a result that is already there.
            return fn(*args, **kwargs)
        finally:
            self._release_if_done()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self._release_if_done()

    def _release_if_done(self) -> None:
        connection = self._connection
        if self._writing is not None and (connection is None or not connection.in_transaction):
            self._writing.release()
            self._writing = None


class InlineSession(AsyncSession):
    """A session that closes at once on leaving `async with` (see the module docstring)."""

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        await self.close()


class InlineSessions(async_sessionmaker[AsyncSession]):
    """Makes `InlineSession`s; `begin()` ends its transaction, then the session, at once."""

    def __init__(self, bind: Any, **kw: Any) -> None:
        super().__init__(bind, class_=InlineSession, **kw)

    def begin(self) -> AbstractAsyncContextManager[AsyncSession]:  # type: ignore[override]
        return _transaction(self())


@asynccontextmanager
async def _transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    async with session, session.begin():
        yield session


def _writes(fn: Callable[..., Any], args: tuple[Any, ...]) -> bool:
    """Whether the call runs a statement that may write (the SQL is its first argument)."""
    if getattr(fn, "__name__", "") not in _STATEMENT_CALLS:
        return False
    sql = args[0] if args and isinstance(args[0], str) else ""
    return not sql.lstrip()[:8].upper().startswith(_READS)


def inline_connector(url: URL) -> Callable[[], InlineConnection]:
    """An `async_creator` for SQLAlchemy: connections as its aiosqlite dialect would open
    them for `url`."""
    args, kwargs = SQLiteDialect_aiosqlite().create_connect_args(url)
    database = str(args[0]) if args else ":memory:"

    def connect() -> InlineConnection:
        return InlineConnection(partial(sqlite3.connect, *args, **kwargs), database)

    return connect
