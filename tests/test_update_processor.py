"""PerUserUpdateProcessor: people in parallel, each person in order, no locks left behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from telegram import CallbackQuery, Chat, Message, Update, User

from bot.telegram.update_processor import PerUserUpdateProcessor

# Long enough for a slow machine, short enough that a deadlock fails the test quickly.
DEADLINE = 2.0


def message_from(user_id: int, update_id: int = 1) -> Update:
    user = User(user_id, f"user {user_id}", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, datetime.now(UTC), chat, from_user=user))


def button_press_from(user_id: int, update_id: int = 1) -> Update:
    user = User(user_id, f"user {user_id}", is_bot=False)
    return Update(update_id, callback_query=CallbackQuery(str(update_id), user, "chat", data="x"))


def channel_post_in(chat_id: int, update_id: int = 1) -> Update:
    chat = Chat(chat_id, Chat.CHANNEL)
    return Update(update_id, channel_post=Message(update_id, datetime.now(UTC), chat))


async def settle() -> None:
    """Let every task that can run do so, until each waits on something."""
    for _ in range(20):
        await asyncio.sleep(0)


def start(
    processor: PerUserUpdateProcessor, update: object, work: Callable[[], Awaitable[None]]
) -> asyncio.Task[None]:
    return asyncio.create_task(processor.process_update(update, work()))


async def test_two_peoples_updates_run_at_the_same_time() -> None:
    processor = PerUserUpdateProcessor()
    ann_started, ben_started = asyncio.Event(), asyncio.Event()

    async def ann() -> None:
        ann_started.set()
        await ben_started.wait()  # finishes only if Ben's update runs meanwhile

    async def ben() -> None:
        ben_started.set()
        await ann_started.wait()

    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(
            processor.process_update(message_from(1), ann()),
            processor.process_update(button_press_from(2), ben()),
        )


async def test_one_persons_updates_run_one_at_a_time_in_order() -> None:
    processor = PerUserUpdateProcessor()
    release_first = asyncio.Event()
    done: list[int] = []

    def work(number: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            if number == 0:
                await release_first.wait()
            done.append(number)

        return run

    # A message and button presses from one person: all keyed on the user.
    updates = [message_from(7, 0)] + [button_press_from(7, n) for n in range(1, 6)]
    tasks = [start(processor, update, work(n)) for n, update in enumerate(updates)]
    await settle()
    assert done == []  # the later updates wait for the slow first one
    release_first.set()
    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(*tasks)
    assert done == [0, 1, 2, 3, 4, 5]


async def test_a_busy_person_does_not_hold_up_another() -> None:
    processor = PerUserUpdateProcessor()
    release_ann = asyncio.Event()
    done: list[str] = []

    async def slow_ann() -> None:
        await release_ann.wait()
        done.append("ann")

    async def ann_again() -> None:
        done.append("ann again")

    async def ben() -> None:
        done.append("ben")

    ann_tasks = [start(processor, message_from(1, 1), slow_ann)]
    ann_tasks.append(start(processor, message_from(1, 2), ann_again))
    async with asyncio.timeout(DEADLINE):
        await processor.process_update(message_from(2, 3), ben())
    assert done == ["ben"]
    release_ann.set()
    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(*ann_tasks)
    assert done == ["ben", "ann", "ann again"]


async def test_a_person_is_forgotten_once_none_of_their_updates_is_left() -> None:
    processor = PerUserUpdateProcessor()
    release = asyncio.Event()

    async def blocked() -> None:
        await release.wait()

    tasks = [start(processor, message_from(1, n), blocked) for n in range(3)]
    tasks.append(start(processor, message_from(2, 3), blocked))
    await settle()
    assert processor.active_people == 2
    release.set()
    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(*tasks)
    assert processor.active_people == 0


async def test_a_failing_update_releases_the_person_for_their_next() -> None:
    processor = PerUserUpdateProcessor()

    async def fail() -> None:
        raise RuntimeError("handler bug")

    async def ok() -> None:
        pass

    with pytest.raises(RuntimeError, match="handler bug"):
        await processor.process_update(message_from(1), fail())
    assert processor.active_people == 0
    async with asyncio.timeout(DEADLINE):
        await processor.process_update(message_from(1), ok())


async def test_an_update_cancelled_while_waiting_leaves_no_lock_behind() -> None:
    processor = PerUserUpdateProcessor()
    release = asyncio.Event()

    async def blocked() -> None:
        await release.wait()

    async def never_runs() -> None:
        raise AssertionError("a cancelled update must not run")

    first = start(processor, message_from(1, 1), blocked)
    never = never_runs()
    waiting = asyncio.create_task(processor.process_update(message_from(1, 2), never))
    await settle()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    never.close()
    release.set()
    await first
    assert processor.active_people == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(channel_post_in(-1001, 1), channel_post_in(-1001, 2), id="same chat"),
        pytest.param(Update(1), Update(2), id="no user, no chat"),
        pytest.param(object(), Update(2), id="not an Update"),
    ],
)
async def test_updates_without_a_user_wait_for_each_other_by_chat_or_else_together(
    first: object, second: object
) -> None:
    processor = PerUserUpdateProcessor()
    release = asyncio.Event()
    done: list[str] = []

    async def slow() -> None:
        await release.wait()
        done.append("first")

    async def quick() -> None:
        done.append("second")

    tasks = [start(processor, first, slow), start(processor, second, quick)]
    await settle()
    assert done == []
    assert processor.active_people == 1
    release.set()
    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(*tasks)
    assert done == ["first", "second"]


async def test_updates_in_different_chats_without_a_user_run_at_the_same_time() -> None:
    processor = PerUserUpdateProcessor()
    one_started, two_started = asyncio.Event(), asyncio.Event()

    async def one() -> None:
        one_started.set()
        await two_started.wait()

    async def two() -> None:
        two_started.set()
        await one_started.wait()

    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(
            processor.process_update(channel_post_in(-1001), one()),
            processor.process_update(channel_post_in(-1002), two()),
        )


async def test_max_concurrent_updates_caps_everyone_together() -> None:
    processor = PerUserUpdateProcessor(max_concurrent_updates=2)
    release = asyncio.Event()
    running = 0
    most = 0

    async def work() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        running -= 1

    tasks = [start(processor, message_from(user_id), work) for user_id in range(1, 6)]
    await settle()
    assert running == 2
    release.set()
    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(*tasks)
    assert most == 2
    assert processor.max_concurrent_updates == 2


def test_the_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        PerUserUpdateProcessor(max_concurrent_updates=0)


class RecordingFrame:
    """An UpdateFrame that notes when it is entered, left and closed, and has the updates
    in `handled` skipped."""

    def __init__(self, events: list[str], handled: frozenset[int] = frozenset()) -> None:
        self.events = events
        self.handled = handled

    @asynccontextmanager
    async def around(self, update: object) -> AsyncIterator[bool]:
        assert isinstance(update, Update)
        self.events.append(f"enter {update.update_id}")
        yield update.update_id not in self.handled
        self.events.append(f"leave {update.update_id}")

    async def close(self) -> None:
        self.events.append("closed")


async def test_the_frame_wraps_each_update_inside_its_persons_turn() -> None:
    events: list[str] = []
    processor = PerUserUpdateProcessor(frame=RecordingFrame(events))

    def work(update_id: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            events.append(f"handle {update_id}")
            await asyncio.sleep(0.01)

        return run

    async with asyncio.timeout(DEADLINE):
        await asyncio.gather(
            start(processor, message_from(1, 1), work(1)),
            start(processor, message_from(1, 2), work(2)),
        )
        await processor.shutdown()
    assert events == [
        "enter 1", "handle 1", "leave 1", "enter 2", "handle 2", "leave 2", "closed"
    ]  # fmt: skip


async def test_an_update_the_frame_knows_as_handled_is_not_handled_again() -> None:
    events: list[str] = []
    processor = PerUserUpdateProcessor(frame=RecordingFrame(events, handled=frozenset({1})))

    def work(update_id: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            events.append(f"handle {update_id}")

        return run

    async with asyncio.timeout(DEADLINE):
        await start(processor, message_from(1, 1), work(1))
        await start(processor, message_from(1, 2), work(2))
        await processor.shutdown()
    assert events == ["enter 1", "leave 1", "enter 2", "handle 2", "leave 2", "closed"]


class _SharedLock:
    """A frame whose `hold` is a lock all instances share, as PostgreSQL's per person."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()

    @asynccontextmanager
    async def around(self, update: object) -> AsyncIterator[bool]:
        async with self.lock:
            yield True

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        async with self.lock:
            yield

    async def close(self) -> None:
        """Nothing to close."""


async def test_a_mini_app_request_waits_for_the_persons_update_on_another_instance() -> None:
    shared = _SharedLock()
    this, other = (PerUserUpdateProcessor(frame=shared) for _ in range(2))
    update_started, release = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def update_work() -> None:
        update_started.set()
        await release.wait()
        order.append("update")

    async def request() -> None:
        async with this.turn(1):
            order.append("request")

    async with asyncio.timeout(DEADLINE):
        handling = start(other, message_from(1), update_work)
        await update_started.wait()
        asking = asyncio.create_task(request())
        await settle()
        assert order == []
        release.set()
        await asyncio.gather(handling, asking)
    assert order == ["update", "request"]
