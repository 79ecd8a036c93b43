"""Webhook mode: Telegram POSTs updates to an aiohttp server in the bot's own event loop.

PTB's `run_webhook` is not used: it runs its own tornado server, owns the event loop and
has no health endpoint. This server only authenticates, parses and queues: every update
goes onto `application.update_queue`, where PTB processes it exactly as a polled one, so
any number of instances behind a load balancer can serve the same bot.

Routes:

* POST <path of WEBHOOK_URL>: an update, accepted only with the secret token header, and
  answered 200 only once it is recorded in the inbox (bot.telegram.intake); 503 otherwise.
* GET /healthz: 200 when the database answers, 503 when it does not, for load balancers.

Stopping drains: `run_webhook_mode` closes the listener and waits for requests in flight
before it returns, and the caller then stops the Application, whose `stop()` processes
every update queued before it (see `run_webhook_mode`).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application

from bot.config import StartupError
from bot.logs.formatting import exception_kind
from bot.logs.throttle import ThrottledLog
from bot.telegram.coach_bot import Intake

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
# Telegram's updates are a few kB (a message is at most 4096 characters plus metadata);
# the cap stops a client from making the server buffer an arbitrary body.
MAX_UPDATE_BYTES = 1024 * 1024
# Under a load balancer's usual 5 s health-check timeout, so a slow database reads as
# "unreachable" rather than as a timed-out check.
HEALTH_TIMEOUT = 3.0
# How long stopping waits for requests in flight. Those with their body read only queue
# the update, which takes milliseconds; aiohttp drops what arrives once stopping began, so
# a body still in transit never completes and waits out the whole timeout. Telegram
# retries that request (it got no 200), so nothing is lost either way.
SHUTDOWN_TIMEOUT = 5.0
# A request refused for a reason is logged at once, the same refusals after it as one count a
# minute (see bot.logs.throttle): whoever sends them decides how many there are.
REJECTED_SUMMARY = (
    "Rejected {count:,} more webhook requests in the last {seconds} s: "
    "missing or wrong secret token"
)
UNRECORDED_SUMMARY = (
    "Could not record {count:,} more updates in the last {seconds} s; Telegram will send them again"
)
BAD_REQUEST_SUMMARY = "Refused {{count:,}} more bad webhook requests in the last {{seconds}} s: {}"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
DbPing = Callable[[], Awaitable[bool]]
# Adds more routes (the Mini App's) to the server's aiohttp application.
Mount = Callable[[web.Application], None]


class WebhookSettings(Protocol):
    """The settings webhook mode reads; `bot.config.Settings` provides them."""

    @property
    def webhook_url(self) -> str | None: ...

    @property
    def webhook_secret(self) -> SecretStr | None: ...

    @property
    def webhook_listen(self) -> str: ...

    @property
    def webhook_port(self) -> int: ...


class WebhookServer:
    """Receives Telegram's webhook requests and queues their updates on `application`.

    Usage: `async with WebhookServer(...)`, or `start()` then `stop()`. It does not
    register the webhook with Telegram; `run_webhook_mode` does.
    """

    def __init__(
        self,
        application: AnyApplication,
        *,
        listen: str,
        port: int,
        path: str,
        secret: str,
        db_ping: DbPing,
        intake: Intake,
        health_timeout: float = HEALTH_TIMEOUT,
        mount: Mount | None = None,
    ) -> None:
        if not secret:
            # An empty secret would make the check meaningless; never echo the value.
            raise ValueError("the webhook secret token must not be empty")
        if not path.startswith("/"):
            raise ValueError(f"the webhook path must start with '/', got {path!r}")
        self._application = application
        self._listen = listen
        self._port = port
        self._path = path
        self._secret = secret.encode()
        self._db_ping = db_ping
        self._intake = intake
        self._health_timeout = health_timeout
        self._mount = mount
        self._runner: web.AppRunner | None = None
        self._rejected = _throttled(REJECTED_SUMMARY)
        # While the database is down, every update Telegram sends (and sends again) fails.
        self._unrecorded = _throttled(UNRECORDED_SUMMARY)
        self._refused: dict[str, ThrottledLog] = {}

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post(self._path, self._receive)
        app.router.add_get(HEALTH_PATH, self._health)
        if self._mount is not None:
            self._mount(app)
        # No access log: load balancers probe /healthz every few seconds. Rejections are
        # logged by the handler.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._listen, self._port).start()
        except BaseException as exc:
            await runner.cleanup()
            if isinstance(exc, OSError):
                raise StartupError(self._cannot_listen(exc)) from exc
            raise
        self._runner = runner

    def _cannot_listen(self, error: OSError) -> str:
        # asyncio's message repeats the address; the errno's text is the reason.
        reason = os.strerror(error.errno) if error.errno and error.errno > 0 else error.strerror
        return (
            f"Cannot listen for webhook requests on {self._listen}:{self._port} ({reason}): "
            "free the port, or set WEBHOOK_LISTEN and WEBHOOK_PORT"
        )

    async def stop(self) -> None:
        """Stop listening, then wait for the requests in flight, so their updates are queued."""
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        await runner.cleanup()
        for throttled in (self._rejected, self._unrecorded, *self._refused.values()):
            throttled.flush()

    async def __aenter__(self) -> WebhookServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _receive(self, request: web.Request) -> web.Response:
        # Authenticate before reading the body: a stranger's payload is never parsed.
        if not self._authorised(request):
            # Neither the body nor the header's value is logged: the latter may be a
            # near-miss of the real secret.
            self._rejected.log(
                "Rejected a webhook request from %s to %s: missing or wrong secret token",
                request.remote,
                request.path,
            )
            return web.Response(status=403)
        # Over MAX_UPDATE_BYTES, read() raises HTTPRequestEntityTooLarge: a 413 answer.
        body = await request.read()
        # ValueError covers UnicodeDecodeError; RecursionError is absurdly deep nesting.
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return self._bad_request(request, "the body is not JSON")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return self._bad_request(request, "the body is not an update")
        # PTB documents no exception set for de_json: a missing field raises TypeError or
        # KeyError, a wrong type AttributeError or ValueError. Any of them is a bad request.
        try:
            Update.de_json(data, self._application.bot)
        except Exception:
            return self._bad_request(request, "the body is not a valid update")
        # Recorded before the 200; without the inbox, Telegram is told to try again later.
        try:
            (cleaned,) = await self._intake([data])
        except (SQLAlchemyError, OSError) as exc:
            # Its kind only: a database error can quote the values it refused.
            self._unrecorded.log(
                "Could not record an update (%s); Telegram will send it again",
                exception_kind(exc),
            )
            return web.Response(status=503)
        update = Update.de_json(cleaned, self._application.bot)
        # The queue is unbounded, so this returns at once and Telegram gets its 200 without
        # waiting for the handlers.
        await self._application.update_queue.put(update)
        return web.Response()

    def _authorised(self, request: web.Request) -> bool:
        token = request.headers.get(SECRET_HEADER)
        if token is None:
            return False
        # surrogateescape: aiohttp keeps undecodable header bytes that way; compare them
        # as sent instead of failing.
        return hmac.compare_digest(token.encode("utf-8", "surrogateescape"), self._secret)

    async def _health(self, request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(self._health_timeout):
                reachable = await self._db_ping()
        except TimeoutError:
            logger.warning(
                "Health check: the database did not answer in %s s", self._health_timeout
            )
            reachable = False
        if reachable:
            return web.json_response({"status": "ok", "database": "ok"})
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)

    def _bad_request(self, request: web.Request, reason: str) -> web.Response:
        # Authenticated, so from Telegram or a misconfigured proxy; the body stays out of the
        # log all the same, since it carries people's messages.
        if reason not in self._refused:
            self._refused[reason] = _throttled(BAD_REQUEST_SUMMARY.format(reason))
        self._refused[reason].log(
            "Bad webhook request from %s to %s: %s", request.remote, request.path, reason
        )
        return web.Response(status=400)


def _throttled(summary: str) -> ThrottledLog:
    return ThrottledLog(logger, summary, call_later=_call_later)


def _call_later(delay: float, callback: Callable[[], None]) -> None:
    # Only ever called while a request is handled, inside the server's event loop.
    asyncio.get_running_loop().call_later(delay, callback)


async def database_reachable(engine: AsyncEngine) -> bool:
    """Whether `SELECT 1` succeeds on `engine`; failures are logged.

    The caller bounds the wait (the health endpoint with HEALTH_TIMEOUT): a connection
    attempt to a silent host can otherwise take as long as the driver's own timeout.
    """
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        # Driver messages name the host and the user, never the password.
        logger.warning("Health check: the database is unreachable: %s", exc)
        return False
    return True


def _webhook_path(url: str) -> str:
    """The path Telegram will POST to: that of the public URL, `/` when it has none."""
    return urlsplit(url).path or "/"


@asynccontextmanager
async def run_webhook_mode(
    application: AnyApplication,
    settings: WebhookSettings,
    engine: AsyncEngine,
    intake: Intake,
    mount: Mount | None = None,
) -> AsyncIterator[None]:
    """Serve the webhook (and whatever `mount` adds) and register it with Telegram; on exit
    stop serving, drained.

    Enter it with the Application initialized (started before or inside it), and stop the
    Application only after this has exited. That order is what drains: `Application.stop()`
    queues a stop marker behind every update already on `update_queue`, processes them all
    (waiting for `update_queue.join()`, which also covers concurrently processed ones), and
    drops only what is queued after the marker. Exiting this first closes the listener and
    waits for requests in flight, so every update answered with 200 is queued before the
    marker.

    The webhook is not deleted on exit. It belongs to the bot, not to this instance: other
    instances behind the same URL keep serving, and with none left Telegram keeps the
    updates and retries until an instance is back, whereas deleteWebhook would divert
    them to getUpdates, which nobody calls in webhook mode.
    """
    url, secret = settings.webhook_url, settings.webhook_secret
    if not url or secret is None:
        raise ValueError("webhook mode needs both WEBHOOK_URL and WEBHOOK_SECRET")
    server = WebhookServer(
        application,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        path=_webhook_path(url),
        secret=secret.get_secret_value(),
        db_ping=partial(database_reachable, engine),
        intake=intake,
        mount=mount,
    )
    # Listen before registering, so Telegram's first delivery finds a server.
    async with server:
        # drop_pending_updates=False: on a restart or a rolling deploy the updates Telegram
        # holds are still to be answered.
        await application.bot.set_webhook(
            url=url,
            secret_token=secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
        logger.info(
            "Webhook registered; listening on %s:%d", settings.webhook_listen, settings.webhook_port
        )
        yield
