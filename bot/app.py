"""Assembling the python-telegram-bot Application from settings, storage and handlers."""

from __future__ import annotations

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder

from bot import messages
from bot.coaching import CoachService
from bot.config import Settings
from bot.handlers import general, onboarding, training
from bot.handlers.context import install_service
from bot.storage.persistence import DatabasePersistence


def build_application(
    settings: Settings, *, token: str, service: CoachService, persistence: DatabasePersistence
) -> Application:  # type: ignore[type-arg]
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .persistence(persistence)
        .build()
    )
    install_service(application.bot_data, service)
    application.add_handler(onboarding.conversation())
    application.add_handlers(general.handlers())
    application.add_handlers(training.handlers())
    application.add_handlers(general.last_resort_handlers())
    application.add_error_handler(general.on_error)
    return application


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Fill the `/` menu in Telegram clients with the bot's commands."""
    await application.bot.set_my_commands(
        [BotCommand(command, description) for command, description in messages.COMMANDS]
    )
