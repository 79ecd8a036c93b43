"""Running the bot: database set-up, polling or a webhook, and a clean stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AsyncExitStack,
    asynccontextmanager,
    contextmanager,
)
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings, StartupError
from bot.storage.database import session_factory
from bot.storage.migrate import open_database
from bot.telegram.app import build_application, register_commands
from bot.telegram.context import CoachApplication, services
from bot.telegram.webhook import run_webhook_mode

logger = logging.getLogger(__name__)


@asynccontextmanager
async def running_bot(
    settings: Settings, *, token: str, poll_timeout: float = 10.0
) -> AsyncIterator[CoachApplication]:
    """Migrate the database, receive updates (webhook or polling), stop cleanly on exit.

    A database that cannot be opened raises DatabaseUnavailable; Telegram refusing or out of
    reach, or a webhook port taken, raise StartupError: their messages say what to do.
    """
    async with AsyncExitStack() as stack:
        engine = await open_database(
            settings.resolved_database_url, pool_size=settings.database_pool_size
        )
        stack.push_async_callback(engine.dispose)
        application = build_application(settings, token=token, sessions=session_factory(engine))
        # PTB closes the bot's HTTP sessions only for an application that started; one
        # Telegram refused at start-up would leave them open.
        stack.push_async_callback(application.bot.shutdown)
        api = settings.telegram_base_url
        with _telegram_failures_explained(api):
            # Initializing asks Telegram who the bot is: where a token is refused.
            await stack.enter_async_context(application)
            await register_commands(application)
        await application.start()
        # Updates stop arriving before the Application stops, so its stop() handles every
        # update already received.
        stack.push_async_callback(application.stop)
        stack.callback(_start_no_new_work, application)
        # Before new updates arrive, so each person's come after their older ones.
        await services(application.bot_data).intake.replay(application, at_start=True)
        with _telegram_failures_explained(api):
            await stack.enter_async_context(_receiving(application, settings, engine, poll_timeout))
        yield application


@contextmanager
def _telegram_failures_explained(api: str) -> Iterator[None]:
    """Turn Telegram refusing the bot at start-up, or out of reach, into StartupError."""
    try:
        yield
    except InvalidToken:
        # Not chained: PTB's message quotes the whole token.
        raise StartupError(
            "Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather"
        ) from None
    except TelegramError as exc:
        raise StartupError(_telegram_failure(exc, api)) from exc


def _telegram_failure(error: TelegramError, api: str) -> str:
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        # The URL's host alone: PTB puts the token after TELEGRAM_BASE_URL's path.
        host = urlsplit(api).netloc
        return (
            f"Cannot reach the Telegram Bot API at {host} ({error.message}): "
            "check the network, or TELEGRAM_BASE_URL"
        )
    return f"Telegram refused to start the bot: {error.message}"


def _start_no_new_work(application: CoachApplication) -> None:
    """Before the Application stops: the reminder dispatcher claims nothing more, and no
    job starts. PTB's stop waits for the jobs running when it begins, then shuts the
    scheduler down, which cancels any job started meanwhile (a cancelled job is logged as
    an error); a paused scheduler starts none."""
    services(application.bot_data).dispatcher.stop()
    if application.job_queue is not None:
        application.job_queue.scheduler.pause()


def _receiving(
    application: CoachApplication,
    settings: Settings,
    engine: AsyncEngine,
    poll_timeout: float,
) -> AbstractAsyncContextManager[None]:
    if settings.webhook_url:
        intake = services(application.bot_data).intake.receive
        return run_webhook_mode(application, settings, engine, intake)
    return _polling(application, poll_timeout)


@asynccontextmanager
async def _polling(
    application: CoachApplication,
    poll_timeout: float,
) -> AsyncIterator[None]:
    assert application.updater is not None
    await application.updater.start_polling(
        timeout=int(poll_timeout),
        allowed_updates=Update.ALL_TYPES,
        error_callback=_polling_failed,
    )
    try:
        yield
    finally:
        await application.updater.stop()


def _polling_failed(error: TelegramError) -> None:
    """A poll failed even after the bot's retries; PTB polls again, with growing pauses.

    PTB logs every such failure as an error with a traceback. A network error or a 5xx
    while Telegram has a bad minute is expected and heals itself; anything else (another
    instance polling with the same token, say) needs a person.
    """
    if isinstance(error, RetryAfter | NetworkError) and not isinstance(error, BadRequest):
        logger.warning("Polling Telegram for updates failed (%s); polling again", error)
    else:
        logger.error("Polling Telegram for updates failed: %s", error)


async def serve_until_stopped(settings: Settings, *, token: str) -> None:
    """Run until SIGINT or SIGTERM, then finish in-flight work and exit."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings, token=token) as application:
        me = application.bot.username
        logger.info("Coach is running as @%s; press Ctrl-C to stop", me)
        await stop.wait()
    logger.info("Coach stopped")
