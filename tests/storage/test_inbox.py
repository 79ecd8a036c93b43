"""The update inbox: what arrived is kept until handled, a redelivery is told apart, and what
a crash left unhandled can be found again; on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.inbox import RETENTION, UpdateInbox, first_application, forget_sender
from bot.storage.models import InboxUpdate
from bot.storage.persistence import DatabasePersistence

Sessions = async_sessionmaker[AsyncSession]

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> datetime:
        return self.now


def message(update_id: int, user_id: int = 7, text: str = "RDL 80kg 3x8") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "from": {"id": user_id}, "text": text},
    }


async def test_a_redelivered_update_is_not_new(session_factory: Sessions) -> None:
    inbox = UpdateInbox(session_factory)

    assert await inbox.record([message(1), message(2)]) == {1, 2}
    assert await inbox.record([message(2), message(3)]) == {3}


async def test_an_update_is_unhandled_until_its_persons_state_is_stored(
    session_factory: Sessions,
) -> None:
    clock = Clock()
    inbox = UpdateInbox(session_factory, clock)
    await inbox.record([message(1), message(2)])
    later = NOON + timedelta(seconds=1)

    assert await inbox.unhandled(received_before=later, limit=10) == [message(1), message(2)]
    await DatabasePersistence(session_factory).store_person(7, {}, handled_update=1)

    assert await inbox.handled(1)
    assert not await inbox.handled(2)
    assert await inbox.unhandled(received_before=later, limit=10) == [message(2)]


async def test_neither_what_a_person_wrote_nor_who_sent_it_is_kept_once_handled(
    session_factory: Sessions,
) -> None:
    inbox = UpdateInbox(session_factory)
    await inbox.record([message(1, text="my knee hurts", user_id=7)])
    await inbox.mark_handled(1)

    async with session_factory() as session:
        kept = (await session.execute(select(InboxUpdate.payload, InboxUpdate.user_id))).all()
    assert [tuple(row) for row in kept] == [(None, None)]


async def test_unhandled_updates_come_oldest_first_within_the_window_asked(
    session_factory: Sessions,
) -> None:
    clock = Clock()
    inbox = UpdateInbox(session_factory, clock)
    await inbox.record([message(5)])
    clock.now += timedelta(minutes=2)
    await inbox.record([message(3), message(4)])
    clock.now += timedelta(minutes=2)

    everything = await inbox.unhandled(received_before=clock.now, limit=10)
    recent = await inbox.unhandled(
        received_before=clock.now, received_after=NOON + timedelta(minutes=1), limit=10
    )
    skipping = await inbox.unhandled(received_before=clock.now, limit=10, skip=[3])

    assert [p["update_id"] for p in everything] == [3, 4, 5]
    assert [p["update_id"] for p in recent] == [3, 4]
    assert [p["update_id"] for p in skipping] == [4, 5]


async def test_old_updates_are_forgotten_after_the_retention(session_factory: Sessions) -> None:
    clock = Clock()
    inbox = UpdateInbox(session_factory, clock)
    await inbox.record([message(1)])
    clock.now += RETENTION - timedelta(minutes=1)
    await inbox.record([message(2)])
    clock.now += timedelta(minutes=2)

    assert await inbox.prune() == 1
    # Forgotten, an id is new again: Telegram may reuse ids after a week of silence.
    assert await inbox.record([message(1), message(2)]) == {1}


async def test_a_change_is_applied_once_per_update(session_factory: Sessions) -> None:
    inbox = UpdateInbox(session_factory)
    await inbox.record([message(1)])

    async with session_factory.begin() as session:
        assert await first_application(session, 1, NOON)
    async with session_factory.begin() as session:
        assert not await first_application(session, 1, NOON)
    async with session_factory.begin() as session:
        # No update at all: nothing to go by, so it is new.
        assert await first_application(session, None, NOON)


async def test_a_change_of_an_update_not_recorded_yet_is_applied_once(
    session_factory: Sessions,
) -> None:
    # A polled update is recorded only when the next poll cannot wait for its handling.
    async with session_factory.begin() as session:
        assert await first_application(session, 5, NOON)
    async with session_factory.begin() as session:
        assert not await first_application(session, 5, NOON)


async def test_an_update_handled_before_it_was_recorded_is_known_handled(
    session_factory: Sessions,
) -> None:
    inbox = UpdateInbox(session_factory)
    await DatabasePersistence(session_factory).store_person(7, {}, handled_update=4)

    assert await inbox.handled(4)
    assert await inbox.record([message(4)]) == set()
    await inbox.keep([message(4)])
    assert await inbox.unhandled(received_before=NOON + timedelta(days=1), limit=10) == []


async def test_an_update_kept_after_its_change_was_applied_can_be_handled_again(
    session_factory: Sessions,
) -> None:
    # Its handling died between the change and the state: the sweep must find it whole.
    clock = Clock()
    inbox = UpdateInbox(session_factory, clock)
    async with session_factory.begin() as session:
        assert await first_application(session, 6, NOON)
    await inbox.keep([message(6), message(7)])
    later = NOON + timedelta(seconds=1)

    assert await inbox.unhandled(received_before=later, limit=10) == [message(6), message(7)]
    assert await inbox.newest() == 7


async def test_a_change_rolled_back_is_not_taken_as_applied(session_factory: Sessions) -> None:
    inbox = UpdateInbox(session_factory)
    await inbox.record([message(1)])

    class Crash(Exception):
        pass

    try:
        async with session_factory.begin() as session:
            assert await first_application(session, 1, NOON)
            raise Crash
    except Crash:
        pass
    async with session_factory.begin() as session:
        assert await first_application(session, 1, NOON)


async def test_deleting_a_person_deletes_the_updates_they_sent(session_factory: Sessions) -> None:
    inbox = UpdateInbox(session_factory)
    await inbox.record([message(1, user_id=7), message(2, user_id=8), {"update_id": 3}])

    async with session_factory.begin() as session:
        await forget_sender(session, 7)

    async with session_factory() as session:
        left = (await session.scalars(select(InboxUpdate.update_id))).all()
    assert sorted(left) == [2, 3]
