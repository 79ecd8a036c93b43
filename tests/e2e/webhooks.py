"""Webhook-mode bots for the end-to-end tests, and a relay that plays Telegram's part.

The emulator records setWebhook but does not call webhooks, so the tests take each update
off the emulator's queue and POST it, with the secret token, to a bot's own HTTP server.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bot.config import Settings
from bot.emulator import BotApiEmulator
from bot.telegram.runner import running_bot
from bot.telegram.webhook import SECRET_HEADER, AnyApplication

SECRET = "webhook-SECRET_0123456789"
WEBHOOK_PATH = "/telegram"


@dataclass(frozen=True)
class HookSettings:
    """The webhook settings `run_webhook_mode` reads, as `Settings` carries them."""

    webhook_url: str
    webhook_secret: SecretStr
    webhook_listen: str
    webhook_port: int

    @property
    def root(self) -> str:
        return f"http://{self.webhook_listen}:{self.webhook_port}"

    @property
    def endpoint(self) -> str:
        return self.root + WEBHOOK_PATH


def free_port() -> int:
    """A port nothing listens on, for a server the caller starts soon after.

    Taken below the kernel's ephemeral range: a port from it (bind to port 0) is free only
    until the kernel hands it out again, to any process's next connection, and with tests
    running in parallel one may well come before the server binds. Below the range a port
    is only ever taken on purpose.
    """
    while True:
        port = random.randrange(_LOWEST_PORT, _first_ephemeral_port())
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # in use
        return port


_LOWEST_PORT = 10_000


def _first_ephemeral_port() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default


def hook_settings() -> HookSettings:
    """Webhook settings on a port nothing else listens on."""
    port = free_port()
    return HookSettings(
        webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        webhook_secret=SecretStr(SECRET),
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )


def webhook_bot(
    settings: Settings, hook: HookSettings, token: str
) -> AbstractAsyncContextManager[AnyApplication]:
    """The bot as `coach run` starts it in webhook mode, listening where `hook` says."""
    webhook = {
        "webhook_url": hook.webhook_url,
        "webhook_secret": hook.webhook_secret,
        "webhook_listen": hook.webhook_listen,
        "webhook_port": hook.webhook_port,
    }
    return running_bot(settings.model_copy(update=webhook), token=token)


@asynccontextmanager
async def round_robin_relay(
    emulator: BotApiEmulator, hooks: Sequence[HookSettings]
) -> AsyncIterator[list[str]]:
    """Plays Telegram behind a load balancer: each update, in turn, goes to the next
    instance, so one person's consecutive updates land on different instances. Yields the
    list of delivery failures (a non-200 answer or a failed POST), empty when all went well.
    """
    failures: list[str] = []
    targets = itertools.cycle([hook.endpoint for hook in hooks])

    async def relay(http: aiohttp.ClientSession) -> None:
        offset = 0
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        while True:
            updates = await emulator.api.updates.fetch(offset=offset, limit=100, wait=1.0)
            for update in updates:
                offset = int(update["update_id"]) + 1
                # One at a time, as Telegram sends one person's updates.
                body = json.dumps(update)
                try:
                    async with http.post(next(targets), data=body, headers=headers) as response:
                        if response.status != 200:
                            failures.append(f"update {offset - 1}: HTTP {response.status}")
                except aiohttp.ClientError as exc:
                    failures.append(f"update {offset - 1}: {exc!r}")

    async with aiohttp.ClientSession() as http:
        task = asyncio.create_task(relay(http))
        try:
            yield failures
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
