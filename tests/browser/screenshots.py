"""Screenshots of the Mini App's four screens, light and dark, at phone size (390×844).

    python -m tests.browser.screenshots [DIRECTORY]     (default /tmp/webapp-shots)

Not a test: it drives the page against the fake API (tests/browser/fake_api.py) in Debian's
Chromium the way the browser tests do, with Telegram's own default themes, and writes
today-light.png, programme-dark.png and so on, for a look with one's own eyes.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, async_playwright, expect

from tests.browser.browser import DARK_THEME, LIGHT_THEME, launch, telegram_url
from tests.browser.fake_api import TEXTS, running_fake_api

START = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


async def shoot(directory: Path) -> list[Path]:
    written = []
    async with running_fake_api() as server, async_playwright() as playwright:
        for scheme, theme in [("light", LIGHT_THEME), ("dark", DARK_THEME)]:
            with tempfile.TemporaryDirectory() as profile:
                context = await launch(
                    playwright, Path(profile), server.base_url, color_scheme=scheme
                )
                page = context.pages[0]
                await page.clock.install(time=START)
                user = 1 if scheme == "light" else 2
                await page.goto(telegram_url(server.base_url, server.sign(user), theme=theme))
                await page.clock.pause_at(START.replace(minute=1))
                await today(page)
                written.append(await save(page, directory, "today", scheme))
                for tab in ["programme", "progress", "history"]:
                    await page.get_by_role("tab", name=TEXTS[f"tab_{tab}"]).click()
                    await page.locator(f"#app[aria-labelledby=tab-{tab}] .card").first.wait_for()
                    if tab == "progress":
                        await page.locator(".point").nth(-3).click()
                    written.append(await save(page, directory, tab, scheme))
                await page.locator(".entry").first.click()
                await page.locator("#sheet").get_by_role("button", name=TEXTS["save"]).wait_for()
                written.append(await save(page, directory, "history-edit", scheme))
                await page.locator("#sheet").get_by_role("button", name=TEXTS["cancel"]).click()
                await page.get_by_role("tab", name=TEXTS["tab_today"]).click()
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
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/webapp-shots")
    directory.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(directory)):
        print(path)


if __name__ == "__main__":
    main()
