"""The bulk seeding that tests and benchmarks use (tests/support/seeding.py) stores what
onboarding stores: it bypasses the bot's repositories, so nothing else would notice it
drifting from them, and the reminder tests and benchmarks would then measure other rows
than a real person leaves behind."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.reminder_schedule import ReminderKind
from bot.services.coaching import CoachService, TelegramIdentity
from bot.storage import database
from bot.storage.models import Plan, Profile, Reminder, User
from tests.support.seeding import Cohort, Person, reminder_rows, seed_people, trains_at

ONBOARDED, SEEDED = 1_001, 1_002
# Differ by person, or by when they were written.
UNCOMPARED = {"id", "user_id", "chat_id", "first_name", "created_at", "updated_at"}


async def _stored(engine: AsyncEngine, user_id: int) -> dict[str, list[dict[str, Any]]]:
    stored = {}
    async with engine.connect() as connection:
        for model in (User, Profile, Plan, Reminder):
            table = model.__table__
            owner = table.c.id if model is User else table.c.user_id
            rows = (await connection.execute(select(table).where(owner == user_id))).mappings()
            kept = [{k: v for k, v in row.items() if k not in UNCOMPARED} for row in rows]
            stored[model.__tablename__] = sorted(kept, key=repr)
    return stored


async def test_seeded_people_are_stored_as_onboarding_stores_them(engine: AsyncEngine) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    profile = trains_at(now)
    coach = CoachService(database.session_factory(engine), clock=lambda: now)
    await coach.save_profile(TelegramIdentity(ONBOARDED, ONBOARDED, "Maya", "en"), profile)
    onboarded = await _stored(engine, ONBOARDED)
    workout = ReminderKind.WORKOUT.value
    (workout_at,) = [r["next_fire_at"] for r in onboarded["reminders"] if r["kind"] == workout]

    reminders = reminder_rows(profile, now, workout_at)
    await seed_people(engine, [Person(SEEDED, Cohort.of(profile), reminders)])

    assert await _stored(engine, SEEDED) == onboarded
    async with engine.connect() as connection:
        user = (await connection.execute(select(User).where(User.id == SEEDED))).one()
    assert user.chat_id == SEEDED
