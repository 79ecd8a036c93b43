"""The application service: what the handlers ask for, in domain terms.

Handlers call this module; it combines the pure core (planner) with storage, so that
no handler touches a database session and no core module touches I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.plan_json import plan_from_dict, plan_to_dict
from bot.core.planner import WeekPlan, build_plan, swap_exercise
from bot.core.profile import TrainingProfile, Weekday
from bot.storage.repositories import PlanRepository, ProfileRepository, UserRepository


@dataclass(frozen=True, slots=True)
class TelegramIdentity:
    user_id: int
    chat_id: int
    first_name: str | None = None
    language_code: str | None = None


def plan_for(profile: TrainingProfile) -> WeekPlan:
    return build_plan(
        profile.goal, profile.experience, profile.equipment, len(profile.weekdays), profile.weekdays
    )


@dataclass(frozen=True, slots=True)
class CoachService:
    sessions: async_sessionmaker[AsyncSession]
    default_timezone: str = "UTC"

    async def profile(self, user_id: int) -> TrainingProfile | None:
        async with self.sessions() as session:
            return await ProfileRepository(session).get(user_id)

    async def save_profile(self, who: TelegramIdentity, profile: TrainingProfile) -> WeekPlan:
        """Store the answers and a freshly built plan in one transaction."""
        plan = plan_for(profile)
        async with self.sessions.begin() as session:
            await UserRepository(session).upsert(
                who.user_id, who.chat_id, who.first_name, who.language_code
            )
            await ProfileRepository(session).save(who.user_id, profile)
            await PlanRepository(session).save(who.user_id, plan_to_dict(plan))
        return plan

    async def current_plan(self, user_id: int) -> WeekPlan | None:
        async with self.sessions() as session:
            data = await PlanRepository(session).current(user_id)
        return None if data is None else plan_from_dict(data)

    async def swap(self, user_id: int, weekday: Weekday, old_id: str, new_id: str) -> WeekPlan:
        plan = await self.current_plan(user_id)
        if plan is None:
            raise LookupError("no plan to change")
        changed = swap_exercise(plan, weekday, old_id, new_id)
        async with self.sessions.begin() as session:
            await PlanRepository(session).save(user_id, plan_to_dict(changed))
        return changed
