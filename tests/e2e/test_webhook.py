"""Webhook mode: the bot's own HTTP server, fed the updates Telegram would POST to it.

The emulator records setWebhook but does not call webhooks, so the tests play Telegram's
part: a person writes through the emulator, and the test takes that update from the
emulator's queue and POSTs it to the bot, with or without the secret token.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler

from bot.config import Settings
from bot.emulator import BotApiEmulator, ChatUser, Webhook
from bot.storage.database import create_engine
from bot.storage.inbox import UpdateInbox
from bot.telegram.context import Context
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import translator
from bot.telegram.webhook import (
    HEALTH_TIMEOUT,
    SECRET_HEADER,
    AnyApplication,
    DbPing,
    WebhookServer,
    database_reachable,
)
from tests.e2e.waiting import until
from tests.e2e.webhooks import (
    SECRET,
    WEBHOOK_PATH,
    HookSettings,
    free_port,
    hook_settings,
    webhook_bot,
)
from tests.support.refusals import refuse_inserts

App = AnyApplication
# Text that must never reach a log line when its request is rejected.
PRIVATE_TEXT = "private-words-7f3a"

ENGLISH_HELP = help_text(translator("en"))


@pytest.fixture
def hook() -> HookSettings:
    return hook_settings()


@pytest.fixture
def start_webhook_bot(
    emulator: BotApiEmulator, bot_settings: Settings, hook: HookSettings
) -> Callable[[], AbstractAsyncContextManager[App]]:
    return partial(webhook_bot, bot_settings, hook, emulator.token)


@pytest.fixture
async def webhook_coach(
    start_webhook_bot: Callable[[], AbstractAsyncContextManager[App]],
) -> AsyncIterator[App]:
    async with start_webhook_bot() as application:
        yield application


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _written(emulator: BotApiEmulator, user: ChatUser, text: str) -> dict[str, Any]:
    """`user` writes `text`; returns the update, taken from the emulator as Telegram would."""
    await user.send_text(text)
    pending = await emulator.api.updates.fetch(offset=0, limit=100, wait=0)
    emulator.api.updates.drop_pending()
    assert len(pending) == 1, pending
    return pending[0]


async def _post(
    http: aiohttp.ClientSession,
    hook: HookSettings,
    body: bytes,
    *,
    secret: str | None = SECRET,
) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    # BytesIO: aiohttp warns that large raw bytes block the loop while sent.
    data = io.BytesIO(body)
    async with http.post(hook.root + WEBHOOK_PATH, data=data, headers=headers) as response:
        return response.status


async def _deliver(
    http: aiohttp.ClientSession, hook: HookSettings, update: dict[str, Any], **kw: str | None
) -> int:
    return await _post(http, hook, json.dumps(update).encode(), **kw)


def _webhook_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.telegram.webhook" and r.levelno >= logging.WARNING
    ]


@pytest.mark.usefixtures("webhook_coach")
async def test_registers_its_webhook_with_the_secret_and_does_not_poll(
    emulator: BotApiEmulator, hook: HookSettings
) -> None:
    assert emulator.webhook == Webhook(hook.webhook_url, SECRET)
    (call,) = emulator.calls_to("setWebhook")
    assert not call.params.flag("drop_pending_updates")
    assert set(call.params.json("allowed_updates")) == set(Update.ALL_TYPES)
    assert emulator.calls_to("getUpdates") == []


@pytest.mark.usefixtures("webhook_coach")
async def test_an_update_with_the_secret_is_answered(
    emulator: BotApiEmulator, hook: HookSettings, http: aiohttp.ClientSession
) -> None:
    user = emulator.user(501)

    assert await _deliver(http, hook, await _written(emulator, user, "/help")) == 200

    assert (await user.next_message()).text == ENGLISH_HELP


async def test_an_update_posted_twice_is_handled_once(
    emulator: BotApiEmulator, webhook_coach: App, hook: HookSettings, http: aiohttp.ClientSession
) -> None:
    user = emulator.user(502)
    update = await _written(emulator, user, "/help")

    # Telegram posts an update again when it missed the 200 of the first delivery.
    assert await _deliver(http, hook, update) == 200
    assert await _deliver(http, hook, update) == 200
    await asyncio.wait_for(webhook_coach.update_queue.join(), timeout=30)

    assert [m.text for m in await user.drain(settle=0)] == [ENGLISH_HELP]


async def test_an_update_that_cannot_be_recorded_is_refused_and_handled_when_sent_again(
    emulator: BotApiEmulator,
    webhook_coach: App,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = emulator.user(503)
    update = await _written(emulator, user, "/help")

    async def unreachable(self: UpdateInbox, payloads: object) -> set[int]:
        raise OperationalError("INSERT", {}, OSError("connection refused"))

    with monkeypatch.context() as patched:
        patched.setattr(UpdateInbox, "record", unreachable)
        # Not 200: Telegram keeps the update and posts it again later.
        assert await _deliver(http, hook, update) == 503
    assert await _deliver(http, hook, update) == 200

    assert (await user.next_message()).text == ENGLISH_HELP


@pytest.mark.parametrize(
    "secret",
    [None, "", "not-the-secret-5e2b", SECRET[:-1], SECRET + "x", SECRET.upper(), "sécret"],
    ids=["missing", "empty", "wrong", "prefix", "longer", "case", "non-ascii"],
)
async def test_a_request_without_the_secret_is_rejected_and_its_body_not_logged(
    emulator: BotApiEmulator,
    webhook_coach: App,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    secret: str | None,
) -> None:
    caplog.set_level(logging.DEBUG)
    user = emulator.user(502)
    update = await _written(emulator, user, f"/help {PRIVATE_TEXT}")

    assert await _deliver(http, hook, update, secret=secret) == 403

    # An update the server took would be on the bot's queue before the answer: once the
    # queue is worked off, any reply to it would be there.
    await webhook_coach.update_queue.join()
    assert user.messages == []
    (rejection,) = [r for r in caplog.records if r.name == "bot.telegram.webhook"]
    assert rejection.levelno == logging.WARNING
    assert "127.0.0.1" in rejection.getMessage()
    assert WEBHOOK_PATH in rejection.getMessage()
    assert PRIVATE_TEXT not in caplog.text
    assert SECRET not in caplog.text
    if secret:
        assert secret not in caplog.text
    # The same update with the secret is handled: only the header made the difference.
    assert await _deliver(http, hook, update) == 200
    assert (await user.next_message()).text == ENGLISH_HELP


@pytest.mark.usefixtures("webhook_coach")
@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'{"message": {}}', 400),
        (b'{"update_id": "1"}', 400),
        (b'{"update_id": 1, "message": {"text": "no chat, no date"}}', 400),
        (b'{"update_id": 1, "message": "' + b"x" * (2 * 1024 * 1024) + b'"}', 413),
    ],
    ids=["not-json", "not-utf8", "array", "no-update-id", "string-id", "bad-message", "huge"],
)
async def test_a_body_that_is_not_an_update_is_refused(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    status: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert await _post(http, hook, body) == status
    assert "no chat, no date" not in caplog.text
    # The server is still serving.
    user = emulator.user(503)
    assert await _deliver(http, hook, await _written(emulator, user, "/help")) == 200
    assert (await user.next_message()).text == ENGLISH_HELP


@pytest.mark.usefixtures("webhook_coach")
async def test_health_reports_a_reachable_database(
    hook: HookSettings, http: aiohttp.ClientSession
) -> None:
    async with http.get(hook.root + "/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok"}


async def _no_updates_expected(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    raise AssertionError(f"no update was to arrive, got {payloads}")


async def _health_of(db_ping: DbPing, health_timeout: float = HEALTH_TIMEOUT) -> tuple[int, Any]:
    """/healthz of a server whose database check is `db_ping`."""
    port = free_port()
    # The health endpoint never touches the Application, so an unstarted one will do.
    application = Application.builder().token("1:unused").build()
    server = WebhookServer(
        application,
        listen="127.0.0.1",
        port=port,
        path=WEBHOOK_PATH,
        secret=SECRET,
        db_ping=db_ping,
        intake=_no_updates_expected,
        health_timeout=health_timeout,
    )
    async with (
        server,
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json()


async def test_health_reports_an_unreachable_database(tmp_path: Path) -> None:
    # SQLite cannot open a directory as its database file.
    broken = create_engine(f"sqlite+aiosqlite:///{tmp_path}")
    try:
        status, body = await _health_of(partial(database_reachable, broken))
    finally:
        await broken.dispose()

    assert status == 503
    assert body == {"status": "unavailable", "database": "unreachable"}


async def test_health_reports_a_database_that_does_not_answer_in_time() -> None:
    async def silent() -> bool:
        await asyncio.sleep(30)
        return True

    async with asyncio.timeout(5):
        status, body = await _health_of(silent, health_timeout=0.2)

    assert status == 503
    assert body["database"] == "unreachable"


async def test_stopping_finishes_updates_already_received(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    start_webhook_bot: Callable[[], AbstractAsyncContextManager[App]],
) -> None:
    async def slow(update: Update, context: Context) -> None:
        async def stopping() -> bool:
            return not context.application.running

        # Still at work when the bot begins to stop, whatever the machine's pace.
        await until(stopping, "the bot began to stop", every=0.01)
        assert update.effective_message is not None
        await update.effective_message.reply_text("slow done")
        raise ApplicationHandlerStop

    user = emulator.user(504)
    async with start_webhook_bot() as application:
        application.add_handler(CommandHandler("slow", slow), group=-1)
        assert await _deliver(http, hook, await _written(emulator, user, "/slow")) == 200
        # Answered before handled, and stopped before the handler could finish.
        assert user.messages == []

    assert [message.text for message in user.messages] == ["slow done"]


async def test_stopping_waits_for_a_request_in_flight_and_handles_its_update(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    start_webhook_bot: Callable[[], AbstractAsyncContextManager[App]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = emulator.user(505)
    update = await _written(emulator, user, "/help")
    in_handler = asyncio.Event()

    async with start_webhook_bot() as application:
        queue_put = application.update_queue.put

        async def slow_put(item: object) -> None:
            # Holds the webhook request inside its handler, body read, while the bot stops;
            # PTB's own stop marker goes through unhindered.
            if isinstance(item, Update):
                in_handler.set()
                await asyncio.sleep(0.3)
            await queue_put(item)

        monkeypatch.setattr(application.update_queue, "put", slow_put)
        request = asyncio.create_task(_deliver(http, hook, update))
        await in_handler.wait()

    assert await request == 200
    assert [message.text for message in user.messages] == [ENGLISH_HELP]


@pytest.mark.skipif(
    "webhook_url" not in Settings.model_fields, reason="Settings has no webhook fields yet"
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_coach_run_in_webhook_mode_serves_and_drains_on_sigterm(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    database_url: str,
    tmp_path: Path,
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_BASE_URL=emulator.base_url,
        TELEGRAM_BASE_FILE_URL=emulator.base_file_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="INFO",
        WEBHOOK_URL=hook.webhook_url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=hook.webhook_listen,
        WEBHOOK_PORT=str(hook.webhook_port),
    )
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "run"),
        cwd=tmp_path,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    user = emulator.user(506)
    log_lines: list[str] = []
    try:
        async with asyncio.timeout(30):
            async for line in process.stderr:
                log_lines.append(line.decode())
                if "Webhook registered" in log_lines[-1]:
                    break
        assert emulator.webhook == Webhook(hook.webhook_url, SECRET), "".join(log_lines)
        async with http.get(hook.root + "/healthz") as response:
            assert response.status == 200
        assert await _deliver(http, hook, await _written(emulator, user, "/help")) == 200
        assert (await user.next_message(timeout=30)).text == ENGLISH_HELP
        update = await _written(emulator, user, "/help")
        assert await _deliver(http, hook, update, secret="wrong") == 403
        assert await _deliver(http, hook, update) == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    log = "".join(log_lines) + stderr.decode()
    assert process.returncode == 0, log
    assert "Coach stopped" in log
    # The update received just before SIGTERM was answered before the process exited.
    assert (await user.next_message(timeout=0)).text == ENGLISH_HELP
    assert emulator.webhook is not None
    assert SECRET not in log
    assert emulator.token.split(":")[1] not in log


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_flood_of_refused_requests_is_logged_as_one_line_and_a_count(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    start_webhook_bot: Callable[[], AbstractAsyncContextManager[App]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    update = await _written(emulator, emulator.user(507), "/help")
    async with start_webhook_bot():
        statuses = [await _deliver(http, hook, update, secret="wrong") for _ in range(2000)]
        statuses += [await _post(http, hook, b"not json") for _ in range(2000)]
        # Stopping writes the count the minute would have written.

    assert set(statuses[:2000]) == {403}
    assert set(statuses[2000:]) == {400}
    first_rejected, first_bad, rejected, bad = _webhook_warnings(caplog)
    assert first_rejected == (
        "Rejected a webhook request from 127.0.0.1 to /telegram: missing or wrong secret token"
    )
    assert first_bad == "Bad webhook request from 127.0.0.1 to /telegram: the body is not JSON"
    assert re.fullmatch(
        r"Rejected 1,999 more webhook requests in the last \d+ s: missing or wrong secret token",
        rejected,
    )
    assert re.fullmatch(
        r"Refused 1,999 more bad webhook requests in the last \d+ s: the body is not JSON", bad
    )


async def test_updates_the_inbox_cannot_record_are_logged_as_one_line_and_a_count(
    emulator: BotApiEmulator,
    hook: HookSettings,
    http: aiohttp.ClientSession,
    start_webhook_bot: Callable[[], AbstractAsyncContextManager[App]],
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    update = await _written(emulator, emulator.user(508), f"/help {PRIVATE_TEXT}")
    async with start_webhook_bot():
        await refuse_inserts(engine, "update_inbox", quoted_column="payload")
        statuses = [await _deliver(http, hook, update) for _ in range(100)]

    assert set(statuses) == {503}
    first, summary = _webhook_warnings(caplog)
    assert re.fullmatch(
        r"Could not record an update \(sqlalchemy\.exc\.\w+ from [\w. ]+\); "
        r"Telegram will send it again",
        first,
    )
    assert re.fullmatch(
        r"Could not record 99 more updates in the last \d+ s; Telegram will send them again",
        summary,
    )
    assert PRIVATE_TEXT not in caplog.text
