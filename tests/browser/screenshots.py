"""Screenshots of the Mini App's four screens, light and dark, at phone size (390×844).

    python -m tests.browser.screenshots [DIRECTORY]               (default /tmp/webapp-shots)
    python -m tests.browser.screenshots --url LOCAL_LINK [DIRECTORY]

Not a test: it drives the page in Debian's Chromium the way the browser tests do, with
Telegram's own default themes, and writes today-light.png, programme-dark.png and so on, for a
look with one's own eyes. By default against the real bot (on a database of its own, talking to
the Bot API emulator) for a person with a few weeks of history, a set done and the rest timer
running; with --url, against a running bot, through the local
link `coach chat` prints (http://127.0.0.1:<port>/webapp/#tgWebAppData=...), looking only:
it taps nothing that would change the person's log.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

from playwright.async_api import Page, Playwright, async_playwright, expect

from bot.emulator import BotApiEmulator
from tests.browser.browser import DARK_THEME, LIGHT_THEME, launch, phone, telegram_url
from tests.e2e.conftest import settings_for
from tests.e2e.webapp import import_history, served_bot, strong_csv
from tests.support.onboarding import gym_lifter

START = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


async def shoot(directory: Path, link: str | None) -> list[Path]:
    async with async_playwright() as playwright:
        if link is not None:
            base_url, _, launch = link.partition("#")
            init_data = dict(parse_qsl(launch))["tgWebAppData"]
            return await shoot_all(playwright, directory, base_url, lambda _: init_data, None)
        with tempfile.TemporaryDirectory() as data:
            return await shoot_real_bot(playwright, directory, Path(data))


async def shoot_real_bot(playwright: Playwright, directory: Path, data: Path) -> list[Path]:
    """The real bot on a database of its own, against the emulator, for two people (one a
    theme) onboarded in the chat as the gym lifter, with a few weeks of squats imported."""
    url = f"sqlite+aiosqlite:///{data / 'coach.sqlite3'}"
    async with BotApiEmulator() as emulator:
        settings = await settings_for(emulator, {"database_url": url, "data_dir": data})
        async with served_bot(emulator, settings) as served:
            for user_id in (1, 2):
                user = await gym_lifter(emulator, user_id)
                await import_history(user, served, strong_csv("Squat (Barbell)", sessions=12))
            return await shoot_all(playwright, directory, served.page_url, served.init_data, today)


async def shoot_all(
    playwright: Playwright,
    directory: Path,
    base_url: str,
    init_data: Callable[[int], str],
    prepare: Callable[[Page], Awaitable[None]] | None,
) -> list[Path]:
    written = []
    for user, (scheme, theme) in enumerate([("light", LIGHT_THEME), ("dark", DARK_THEME)]):
        browser = await launch(playwright)
        try:
            page = await phone(browser, base_url, color_scheme=scheme)
            await page.clock.install(time=START)
            await page.goto(telegram_url(base_url, init_data(user + 1), theme=theme))
            await page.locator(".head").wait_for()
            texts = await page.evaluate("JSON.parse(localStorage.getItem('coach.texts'))")
            await page.clock.pause_at(START.replace(minute=1))
            if prepare is not None:
                await prepare(page)
            written.append(await save(page, directory, "today", scheme))
            for tab in ["programme", "progress", "history"]:
                await page.get_by_role("tab", name=texts[f"tab_{tab}"]).click()
                await page.locator(f"#app[aria-labelledby=tab-{tab}] .card").first.wait_for()
                if tab == "progress" and await page.locator(".point").count() > 2:
                    await page.locator(".point").nth(-3).click()
                written.append(await save(page, directory, tab, scheme))
            if prepare is not None:
                await page.locator(".entry").first.click()
                await page.locator("#sheet").get_by_role("button", name=texts["save"]).wait_for()
                written.append(await save(page, directory, "history-edit", scheme))
                await page.locator("#sheet").get_by_role("button", name=texts["cancel"]).click()
                await page.get_by_role("tab", name=texts["tab_today"]).click()
                await page.evaluate("Telegram.WebView.receiveEvent('main_button_pressed')")
                await page.locator("#summary").wait_for()
                written.append(await save(page, directory, "today-finished", scheme))
        finally:
            await browser.close()
    return written


async def today(page: Page) -> None:
    """Warm-ups and the first work set done, the second adjusted, the rest timer running."""
    card = page.locator(".card.exercise").first
    warmups = card.locator("li.warmup .check[aria-pressed=false]")
    for left in reversed(range(await warmups.count())):
        await warmups.first.click()
        await expect(warmups).to_have_count(left)
    texts = await page.evaluate("JSON.parse(localStorage.getItem('coach.texts'))")
    await card.get_by_role("button", name=texts["done_set"]).first.click()
    await expect(card.locator("li.work[data-state=done]")).to_have_count(1)
    await card.get_by_role("button", name=re.compile(f"^{re.escape(texts['load'])} \\+")).click()
    await page.clock.run_for(33_000)
    await page.evaluate("document.getElementById('toast').className = 'toast'")
    await page.evaluate("window.scrollTo(0, 0)")


async def save(page: Page, directory: Path, name: str, scheme: str) -> Path:
    path = directory / f"{name}-{scheme}.png"
    await page.screenshot(path=path, animations="disabled")
    return path


def main() -> None:
    args = sys.argv[1:]
    link = None
    if args[:1] == ["--url"]:
        link, args = args[1], args[2:]
    directory = Path(args[0] if args else "/tmp/webapp-shots")
    directory.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(directory, link)):
        print(path)


if __name__ == "__main__":
    main()
