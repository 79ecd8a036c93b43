"""Screenshots of the Mini App's four screens, light and dark, at phone size (390×844).

    python -m tests.browser.screenshots [DIRECTORY]               (default /tmp/webapp-shots)
    python -m tests.browser.screenshots --url LOCAL_LINK [DIRECTORY]

Not a test: it drives the page in Debian's Chromium the way the browser tests do, with
Telegram's own default themes, and writes today-light.png, programme-dark.png and so on, for a
look with one's own eyes. By default against the fake API (tests/browser/fake_api.py), with a
few sets done and the rest timer running; with --url, against a running bot, through the local
link `coach chat` prints (http://127.0.0.1:<port>/webapp/#tgWebAppData=...), looking only:
it taps nothing that would change the person's log.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

from playwright.async_api import Page, Playwright, async_playwright, expect

from tests.browser.browser import DARK_THEME, LIGHT_THEME, launch, telegram_url
from tests.browser.fake_api import TEXTS, running_fake_api

START = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


async def shoot(directory: Path, link: str | None) -> list[Path]:
    async with async_playwright() as playwright:
        if link is not None:
            base_url, _, launch = link.partition("#")
            init_data = dict(parse_qsl(launch))["tgWebAppData"]
            return await shoot_all(playwright, directory, base_url, lambda _: init_data, None)
        async with running_fake_api() as server:
            return await shoot_all(playwright, directory, server.base_url, server.sign, today)


async def shoot_all(
    playwright: Playwright,
    directory: Path,
    base_url: str,
    init_data: Callable[[int], str],
    prepare: Callable[[Page], Awaitable[None]] | None,
) -> list[Path]:
    written = []
    for user, (scheme, theme) in enumerate([("light", LIGHT_THEME), ("dark", DARK_THEME)]):
        with tempfile.TemporaryDirectory() as profile:
            context = await launch(playwright, Path(profile), base_url, color_scheme=scheme)
            page = context.pages[0]
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
            await context.close()
    return written


async def today(page: Page) -> None:
    """Warm-ups and the first work set done, the second adjusted, the rest timer running."""
    card = page.locator(".card.exercise").first
    warmups = card.locator("li.warmup .check[aria-pressed=false]")
    for left in [1, 0]:
        await warmups.first.click()
        await expect(warmups).to_have_count(left)
    await card.get_by_role("button", name=TEXTS["done_set"]).first.click()
    await expect(card.locator("li.work[data-state=done]")).to_have_count(1)
    await card.get_by_role("button", name=f"{TEXTS['load']} +2.5").click()
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
