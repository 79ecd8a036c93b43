"""The copies services keep of a person's data that only they change (profile and plan,
language, coaching switches, plan changes), read on nearly every update.

Each service drops its copy when it writes the data, and when the person erases theirs.
Other instances may change the data too: on PostgreSQL each update reads every copy again
before it is handled when the person's rows changed (`RefreshWhenChanged`, called by
bot.telegram.shared_state), and the time limit bounds how stale a copy can get in between.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.person_fingerprint import PERSON_FINGERPRINT, PERSON_TABLES

# Reads a person's data that a service keeps in memory, in the given session.
Read = Callable[[AsyncSession, int], Awaitable[None]]

_PEOPLE = 10_000
_SECONDS = 60


def person_cache() -> TTLCache[int, Any]:
    """An empty cache of one kind of data, by user id."""
    return TTLCache(maxsize=_PEOPLE, ttl=_SECONDS)


@dataclass(frozen=True, slots=True)
class RefreshWhenChanged:
    """The services' `reads` of a person, each with the tables it reads, run only when
    those tables' rows of the person changed since the last run
    (bot.storage.person_fingerprint): no query at all instead of six on most updates, and
    after a change of language one instead of six.

    Safe beside the copies a service reads or drops on its own: a copy read after the
    fingerprint is at least as new as it, and a change after it changes the next one."""

    reads: Sequence[tuple[Read, Collection[str]]]
    _seen: TTLCache[int, str] = field(default_factory=person_cache)

    def __post_init__(self) -> None:
        known = {table for table, _ in PERSON_TABLES}
        for read, tables in self.reads:
            if not tables or not set(tables) <= known:
                raise ValueError(f"{read!r} must read tables of {sorted(known)}, not {tables}")

    def probe(self, user_id: int) -> tuple[str, Mapping[str, Any]]:
        return PERSON_FINGERPRINT, {}

    async def settle(self, session: AsyncSession, user_id: int, value: Any) -> None:
        seen = self._seen.get(user_id)
        if seen == value:
            return
        before, now = None if seen is None else _by_table(seen), _by_table(value)
        for read, tables in self.reads:
            if before is None or any(before[table] != now[table] for table in tables):
                await read(session, user_id)
        self._seen[user_id] = value


def _by_table(fingerprint: str) -> dict[str, str]:
    """Each table's part of a fingerprint (PERSON_FINGERPRINT joins them with '/')."""
    return dict(zip((table for table, _ in PERSON_TABLES), fingerprint.split("/"), strict=True))
