"""On PostgreSQL one instance reads a person's settings again only when they changed, and
still sees every change another instance makes: language, profile and plan, coaching
switches, moved sessions and travel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.coaching_switches import CoachingSwitches
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.reschedule import Away
from bot.services.coaching import CoachService, TelegramIdentity
from bot.services.languages import LanguageService
from bot.services.person_cache import RefreshWhenChanged
from bot.services.plan_changes import PlanChangesService
from bot.services.switches import SwitchesService
from bot.storage.persistence import DatabasePersistence
from bot.telegram.app import settings_refresh
from tests.conftest import fresh_database
from tests.support.seeding import Cohort, Person, seed_people

PERSON = TelegramIdentity(user_id=42, chat_id=42, first_name="Ada", language_code="en")
PROFILE = TrainingProfile(
    Goal.STRENGTH,
    Experience.INTERMEDIATE,
    frozenset({Equipment.BARBELL, Equipment.BENCH}),
    (Weekday.MON, Weekday.THU),
    time(18, 0),
    "Europe/Berlin",
)
MONDAY = date(2026, 12, 7)


@dataclass(frozen=True)
class Instance:
    coach: CoachService
    switches: SwitchesService
    plan_changes: PlanChangesService
    languages: LanguageService
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def on(cls, engine: AsyncEngine) -> Instance:
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        return cls(
            CoachService(sessions, "UTC"),
            SwitchesService(sessions),
            PlanChangesService(sessions),
            LanguageService(sessions),
            sessions,
        )

    def gate(self) -> RefreshWhenChanged:
        return settings_refresh(self.coach, self.switches, self.plan_changes, self.languages)

    async def seen(self) -> tuple[object, ...]:
        """What this instance's handlers would read of the person now."""
        return (
            await self.languages.chosen(PERSON.user_id),
            await self.coach.setup(PERSON.user_id),
            await self.switches.get(PERSON.user_id),
            await self.plan_changes.get(PERSON.user_id),
        )


Change = Callable[[Instance], Awaitable[object]]
CHANGES: dict[str, Change] = {
    "language": lambda other: other.languages.choose(PERSON, "de"),
    "profile and plan": lambda other: other.coach.save_profile(
        PERSON, replace(PROFILE, weekdays=(Weekday.TUE, Weekday.FRI))
    ),
    "switches": lambda other: other.switches.save(
        PERSON.user_id, CoachingSwitches(rest_timer=True)
    ),
    "moved session": lambda other: other.plan_changes.remember_move(
        PERSON.user_id, MONDAY, date(2026, 12, 8)
    ),
    "travel": lambda other: other.plan_changes.remember_away(
        PERSON.user_id, Away(frozenset(), date(2026, 12, 20))
    ),
}


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """PostgreSQL only: SQLite serves one instance, whose own writes keep its copies right."""
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.mark.parametrize("change", CHANGES)
async def test_a_change_on_another_instance_is_seen_on_the_next_update(
    engine: AsyncEngine, change: str
) -> None:
    await seed_people(engine, [Person(PERSON.user_id, Cohort.of(PROFILE), ())])
    this, other = Instance.on(engine), Instance.on(engine)
    gate = this.gate()
    persistence = DatabasePersistence(this.sessions)

    async def next_update() -> tuple[object, ...]:
        # As bot.telegram.shared_state does before each update on PostgreSQL.
        await persistence.load_person(PERSON.user_id, None, (), refresh=[gate])
        return await this.seen()

    before = await next_update()
    assert await next_update() == before
    await CHANGES[change](other)
    after = await next_update()
    assert after != before
    assert after == await Instance.on(engine).seen()


async def test_a_change_of_language_reads_the_language_alone_again(engine: AsyncEngine) -> None:
    await seed_people(engine, [Person(PERSON.user_id, Cohort.of(PROFILE), ())])
    this, other = Instance.on(engine), Instance.on(engine)
    gate = this.gate()
    persistence = DatabasePersistence(this.sessions)
    await persistence.load_person(PERSON.user_id, None, (), refresh=[gate])
    await other.languages.choose(PERSON, "de")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await persistence.load_person(PERSON.user_id, None, (), refresh=[gate])
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements  # the load, and the language
    assert await this.languages.chosen(PERSON.user_id) == "de"
