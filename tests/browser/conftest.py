"""Browser tests of the Mini App's page: a real headless Chromium driven by Playwright.

The page comes from `webapp_base_url` (ending in /webapp/) and signs in with `init_data`
(initData as Telegram passes it, for one person). Both come from the in-memory fake API
(tests/browser/fake_api.py); overriding the two fixtures points the same tests at the real
server, with `init_data` signed by its bot token for a person who has been onboarded. Each
test asks the server for today's session itself and expects what that says, so no test knows
the fake's data; a test whose data the person lacks (a second day of progress, a second page
of history) skips and says so.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright

from tests.browser.browser import CHROMIUM, launch
from tests.browser.fake_api import RunningFakeApi, running_fake_api

# A person of their own for every test, so that tests sharing a server never meet.
_people = itertools.count(7_000_001)

SignInitData = Callable[[int], str]


@pytest.fixture
async def fake_webapp() -> AsyncIterator[RunningFakeApi]:
    async with running_fake_api() as server:
        yield server


@pytest.fixture
def webapp_base_url(fake_webapp: RunningFakeApi) -> str:
    return fake_webapp.base_url


@pytest.fixture
def sign_init_data(fake_webapp: RunningFakeApi) -> SignInitData:
    return fake_webapp.sign


@pytest.fixture
def init_data(sign_init_data: SignInitData) -> str:
    return sign_init_data(next(_people))


@pytest.fixture
async def browser(tmp_path: Path, webapp_base_url: str) -> AsyncIterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} (`make browser` installs it)"
        )
    async with async_playwright() as playwright:
        context = await launch(playwright, tmp_path / "chromium-profile", webapp_base_url)
        try:
            yield context
        finally:
            await context.close()


@pytest.fixture
def page(browser: BrowserContext) -> Page:
    return browser.pages[0]


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
