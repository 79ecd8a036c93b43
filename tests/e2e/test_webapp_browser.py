"""The Mini App in a real browser against the real bot, then the chat through the emulator:
what is done on the gym floor is what the chat knows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Page, expect

from bot.emulator import ChatUser
from tests.browser.browser import telegram_url
from tests.browser.fixtures import LOOP, Api
from tests.browser.test_launch import GATE
from tests.browser.test_today_screen import (
    SUCCESS,
    clock,
    haptics,
    main_button,
    next_set,
    open_sets,
    open_today_at_a_standstill,
    row_of,
)
from tests.e2e.webapp import Served

pytestmark = pytest.mark.asyncio(loop_scope=LOOP)


async def test_a_session_in_the_app_is_in_the_chats_history_with_its_record(
    page: Page, served: Served, person: ChatUser, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = next(ex for ex in today["exercises"] if len(open_sets(ex)) >= 3)
    # Yesterday, typed in the chat: a light session, so that today's heavier set is a record.
    await person.send_text(f"yesterday: {exercise['name']} 3x8 @ 20")
    await served.replies(person)
    today = await api("GET", "api/today")
    exercise = next(ex for ex in today["exercises"] if ex["exercise_id"] == exercise["exercise_id"])
    planned = open_sets(exercise)[0]
    step = exercise["load_step"]
    await open_today_at_a_standstill(page, served.page_url, init_data, today)

    # The first set one step heavier than planned, with the stepper.
    adjusted = await row_of(page, next_set(page, exercise))
    await adjusted.get_by_role("button", name=f"{texts['load']} +{step:g}").click()
    heavier = (planned["load"] or 0) + step
    await expect(adjusted.get_by_role("spinbutton").first).to_have_value(f"{heavier:g}")

    answers: list[dict[str, Any]] = []
    for _ in range(3):
        async with page.expect_response("**/api/sets") as response:
            await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
        answers.append(await (await response.value).json())
        rest = answers[-1]["rest_seconds"]
        await expect(page.locator("#timer-time")).to_have_text(clock(rest))
        await page.clock.run_for(10_000)
        await expect(page.locator("#timer-time")).to_have_text(clock(rest - 10))
    await expect(adjusted).to_have_attribute("data-state", "done")
    # The server's clock stands still: the whole prescribed rest is still to come.
    assert rest == exercise["rest_seconds"]

    # The rest ends with Telegram's "success" haptic, and not a moment before.
    await page.clock.run_for((rest - 11) * 1000)
    await expect(page.locator("#timer-time")).to_have_text(clock(1))
    assert SUCCESS not in await haptics(page)
    await page.clock.run_for(1_000)
    await expect(page.locator("#timer-time")).to_have_text(texts["rest_done"])
    assert SUCCESS in await haptics(page)

    assert (await main_button(page))["text"] == texts["finish"]
    async with page.expect_response("**/api/finish") as response:
        await page.evaluate("Telegram.WebView.receiveEvent('main_button_pressed')")
    summary = (await (await response.value).json())["summary"]
    await expect(page.locator("#summary")).to_have_text(summary)

    # The chat: each set confirmed as a typed log would be, the record said, then the summary.
    sent = [await person.next_message() for _ in range(4)]
    assert [m.text for m in sent] == [a["message"] for a in answers] + [summary]
    assert answers[0]["record"]
    assert "🏆" in sent[0].text
    await person.send_text("/history")
    (history,) = await served.replies(person)
    assert exercise["name"] in history.text
    assert f"{heavier:g}" in history.text
    assert f"{planned['load']:g}" in history.text


@pytest.mark.parametrize("launch", ["forged", "stale"])
async def test_forged_or_stale_launch_data_gets_the_telegram_screen_and_stores_nothing(
    page: Page, served: Served, person: ChatUser, api: Api, launch: str
) -> None:
    refused = {
        # Signed, but not by this bot.
        "forged": served.init_data(person.user_id, token="123:not-this-bots-token"),
        # Signed by this bot, over a day ago.
        "stale": served.init_data(person.user_id, at=datetime.now(UTC) - timedelta(hours=25)),
    }[launch]
    async with page.expect_response("**/api/today") as response:
        await page.goto(telegram_url(served.page_url, refused))
    assert (await response.value).status == 401
    await expect(page.get_by_role("heading", name=GATE)).to_be_visible()
    await expect(page.get_by_role("tab")).to_have_count(0)
    await expect(page.get_by_role("button")).to_have_count(0)

    assert (await api("GET", "api/history"))["entries"] == []
    await served.replies(person)
    assert await person.drain(settle=0) == []
