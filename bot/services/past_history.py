"""What a person's earlier days hold, read once a day rather than on every log.

Today's prescription is worked out from the sessions before today, the days trained
before it, how the person said they were this week and the region they avoid; a log's
records from the exercise's logs before today and today's. Logging today changes none of
the earlier parts. Only a log of an earlier day does (logged late, corrected, undone,
imported), a new answer or a change of switches, and each of those drops the person's
copies (`forget`). Reading them again on every log cost five queries and up to thousands
of logs built, most of the log path.

On PostgreSQL another instance may make those changes, so each update first compares the
copy's fingerprint of the earlier days' logs, the answers and the switches with the
database's (`probe`, `settle`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.workouts import PAST_FINGERPRINT, WorkoutRepository

T = TypeVar("T")

# A person's copies last a training session and more: between two sets is minutes.
_PEOPLE = 2_000
_SECONDS = 3 * 60 * 60


@dataclass(slots=True)
class _Kept:
    on: date
    fingerprint: str | None
    reads: dict[Hashable, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PastHistories:
    """Per person, what was read of the days before one day (their today, mostly)."""

    shared: bool
    _kept: TTLCache[int, _Kept] = field(
        default_factory=lambda: TTLCache(maxsize=_PEOPLE, ttl=_SECONDS)
    )

    async def read(
        self,
        repo: WorkoutRepository,
        user_id: int,
        on: date,
        key: Hashable,
        reader: Callable[[], Awaitable[T]],
    ) -> T:
        """What `reader` reads of the days before `on` (`key` names it), read once."""
        kept = self._kept.get(user_id)
        if kept is None or kept.on != on:
            fingerprint = await repo.past_fingerprint(user_id, on) if self.shared else None
            kept = self._kept[user_id] = _Kept(on, fingerprint)
        if key not in kept.reads:
            kept.reads[key] = await reader()
        found: T = kept.reads[key]
        return found

    def probe(self, user_id: int) -> tuple[str, Mapping[str, Any]]:
        """The fingerprint of the days before the kept day's (nothing kept: no day, and
        nothing is read)."""
        kept = self._kept.get(user_id)
        return PAST_FINGERPRINT, {"past_before": None if kept is None else kept.on}

    async def settle(self, session: AsyncSession, user_id: int, value: Any) -> None:
        """Drop the person's copies if another instance changed an earlier day since."""
        kept = self._kept.get(user_id)
        if kept is not None and kept.fingerprint != value:
            self.forget(user_id)

    def forget(self, user_id: int) -> None:
        self._kept.pop(user_id, None)
