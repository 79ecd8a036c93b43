"""Menus and questions that wait for a button never eat a workout log.

A person with /reminders or /settings open still trains: a message that reads as a log is
logged as it would be with no menu open, and the menu stays where it was, its buttons
still live, rather than the log being answered "please tap a button" and lost.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update

from bot.core.logparse.parser import parse_log
from bot.core.logparse.reading import Rejection
from bot.telegram.context import Context, identity
from bot.telegram.handlers import workouts
from bot.telegram.i18n import tr

S = TypeVar("S")


async def logged_instead(update: Update, context: Context) -> bool:
    """Log the message if it reads as a workout log and the person has a plan to log it
    against (not halfway through their first onboarding); whether it was."""
    message = update.effective_message
    if message is None or not message.text or isinstance(parse_log(message.text), Rejection):
        return False
    if await context.services.coach.setup(identity(update).user_id) is None:
        return False
    await workouts.on_text(update, context)
    return True


def log_or_hint(state: S) -> Callable[[Update, Context], Coroutine[Any, Any, S]]:
    """For a menu or question answered by its buttons: a log is logged, anything else gets
    the hint to press a button; either way the menu stays in `state`."""

    async def handle(update: Update, context: Context) -> S:
        if not await logged_instead(update, context):
            message = update.effective_message
            assert message is not None
            await message.reply_text(tr("onboarding.hint_press_button"))
        return state

    return handle
