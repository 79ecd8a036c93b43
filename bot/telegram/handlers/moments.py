"""Plain-text coaching moments: a message that is no workout log, read for what it tells
about the person today ("my knee hurts", "can't train today"), and acted on."""

from __future__ import annotations

from telegram import Update

from bot.core.coaching_moments import Pain, SleptBadly, Sore, read_moment
from bot.telegram.context import Context
from bot.telegram.handlers import readiness
from bot.telegram.handlers.wiring import Setup


async def answer(update: Update, context: Context, setup: Setup, text: str) -> bool:
    """Act on the moment `text` tells; False when it tells none Coach acts on, for the
    caller to answer it as any text it could not read."""
    moment = read_moment(text)
    if isinstance(moment, Pain | Sore | SleptBadly):
        await readiness.told(update, context, setup, moment)
        return True
    # Not yet acted on: can't train today, only some equipment, travel, feeling great.
    return False
