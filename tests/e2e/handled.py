"""Waiting until the bot has handled what people sent, or sent the reminders due, rather
than for a quiet spell.

A quiet spell (`ChatUser.drain`, `BotApiEmulator.wait_idle`) costs its whole length every
time, and still only guesses: a reply slower than the spell (a chart, a retried call on a
busy machine) comes after it and is read as the answer to the next message.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from telegram.ext import Application

from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication, services
from tests.e2e.waiting import PATIENCE_SECONDS, until

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


async def all_handled(emulator: BotApiEmulator, application: AnyApplication) -> None:
    """Return once the polling `application` has fetched every update sent so far and
    finished handling each: every message it sends in answer to them is in the chats then.

    The emulator keeps an update until a later poll confirms it, and the bot polls again
    only after putting what it fetched on its update queue, whose `join` waits until each
    update on it has been handled.
    """

    async def fetched() -> bool:
        return not emulator.api.updates.pending_count

    # The bot polls again within moments of a poll's answer: look often.
    await until(fetched, "the bot had fetched every update", every=0.005)
    try:
        async with asyncio.timeout(PATIENCE_SECONDS):
            await application.update_queue.join()
    except TimeoutError:
        raise AssertionError(
            f"the bot had not handled every update after {PATIENCE_SECONDS} s"
        ) from None


class Replies(Protocol):
    async def __call__(self, user: ChatUser) -> list[BotMessage]: ...


def replies_of(emulator: BotApiEmulator, application: AnyApplication) -> Replies:
    """`replies(user)`: what the bot has sent `user` since the last one read, once it has
    handled every update sent so far; read, so that the next `next_message` is an answer
    to whatever comes next."""

    async def replies(user: ChatUser) -> list[BotMessage]:
        await all_handled(emulator, application)
        # Nothing more is on its way: take what is there without waiting for more.
        return await user.drain(settle=0)

    return replies


async def due_reminders_sent(application: CoachApplication) -> None:
    """Return once every reminder due by the bot's clock has been sent (or tried).

    Runs one pass of the reminder job's own dispatcher, which waits for a pass already
    under way; a reminder not sent by the time it returns was not due.
    """
    await services(application.bot_data).dispatcher.run_once()
