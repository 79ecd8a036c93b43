"""The person's plan as it stands on a day: their sessions moved that week and a travel
period, kept in the database so that every instance, and every reminder, plans alike.

The stored plan and profile never change: when the week or the trip is over, the plan is
the normal one again and the programme goes on where it was.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.plan_changes import PlanChanges
from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.core.reschedule import Away, plan_with_moves
from bot.services.coaching import plan_for
from bot.services.person_cache import person_cache
from bot.storage.plan_changes import PlanChangesRepository


def plan_on(profile: TrainingProfile, plan: WeekPlan, changes: PlanChanges, day: date) -> WeekPlan:
    """`plan` as it stands on `day`: the planner's plan for the travel equipment while
    away, with the sessions moved in `day`'s week."""
    if changes.away is not None and changes.away.on(day):
        plan = plan_for(replace(profile, equipment=changes.away.equipment))
    return plan_with_moves(plan, changes.moves, day)


@dataclass(frozen=True, slots=True)
class PlanChangesService:
    sessions: async_sessionmaker[AsyncSession]
    _known: TTLCache[int, PlanChanges] = field(default_factory=person_cache)

    async def get(self, user_id: int) -> PlanChanges:
        if (known := self._known.get(user_id)) is not None:
            return known
        async with self.sessions() as session:
            await self.refresh(session, user_id)
        return self._known[user_id]

    async def refresh(self, session: AsyncSession, user_id: int) -> None:
        """Cache the person's changes as `session` reads them."""
        found = await PlanChangesRepository(session).get_many([user_id])
        self._known[user_id] = found[user_id]

    async def get_many(self, user_ids: Collection[int]) -> dict[int, PlanChanges]:
        """The changes of each of `user_ids` in a fixed number of queries (a reminder batch)."""
        async with self.sessions() as session:
            return await PlanChangesRepository(session).get_many(user_ids)

    async def current_away(self, user_id: int, today: date) -> Away | None:
        """The travel period still on today, if any."""
        away = (await self.get(user_id)).away
        return away if away is not None and away.on(today) else None

    async def remember_move(self, user_id: int, planned: date, to: date | None) -> None:
        async with self.sessions.begin() as session:
            await PlanChangesRepository(session).move(user_id, planned, to)
        self.forget(user_id)

    async def remember_away(self, user_id: int, away: Away | None) -> None:
        """Start a travel period (replacing one on), or end it with None."""
        async with self.sessions.begin() as session:
            await PlanChangesRepository(session).travel(user_id, away)
        self.forget(user_id)

    def forget(self, user_id: int) -> None:
        """Drop the cached copy: changed here, or erased."""
        self._known.pop(user_id, None)
