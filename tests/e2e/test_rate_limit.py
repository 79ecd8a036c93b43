"""Sending stays under TELEGRAM_RATE_LIMIT in every sliding second, so Telegram never has to
answer 429, even when a whole batch of messages is sent at once, and even when several
instances send for the bot: the limit is the bot's, and they share it."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.emulator import ApiCall, BotApiEmulator, ChatUser, Fault
from bot.storage.database import create_engine, session_factory
from bot.telegram.app import build_application
from bot.telegram.context import CoachApplication, services
from bot.telegram.send_share import SendShare, SharedRateLimiter
from tests.e2e.waiting import until
from tests.e2e.webhooks import hook_settings, webhook_bot

# The bot's limit, and Telegram's a little above it: requests reach the emulator with
# some jitter (it shares the bot's event loop), which the margin absorbs. A bursty limiter
# still crosses it at once: a bucket of 16 lets 16 through, then 16 more within the second.
RATE = 16
TELEGRAM_RATE = 20
MESSAGES = 50
# Instances beat fast here, so that they learn of each other within the test.
BEAT_SECONDS = 0.2


class SlidingSecond:
    """The emulator's Telegram: a 429 for any sendMessage beyond TELEGRAM_RATE in the last
    second."""

    def __init__(self) -> None:
        self.sent: deque[float] = deque()
        self.refused = 0

    def __call__(self, call: ApiCall) -> Fault | None:
        if call.method != "sendMessage":
            return None
        now = time.monotonic()
        while self.sent and now - self.sent[0] >= 1.0:
            self.sent.popleft()
        if len(self.sent) >= TELEGRAM_RATE:
            self.refused += 1
            return Fault.flood(retry_after=1)
        self.sent.append(now)
        return None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_burst_of_messages_never_crosses_the_limit(
    emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> None:
    settings = load_settings(
        _env_file=None,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        telegram_rate_limit=RATE,
        database_url=database_url,
        data_dir=tmp_path,
    )
    telegram = SlidingSecond()
    emulator.fault_policy = telegram
    people = [emulator.user(900 + n) for n in range(MESSAGES)]
    for person in people:
        # Telegram lets a bot write only to people who have written to it.
        await person.send_text("/start")
    engine = create_engine(database_url)
    try:
        application = build_application(
            settings, token=emulator.token, sessions=session_factory(engine)
        )
        async with application.bot as bot:
            await asyncio.gather(
                *(bot.send_message(person.user_id, "Time to train") for person in people)
            )
    finally:
        await engine.dispose()
    assert telegram.refused == 0
    assert all([m.text for m in person.messages] == ["Time to train"] for person in people)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_instances_share_the_limit_and_one_left_takes_it_whole(
    emulator: BotApiEmulator, bot_settings: Settings
) -> None:
    settings = bot_settings.model_copy(
        update={"telegram_rate_limit": RATE, "instance_beat_seconds": BEAT_SECONDS}
    )
    people = [emulator.user(900 + n) for n in range(MESSAGES)]
    for person in people:
        await person.send_text("/start")
    telegram = SlidingSecond()
    emulator.fault_policy = telegram
    async with webhook_bot(settings, hook_settings(), emulator.token) as first:
        async with webhook_bot(settings, hook_settings(), emulator.token) as second:
            instances = [_share(first), _share(second)]
            await until(_running(instances, 2), "each instance counts two")
            half = MESSAGES // 2
            await asyncio.gather(
                *(_remind(first, person) for person in people[:half]),
                *(_remind(second, person) for person in people[half:]),
            )
        await until(_running(instances[:1], 1), "the instance left counts itself alone")
        limiter = first.bot.rate_limiter
        assert isinstance(limiter, SharedRateLimiter)
        assert limiter.per_second == RATE
    assert telegram.refused == 0
    assert all([m.text for m in person.messages] == ["Time to train"] for person in people)


def _share(application: CoachApplication) -> SendShare:
    share = services(application.bot_data).share
    assert share is not None, "PostgreSQL serves several instances"
    return share


def _running(shares: list[SendShare], count: int) -> Callable[[], Awaitable[bool]]:
    async def counted() -> bool:
        return all(share.running == count for share in shares)

    return counted


async def _remind(application: CoachApplication, person: ChatUser) -> None:
    await application.bot.send_message(person.user_id, "Time to train")
