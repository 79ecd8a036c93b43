"""The bot object: python-telegram-bot's ExtBot, except that a Bot API call that fails in
passing is tried again, a button press Telegram no longer lets us answer is not an error,
polled updates pass through the intake before anything else sees them, and no text goes out
longer than Telegram takes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

from cachetools import LRUCache
from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.core.message_length import MAX_MESSAGE_CHARS, cut_to_fit, message_length

logger = logging.getLogger(__name__)

# Takes the JSON updates of one webhook call and gives back those to handle.
Intake = Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]


class PolledIntake(Protocol):
    """Where polled updates go (bot.telegram.intake.UpdateIntake)."""

    def take(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The JSON updates of one getUpdates answer; gives back those to handle."""

    async def settle(self) -> None:
        """Make the updates taken so far safe to confirm; raises when they are not."""


# How Telegram refuses an answer to a press it delivered more than ~15 s ago, or answered.
_EXPIRED_QUERY = "query is too old"

# Seconds to wait before each retry of a call that failed in passing: five attempts in
# about four seconds, short enough for a person waiting on a reply.
RETRY_DELAYS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)

# Edits whose answer, the whole edited message, no caller reads: PTB built it into a
# Message, keyboard and all, on every button press (0.5 ms for a 12-button menu).
_ANSWER_UNUSED = frozenset({"editMessageText", "editMessageReplyMarkup"})

# What Telegram's answer to sendMessage repeats of the bot's own call: the keyboard it sent
# and the message it quoted. Nothing reads them back, and they were 60% of building the
# sent Message (0.34 of 0.57 ms for a confirmation).
_ECHOED = frozenset({"reply_markup", "reply_to_message"})

_MARKUPS: LRUCache[int, tuple[InlineKeyboardMarkup, dict[str, Any]]] = LRUCache(maxsize=4096)


class CoachBot(ExtBot[None]):
    """Retries transient failures; skips answers to expired button presses.

    A 5xx answer, a timeout or a dropped connection says nothing about the request itself,
    and Telegram answers a few of them on any busy day; a 429 names its own wait. Without a
    retry the reply to a person's log is lost although the log is stored, and they cannot
    tell. A retry may repeat a message whose answer was lost on the way back: a reply seen
    twice is better than one never seen. (Reminders keep their at-most-once promise per
    slot: see bot.telegram.reminder_dispatch.) A poll is retried too: one whose answer was lost only
    fetches the same updates again. A 4xx other than 429 is final.

    An edit gives back True, not the edited message: nothing reads it, and building it
    cost half a millisecond on a button press with a menu. A sent message comes back
    without the keyboard and quoted message the bot sent it with, for the same reason.

    After a crash Telegram delivers again the updates the bot had not confirmed, presses
    the crashed instance already answered among them, and after downtime every press is
    older than Telegram's ~15 s window. The answer only stops the button's spinner; failing
    the handler over it would lose the press itself and tell the person something broke.
    """

    def __init__(self, *args: Any, intake: PolledIntake | None = None, **kwargs: Any) -> None:
        """`intake` gets every batch getUpdates returns, before the bot sees it, and gives
        back the updates to handle; each poll, which confirms the batches before it, first
        waits for it to settle them (see bot.telegram.intake)."""
        super().__init__(*args, **kwargs)
        self._intake = intake

    async def _do_post(self, endpoint: str, data: Any, **timeouts: Any) -> Any:
        if endpoint == "getUpdates" and self._intake is not None:
            await self._intake.settle()
        result = await self._post_with_retries(endpoint, data, **timeouts)
        if endpoint == "getUpdates" and self._intake is not None and result:
            return self._intake.take(result)
        if endpoint in _ANSWER_UNUSED:
            # What Telegram answers for an inline message, and PTB passes on unread.
            return True
        if endpoint == "sendMessage" and isinstance(result, dict):
            return {key: value for key, value in result.items() if key not in _ECHOED}
        return result

    async def _post_with_retries(self, endpoint: str, data: Any, **timeouts: Any) -> Any:
        delays = iter(RETRY_DELAYS)
        while True:
            try:
                return await super()._do_post(endpoint, data, **timeouts)
            except BadRequest:
                raise
            except (RetryAfter, NetworkError) as exc:
                delay = next(delays, None)
                if delay is None:
                    raise
                wait = _seconds(exc.retry_after) if isinstance(exc, RetryAfter) else delay
                logger.info("Bot API %s failed (%s); retrying in %.2f s", endpoint, exc, wait)
                await asyncio.sleep(wait)

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if _EXPIRED_QUERY not in exc.message.lower():
                raise
            logger.info("A button press had expired before it was answered; handling it anyway")
            return False

    # Telegram refuses a text over 4,096 characters with "Message is too long", and the
    # person would get nothing but the apology. Replies that can grow (a history, a list of
    # names) fit themselves with a pointer to the rest; this is the net under all the others.

    async def send_message(self, *args: Any, **kwargs: Any) -> Message:
        args, kwargs = _fit_text(args, kwargs, text_at=1)
        return await super().send_message(*args, **kwargs)

    async def send_message_unread(
        self,
        chat_id: int,
        text: str,
        *,
        reply_markup: InlineKeyboardMarkup | None = None,
        allow_paid_broadcast: bool | None = None,
    ) -> None:
        """`send_message` for a caller that uses nothing of Telegram's answer, which is then
        not built into a Message: that cost a third of a reminder's CPU in the fan-out."""
        data = {
            "chat_id": chat_id,
            "text": _fit(text),
            "reply_markup": _markup_json(reply_markup),
            "allow_paid_broadcast": allow_paid_broadcast,
        }
        await self._post("sendMessage", data)

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Message | bool:
        args, kwargs = _fit_text(args, kwargs, text_at=0)
        return await super().edit_message_text(*args, **kwargs)


def _markup_json(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    """The markup as the Bot API takes it, built once per markup object: the people of a
    crowded minute share their reminder's markup (bot.telegram.reminder_content), and
    building its JSON again for each cost a tenth of a reminder's CPU. A Telegram object is
    frozen once built, and the cache keeps it alive, so its id names it."""
    if markup is None:
        return None
    kept = _MARKUPS.get(id(markup))
    if kept is None or kept[0] is not markup:
        kept = _MARKUPS[id(markup)] = (markup, markup.to_dict())
    return kept[1]


def _fit_text(
    args: tuple[Any, ...], kwargs: dict[str, Any], *, text_at: int
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """A call's arguments with its text (keyword, or positional at `text_at`) cut to fit."""
    if "text" in kwargs:
        return args, {**kwargs, "text": _fit(kwargs["text"])}
    if len(args) > text_at:
        return (*args[:text_at], _fit(args[text_at]), *args[text_at + 1 :]), kwargs
    return args, kwargs


def _fit(text: Any) -> Any:
    if not isinstance(text, str) or message_length(text) <= MAX_MESSAGE_CHARS:
        return text
    # Only the lengths: the text is the person's.
    logger.warning("A text of %d characters was cut to Telegram's %d", len(text), MAX_MESSAGE_CHARS)
    return cut_to_fit(text)


def _seconds(retry_after: int | timedelta) -> float:
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
