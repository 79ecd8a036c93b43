"""The coaching a person switched on or off (the readiness check, the rest timer, ...)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.coaching_switches import CoachingSwitches
from bot.services.person_cache import person_cache
from bot.storage.switches import SwitchesRepository


def _nobody_else(user_id: int) -> None:
    """No other copy of the person's switches to drop."""


@dataclass(frozen=True, slots=True)
class SwitchesService:
    sessions: async_sessionmaker[AsyncSession]
    # Drops what another service keeps of the person's switches, when they change here.
    changed: Callable[[int], None] = _nobody_else
    _known: TTLCache[int, CoachingSwitches] = field(default_factory=person_cache)

    async def get(self, user_id: int) -> CoachingSwitches:
        """The person's switches; the defaults for one who never changed any."""
        if (known := self._known.get(user_id)) is not None:
            return known
        async with self.sessions() as session:
            await self.refresh(session, user_id)
        return self._known[user_id]

    async def refresh(self, session: AsyncSession, user_id: int) -> None:
        """Cache the person's switches as `session` reads them."""
        self._known[user_id] = await SwitchesRepository(session).get(user_id)

    async def get_many(self, user_ids: Collection[int]) -> dict[int, CoachingSwitches]:
        """The switches of each of `user_ids`, in one query (a reminder batch)."""
        async with self.sessions() as session:
            return await SwitchesRepository(session).get_many(user_ids)

    async def save(self, user_id: int, switches: CoachingSwitches) -> None:
        async with self.sessions.begin() as session:
            await SwitchesRepository(session).save(user_id, switches)
        self.forget(user_id)

    async def change(
        self, user_id: int, change: Callable[[CoachingSwitches], CoachingSwitches]
    ) -> CoachingSwitches:
        """The person's switches as `change` makes them, read and saved in one transaction."""
        async with self.sessions.begin() as session:
            repository = SwitchesRepository(session)
            switches = change(await repository.get(user_id))
            await repository.save(user_id, switches)
        self.forget(user_id)
        return switches

    def forget(self, user_id: int) -> None:
        """Drop the cached copies: changed here, or erased."""
        self._known.pop(user_id, None)
        self.changed(user_id)
