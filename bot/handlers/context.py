"""Typed access to what the application shares with every handler."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.coaching import CoachService, TelegramIdentity

Context = ContextTypes.DEFAULT_TYPE

_SERVICE_KEY = "coach_service"


def install_service(bot_data: dict[Any, Any], service: CoachService) -> None:
    bot_data[_SERVICE_KEY] = service


def service(context: Context) -> CoachService:
    found = context.bot_data[_SERVICE_KEY]
    assert isinstance(found, CoachService)
    return found


def identity(update: Update) -> TelegramIdentity:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return TelegramIdentity(user.id, chat.id, user.first_name, user.language_code)
