"""Polled updates in the intake: handled at once, and in the inbox, handled or recorded,
before the next poll may confirm them; on both databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.inbox import UpdateInbox
from bot.storage.models import utcnow
from bot.storage.persistence import DatabasePersistence
from bot.telegram.intake import SETTLE_WAIT, UpdateIntake

Sessions = async_sessionmaker[AsyncSession]


def message(update_id: int, user_id: int = 7) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "from": {"id": user_id}, "text": "RDL 80kg 3x8"},
    }


class NoApplication:
    """Stands in for the application at a start replay that finds nothing to replay."""


async def started(session_factory: Sessions) -> tuple[UpdateIntake, UpdateInbox]:
    inbox = UpdateInbox(session_factory)
    intake = UpdateIntake(inbox, sole_instance=True)
    await intake.replay(NoApplication(), at_start=True)  # type: ignore[arg-type]
    return intake, inbox


async def handle(intake: UpdateIntake, session_factory: Sessions, update_id: int) -> None:
    """What the shared state does around a handled update: its state stored with it."""
    await DatabasePersistence(session_factory).store_person(7, {}, handled_update=update_id)
    intake.stored(update_id)
    intake.finished(update_id)


async def unhandled(inbox: UpdateInbox) -> list[int]:
    payloads = await inbox.unhandled(received_before=utcnow() + timedelta(minutes=1), limit=10)
    return [payload["update_id"] for payload in payloads]


async def test_the_next_poll_waits_for_the_handling_and_records_nothing_more(
    session_factory: Sessions,
) -> None:
    intake, inbox = await started(session_factory)
    intake.take([message(1)])
    settling = asyncio.create_task(intake.settle())
    await asyncio.sleep(0)
    assert not settling.done()

    await handle(intake, session_factory, 1)
    await asyncio.wait_for(settling, timeout=5)

    assert await inbox.handled(1)
    assert await unhandled(inbox) == []


async def test_an_update_still_being_handled_is_recorded_before_the_next_poll(
    session_factory: Sessions,
) -> None:
    intake, inbox = await started(session_factory)
    intake.take([message(1), message(2)])
    await handle(intake, session_factory, 1)

    await asyncio.wait_for(intake.settle(), timeout=SETTLE_WAIT + 5)

    assert await unhandled(inbox) == [2]
    # Still this instance's to finish: the sweep leaves it alone.
    assert await intake.replay(NoApplication()) == 0  # type: ignore[arg-type]
    await handle(intake, session_factory, 2)
    assert await unhandled(inbox) == []


async def test_an_update_whose_handling_failed_is_recorded_for_the_sweep(
    session_factory: Sessions,
) -> None:
    intake, inbox = await started(session_factory)
    intake.take([message(1)])
    intake.finished(1)

    await asyncio.wait_for(intake.settle(), timeout=5)

    assert await unhandled(inbox) == [1]


async def test_only_updates_newer_than_any_seen_are_known_new(session_factory: Sessions) -> None:
    inbox = UpdateInbox(session_factory)
    await inbox.record([message(5)])
    await DatabasePersistence(session_factory).store_person(7, {}, handled_update=5)
    intake = UpdateIntake(inbox, sole_instance=True)
    await intake.replay(NoApplication(), at_start=True)  # type: ignore[arg-type]

    intake.take([message(4), message(5), message(6)])

    assert [intake.is_fresh(update_id) for update_id in (4, 5, 6)] == [False, False, True]
    assert not await intake.to_handle(5)
    assert await intake.to_handle(4)
    intake.finished(6)
    # Fetched again (a poll whose answer was lost): no longer known new.
    intake.take([message(6)])
    assert not intake.is_fresh(6)
