"""Writes that may wait for the end of the update they belong to, to share its transaction.

Handling an update ends with one transaction that stores the person's conversation state
and marks the update handled (bot.storage.persistence, framed by bot.telegram.shared_state).
Some writes depend on what the handler sent, so they come after its replies: which bot
message was about which exercise, for one. Each took a transaction of its own; written
with the state instead, the update costs one transaction less, and the write is kept
exactly when the update counts as handled: a crash before then loses both, and the update
is handled again from the inbox, replies and writes alike.

Outside such a frame (a scheduled job, a test calling a service) the write is made at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

Write = Callable[[AsyncSession], Awaitable[None]]

_PENDING: ContextVar[list[Write] | None] = ContextVar("deferred_writes", default=None)


@contextmanager
def collecting() -> Iterator[list[Write]]:
    """Collect the writes deferred inside this block (one update's handling)."""
    pending: list[Write] = []
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)


async def write_with_update(sessions: async_sessionmaker[AsyncSession], write: Write) -> None:
    """`write` in the transaction that ends the current update, or now outside one."""
    pending = _PENDING.get()
    if pending is not None:
        pending.append(write)
        return
    async with sessions.begin() as session:
        await write(session)
