"""A person's coaching switches are kept per person, defaults until changed, gone with them."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.coaching_switches import CoachingSwitches
from bot.core.readiness import PainRegion
from bot.services.switches import SwitchesService
from bot.storage.repositories import UserRepository

Sessions = async_sessionmaker[AsyncSession]

ADA, BEA = 7_000_000_001, 7_000_000_002


async def _add_users(sessions: Sessions, *user_ids: int) -> None:
    async with sessions.begin() as session:
        for user_id in user_ids:
            await UserRepository(session).upsert(user_id, user_id, "Ada", "en")


async def test_someone_who_never_changed_a_switch_has_the_defaults(
    session_factory: Sessions,
) -> None:
    await _add_users(session_factory, ADA)
    switches = await SwitchesService(session_factory).get(ADA)
    assert switches == CoachingSwitches()
    assert (switches.readiness_check, switches.rest_timer, switches.skip_button) == (
        True,
        False,
        True,
    )
    assert (switches.moments, switches.avoid) == (True, None)


async def test_saved_switches_come_back_for_that_person_only(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA, BEA)
    service = SwitchesService(session_factory)
    changed = CoachingSwitches(
        readiness_check=False,
        rest_timer=True,
        skip_button=False,
        moments=False,
        avoid=PainRegion.LOWER_BACK,
    )
    await service.save(ADA, changed)
    assert await service.get(ADA) == changed
    assert await service.get(BEA) == CoachingSwitches()

    await service.save(ADA, CoachingSwitches())
    assert await service.get(ADA) == CoachingSwitches()


async def test_a_change_keeps_the_other_switches(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA)
    service = SwitchesService(session_factory)
    await service.save(ADA, CoachingSwitches(avoid=PainRegion.KNEE))
    after = await service.change(ADA, lambda switches: replace(switches, rest_timer=True))
    assert after == CoachingSwitches(rest_timer=True, avoid=PainRegion.KNEE)
    assert await service.get(ADA) == after


async def test_a_batch_reads_everyones_switches_at_once(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA, BEA)
    service = SwitchesService(session_factory)
    await service.save(BEA, CoachingSwitches(skip_button=False))
    assert await service.get_many([ADA, BEA]) == {
        ADA: CoachingSwitches(),
        BEA: CoachingSwitches(skip_button=False),
    }


async def test_switches_go_with_the_person(session_factory: Sessions) -> None:
    await _add_users(session_factory, ADA)
    service = SwitchesService(session_factory)
    await service.save(ADA, CoachingSwitches(rest_timer=True))
    async with session_factory.begin() as session:
        assert await UserRepository(session).delete(ADA)
    assert await service.get(ADA) == CoachingSwitches()
