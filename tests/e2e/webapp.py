"""The real bot serving its Mini App beside its polling, against the emulator: for the API's
tests (tests/e2e/test_webapp_api.py) and the page's, in a real browser (tests/browser)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from bot.config import Settings
from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.runner import running_bot
from bot.webapp.init_data import sign
from tests.e2e.conftest import A_MONDAY, FakeClock
from tests.e2e.handled import Replies, replies_of
from tests.e2e.webhooks import free_port

WEBAPP_URL = "https://coach.example.com/webapp/"


@dataclass
class Served:
    """The running bot, its Mini App's address, and what it sends people."""

    application: CoachApplication
    root: str
    token: str
    replies: Replies
    http: aiohttp.ClientSession
    clock: FakeClock | None
    emulator: BotApiEmulator

    @property
    def page_url(self) -> str:
        return f"{self.root}/webapp/"

    def init_data(
        self, user_id: int, *, at: datetime | None = None, token: str | None = None
    ) -> str:
        """`Telegram.WebApp.initData` as Telegram would hand it to the page for `user_id`."""
        fields = {
            "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
            "user": json.dumps({"id": user_id, "first_name": "Sam", "language_code": "en"}),
            "auth_date": str(int((at or datetime.now(UTC)).timestamp())),
        }
        return sign(fields, token or self.token)

    def auth(self, user_id: int, *, at: datetime | None = None, token: str | None = None) -> str:
        """The Authorization header Telegram's page would send for `user_id`."""
        return f"tma {self.init_data(user_id, at=at, token=token)}"

    async def call(
        self,
        method: str,
        path: str,
        user_id: int,
        body: Any = None,
        *,
        auth: str | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        headers = {"Authorization": auth or self.auth(user_id)}
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        url = f"{self.root}/webapp/api/{path}"
        async with self.http.request(method, url, data=data, headers=headers) as response:
            return response.status, await response.json()


@asynccontextmanager
async def served_bot(emulator: BotApiEmulator, bot_settings: Settings) -> AsyncIterator[Served]:
    """The bot with its Mini App, its clock stopped on a Monday morning: a training day of
    the gym lifter's plan (tests.support.onboarding.GYM_LIFTER)."""
    port = free_port()
    settings = bot_settings.model_copy(
        update={"webapp_url": WEBAPP_URL, "webhook_listen": "127.0.0.1", "webhook_port": port}
    )
    async with (
        running_bot(settings, token=emulator.token, poll_timeout=1) as application,
        aiohttp.ClientSession() as http,
    ):
        clock = FakeClock(A_MONDAY)
        install_services(application.bot_data, services(application.bot_data).with_clock(clock))
        yield Served(
            application,
            f"http://127.0.0.1:{port}",
            emulator.token,
            replies_of(emulator, application),
            http,
            clock,
            emulator,
        )


def strong_csv(exercise: str, sessions: int, *, last: datetime = A_MONDAY) -> bytes:
    """A Strong export of `sessions` sessions of `exercise` (Strong's name), one every other
    day up to the day before `last`, each a little heavier than the one before."""
    rows = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,RPE"]
    for n in range(sessions):
        on = last - timedelta(days=2 * (sessions - n) - 1)
        for order in (1, 2):
            rows.append(f'{on:%Y-%m-%d} 18:00:00,"Legs",1h,"{exercise}",{order},{40 + n},5,')
    return "\n".join(rows).encode()


async def import_history(user: ChatUser, served: Served, data: bytes) -> None:
    """`data` sent to the bot as a file to /import, and its answer read."""
    await user.send_document("strong.csv", data, "text/csv")
    await served.replies(user)
