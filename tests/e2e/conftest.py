"""The real bot, over real HTTP, against the local Bot API emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import pytest

from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.runner import running_bot
from tests.e2e.handled import Replies, replies_of
from tests.support.databases import migrate_from_template


class BotRunner(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[CoachApplication]: ...


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot_settings(emulator: BotApiEmulator, db_settings_overrides: dict[str, Any]) -> Settings:
    return await settings_for(emulator, db_settings_overrides)


async def settings_for(emulator: BotApiEmulator, db_settings_overrides: dict[str, Any]) -> Settings:
    """The bot's settings for talking to `emulator`, on a migrated database."""
    # The bot migrates its database as it starts; a copy of a migrated one leaves it nothing
    # to do, and spares each test the migrations' cost (tests/storage/test_migrations.py and
    # the tests starting `coach` as a process migrate empty databases).
    await migrate_from_template(db_settings_overrides["database_url"])
    return load_settings(
        _env_file=None,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        reminder_poll_seconds=0.1,
        # Tests drive people faster than anyone types; the guard has its own tests.
        flood_limit=0,
        **db_settings_overrides,
    )


@pytest.fixture
def start_bot(emulator: BotApiEmulator, bot_settings: Settings) -> BotRunner:
    """Starts a fresh bot process-equivalent on the same database each time it is called."""

    def start() -> AbstractAsyncContextManager[CoachApplication]:
        return running_bot(bot_settings, token=emulator.token, poll_timeout=1)

    return start


@pytest.fixture
async def coach(start_bot: BotRunner) -> AsyncIterator[CoachApplication]:
    async with start_bot() as application:
        yield application


@pytest.fixture
def replies(emulator: BotApiEmulator, coach: CoachApplication) -> Replies:
    """`await replies(user)`: what the bot has sent `user` since the last one read, once
    it has handled everything sent so far (see tests.e2e.handled)."""
    return replies_of(emulator, coach)


class FakeClock:
    """A clock the test moves by hand, so a session can span several training days."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# Monday 30 November 2026, 10:00 UTC.
A_MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(coach: CoachApplication) -> FakeClock:
    fake = FakeClock(A_MONDAY)
    install_services(coach.bot_data, services(coach.bot_data).with_clock(fake))
    return fake
