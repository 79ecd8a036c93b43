"""Turns across instances: while one instance handles a person's update, any other instance
holds that person's next update back until it is done.

Within one instance bot.telegram.update_processor already runs a person's updates one at a time.
Across instances on PostgreSQL the same takes a lock in the database: a session-level
advisory lock per person, held on one of a few connections the instance keeps for them.
Such a lock dies with its connection, so an instance that is killed never leaves a person
locked out. SQLite serves one instance only, so there is nothing to coordinate.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import asyncpg
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

_LOGGER = logging.getLogger(__name__)

# The first half of each lock's two-part key: keeps Coach's locks apart from any other
# advisory locks taken on the same database.
LOCK_NAMESPACE = 0x436F
# The second half must fit PostgreSQL's int4. Two people who fold onto one key merely
# take turns with each other; nothing else is shared.
_KEY_RANGE = 2**31 - 1

# Run on the driver's own connection: each is one value, which SQLAlchemy's statement
# machinery (compile cache, parameters, result) cost more to fetch than the query took.
_TRY_LOCK = "SELECT pg_try_advisory_lock($1, $2)"
_UNLOCK = "SELECT pg_advisory_unlock($1, $2)"
# What asking the database may raise when it cannot answer. A connection whose backend was
# ended between two statements fails the next one with a ConnectionDoesNotExistError, or,
# when the termination notice arrives as the statement starts, an InternalClientError
# (asyncpg's own, not an InterfaceError); through SQLAlchemy both came as SQLAlchemyError.
_UNAVAILABLE = (
    SQLAlchemyError,
    OSError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
)


class PersonLocks(Protocol):
    def hold(self, user_id: int) -> AbstractAsyncContextManager[None]: ...

    async def close(self) -> None: ...


class SingleInstance:
    """No other instance to wait for (SQLite)."""

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        yield

    async def close(self) -> None:
        """Nothing was opened."""


class AdvisoryLocks:
    """PostgreSQL advisory locks on a few dedicated connections.

    A person's lock is always taken and given back on the same connection (the key picks
    it); several connections let many people's locks go back and forth at once, where one
    would queue them all behind each other.

    A lock held by another instance is retried every `poll` seconds; after `patience`
    seconds (an update that slow is stuck, not busy) the update goes ahead without it and
    a warning is logged. When the database cannot be reached the update also goes ahead:
    the handlers will meet the same error and answer the person, rather than hang here.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        connections: int = 4,
        poll: float = 0.01,
        patience: float = 30.0,
    ) -> None:
        self._lines = tuple(_LockLine(engine) for _ in range(connections))
        self._poll = poll
        self._patience = patience

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        key = user_id % _KEY_RANGE
        line = self._lines[key % len(self._lines)]
        held = await self._acquire(line, key)
        try:
            yield
        finally:
            if held:
                await line.run(_UNLOCK, key)

    async def close(self) -> None:
        for line in self._lines:
            await line.close()

    async def _acquire(self, line: _LockLine, key: int) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._patience
        while True:
            got = await line.run(_TRY_LOCK, key)
            if got is None:
                return False
            if got:
                return True
            if loop.time() > deadline:
                _LOGGER.warning(
                    "A person's turn stayed taken for %g s; handling their update anyway",
                    self._patience,
                )
                return False
            await asyncio.sleep(self._poll)


class _LockLine:
    """One connection for advisory locks, opened on first use, one statement at a time."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._turn = asyncio.Lock()

    async def run(self, statement: str, key: int) -> bool | None:
        """The statement's boolean answer, or None when the database could not be asked."""
        async with self._turn:
            try:
                driver = await self._connect()
                return bool(await driver.fetchval(statement, LOCK_NAMESPACE, key))
            except _UNAVAILABLE as exc:
                _LOGGER.warning("Turn lock unavailable (%s); going ahead", type(exc).__name__)
                await self._discard()
                return None

    async def close(self) -> None:
        async with self._turn:
            await self._discard()

    async def _connect(self) -> Any:
        """The asyncpg connection of this line's SQLAlchemy connection, opened on first use."""
        if self._connection is None:
            connection = await self._engine.connect()
            # Locks outlive statements; no transaction should stay open beside them.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            self._connection = connection
        raw = await self._connection.get_raw_connection()
        return raw.driver_connection

    async def _discard(self) -> None:
        """Close the connection for good, which frees every lock it held; the next call
        reconnects. Invalidated, not returned to the pool: a pooled connection would keep
        its locks and lend them to whoever used it next."""
        if self._connection is not None:
            try:
                await self._connection.invalidate()
                await self._connection.close()
            except (SQLAlchemyError, OSError):
                _LOGGER.debug("Closing a broken lock connection failed", exc_info=True)
            self._connection = None


def person_locks(engine: AsyncEngine) -> PersonLocks:
    """The locks that fit the engine's database."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLocks(engine)
    return SingleInstance()
