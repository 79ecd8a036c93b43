"""Many onboarded people at once, written straight through the repositories.

Onboarding thousands of people through the chat would take minutes; the reminder tests only
need what onboarding stores (user, profile, plan, reminders), so it is written directly, a
chunk of people per transaction, and their workout reminders are then made due with one
UPDATE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.plan_json import plan_to_dict
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.core.reminder_schedule import ReminderKind
from bot.emulator import BotApiEmulator
from bot.services.coaching import plan_for
from bot.services.reminder_settings import sync_with_profile
from bot.storage.models import Reminder
from bot.storage.repositories import PlanRepository, ProfileRepository, UserRepository

# Big enough to keep the number of commits small, small enough to keep each one short.
_PEOPLE_PER_TRANSACTION = 500


def trains_at(slot: datetime) -> TrainingProfile:
    """A profile (UTC, three days a week) with a training day on `slot`'s date at its time.

    The workout reminder renders only on a training day, so a slot forced onto a rest day
    would be skipped as empty and a test counting reminders would prove nothing.
    """
    slot = slot.astimezone(UTC)
    day = slot.weekday()
    weekdays = tuple(sorted(Weekday((day + offset) % 7) for offset in (0, 2, 4)))
    return TrainingProfile(
        goal=Goal.GLUTES,
        experience=Experience.BEGINNER,
        equipment=frozenset({Equipment.DUMBBELLS}),
        weekdays=weekdays,
        reminder_time=slot.time().replace(second=0, microsecond=0),
        timezone="UTC",
        units=Units.KG,
        bodyweight_kg=70.0,
        weekdays_suggested=False,
    )


async def seed_people(
    sessions: async_sessionmaker[AsyncSession], user_ids: Sequence[int], slot: datetime
) -> None:
    """Onboard `user_ids` (chat id = user id) and make their workout reminders due at `slot`.

    Their other reminders keep the future slots `sync_with_profile` gives them.
    """
    profile = trains_at(slot)
    # Every person has the same profile, so one plan serves them all.
    plan = plan_to_dict(plan_for(profile))
    now = datetime.now(UTC)
    for start in range(0, len(user_ids), _PEOPLE_PER_TRANSACTION):
        async with sessions.begin() as session:
            for user_id in user_ids[start : start + _PEOPLE_PER_TRANSACTION]:
                await UserRepository(session).upsert(user_id, user_id, f"P{user_id}", "en")
                await ProfileRepository(session).save(user_id, profile)
                await PlanRepository(session).save(user_id, plan)
                await sync_with_profile(session, user_id, profile, now)
    await set_workout_slot(sessions, user_ids, slot)


async def set_workout_slot(
    sessions: async_sessionmaker[AsyncSession], user_ids: Sequence[int], slot: datetime
) -> None:
    """Set the people's workout reminders to fire next at `slot` (one UPDATE for them all)."""
    async with sessions.begin() as session:
        await session.execute(
            update(Reminder)
            .where(
                Reminder.user_id.in_(list(user_ids)), Reminder.kind == ReminderKind.WORKOUT.value
            )
            .values(next_fire_at=slot)
        )


def open_chats(emulator: BotApiEmulator, user_ids: Sequence[int]) -> None:
    """Make the emulator accept messages to these people, as if each had written first.

    `emulator.user(id)` alone is not enough: like Telegram, the emulator answers "chat not
    found" until the person has sent the bot something, and the dispatcher takes that for
    a blocked bot and switches the person's reminders off. Sending /start for each would
    run the onboarding conversation 2,000 times, so the chat is marked started directly.
    """
    for user_id in user_ids:
        emulator.user(user_id)
        emulator.api.chats[user_id].started = True
