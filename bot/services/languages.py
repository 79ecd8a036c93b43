"""The language each person reads Coach in: the one they chose with /language, or the one
their Telegram app had at their first /start.

Which languages exist and how Telegram's codes map to them is the Telegram shell's business
(bot/telegram/i18n.py); here a locale is just the text stored for a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.coaching import TelegramIdentity
from bot.services.person_cache import person_cache
from bot.storage.repositories import UserRepository


@dataclass(frozen=True, slots=True)
class LanguageService:
    sessions: async_sessionmaker[AsyncSession]
    _chosen: TTLCache[int, str | None] = field(default_factory=person_cache)

    async def chosen(self, user_id: int) -> str | None:
        """The person's language, or None while they have none (before their first /start)."""
        if user_id in self._chosen:
            return self._chosen[user_id]
        async with self.sessions() as session:
            await self.refresh(session, user_id)
        return self._chosen[user_id]

    async def refresh(self, session: AsyncSession, user_id: int) -> None:
        """Cache the person's language as `session` reads it."""
        self._chosen[user_id] = await UserRepository(session).locale(user_id)

    async def choose(self, who: TelegramIdentity, locale: str, *, if_unset: bool = False) -> str:
        """Make `locale` the person's language (with `if_unset`, only if they have none yet,
        as at /start); the language they have now. The person is stored if they were not:
        the choice may come before the first question of /start is answered."""
        async with self.sessions.begin() as session:
            users = UserRepository(session)
            await users.upsert(who.user_id, who.chat_id, who.first_name, who.language_code)
            await users.set_locale(who.user_id, locale, if_unset=if_unset)
            stored = await users.locale(who.user_id)
        assert stored is not None, "the person was stored, with a language, just above"
        self._chosen[who.user_id] = stored
        return stored

    def forget(self, user_id: int) -> None:
        """Drop the cached language: the person's data was erased."""
        self._chosen.pop(user_id, None)
