"""Running the bot: database set-up, polling or a webhook, and a clean stop."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import AsyncIterator, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AsyncExitStack,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import MenuButtonWebApp, Update, WebAppInfo
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings, StartupError
from bot.storage.database import session_factory, sqlite_file
from bot.storage.migrate import open_database
from bot.storage.sqlite_checkpoint import checkpointing
from bot.telegram.app import build_application, register_commands
from bot.telegram.context import (
    WEBAPP_KEY,
    CoachApplication,
    WebAppSite,
    services,
    webapp_site,
)
from bot.telegram.i18n import tr
from bot.telegram.webhook import run_webhook_mode
from bot.webapp.api import WebAppApi
from bot.webapp.rate_limit import RateLimiter
from bot.webapp.server import mount, serving

logger = logging.getLogger(__name__)

# Allocations (net of deallocations) between two collections of the youngest objects.
YOUNG_COLLECTION_THRESHOLD = 10_000


@asynccontextmanager
async def running_bot(
    settings: Settings, *, token: str, poll_timeout: float = 10.0, local_webapp: bool = False
) -> AsyncIterator[CoachApplication]:
    """Migrate the database, receive updates (webhook or polling), stop cleanly on exit.

    The Mini App is served with WEBAPP_URL set, and with `local_webapp` (the local chat) on
    127.0.0.1 for a plain browser; `webapp_site(application.bot_data)` says where.

    A database that cannot be opened raises DatabaseUnavailable; Telegram refusing or out of
    reach, or a webhook port taken, raise StartupError: their messages say what to do.
    """
    async with AsyncExitStack() as stack:
        engine = await open_database(
            settings.resolved_database_url, pool_size=settings.database_pool_size
        )
        stack.push_async_callback(engine.dispose)
        if (sqlite_path := sqlite_file(engine.url)) is not None:
            await stack.enter_async_context(checkpointing(sqlite_path))
        application = build_application(settings, token=token, sessions=session_factory(engine))
        # PTB closes the bot's HTTP sessions only for an application that started; one
        # Telegram refused at start-up would leave them open.
        stack.push_async_callback(application.bot.shutdown)
        api = settings.telegram_base_url
        with _telegram_failures_explained(api):
            # Initializing asks Telegram who the bot is: where a token is refused.
            await stack.enter_async_context(application)
            await register_commands(application)
        await _join_instances(application, stack)
        await application.start()
        # Updates stop arriving before the Application stops, so its stop() handles every
        # update already received.
        stack.push_async_callback(application.stop)
        stack.callback(_start_no_new_work, application)
        # Before new updates arrive, so each person's come after their older ones.
        await services(application.bot_data).intake.replay(application, at_start=True)
        _tune_garbage_collection()
        with _telegram_failures_explained(api):
            webapp = _webapp(application, settings, token, local=local_webapp)
            receiving = _receiving(application, settings, engine, poll_timeout, webapp)
            await stack.enter_async_context(receiving)
        yield application


def _tune_garbage_collection() -> None:
    """Keep what start-up built (modules, classes, mappers, the catalogue, compiled
    statements) out of the garbage collector's scans from now on: it lives as long as the
    process, and a full collection walked all of it, pausing a reply for over 100 ms, the
    log bench's slowest. And collect the youngest objects after YOUNG_COLLECTION_THRESHOLD
    allocations rather than CPython's 700: an update allocates thousands of short-lived
    objects, so one log in six paused for a collection (0.2-1.5 ms), and one in a hundred
    does now (about 2 ms), for a third of the collector's time per log."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)


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


async def _join_instances(application: CoachApplication, stack: AsyncExitStack) -> None:
    """On a shared database, count in with the instances running before sending anything,
    and leave the count once stopped, when this instance sends no more."""
    share = services(application.bot_data).share
    if share is not None:
        await share.beat()
        stack.push_async_callback(share.leave)


def _start_no_new_work(application: CoachApplication) -> None:
    """Before the Application stops: the reminder dispatcher claims nothing more, and no
    job starts. PTB's stop waits for the jobs running when it begins, then shuts the
    scheduler down, which cancels any job started meanwhile (a cancelled job is logged as
    an error); a paused scheduler starts none."""
    services(application.bot_data).dispatcher.stop()
    if application.job_queue is not None:
        application.job_queue.scheduler.pause()


@dataclass(frozen=True, slots=True)
class _WebApp:
    """The Mini App to serve: its API, and where, when the bot serves it on its own."""

    api: WebAppApi
    local: bool


def _webapp(
    application: CoachApplication, settings: Settings, token: str, *, local: bool
) -> _WebApp | None:
    if not settings.webapp_url and not local:
        return None
    limit = settings.webapp_rate_limit
    api = WebAppApi(
        application,
        bot_token=token,
        max_age=settings.webapp_auth_max_age,
        limiter=RateLimiter(limit) if limit else None,
    )
    return _WebApp(api, local)


def _receiving(
    application: CoachApplication,
    settings: Settings,
    engine: AsyncEngine,
    poll_timeout: float,
    webapp: _WebApp | None,
) -> AbstractAsyncContextManager[None]:
    if settings.webhook_url:
        intake = services(application.bot_data).intake.receive
        mount_webapp = None if webapp is None else partial(mount, api=webapp.api)
        if webapp is not None:
            application.bot_data[WEBAPP_KEY] = WebAppSite(
                settings.webapp_url, settings.webhook_port
            )
        return _offering_webapp(
            application, run_webhook_mode(application, settings, engine, intake, mount_webapp)
        )
    return _polling(application, settings, poll_timeout, webapp)


@asynccontextmanager
async def _offering_webapp(
    application: CoachApplication, receiving: AbstractAsyncContextManager[None]
) -> AsyncIterator[None]:
    """Receive, and once the Mini App is served, make it every chat's menu button."""
    async with receiving:
        site = webapp_site(application.bot_data)
        if site is not None and site.url is not None:
            button = MenuButtonWebApp(tr("webapp.menu_button"), WebAppInfo(site.url))
            await application.bot.set_chat_menu_button(menu_button=button)
        yield


@asynccontextmanager
async def _polling(
    application: CoachApplication,
    settings: Settings,
    poll_timeout: float,
    webapp: _WebApp | None,
) -> AsyncIterator[None]:
    async with AsyncExitStack() as stack:
        if webapp is not None:
            port = await stack.enter_async_context(_serving(webapp, settings))
            url = settings.webapp_url if not webapp.local else None
            application.bot_data[WEBAPP_KEY] = WebAppSite(url, port)
        await stack.enter_async_context(
            _offering_webapp(application, _updates(application, poll_timeout))
        )
        yield


def _serving(webapp: _WebApp, settings: Settings) -> AbstractAsyncContextManager[int]:
    """The Mini App's own server, yielding the port it listens on."""
    if not webapp.local:
        return serving(webapp.api, listen=settings.webhook_listen, port=settings.webhook_port)
    # Local: for this machine's browser alone, whatever WEBHOOK_LISTEN says; trying the app
    # out must not stop the chat when WEBHOOK_PORT is taken.
    return serving(
        webapp.api, listen="127.0.0.1", port=settings.webhook_port, any_port_if_taken=True
    )


@asynccontextmanager
async def _updates(application: CoachApplication, poll_timeout: float) -> AsyncIterator[None]:
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
