"""The reminder dispatcher `coach run` builds (real renderer, own Bot), sending to the
emulator, for tests that drive it by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.telegram.app import build_application
from bot.telegram.context import services
from bot.telegram.reminder_dispatch import ReminderDispatcher


@asynccontextmanager
async def built_dispatcher(
    emulator: BotApiEmulator,
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    workdir: Path,
) -> AsyncIterator[ReminderDispatcher]:
    settings = load_settings(
        _env_file=None,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        telegram_rate_limit=0,
        database_url=database_url,
        data_dir=workdir,
    )
    application = build_application(settings, token=emulator.token, sessions=sessions)
    async with application.bot:
        yield services(application.bot_data).dispatcher
