"""Assembling the python-telegram-bot Application from settings, storage and handlers."""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable, Coroutine
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, ApplicationBuilder

from bot.config import Settings
from bot.core.send_ahead import Pace
from bot.logs.formatting import ERROR_COUNTER
from bot.services.admin import AdminService
from bot.services.coaching import CoachService
from bot.services.languages import LanguageService
from bot.services.logbook import LogbookService
from bot.services.past_history import PastHistories
from bot.services.person_cache import RefreshWhenChanged
from bot.services.plan_changes import PlanChangesService
from bot.services.progress import ProgressService
from bot.services.reminder_settings import ReminderSettingsService
from bot.services.switches import SwitchesService
from bot.storage.inbox import UpdateInbox
from bot.storage.instances import InstanceRegistry
from bot.storage.persistence import DatabasePersistence
from bot.storage.person_locks import person_locks
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.coach_bot import CoachBot
from bot.telegram.context import (
    CONTEXT_TYPES,
    CoachApplication,
    Context,
    Services,
    install_services,
)
from bot.telegram.flood_guard import FloodGuard, flood_guard_handler
from bot.telegram.handlers import (
    admin,
    bodyweight,
    coaching,
    data,
    general,
    language,
    moments,
    onboarding,
    progress,
    readiness,
    reminders,
    rest_timer,
    training,
    workouts,
)
from bot.telegram.i18n import ENGLISH, LOCALES, command_language, tr, translator
from bot.telegram.intake import UpdateIntake
from bot.telegram.reminder_content import ReminderRenderer
from bot.telegram.reminder_dispatch import ReminderDispatcher
from bot.telegram.send_share import RATE_HEADROOM, SendShare, SharedRateLimiter
from bot.telegram.shared_state import SharedState
from bot.telegram.update_logging import update_context_handler
from bot.telegram.update_processor import PerUserUpdateProcessor

# How often the inbox is swept for updates a crashed instance left unhandled, and pruned.
INBOX_SWEEP_SECONDS = 30

# Handler groups, in the order every update meets them; the bot's own handlers are in 0.
_LOG_CONTEXT_GROUP = -4
_LANGUAGE_GROUP = -3
_FLOOD_GUARD_GROUP = -2
_ADMIN_GROUP = -1

# APScheduler's default grace of one second silently drops a run when the loop is busy;
# a late tick is still worth running, and piled-up ticks are one tick's work.
_JOB_OPTIONS = {"misfire_grace_time": 60, "coalesce": True, "max_instances": 1}


def build_application(
    settings: Settings, *, token: str, sessions: async_sessionmaker[AsyncSession]
) -> CoachApplication:
    engine = _engine_of(sessions)
    # SQLite serves one instance, whose own writes keep its memory and caches right; on
    # PostgreSQL other instances may change a person, so each update starts from the database.
    sole_instance = engine.dialect.name == "sqlite"
    past = PastHistories(shared=not sole_instance)
    coach = CoachService(sessions, settings.default_timezone)
    # The region to avoid is kept with what today's prescription is worked out from.
    switches = SwitchesService(sessions, changed=past.forget)
    plan_changes = PlanChangesService(sessions)
    languages = LanguageService(sessions)
    persistence = DatabasePersistence(sessions)
    conversations = [onboarding.conversation(), reminders.conversation()]
    intake = UpdateIntake(UpdateInbox(sessions), sole_instance=sole_instance)
    shared = SharedState(
        persistence,
        person_locks(engine),
        intake,
        conversations,
        sole_instance=sole_instance,
        refresh=[
            settings_refresh(coach, switches, plan_changes, languages),
            past,
        ],
    )
    # Handled one at a time, updates still pass through the processor: it frames each one
    # with its person's stored state.
    in_flight = settings.max_concurrent_updates if settings.handle_updates_concurrently else 1
    limit = settings.telegram_send_rate
    limiter = SharedRateLimiter(limit) if limit > 0 else None
    bot = CoachBot(
        token,
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
        # As ApplicationBuilder makes them: many calls at once, one long poll.
        request=AiohttpRequest(256, ssl_context=_tls_context()),
        get_updates_request=AiohttpRequest(1, ssl_context=_tls_context()),
        rate_limiter=limiter,
        intake=intake,
    )
    application = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .bot(bot)
        .persistence(persistence)
        .concurrent_updates(PerUserUpdateProcessor(in_flight, frame=shared))
        .build()
    )
    shared.attach(application)
    logbook = LogbookService(sessions, past=past)
    progress = ProgressService(sessions, past=past)
    renderer = ReminderRenderer(
        coach, logbook, progress, switches, plan_changes, webapp_url=settings.webapp_url
    )
    dispatcher = ReminderDispatcher(
        sessions,
        application.bot,
        renderer,
        prepare=renderer.prepare,
        grace=timedelta(minutes=settings.reminder_grace_minutes),
        # Each reminder in flight holds at most one connection: more than the pool makes
        # them queue for one and churn overflow connections (measured in the fan-out bench).
        concurrency=settings.database_pool_size,
        pace=_pace(settings),
        paid_broadcast=settings.telegram_paid_broadcast,
    )
    share = None
    if not sole_instance:
        every = timedelta(seconds=settings.instance_beat_seconds)
        share = SendShare(InstanceRegistry(sessions), limiter, dispatcher, every)
    install_services(
        application.bot_data,
        Services(
            coach,
            logbook,
            ReminderSettingsService(sessions),
            progress,
            AdminService(sessions),
            switches,
            plan_changes,
            dispatcher,
            intake,
            languages,
            share,
        ),
    )
    application.add_handler(update_context_handler(), group=_LOG_CONTEXT_GROUP)
    application.add_handler(language.speaking_handler(), group=_LANGUAGE_GROUP)
    if settings.flood_limit > 0:
        guard = FloodGuard(settings.flood_limit, settings.flood_window_seconds)
        warning = partial(tr, "general.flood_warning")
        application.add_handler(flood_guard_handler(guard, warning), group=_FLOOD_GUARD_GROUP)
    application.add_handler(
        admin.admin_handler(settings.admin_ids, ERROR_COUNTER), group=_ADMIN_GROUP
    )
    application.add_handlers(conversations)
    _add_handlers(application)
    _every(application, settings.reminder_poll_seconds, _dispatch_reminders, "reminders")
    if share is not None:
        _every(application, share.every.total_seconds(), _beat, "instances")
    _every(application, INBOX_SWEEP_SECONDS, _sweep_inbox, "inbox")
    return application


def _every(
    application: CoachApplication,
    seconds: float,
    job: Callable[[Context], Coroutine[Any, Any, None]],
    name: str,
) -> None:
    """Run `job` every `seconds`, the first time `seconds` from now."""
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        job, interval=seconds, first=seconds, name=name, job_kwargs=_JOB_OPTIONS
    )


def settings_refresh(
    coach: CoachService,
    switches: SwitchesService,
    plan_changes: PlanChangesService,
    languages: LanguageService,
) -> RefreshWhenChanged:
    """The services' copies of a person's settings, each read again when the tables it
    reads changed (see RefreshWhenChanged)."""
    return RefreshWhenChanged(
        [
            (coach.refresh, ("profiles", "plans")),
            (switches.refresh, ("coaching_switches",)),
            (plan_changes.refresh, ("moved_sessions", "travel_periods")),
            (languages.refresh, ("users",)),
        ]
    )


def _add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handlers(general.handlers())
    application.add_handlers(training.handlers())
    application.add_handlers(reminders.handlers())
    application.add_handlers(data.handlers())
    application.add_handlers(progress.handlers())
    application.add_handlers(bodyweight.handlers())
    application.add_handlers(rest_timer.handlers())
    application.add_handlers(readiness.handlers())
    application.add_handlers(coaching.handlers())
    application.add_handlers(language.handlers())
    application.add_handlers(moments.handlers())
    application.add_handlers(workouts.handlers())
    application.add_handlers(general.last_resort_handlers())
    application.add_error_handler(general.on_error)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # The one httpx would make for each client; making one reads the whole CA bundle
    # (some 40 ms), and the tests start a bot hundreds of times in one process.
    return httpx.create_ssl_context()


def _pace(settings: Settings) -> Pace | None:
    """The rate reminders really go out at, for planning crowded slots ahead; None without
    a limit, when every slot can go at its time."""
    limit = settings.telegram_send_rate
    lead = settings.reminder_send_ahead_minutes * 60
    return Pace(limit * RATE_HEADROOM, lead) if limit > 0 else None


def _engine_of(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    engine = sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine), "sessions must be bound to an async engine"
    return engine


async def _dispatch_reminders(context: Context) -> None:
    await context.services.dispatcher.run_once()


async def _beat(context: Context) -> None:
    share = context.services.share
    assert share is not None, "the job runs only with a share"
    await share.beat()


async def _sweep_inbox(context: Context) -> None:
    intake = context.services.intake
    await intake.replay(context.application)
    await intake.inbox.prune()


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Fill the `/` menu in Telegram clients with the bot's commands: in English for any
    app language, and in each other language Coach speaks for apps set to it."""
    for locale in LOCALES:
        language_code = None if locale == ENGLISH else command_language(locale)
        await application.bot.set_my_commands(
            language.command_menu(translator(locale)), language_code=language_code
        )
