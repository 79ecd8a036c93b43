"""Erasing everything Coach stores about a person."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.inbox import forget_sender
from bot.storage.models import Conversation, User, UserData
from bot.storage.persistence import conversation_key


async def erase_person(session: AsyncSession, user_id: int, chat_id: int) -> None:
    """Delete the person and, through the foreign keys' cascades, their profile, plans,
    workouts, logs, sets, prompts, reminders, weigh-ins, readiness answers, coaching switches,
    moved sessions and travel periods; then the bot framework's state,
    which has no foreign key because it exists before onboarding creates the person, and the
    updates they sent that the inbox still holds."""
    await session.execute(delete(User).where(User.id == user_id))
    await session.execute(delete(UserData).where(UserData.user_id == user_id))
    await forget_sender(session, user_id)
    await session.execute(
        delete(Conversation).where(Conversation.key == conversation_key((chat_id, user_id)))
    )
