"""The bot object: python-telegram-bot's ExtBot, except that a button press Telegram no
longer lets us answer is not an error."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)

# How Telegram refuses an answer to a press it delivered more than ~15 s ago, or answered.
_EXPIRED_QUERY = "query is too old"


class CoachBot(ExtBot[None]):
    """Answers to expired button presses are skipped, not raised.

    After a crash Telegram delivers again the updates the bot had not confirmed, presses
    the crashed instance already answered among them, and after downtime every press is
    older than Telegram's ~15 s window. The answer only stops the button's spinner; failing
    the handler over it would lose the press itself and tell the person something broke.
    """

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if _EXPIRED_QUERY not in exc.message.lower():
                raise
            logger.info("A button press had expired before it was answered; handling it anyway")
            return False
