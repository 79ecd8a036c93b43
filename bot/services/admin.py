"""What the people in ADMIN_IDS may ask of the bot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.stats import AdminStats
from bot.storage.admin_stats import admin_stats


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class AdminService:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = _utcnow

    async def stats(self) -> AdminStats:
        async with self.sessions() as session:
            return await admin_stats(session, self.clock())
