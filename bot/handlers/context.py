"""Typed access to what the application shares with every handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.coaching import CoachService, TelegramIdentity
from bot.logbook import LogbookService
from bot.progress import ProgressService
from bot.reminder_dispatch import ReminderDispatcher
from bot.reminder_settings import ReminderSettingsService

Context = ContextTypes.DEFAULT_TYPE

SERVICES_KEY = "services"


@dataclass(frozen=True, slots=True)
class Services:
    coach: CoachService
    logbook: LogbookService
    reminders: ReminderSettingsService
    progress: ProgressService
    dispatcher: ReminderDispatcher

    def with_clock(self, clock: Callable[[], datetime]) -> Services:
        """The same services reading another clock (tests move between days with it)."""
        self.dispatcher.clock = clock
        return replace(
            self,
            coach=replace(self.coach, clock=clock),
            logbook=replace(self.logbook, clock=clock),
            reminders=replace(self.reminders, clock=clock),
            progress=replace(self.progress, clock=clock),
        )


def install_services(bot_data: dict[Any, Any], services: Services) -> None:
    bot_data[SERVICES_KEY] = services


def services(bot_data: dict[Any, Any]) -> Services:
    found = bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found


def service(context: Context) -> CoachService:
    return services(context.bot_data).coach


def logbook(context: Context) -> LogbookService:
    return services(context.bot_data).logbook


def reminders(context: Context) -> ReminderSettingsService:
    return services(context.bot_data).reminders


def progress(context: Context) -> ProgressService:
    return services(context.bot_data).progress


def identity(update: Update) -> TelegramIdentity:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return TelegramIdentity(user.id, chat.id, user.first_name, user.language_code)
