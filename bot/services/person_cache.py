"""The copies services keep of a person's data that only they change (profile and plan,
language, coaching switches, plan changes), read on nearly every update.

Each service drops its copy when it writes the data, and when the person erases theirs.
Other instances may change the data too: on PostgreSQL each update reads every copy again
before it is handled when the person's rows changed (`RefreshWhenChanged`, called by
bot.telegram.shared_state), and the time limit bounds how stale a copy can get in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.persistence import Refresh
from bot.storage.person_fingerprint import person_fingerprint

_PEOPLE = 10_000
_SECONDS = 60


def person_cache() -> TTLCache[int, Any]:
    """An empty cache of one kind of data, by user id."""
    return TTLCache(maxsize=_PEOPLE, ttl=_SECONDS)


@dataclass(frozen=True, slots=True)
class RefreshWhenChanged:
    """The services' `refresh` of a person, run only when their rows changed since the
    last run (bot.storage.person_fingerprint): one query instead of six on most updates.

    Safe beside the copies a service reads or drops on its own: a copy read after the
    fingerprint is at least as new as it, and a change after it changes the next one."""

    refreshes: Sequence[Refresh]
    _seen: TTLCache[int, tuple[str, ...]] = field(default_factory=person_cache)

    async def __call__(self, session: AsyncSession, user_id: int) -> None:
        fingerprint = await person_fingerprint(session, user_id)
        if self._seen.get(user_id) == fingerprint:
            return
        for refresh in self.refreshes:
            await refresh(session, user_id)
        self._seen[user_id] = fingerprint
