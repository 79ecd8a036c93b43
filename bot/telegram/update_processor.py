"""Handling different people's updates at the same time, and each person's in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.telegram.idle_collection import collect_when_idle

# PTB's own default when concurrent updates are simply switched on.
DEFAULT_MAX_CONCURRENT_UPDATES = 256


class UpdateFrame(Protocol):
    """Work around the handling of each update, inside the person's turn; what it yields
    says whether the update is to be handled at all (False: it was, already)."""

    def around(self, update: object) -> AbstractAsyncContextManager[bool]: ...

    def hold(self, user_id: int) -> AbstractAsyncContextManager[None]: ...

    async def close(self) -> None: ...


class _Turns:
    """One person's lock, and how many of their updates hold it or wait for it."""

    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Updates of different people run concurrently; one person's run one at a time, in order.

    Why: handled one by one (PTB's default), one slow reply or one busy person holds up
    everyone. Handled freely in parallel (`concurrent_updates(True)`), one person's quick
    button presses can overtake each other, and ConversationHandler, which PTB warns against
    combining with concurrency, would see a state change out of order. Serialising per person
    gives both: ConversationHandler keys on (chat, user), so each conversation still moves
    one update at a time.

    The key is the user, else the chat (a user's id is also their private chat's id, and
    group and channel ids are negative, so the two never mix), else one key shared by every
    update with neither. A person's lock lives only while one of their updates is running
    or waiting, so the table stays as small as the number of people active right now.

    `max_concurrent_updates` caps all updates in flight together (PTB's semaphore). An update
    takes its slot before it queues behind the same person's earlier ones, so one person
    with more updates waiting than the cap would delay everyone; the flood guard keeps each
    person far below that (see bot.telegram.flood_guard).

    Order holds because asyncio's semaphore and locks wake waiters first come, first served,
    and PTB starts one task per update in the order the updates arrived.

    `frame`, when given, wraps the handling of each update inside its person's turn (see
    bot.telegram.shared_state), may skip it, and is closed with the processor.

    When the last update in flight ends, the youngest garbage is collected if it is due
    (bot.telegram.idle_collection), so that no reply waits for that collection.
    """

    __slots__ = ("_frame", "_turns")

    def __init__(
        self,
        max_concurrent_updates: int = DEFAULT_MAX_CONCURRENT_UPDATES,
        frame: UpdateFrame | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int | None, _Turns] = {}
        self._frame = frame

    @property
    def active_people(self) -> int:
        """How many people (keys) have an update running or waiting right now."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        async with self._turn(_person(update)):
            if self._frame is None:
                await coroutine
            else:
                async with self._frame.around(update) as to_handle:
                    if to_handle:
                        await coroutine
                    else:
                        _discard(coroutine)
        if not self._turns:
            collect_when_idle()

    @asynccontextmanager
    async def turn(self, user_id: int) -> AsyncIterator[None]:
        """The person's turn for work that is not an update (a Mini App request): their
        updates wait for it as for one another, and it for them, on every instance (the
        frame's `hold`)."""
        async with self._turn(user_id):
            if self._frame is None:
                yield
            else:
                async with self._frame.hold(user_id):
                    yield

    @asynccontextmanager
    async def _turn(self, key: int | None) -> AsyncIterator[None]:
        turns = self._turns.get(key)
        if turns is None:
            turns = self._turns[key] = _Turns()
        turns.waiting += 1
        try:
            async with turns.lock:
                yield
        finally:
            turns.waiting -= 1
            if not turns.waiting:
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as people's updates arrive."""

    async def shutdown(self) -> None:
        """Every turn is dropped when its person's last update finishes; only the frame
        may hold something to free."""
        if self._frame is not None:
            await self._frame.close()


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop a handling that will not run, without the "never awaited" warning."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()


def _person(update: object) -> int | None:
    """Whose turn an update waits for: the user, else the chat, else None (shared)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None
