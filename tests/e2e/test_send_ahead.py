"""Crowded slots go out ahead of their time, each slot once, through the real dispatcher.

The dispatcher plans at its `pace` (bot.core.send_ahead): a crowd too large to send on
time at the rate starts before its slot, by as much as it needs and no more; a reminder
nobody crowds waits for its own time. These tests count what each chat received on a fake
clock that moves 1/RATE for every message sent, as the bot's limiter would make it, and a
second for every poll. The bot itself runs without a limiter, so no real time passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import load_settings
from bot.core.reminder_schedule import ReminderKind
from bot.core.send_ahead import Pace
from bot.emulator import ApiCall, BotApiEmulator, Fault
from bot.storage.models import Reminder
from bot.telegram.app import build_application
from bot.telegram.context import services
from bot.telegram.i18n import tr
from bot.telegram.reminder_dispatch import ReminderDispatcher
from tests.e2e.conftest import FakeClock
from tests.e2e.dispatchers import built_dispatcher
from tests.support.seeding import open_chats, seed_due_workouts

Sessions = async_sessionmaker[AsyncSession]

RATE = 30.0
CROWD = 300  # ten seconds of sending at 30/s: centred, it starts five seconds early
LEAD = (CROWD - 1) / RATE / 2
BATCH = 50


def _workouts_received(emulator: BotApiEmulator, user_ids: Sequence[int]) -> dict[int, int]:
    title = tr("reminders.workout_reminder_title")
    return {
        user_id: sum(m.text.startswith(title) for m in emulator.user(user_id).messages)
        for user_id in user_ids
    }


@asynccontextmanager
async def _dispatcher(
    emulator: BotApiEmulator, database_url: str, sessions: Sessions, workdir: Path, clock: FakeClock
) -> AsyncIterator[ReminderDispatcher]:
    async with built_dispatcher(emulator, database_url, sessions, workdir) as dispatcher:
        yield replace(dispatcher, clock=clock, batch_size=BATCH, pace=Pace(RATE, 15 * 60))


async def _poll_until(
    dispatchers: ReminderDispatcher | Sequence[ReminderDispatcher],
    clock: FakeClock,
    emulator: BotApiEmulator,
    end: datetime,
    rate: float = RATE,
) -> list[datetime]:
    """Poll every second until `end`, sending at `rate` (several dispatchers at once, as
    instances would, together); when each message went."""
    polled = [dispatchers] if isinstance(dispatchers, ReminderDispatcher) else dispatchers
    sends: list[datetime] = []

    def at_the_rate(call: ApiCall) -> Fault | None:
        if call.method == "sendMessage":
            sends.append(clock.now)
            clock.advance(seconds=1 / rate)
        return None

    emulator.fault_policy = at_the_rate
    try:
        while clock.now < end:
            clock.advance(seconds=1)
            await asyncio.gather(*(dispatcher.run_once() for dispatcher in polled))
    finally:
        emulator.fault_policy = None
    return sends


async def _workout_slots(sessions: Sessions, user_ids: Sequence[int]) -> set[datetime | None]:
    async with sessions() as session:
        slots = await session.scalars(
            select(Reminder.next_fire_at).where(
                Reminder.user_id.in_(user_ids), Reminder.kind == ReminderKind.WORKOUT.value
            )
        )
        return set(slots)


async def _only_workouts(sessions: Sessions, user_ids: Sequence[int]) -> None:
    """Turn the people's other reminders off: seeded from the real clock, they may fall
    near the slots (Sunday's 19:00 summaries, say) and rightly crowd them."""
    async with sessions.begin() as session:
        await session.execute(
            update(Reminder)
            .where(Reminder.user_id.in_(user_ids), Reminder.kind != ReminderKind.WORKOUT.value)
            .values(enabled=False, next_fire_at=None)
        )


@dataclass(frozen=True)
class _Crowd:
    people: range
    slot: datetime


async def _two_crowds(
    sessions: Sessions, emulator: BotApiEmulator, first_id: int
) -> tuple[_Crowd, _Crowd]:
    """A crowd of workout reminders in an hour's time and another ten minutes later, with
    nothing else due; ids from `first_id` up."""
    slot = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)
    first = _Crowd(range(first_id, first_id + CROWD), slot)
    second = _Crowd(range(first_id + CROWD, first_id + 2 * CROWD), slot + timedelta(minutes=10))
    for crowd in (first, second):
        await seed_due_workouts(sessions, crowd.people, crowd.slot)
    await _only_workouts(sessions, [*first.people, *second.people])
    open_chats(emulator, [*first.people, *second.people])
    return first, second


async def test_a_crowded_slot_starts_before_its_time_and_each_slot_goes_once(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    slot = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)
    crowd = range(40_000, 40_000 + CROWD)
    alone = [41_000]
    await seed_due_workouts(session_factory, crowd, slot)
    await seed_due_workouts(session_factory, alone, slot + timedelta(minutes=30))
    await _only_workouts(session_factory, [*crowd, *alone])
    open_chats(emulator, [*crowd, *alone])
    clock = FakeClock(slot - timedelta(seconds=6))

    async with _dispatcher(emulator, database_url, session_factory, tmp_path, clock) as dispatcher:
        await dispatcher.run_once()
        assert set(_workouts_received(emulator, crowd).values()) == {0}, "too early"

        sends = await _poll_until(dispatcher, clock, emulator, slot + timedelta(seconds=LEAD + 1))
        # Centred on the slot: the first about LEAD before it, half by then.
        offsets = [(at - slot).total_seconds() for at in sends]
        assert -LEAD - 1 <= offsets[0] <= -LEAD + 1
        assert abs(sum(offset < 0 for offset in offsets) - CROWD / 2) <= RATE
        assert offsets[-1] <= LEAD + 1
        assert set(_workouts_received(emulator, crowd).values()) == {1}
        assert _workouts_received(emulator, alone) == {alone[0]: 0}
        # Claimed ahead, each slot moved on past itself, not merely past the clock.
        [following] = await _workout_slots(session_factory, crowd)
        assert following is not None
        assert following > slot

        clock.now = slot + timedelta(minutes=1)
        await dispatcher.run_once()
        assert set(_workouts_received(emulator, crowd).values()) == {1}, "a slot sent twice"

        # Nobody crowds the lone reminder: it waits for its own time.
        clock.now = slot + timedelta(minutes=30) - timedelta(seconds=1)
        await dispatcher.run_once()
        assert _workouts_received(emulator, alone) == {alone[0]: 0}
        clock.advance(seconds=1)
        await dispatcher.run_once()
        assert _workouts_received(emulator, alone) == {alone[0]: 1}

        # The next slot comes round and is sent ahead in the same way, once.
        clock.now = following - timedelta(minutes=1)
        await _poll_until(dispatcher, clock, emulator, following - timedelta(seconds=6))
        assert set(_workouts_received(emulator, crowd).values()) == {1}
        await _poll_until(dispatcher, clock, emulator, following + timedelta(seconds=LEAD + 1))
        assert set(_workouts_received(emulator, crowd).values()) == {2}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_instances_each_at_half_the_rate_centre_their_crowds_on_the_slot(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    # Both send at once, each at its share, RATE together: the clock moves 1/RATE a
    # message whichever sends it. Each learns from the first crowd that its batches go out
    # at half the rate, which is its share, not a bot slower than its limit: the second
    # crowd is planned at RATE, as one instance alone would plan it, and centred.
    first, second = await _two_crowds(session_factory, emulator, first_id=45_000)
    clock = FakeClock(first.slot - timedelta(minutes=1))

    async with (
        _dispatcher(emulator, database_url, session_factory, tmp_path, clock) as one,
        _dispatcher(emulator, database_url, session_factory, tmp_path, clock) as other,
    ):
        both = [one, other]
        for dispatcher in both:
            dispatcher.instances = 2
        await _poll_until(both, clock, emulator, first.slot + timedelta(minutes=1))
        sends = await _poll_until(both, clock, emulator, second.slot + timedelta(seconds=LEAD + 1))
    offsets = [(at - second.slot).total_seconds() for at in sends]
    assert -LEAD - 1 <= offsets[0] <= -LEAD + 1
    assert abs(sum(offset < 0 for offset in offsets) - CROWD / 2) <= RATE
    assert offsets[-1] <= LEAD + 1
    assert set(_workouts_received(emulator, [*first.people, *second.people]).values()) == {1}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_bot_slower_than_its_limit_plans_at_the_rate_it_reaches(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    # Paid broadcasts allow more than the bot can render and send, say: it reaches half
    # its pace. The first crowd, planned at the pace, runs late; the next is planned at
    # the rate the first went out at, and is centred again.
    reached = RATE / 2
    first, second = await _two_crowds(session_factory, emulator, first_id=43_000)
    clock = FakeClock(first.slot - timedelta(minutes=1))

    def worst(sends: list[datetime], slot: datetime) -> float:
        return max(abs((at - slot).total_seconds()) for at in sends)

    async with _dispatcher(emulator, database_url, session_factory, tmp_path, clock) as dispatcher:
        after = timedelta(minutes=1)
        early = await _poll_until(dispatcher, clock, emulator, first.slot + after, reached)
        later = await _poll_until(dispatcher, clock, emulator, second.slot + after, reached)
    assert len(early) == len(later) == CROWD
    # At half the pace the crowd takes twice as long: the best is twice the lead either way.
    best = (CROWD - 1) / reached / 2
    assert worst(early, first.slot) > best + LEAD / 2
    assert worst(later, second.slot) <= best + 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_paid_broadcasts_ask_telegram_for_them(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    people = range(42_000, 42_010)
    await seed_due_workouts(session_factory, people, slot)
    open_chats(emulator, people)
    settings = load_settings(
        _env_file=None,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        telegram_paid_broadcast=True,
        database_url=database_url,
        data_dir=tmp_path,
    )
    application = build_application(settings, token=emulator.token, sessions=session_factory)
    async with application.bot:
        dispatcher = services(application.bot_data).dispatcher
        assert dispatcher.pace is not None
        assert dispatcher.pace.rate > 900
        report = await dispatcher.run_once()
    assert report.sent == len(people)
    sends = emulator.calls_to("sendMessage")
    assert len(sends) == len(people)
    assert all(call.params.flag("allow_paid_broadcast") for call in sends)
