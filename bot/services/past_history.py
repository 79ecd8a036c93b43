"""The recent sessions today's prescription is worked out from, kept per person.

A day is prescribed from the sessions before it, and logging today does not change those:
only a log of an earlier day does (logged late, corrected, undone, imported), and each of
those drops the person's copy (`forget`). Reading them cost a query and some twenty logs
built into sessions on every log, about a quarter of the log path.

On PostgreSQL another instance may change an earlier day, so each update first compares
the copy's fingerprint of the earlier days' logs with the database's (`refresh`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.profile import Units
from bot.core.records import SessionResult
from bot.services.person_cache import person_cache
from bot.storage.workouts import WorkoutRepository

History = dict[str, list[SessionResult]]
# (exercise ids, how many planned exercises they are the rungs of): what a read is of.
_Read = tuple[tuple[str, ...], int]


@dataclass(slots=True)
class _Kept:
    on: date
    units: Units
    fingerprint: tuple[int, int] | None
    reads: dict[_Read, History] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PastHistories:
    """Per person, the histories read for one day's prescription (their today's)."""

    shared: bool
    _kept: Any = field(default_factory=person_cache)

    async def read(
        self,
        repo: WorkoutRepository,
        user_id: int,
        on: date,
        units: Units,
        read: _Read,
        reader: Callable[[], Awaitable[History]],
    ) -> History:
        """The history `reader` gives for `read` of the days before `on`, read once."""
        kept: _Kept | None = self._kept.get(user_id)
        if kept is None or kept.on != on or kept.units is not units:
            fingerprint = await repo.past_fingerprint(user_id, on) if self.shared else None
            kept = self._kept[user_id] = _Kept(on, units, fingerprint)
        history = kept.reads.get(read)
        if history is None:
            history = kept.reads[read] = await reader()
        return history

    async def refresh(self, session: AsyncSession, user_id: int) -> None:
        """Drop the person's copy if another instance changed an earlier day since."""
        kept: _Kept | None = self._kept.get(user_id)
        if kept is None:
            return
        if kept.fingerprint != await WorkoutRepository(session).past_fingerprint(user_id, kept.on):
            self.forget(user_id)

    def forget(self, user_id: int) -> None:
        self._kept.pop(user_id, None)
