"""Opening the page: inside Telegram, outside it, with a refused signature, in either theme."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
import pytest_asyncio
from playwright.async_api import Page, Request, expect

from bot.emulator import ChatUser
from tests.browser.browser import DARK_THEME, LIGHT_THEME, telegram_url
from tests.browser.fixtures import LOOP, Api, Newcomers

pytestmark = pytest.mark.asyncio(loop_scope=LOOP)

GATE = "Open this from the Coach bot in Telegram"


@pytest_asyncio.fixture(scope="module", loop_scope=LOOP)
async def person(newcomers: Newcomers) -> ChatUser:
    """One person for the module's tests, which only look: onboarding is most of a test's
    cost."""
    return await newcomers.take()


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


async def test_without_init_data_the_page_says_to_open_it_from_telegram(
    page: Page, webapp_base_url: str
) -> None:
    calls: list[str] = []

    def note(request: Request) -> None:
        if "/api/" in request.url:
            calls.append(request.url)

    page.on("request", note)
    await page.goto(telegram_url(webapp_base_url, None, platform="unknown"))
    await expect(page.get_by_role("heading", name=GATE)).to_be_visible()
    await expect(page.get_by_role("tab")).to_have_count(0)
    assert calls == []


async def test_a_refused_signature_gets_the_same_screen(
    page: Page, webapp_base_url: str, init_data: str
) -> None:
    # Someone else's id in otherwise genuine initData: the signature no longer matches.
    fields = dict(parse_qsl(init_data))
    fields["user"] = fields["user"].replace('"id":', '"id":1', 1)
    forged = urlencode(fields)
    async with page.expect_response("**/api/today") as response:
        await page.goto(telegram_url(webapp_base_url, forged))
    assert (await response.value).status == 401
    await expect(page.get_by_role("heading", name=GATE)).to_be_visible()
    await expect(page.get_by_role("tab")).to_have_count(0)


async def test_the_page_reads_init_data_from_its_url_without_telegrams_script(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    # The local URL the bot prints opens in any browser; Telegram's script may not load.
    await page.route("https://telegram.org/**", lambda route: route.abort())
    today = await api("GET", "api/today")
    await page.goto(telegram_url(webapp_base_url, init_data))
    await expect(page.get_by_role("heading", name=today["day_title"])).to_be_visible()
    # Without Telegram's MainButton, Finish is a button of the page.
    await expect(page.get_by_role("button", name=today["texts"]["finish"])).to_be_visible()


async def test_telegrams_dark_theme_colours_the_page(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    await page.goto(telegram_url(webapp_base_url, init_data, theme=DARK_THEME))
    name = today["exercises"][0]["name"]
    await expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()

    assert await page.evaluate("document.documentElement.dataset.scheme") == "dark"
    body = await page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    )
    assert body == [rgb(DARK_THEME["secondary_bg_color"]), rgb(DARK_THEME["text_color"])]
    card = await page.locator(".card.exercise").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert card == rgb(DARK_THEME["section_bg_color"])
    selected_tab = page.get_by_role("tab", name=today["texts"]["tab_today"])
    assert await selected_tab.evaluate("el => getComputedStyle(el).color") == rgb(
        DARK_THEME["button_color"]
    )


async def test_a_light_theme_after_a_dark_system_still_wins(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    # Telegram's colours, not the system's, when Telegram gives them.
    await page.emulate_media(color_scheme="dark")
    today = await api("GET", "api/today")
    await page.goto(telegram_url(webapp_base_url, init_data, theme=LIGHT_THEME))
    await expect(page.get_by_role("heading", name=today["day_title"])).to_be_visible()
    assert await page.evaluate("document.documentElement.dataset.scheme") == "light"
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == rgb(LIGHT_THEME["secondary_bg_color"])


async def test_without_a_theme_the_system_scheme_chooses_the_colours(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    await page.emulate_media(color_scheme="dark")
    today = await api("GET", "api/today")
    await page.goto(telegram_url(webapp_base_url, init_data, platform="unknown"))
    await expect(page.get_by_role("heading", name=today["day_title"])).to_be_visible()
    assert await page.evaluate("document.documentElement.dataset.scheme") is None
    # The dark fallback of the stylesheet: Telegram's own dark page colour.
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"


async def test_a_theme_changed_in_telegram_recolours_the_open_page(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    await page.goto(telegram_url(webapp_base_url, init_data, theme=LIGHT_THEME))
    await expect(page.get_by_role("heading", name=today["day_title"])).to_be_visible()

    await page.evaluate(
        "theme => Telegram.WebView.receiveEvent('theme_changed', {theme_params: theme})",
        DARK_THEME,
    )
    assert await page.evaluate("document.documentElement.dataset.scheme") == "dark"
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == rgb(DARK_THEME["secondary_bg_color"])
