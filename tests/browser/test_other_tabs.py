"""The Programme, Progress and History tabs, and Telegram's BackButton between them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from bot.emulator import ChatUser
from tests.browser.browser import telegram_url
from tests.browser.fixtures import LOOP, Api
from tests.e2e.webapp import Served, import_history, strong_csv

pytestmark = pytest.mark.asyncio(loop_scope=LOOP)


async def open_tab(
    page: Page, base_url: str, init_data: str, today: dict[str, Any], tab: str
) -> None:
    await page.goto(telegram_url(base_url, init_data))
    await page.get_by_role("tab", name=today["texts"][f"tab_{tab}"]).click()
    await expect(page.get_by_role("heading", name=today["texts"][f"tab_{tab}"])).to_be_visible()


async def back_button_visible(page: Page) -> bool:
    events = await page.evaluate("window.__telegramEvents")
    setups = [e["eventData"] for e in events if e["eventType"] == "web_app_setup_back_button"]
    return bool(setups and setups[-1]["is_visible"])


async def test_the_programme_shows_its_weeks_with_the_lighter_one_marked(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    programme = await api("GET", "api/programme")
    await open_tab(page, webapp_base_url, init_data, today, "programme")

    for week in programme["weeks"]:
        heading = page.get_by_role("heading", name=week["label"], exact=True)
        await expect(heading).to_be_visible()
        card = page.locator(".week", has=heading)
        if week["phase"] == "build":
            await expect(card).not_to_have_class("card week light")
        else:
            await expect(card).to_have_class("card week light")
    await expect(page.locator("[aria-current=date]")).to_have_count(1)

    # A tab other than Today is a sub-screen: Telegram's BackButton leads back.
    assert await back_button_visible(page)
    await page.evaluate("Telegram.WebView.receiveEvent('back_button_pressed')")
    await expect(page.get_by_role("heading", name=today["day_title"])).to_be_visible()
    assert not await back_button_visible(page)


async def test_tapping_a_point_of_the_chart_shows_that_sessions_best_set(
    page: Page, webapp_base_url: str, init_data: str, api: Api, served: Served, person: ChatUser
) -> None:
    await import_history(person, served, strong_csv("Squat (Barbell)", sessions=3))
    today = await api("GET", "api/today")
    progress = await api("GET", "api/progress")
    (exercise,) = progress["exercises"]
    assert len(exercise["points"]) == 3
    await open_tab(page, webapp_base_url, init_data, today, "progress")
    await page.get_by_role("button", name=exercise["name"], exact=True).click()
    await expect(page.get_by_role("heading", name=exercise["name"], exact=True)).to_be_visible()

    detail = page.locator(".point-detail .best")
    await expect(detail).to_have_text(exercise["points"][-1]["best"])
    first = page.locator(f'.point[data-session="{exercise["points"][0]["session_id"]}"]')
    await first.click()
    await expect(detail).to_have_text(exercise["points"][0]["best"])
    await expect(first).to_have_attribute("aria-pressed", "true")


async def test_a_set_in_the_history_is_edited_and_another_deleted(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = next(ex for ex in today["exercises"] if ex["sets"])
    planned = exercise["sets"][-1]
    body = {"exercise_id": exercise["exercise_id"], "reps": planned["reps"], "rpe": None}
    logged = [
        await api("POST", "api/sets", body | {"client_id": f"history-{n}", "load": load})
        for n, load in enumerate([planned["load"], None])
    ]
    entries = {e["log_id"]: e for e in (await api("GET", "api/history"))["entries"]}
    edited = entries[logged[0]["log_id"]]
    # One of several sets if the history has one (the chat's "3×8"), else the other.
    deleted = next(
        (e for e in entries.values() if len(e["reps"]) > 1), entries[logged[1]["log_id"]]
    )
    await open_tab(page, webapp_base_url, init_data, today, "history")

    await page.locator(f'.entry[data-log="{edited["log_id"]}"]').click()
    sheet = page.locator("#sheet")
    await expect(sheet.get_by_role("heading", name=edited["name"])).to_be_visible()
    await sheet.get_by_role("button", name=f"{texts['reps']} +1").click()
    async with page.expect_response(f"**/api/sets/{edited['log_id']}") as response:
        await sheet.get_by_role("button", name=texts["save"]).click()
    assert (await response.value).status == 200
    await expect(sheet).to_be_hidden()
    more_reps = edited["reps"][0] + 1
    await expect(page.locator(f'.entry[data-log="{edited["log_id"]}"]')).to_contain_text(
        f"× {more_reps}"
    )

    await page.locator(f'.entry[data-log="{deleted["log_id"]}"]').click()
    if len(deleted["reps"]) > 1:
        # A change would make one set of several: that is the chat's to correct.
        await expect(sheet.get_by_role("button", name=texts["save"])).to_have_count(0)
    async with page.expect_response(f"**/api/sets/{deleted['log_id']}") as response:
        await sheet.get_by_role("button", name=texts["delete"]).click()
    assert (await response.value).status == 200
    await expect(page.locator(f'.entry[data-log="{deleted["log_id"]}"]')).to_have_count(0)

    after = {e["log_id"]: e for e in (await api("GET", "api/history"))["entries"]}
    assert after[edited["log_id"]]["reps"] == [more_reps]
    assert deleted["log_id"] not in after


async def test_the_history_loads_more_as_it_is_scrolled(
    page: Page, webapp_base_url: str, init_data: str, api: Api, served: Served, person: ChatUser
) -> None:
    await import_history(person, served, strong_csv("Squat (Barbell)", sessions=40))
    today = await api("GET", "api/today")
    first_page = await api("GET", "api/history")
    assert first_page["more"]
    oldest = first_page["entries"][-1]["log_id"]
    second_page = await api("GET", f"api/history?before={oldest}")
    await open_tab(page, webapp_base_url, init_data, today, "history")
    entries = page.locator(".entry")
    await expect(entries).to_have_count(len(first_page["entries"]))

    await entries.last.scroll_into_view_if_needed()
    await expect(entries).to_have_count(len(first_page["entries"]) + len(second_page["entries"]))
    last = second_page["entries"][-1]["log_id"]
    await expect(page.locator(f'.entry[data-log="{last}"]')).to_have_count(1)
