"""Debian's Chromium under Playwright, offline, set up the way Telegram opens a Mini App.

Playwright's own browser download never runs: the browser is /usr/bin/chromium (`make browser`
installs it). Telegram's script is served from tests/browser/telegram_web_app_standin.js, and
any request to another origin than the page's is refused, so nothing needs the internet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from playwright.async_api import Browser, Page, Playwright, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"
STANDIN = Path(__file__).with_name("telegram_web_app_standin.js")
# A phone: the width most of them have in CSS pixels.
PHONE = {"width": 390, "height": 844}

# Telegram's own dark and light themes, as its Android client passes them.
DARK_THEME = {
    "bg_color": "#212d3b",
    "secondary_bg_color": "#151e27",
    "section_bg_color": "#1d2733",
    "text_color": "#ffffff",
    "hint_color": "#7d8b99",
    "link_color": "#5eabe1",
    "button_color": "#50a8eb",
    "button_text_color": "#ffffff",
    "accent_text_color": "#64b5ef",
    "subtitle_text_color": "#7e8b98",
    "destructive_text_color": "#ee686f",
    "section_separator_color": "#0d1218",
}
LIGHT_THEME = {
    "bg_color": "#ffffff",
    "secondary_bg_color": "#f0f0f0",
    "section_bg_color": "#ffffff",
    "text_color": "#222222",
    "hint_color": "#a8a8a8",
    "link_color": "#2678b6",
    "button_color": "#50a8eb",
    "button_text_color": "#ffffff",
    "accent_text_color": "#1c93e3",
    "subtitle_text_color": "#82868a",
    "destructive_text_color": "#cc2929",
    "section_separator_color": "#e7e7e7",
}


async def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; each test opens a context of its own in it."""
    return await playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )


async def phone(browser: Browser, page_url: str, *, color_scheme: str = "light") -> Page:
    """A fresh phone-sized tab (nothing stored from another) for the page at `page_url`."""
    context = await browser.new_context(
        viewport=PHONE,  # type: ignore[arg-type]
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        color_scheme=color_scheme,  # type: ignore[arg-type]
        service_workers="block",
    )
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(page_url))

    async def refuse(route: Route) -> None:
        await route.abort("blockedbyclient")

    async def telegram_script(route: Route) -> None:
        await route.fulfill(path=STANDIN, content_type="text/javascript")

    # The last route added is asked first.
    await context.route(lambda url: not url.startswith(origin), refuse)
    await context.route(TELEGRAM_SCRIPT, telegram_script)
    return await context.new_page()


def telegram_url(
    page_url: str,
    init_data: str | None,
    *,
    theme: dict[str, str] | None = None,
    platform: str = "android",
    version: str = "8.0",
) -> str:
    """`page_url` with the launch parameters a Telegram client adds to a Mini App's URL."""
    params: dict[str, Any] = {"tgWebAppVersion": version, "tgWebAppPlatform": platform}
    if init_data is not None:
        params["tgWebAppData"] = init_data
    if theme is not None:
        params["tgWebAppThemeParams"] = json.dumps(theme, separators=(",", ":"))
    return f"{page_url}#{urlencode(params, quote_via=quote)}"
