"""The browser tests' fixtures, a pytest plugin the root conftest loads (so tests/e2e has
them too): a real headless Chromium driven by Playwright, against the real bot (its API,
services and database, SQLite and PostgreSQL) talking to the Bot API emulator.

Each module's tests share a bot per database (`served`), its clock stopped on a Monday
morning; each test gets a person of its own onboarded in the chat as the gym lifter
(`person`), and `init_data` is their launch data as Telegram signs it. A test that needs a
failure or a refusal makes it with Playwright's `page.route`; everything else is what the bot
answers. Each test asks the server for today's session itself and expects what that says.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from bot.emulator import BotApiEmulator, ChatUser
from tests.browser.browser import CHROMIUM, launch, phone
from tests.conftest import DATABASE_BACKENDS, fresh_database
from tests.e2e.conftest import settings_for
from tests.e2e.webapp import Served, served_bot
from tests.support.onboarding import gym_lifter

# Each module's tests share a bot (and a Chromium) per database, on the module's event loop
# (`pytestmark` in each): starting them is most of what a test would otherwise cost.
LOOP = "module"
# A person of their own for every test, so that tests sharing a bot never meet.
_people = itertools.count(7_000_001)


@pytest_asyncio.fixture(scope="module", loop_scope=LOOP, params=DATABASE_BACKENDS)
async def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Served]:
    directory = tmp_path_factory.mktemp("bot")
    async with fresh_database(request.param, directory) as url, BotApiEmulator() as emulator:
        settings = await settings_for(emulator, {"database_url": url, "data_dir": directory})
        async with served_bot(emulator, settings) as bot:
            yield bot


@pytest.fixture
def webapp_base_url(served: Served) -> str:
    return served.page_url


class Newcomers:
    """People onboarded in the chat as the gym lifter, one ahead of the test that needs them:
    onboarding is most of a test's set-up, and the next one's goes on while the browser
    works through the test before."""

    def __init__(self, served: Served) -> None:
        self._served = served
        self._next: asyncio.Task[ChatUser] | None = None

    async def take(self) -> ChatUser:
        onboarding = self._next or self._start()
        self._next = self._start()
        user = await onboarding
        # Whatever the bot said after the plan, read: the test's messages start afresh.
        await self._served.replies(user)
        return user

    def _start(self) -> asyncio.Task[ChatUser]:
        return asyncio.create_task(gym_lifter(self._served.emulator, next(_people)))

    async def close(self) -> None:
        if self._next is not None:
            self._next.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._next


@pytest_asyncio.fixture(scope="module", loop_scope=LOOP)
async def newcomers(served: Served) -> AsyncIterator[Newcomers]:
    people = Newcomers(served)
    try:
        yield people
    finally:
        await people.close()


@pytest_asyncio.fixture(loop_scope=LOOP)
async def person(newcomers: Newcomers) -> ChatUser:
    """Someone onboarded in the chat as the gym lifter, with nothing logged yet."""
    return await newcomers.take()


@pytest.fixture
def init_data(served: Served, person: ChatUser) -> str:
    return served.init_data(person.user_id)


@pytest_asyncio.fixture(scope="module", loop_scope=LOOP)
async def chromium() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} (`make browser` installs it)"
        )
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        try:
            yield browser
        finally:
            await browser.close()


@pytest_asyncio.fixture(loop_scope=LOOP)
async def page(chromium: Browser, webapp_base_url: str) -> AsyncIterator[Page]:
    tab = await phone(chromium, webapp_base_url)
    # The page keeps its own Content-Security-Policy: anything it refuses is a bug of the page.
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield tab
    finally:
        await tab.context.close()
    assert refused == []


class Api:
    """The API as the page calls it, for the tests' own looks at what the server holds."""

    def __init__(self, base_url: str, init_data: str) -> None:
        self.base_url = base_url
        self.init_data = init_data

    async def __call__(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"tma {self.init_data}"}
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.base_url + path, json=body, headers=headers) as response,
        ):
            response.raise_for_status()
            return await response.json()


@pytest.fixture
def api(webapp_base_url: str, init_data: str) -> Api:
    return Api(webapp_base_url, init_data)
