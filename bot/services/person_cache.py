"""The copies services keep of a person's data that only they change (profile and plan,
language, coaching switches, plan changes), read on nearly every update.

Each service drops its copy when it writes the data, and when the person erases theirs.
Other instances may change the data too: on PostgreSQL each update reads every copy again
before it is handled when the person's rows changed (`RefreshWhenChanged`, called by
bot.telegram.shared_state), and the time limit bounds how stale a copy can get in between.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.person_fingerprint import PERSON_FINGERPRINT

# Reads a person's data that a service keeps in memory, in the given session.
Read = Callable[[AsyncSession, int], Awaitable[None]]

_PEOPLE = 10_000
_SECONDS = 60


def person_cache() -> TTLCache[int, Any]:
    """An empty cache of one kind of data, by user id."""
    return TTLCache(maxsize=_PEOPLE, ttl=_SECONDS)


@dataclass(frozen=True, slots=True)
class RefreshWhenChanged:
    """The services' `reads` of a person, run only when their rows changed since the last
    run (bot.storage.person_fingerprint): no query at all instead of six on most updates.

    Safe beside the copies a service reads or drops on its own: a copy read after the
    fingerprint is at least as new as it, and a change after it changes the next one."""

    reads: Sequence[Read]
    _seen: TTLCache[int, str] = field(default_factory=person_cache)

    def probe(self, user_id: int) -> tuple[str, Mapping[str, Any]]:
        return PERSON_FINGERPRINT, {}

    async def settle(self, session: AsyncSession, user_id: int, value: Any) -> None:
        if self._seen.get(user_id) == value:
            return
        for read in self.reads:
            await read(session, user_id)
        self._seen[user_id] = value
