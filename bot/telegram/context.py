"""The context every handler gets: python-telegram-bot's, with the bot's services on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.services.admin import AdminService
from bot.services.coaching import CoachService, TelegramIdentity
from bot.services.languages import LanguageService
from bot.services.logbook import LogbookService
from bot.services.plan_changes import PlanChangesService
from bot.services.progress import ProgressService
from bot.services.reminder_settings import ReminderSettingsService
from bot.services.switches import SwitchesService
from bot.telegram.coach_bot import CoachBot
from bot.telegram.intake import UpdateIntake
from bot.telegram.reminder_dispatch import ReminderDispatcher
from bot.telegram.send_share import SendShare

SERVICES_KEY = "services"
# Where the Mini App is served, once it is: a WebAppSite.
WEBAPP_KEY = "webapp"

Data = dict[Any, Any]


@dataclass(frozen=True, slots=True)
class Services:
    coach: CoachService
    logbook: LogbookService
    reminders: ReminderSettingsService
    progress: ProgressService
    admin: AdminService
    switches: SwitchesService
    plan_changes: PlanChangesService
    dispatcher: ReminderDispatcher
    intake: UpdateIntake
    languages: LanguageService
    # This instance among those on a shared database (None on SQLite: it serves one).
    share: SendShare | None = None

    def forget(self, user_id: int) -> None:
        """Drop every cached copy of the person's data (it was erased)."""
        for forget in (
            self.coach.forget,
            self.switches.forget,
            self.plan_changes.forget,
            self.languages.forget,
            self.logbook.past.forget,
        ):
            forget(user_id)

    def with_clock(self, clock: Callable[[], datetime]) -> Services:
        """The same services reading another clock (tests move between days with it)."""
        self.dispatcher.clock = clock
        return replace(
            self,
            coach=replace(self.coach, clock=clock),
            logbook=replace(self.logbook, clock=clock),
            reminders=replace(self.reminders, clock=clock),
            progress=replace(self.progress, clock=clock),
            admin=replace(self.admin, clock=clock),
        )


class Context(CallbackContext[ExtBot[None], Data, Data, Data]):
    """What a handler gets: `context.services` beside PTB's own fields."""

    @property
    def services(self) -> Services:
        return services(self.bot_data)


CONTEXT_TYPES = ContextTypes(context=Context)

# PTB's builder keeps the job queue's default context type in its signature; at run time jobs
# get a `Context` like handlers do.
CoachApplication = Application[
    CoachBot, Context, Data, Data, Data, JobQueue[CallbackContext[ExtBot[None], Data, Data, Data]]
]


@dataclass(frozen=True, slots=True)
class WebAppSite:
    """The Mini App as this bot serves it: the URL people open (None when Telegram cannot
    open it: the local chat's plain-HTTP one) and the port it listens on."""

    url: str | None
    port: int


def webapp_site(bot_data: Data) -> WebAppSite | None:
    found = bot_data.get(WEBAPP_KEY)
    return found if isinstance(found, WebAppSite) else None


def install_services(bot_data: Data, services: Services) -> None:
    bot_data[SERVICES_KEY] = services


def services(bot_data: Data) -> Services:
    found = bot_data[SERVICES_KEY]
    assert isinstance(found, Services), "the application was built without its services"
    return found


def identity(update: Update) -> TelegramIdentity:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return TelegramIdentity(user.id, chat.id, user.first_name, user.language_code)
