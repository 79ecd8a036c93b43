"""The application service: what the handlers ask for, in domain terms.

Handlers call this module; it combines the pure core (planner) with storage, so that
no handler touches a database session and no core module touches I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import NamedTuple

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.bodyweight import WeighIn
from bot.core.plan_json import plan_from_dict, plan_from_json, plan_to_dict
from bot.core.planner import (
    WeekPlan,
    apply_swaps,
    build_plan,
    keep_exercise,
    swap_exercise,
    swaps_between,
)
from bot.core.profile import TrainingProfile, Weekday
from bot.core.schedule import local_date
from bot.services.person_cache import person_cache
from bot.services.reminder_settings import sync_with_profile
from bot.storage.erasure import erase_person
from bot.storage.repositories import (
    BodyweightRepository,
    PlanRepository,
    ProfileRepository,
    UserRepository,
)


@dataclass(frozen=True, slots=True)
class TelegramIdentity:
    user_id: int
    chat_id: int
    first_name: str | None = None
    language_code: str | None = None


class SavedProfile(NamedTuple):
    """A saved profile and its plan, and the profile and plan they replaced (None at
    onboarding)."""

    profile: TrainingProfile
    plan: WeekPlan
    previous_profile: TrainingProfile | None
    previous_plan: WeekPlan | None

    @property
    def plan_changed(self) -> bool:
        return self.plan != self.previous_plan

    @property
    def new_bodyweight_kg(self) -> float | None:
        """The bodyweight, when this save set or changed it."""
        before = self.previous_profile.bodyweight_kg if self.previous_profile else None
        after = self.profile.bodyweight_kg
        return after if after != before else None


def plan_for(profile: TrainingProfile) -> WeekPlan:
    return build_plan(
        profile.goal, profile.experience, profile.equipment, len(profile.weekdays), profile.weekdays
    )


@dataclass(frozen=True, slots=True)
class CoachService:
    sessions: async_sessionmaker[AsyncSession]
    default_timezone: str = "UTC"
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    _setups: TTLCache[int, tuple[TrainingProfile, WeekPlan]] = field(default_factory=person_cache)

    async def setup(self, user_id: int) -> tuple[TrainingProfile, WeekPlan] | None:
        """The person's profile and current plan, or None before onboarding."""
        cached = self._setups.get(user_id)
        if cached is not None:
            return cached
        async with self.sessions() as session:
            await self.refresh(session, user_id)
        return self._setups.get(user_id)

    async def refresh(self, session: AsyncSession, user_id: int) -> None:
        """Cache the person's profile and plan as `session` reads them (none before
        onboarding)."""
        profile = await ProfileRepository(session).get(user_id)
        text = await PlanRepository(session).current_text(user_id) if profile else None
        if profile is None or text is None:
            self._setups.pop(user_id, None)
        else:
            self._setups[user_id] = (profile, plan_from_json(text))

    async def prefetch(self, user_ids: Collection[int]) -> None:
        """Cache the profiles and plans of `user_ids` in two queries rather than two each:
        the reminder dispatcher renders a whole batch of people at once."""
        missing = [user_id for user_id in user_ids if user_id not in self._setups]
        if not missing:
            return
        async with self.sessions() as session:
            profiles = await ProfileRepository(session).get_many(missing)
            plans = await PlanRepository(session).current_texts(list(profiles))
        for user_id, profile in profiles.items():
            if user_id in plans:
                self._setups[user_id] = (profile, plan_from_json(plans[user_id]))

    async def profile(self, user_id: int) -> TrainingProfile | None:
        setup = await self.setup(user_id)
        return setup[0] if setup else None

    async def save_profile(self, who: TelegramIdentity, profile: TrainingProfile) -> SavedProfile:
        """Store the answers and the plan they give in one transaction; the person's swaps
        carry over to the new plan wherever they still fit it.

        The previous profile and plan are read in the transaction, not from the cache: a
        swap made through another instance a moment ago must not be lost.
        """
        async with self.sessions.begin() as session:
            old_profile = await ProfileRepository(session).get(who.user_id)
            old_data = await PlanRepository(session).current(who.user_id) if old_profile else None
            old_plan = plan_from_dict(old_data) if old_data else None
            today = local_date(profile.timezone, self.clock())
            profile = _programme_kept(profile, old_profile, today)
            plan = plan_for(profile)
            if old_profile is not None and old_plan is not None:
                plan = apply_swaps(plan, profile, swaps_between(plan_for(old_profile), old_plan))
            await UserRepository(session).upsert(
                who.user_id, who.chat_id, who.first_name, who.language_code
            )
            await ProfileRepository(session).save(who.user_id, profile)
            await PlanRepository(session).save(who.user_id, plan_to_dict(plan))
            await sync_with_profile(session, who.user_id, profile, self.clock())
            saved = SavedProfile(profile, plan, old_profile, old_plan)
            # A bodyweight answered at onboarding or in /settings is a weigh-in of today.
            if saved.new_bodyweight_kg is not None:
                await BodyweightRepository(session).record(
                    who.user_id, today, saved.new_bodyweight_kg
                )
        self._setups[who.user_id] = (profile, plan)
        return saved

    def forget(self, user_id: int) -> None:
        """Drop the cached copy of the person's profile and plan: their data was erased."""
        self._setups.pop(user_id, None)

    async def erase(self, who: TelegramIdentity) -> None:
        """Delete everything stored about the person; their reminders stop with it."""
        async with self.sessions.begin() as session:
            await erase_person(session, who.user_id, who.chat_id)
        self.forget(who.user_id)

    async def current_plan(self, user_id: int) -> WeekPlan | None:
        setup = await self.setup(user_id)
        return setup[1] if setup else None

    async def swap(self, user_id: int, weekday: Weekday, old_id: str, new_id: str) -> WeekPlan:
        """Replace the day's `old_id` with `new_id`; the same id again keeps it as it is, so
        a person who went back from a harder variant stays there."""
        setup = await self.setup(user_id)
        if setup is None:
            raise LookupError("no plan to change")
        profile, plan = setup
        if old_id == new_id:
            changed = keep_exercise(plan, weekday, old_id)
        else:
            changed = swap_exercise(plan, profile, weekday, old_id, new_id)
        async with self.sessions.begin() as session:
            await PlanRepository(session).save(user_id, plan_to_dict(changed))
        self._setups[user_id] = (profile, changed)
        return changed

    async def set_own_weights(self, user_id: int, weights: tuple[float, ...]) -> TrainingProfile:
        """Keep the dumbbells or kettlebells the person owns (in their unit; none to forget
        them): prescribed loads use only these from now on."""
        async with self.sessions.begin() as session:
            profile = await _change_profile(
                session, user_id, lambda old: replace(old, own_weights=weights)
            )
        self.forget(user_id)
        return profile

    async def record_bodyweight(self, user_id: int, kilograms: float) -> TrainingProfile:
        """Keep today's weigh-in (replacing one given earlier today) and make it the profile's
        bodyweight, which the protein target follows."""
        async with self.sessions.begin() as session:
            profile = await _change_profile(
                session, user_id, lambda old: replace(old, bodyweight_kg=kilograms)
            )
            today = local_date(profile.timezone, self.clock())
            await BodyweightRepository(session).record(user_id, today, kilograms)
        self.forget(user_id)
        return profile

    async def weigh_ins(self, user_id: int) -> list[WeighIn]:
        """The person's weigh-ins, oldest first."""
        async with self.sessions() as session:
            return await BodyweightRepository(session).weigh_ins(user_id)


async def _change_profile(
    session: AsyncSession, user_id: int, change: Callable[[TrainingProfile], TrainingProfile]
) -> TrainingProfile:
    """The person's profile as `change` makes it, saved in the caller's transaction."""
    repository = ProfileRepository(session)
    profile = await repository.get(user_id)
    if profile is None:
        raise LookupError("no profile to change")
    profile = change(profile)
    await repository.save(user_id, profile)
    return profile


def _programme_kept(
    profile: TrainingProfile, old: TrainingProfile | None, today: date
) -> TrainingProfile:
    """New answers keep the programme's place and the weights the person owns; a first
    profile starts its programme today."""
    if old is None:
        return replace(profile, programme_start=profile.programme_start or today)
    return replace(
        profile,
        programme_start=profile.programme_start or old.programme_start or today,
        own_weights=profile.own_weights or old.own_weights,
    )
