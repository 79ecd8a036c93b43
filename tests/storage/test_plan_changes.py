"""Sessions moved and travel periods are kept per person, in the database every instance
reads, and change the plan only while they apply."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.plan_changes import PlanChanges
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.reschedule import Away
from bot.services.coaching import plan_for
from bot.services.plan_changes import PlanChangesService, plan_on
from bot.storage.repositories import UserRepository

Sessions = async_sessionmaker[AsyncSession]

ADA, BEA = 7_000_000_001, 7_000_000_002
MONDAY, WEDNESDAY, THURSDAY = date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 3)
NEXT_MONDAY = date(2026, 12, 7)
BANDS = Away(frozenset({Equipment.BANDS}), date(2026, 12, 6))


async def _add_users(sessions: Sessions, *user_ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in user_ids:
            await UserRepository(session).upsert(user_id, user_id, "Ada", "en")


async def test_someone_who_changed_nothing_has_no_changes(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA)
    assert await PlanChangesService(session_factory).get(ADA) == PlanChanges()


async def test_moves_are_kept_for_their_week_and_go_when_the_next_week_moves_one(
    session_factory: Sessions,
) -> None:
    await _add_users(session_factory, ADA, BEA)
    service = PlanChangesService(session_factory)
    await service.remember_move(ADA, MONDAY, WEDNESDAY)
    await service.remember_move(ADA, THURSDAY, None)
    assert (await service.get(ADA)).moves == {MONDAY: WEDNESDAY, THURSDAY: None}
    assert (await service.get(BEA)).moves == {}

    await service.remember_move(ADA, NEXT_MONDAY, None)
    assert (await service.get(ADA)).moves == {NEXT_MONDAY: None}


async def test_a_travel_period_is_kept_replaced_and_ended(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA)
    service = PlanChangesService(session_factory)
    await service.remember_away(ADA, BANDS)
    assert (await service.get(ADA)).away == BANDS
    assert await service.current_away(ADA, date(2026, 12, 6)) == BANDS
    assert await service.current_away(ADA, date(2026, 12, 7)) is None, "over after its last day"

    bodyweight = Away(frozenset(), date(2026, 12, 20))
    await service.remember_away(ADA, bodyweight)
    assert (await service.get(ADA)).away == bodyweight
    await service.remember_away(ADA, None)
    assert await service.get(ADA) == PlanChanges()


async def test_a_batch_reads_everyones_changes_at_once(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA, BEA)
    service = PlanChangesService(session_factory)
    await service.remember_move(ADA, MONDAY, None)
    await service.remember_away(BEA, BANDS)
    assert await service.get_many([ADA, BEA]) == {
        ADA: PlanChanges({MONDAY: None}),
        BEA: PlanChanges(away=BANDS),
    }


async def test_changes_go_with_the_person(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA)
    service = PlanChangesService(session_factory)
    await service.remember_move(ADA, MONDAY, None)
    await service.remember_away(ADA, BANDS)
    async with session_factory.begin() as session:
        assert await UserRepository(session).delete(ADA)
    assert await service.get(ADA) == PlanChanges()


GYM = TrainingProfile(
    goal=Goal.GLUTES,
    experience=Experience.BEGINNER,
    equipment=frozenset({Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS}),
    weekdays=(Weekday.MON, Weekday.THU),
    reminder_time=time(7),
    timezone="UTC",
)


def test_the_plan_on_a_day_has_the_travel_equipment_while_away_and_the_weeks_moves() -> None:
    home = plan_for(GYM)
    banded = plan_for(replace(GYM, equipment=BANDS.equipment))
    assert banded.day(Weekday.MON).exercises != home.day(Weekday.MON).exercises
    changes = PlanChanges({MONDAY: WEDNESDAY}, BANDS)

    away = plan_on(GYM, home, changes, MONDAY)
    assert away.day(Weekday.WED).exercises == banded.day(Weekday.MON).exercises
    assert not away.day(Weekday.MON).is_workout
    assert plan_on(GYM, home, changes, NEXT_MONDAY) == home, "the trip and the week are over"
