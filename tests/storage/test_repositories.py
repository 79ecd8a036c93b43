"""Repositories round-trip domain values through the database."""

from __future__ import annotations

import json
from datetime import UTC, date, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.bodyweight import WeighIn
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.storage.repositories import (
    BodyweightRepository,
    PlanRepository,
    ProfileRepository,
    UserRepository,
)

Sessions = async_sessionmaker[AsyncSession]

USER_ID = 7_000_000_001  # beyond 32 bits, as real Telegram ids can be

PROFILE = TrainingProfile(
    goal=Goal.GLUTES,
    experience=Experience.INTERMEDIATE,
    equipment=frozenset({Equipment.SLIDERS, Equipment.BANDS, Equipment.DUMBBELLS}),
    weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
    reminder_time=time(7, 30),
    timezone="Europe/Berlin",
)


async def _add_user(sessions: Sessions, user_id: int = USER_ID) -> None:
    async with sessions.begin() as session:
        await UserRepository(session).upsert(user_id, user_id + 1, "Ada", "en")


async def test_user_upsert_inserts_then_updates(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    async with session_factory() as session:
        first = await UserRepository(session).get(USER_ID)
    assert first is not None
    assert (first.chat_id, first.first_name, first.language_code) == (USER_ID + 1, "Ada", "en")
    assert first.created_at.tzinfo == UTC

    async with session_factory.begin() as session:
        await UserRepository(session).upsert(USER_ID, 42, None, None)
    async with session_factory() as session:
        second = await UserRepository(session).get(USER_ID)
    assert second is not None
    assert (second.chat_id, second.first_name, second.language_code) == (42, None, None)
    assert second.created_at == first.created_at
    assert second.updated_at >= first.updated_at


async def test_a_locale_set_only_if_unset_keeps_the_one_chosen(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    async with session_factory.begin() as session:
        users = UserRepository(session)
        assert await users.locale(USER_ID) is None
        await users.set_locale(USER_ID, "ru", if_unset=True)
        await users.set_locale(USER_ID, "de", if_unset=True)  # a later /start
        assert await users.locale(USER_ID) == "ru"
        await users.set_locale(USER_ID, "es")  # /language
        await users.upsert(USER_ID, 42, "Ada", "ru")  # profile saves leave it alone
    async with session_factory() as session:
        assert await UserRepository(session).locale(USER_ID) == "es"
        assert await UserRepository(session).locale(USER_ID + 99) is None


async def test_unknown_user_and_profile_and_plan_are_none(session_factory: Sessions) -> None:
    async with session_factory() as session:
        assert await UserRepository(session).get(1) is None
        assert await ProfileRepository(session).get(1) is None
        assert await PlanRepository(session).current(1) is None


@pytest.mark.parametrize(
    "profile",
    [
        PROFILE,
        TrainingProfile(
            goal=Goal.HAMSTRINGS,
            experience=Experience.BEGINNER,
            equipment=frozenset(),
            weekdays=(Weekday.SAT, Weekday.TUE),
            reminder_time=time(18, 5, 30),
            timezone="America/New_York",
            units=Units.LB,
            bodyweight_kg=71.25,
            weekdays_suggested=False,
        ),
    ],
    ids=["defaults", "everything-set"],
)
async def test_profile_round_trips(session_factory: Sessions, profile: TrainingProfile) -> None:
    await _add_user(session_factory)
    async with session_factory.begin() as session:
        await ProfileRepository(session).save(USER_ID, profile)
    async with session_factory() as session:
        assert await ProfileRepository(session).get(USER_ID) == profile


async def test_profile_save_replaces_within_one_session(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    changed = TrainingProfile(
        goal=Goal.STRENGTH,
        experience=Experience.ADVANCED,
        equipment=frozenset(Equipment),
        weekdays=(Weekday.TUE, Weekday.THU),
        reminder_time=time(6, 0),
        timezone="UTC",
        bodyweight_kg=80.0,
    )
    async with session_factory.begin() as session:
        profiles = ProfileRepository(session)
        await profiles.save(USER_ID, PROFILE)
        assert await profiles.get(USER_ID) == PROFILE
        await profiles.save(USER_ID, changed)
        assert await profiles.get(USER_ID) == changed
    async with session_factory() as session:
        assert await ProfileRepository(session).get(USER_ID) == changed


async def test_newest_plan_is_current(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, USER_ID + 10)
    plans = [
        {"version": n, "days": [{"weekday": "mon", "exercises": ["hip thrust"]}]} for n in range(3)
    ]
    for plan in plans:
        async with session_factory.begin() as session:
            await PlanRepository(session).save(USER_ID, plan)
    async with session_factory.begin() as session:
        await PlanRepository(session).save(USER_ID + 10, {"version": "other"})

    async with session_factory() as session:
        assert await PlanRepository(session).current(USER_ID) == plans[-1]
        assert await PlanRepository(session).current(USER_ID + 10) == {"version": "other"}
        # The unparsed reads agree, the batch one skipping people without a plan.
        assert json.loads(await PlanRepository(session).current_text(USER_ID) or "") == plans[-1]
        texts = await PlanRepository(session).current_texts([USER_ID, USER_ID + 10, 999])
        assert {user_id: json.loads(text) for user_id, text in texts.items()} == {
            USER_ID: plans[-1],
            USER_ID + 10: {"version": "other"},
        }


async def test_deleting_a_user_cascades(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, USER_ID + 10)
    for user_id in (USER_ID, USER_ID + 10):
        async with session_factory.begin() as session:
            await ProfileRepository(session).save(user_id, PROFILE)
            await PlanRepository(session).save(user_id, {"plan": user_id})

    async with session_factory.begin() as session:
        assert await UserRepository(session).delete(USER_ID)
        assert not await UserRepository(session).delete(USER_ID)

    async with session_factory() as session:
        assert await UserRepository(session).get(USER_ID) is None
        assert await ProfileRepository(session).get(USER_ID) is None
        assert await PlanRepository(session).current(USER_ID) is None
        assert await ProfileRepository(session).get(USER_ID + 10) == PROFILE
        assert await PlanRepository(session).current(USER_ID + 10) == {"plan": USER_ID + 10}


async def test_one_weigh_in_a_day_the_last_given_kept(session_factory: Sessions) -> None:
    await _add_user(session_factory)
    await _add_user(session_factory, USER_ID + 10)
    monday = date(2026, 11, 30)
    given = [(monday + timedelta(days=2), 71.0), (monday, 70.0), (monday, 70.4)]
    for day, kilograms in given:
        async with session_factory.begin() as session:
            await BodyweightRepository(session).record(USER_ID, day, kilograms)
    async with session_factory.begin() as session:
        await BodyweightRepository(session).record(USER_ID + 10, monday, 90.0)

    async with session_factory() as session:
        kept = await BodyweightRepository(session).weigh_ins(USER_ID)
    assert kept == [WeighIn(monday, 70.4), WeighIn(monday + timedelta(days=2), 71.0)]

    async with session_factory.begin() as session:
        await UserRepository(session).delete(USER_ID)
    async with session_factory() as session:
        assert await BodyweightRepository(session).weigh_ins(USER_ID) == []
        assert await BodyweightRepository(session).weigh_ins(USER_ID + 10) == [
            WeighIn(monday, 90.0)
        ]
