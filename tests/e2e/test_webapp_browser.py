"""The Mini App in a real browser against the real bot, then the chat through the emulator:
what is done on the gym floor is what the chat knows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Page, expect

from bot.emulator import ChatUser
from tests.browser.browser import telegram_url
from tests.browser.fixtures import LOOP, Api
from tests.browser.test_launch import GATE
from tests.browser.test_today_screen import a_session, open_sets, open_today_at_a_standstill
from tests.e2e.webapp import Served

pytestmark = pytest.mark.asyncio(loop_scope=LOOP)


async def test_a_session_in_the_app_is_in_the_chats_history_with_its_record(
    page: Page, served: Served, person: ChatUser, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    exercise = next(ex for ex in today["exercises"] if len(open_sets(ex)) >= 3)
    # Yesterday, typed in the chat: a light session, so that today's heavier set is a record.
    await person.send_text(f"yesterday: {exercise['name']} 3x8 @ 20")
    await served.replies(person)
    today = await api("GET", "api/today")
    exercise = next(ex for ex in today["exercises"] if ex["exercise_id"] == exercise["exercise_id"])
    planned = open_sets(exercise)[0]
    await open_today_at_a_standstill(page, served.page_url, init_data, today)
    # The first set one step heavier, three sets, the rest timer down to its haptic, Finish.
    session = await a_session(page, today, exercise)
    answers, heavier = session.answers, session.heavier
    # The server's clock stands still: the whole prescribed rest is still to come.
    assert answers[-1]["rest_seconds"] == exercise["rest_seconds"]

    # The chat: each set confirmed as a typed log would be, the record said, then the summary.
    sent = [await person.next_message() for _ in range(4)]
    assert [m.text for m in sent] == [a["message"] for a in answers] + [session.summary]
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
