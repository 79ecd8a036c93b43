"""Which instances of the bot are running on a shared database.

Telegram's limit on messages a second is the bot's, however many instances send for it, so
each instance sends at its share. An instance says it is running every little while
(`beat`), and learns how many did within `alive`; one that stops says so (`leave`), and one
that crashed drops out of the count once `alive` has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import table_of, upsert
from bot.storage.models import BotInstance

_INSTANCES = table_of(BotInstance)


class InstanceRegistry:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def beat(self, instance_id: str, now: datetime, alive: timedelta) -> int:
        """Record that `instance_id` runs at `now`; how many instances did within `alive`
        of it, this one included. Those silent for longer are forgotten."""
        async with self._sessions.begin() as session:
            await upsert(session, BotInstance, {"id": instance_id, "seen_at": now})
            await session.execute(delete(_INSTANCES).where(_INSTANCES.c.seen_at < now - alive))
            running = await session.scalar(select(func.count()).select_from(_INSTANCES))
        return max(running or 0, 1)

    async def leave(self, instance_id: str) -> None:
        """`instance_id` stops: the others take its share at their next beat."""
        async with self._sessions.begin() as session:
            await session.execute(delete(_INSTANCES).where(_INSTANCES.c.id == instance_id))
