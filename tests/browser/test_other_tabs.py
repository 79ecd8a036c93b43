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
    body = {"exercise_id": exercise["exercise_id"], "reps": planned["reps"], "rpe": 8}
    edited, deleted = [
        await api("POST", "api/sets", body | {"client_id": f"history-{n}", "load": 40 + n})
        for n in range(2)
    ]
    await open_tab(page, webapp_base_url, init_data, today, "history")

    await page.locator(f'.entry[data-log="{edited["log_id"]}"]').click()
    sheet = page.locator("#sheet")
    await expect(sheet.get_by_role("heading", name=exercise["name"])).to_be_visible()
    # Its RPE comes along, so a save keeps it.
    await expect(sheet.get_by_role("combobox")).to_have_value("8")
    await sheet.get_by_role("button", name=f"{texts['reps']} +1").click()
    async with page.expect_response(f"**/api/sets/{edited['log_id']}") as response:
        await sheet.get_by_role("button", name=texts["save"]).click()
    assert (await response.value).status == 200
    await expect(sheet).to_be_hidden()
    more_reps = planned["reps"] + 1
    await expect(page.locator(f'.entry[data-log="{edited["log_id"]}"]')).to_contain_text(
        f"× {more_reps}"
    )

    await page.locator(f'.entry[data-log="{deleted["log_id"]}"]').click()
    async with page.expect_response(f"**/api/sets/{deleted['log_id']}") as response:
        await sheet.get_by_role("button", name=texts["delete"]).click()
    assert (await response.value).status == 200
    await expect(page.locator(f'.entry[data-log="{deleted["log_id"]}"]')).to_have_count(0)

    after = {e["log_id"]: e for e in (await api("GET", "api/history"))["entries"]}
    assert (after[edited["log_id"]]["reps"], after[edited["log_id"]]["rpe"]) == ([more_reps], 8)
    assert deleted["log_id"] not in after


async def test_one_set_of_a_log_typed_in_the_chat_is_edited_or_deleted_alone(
    page: Page, served: Served, person: ChatUser, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    name = today["exercises"][0]["name"]
    await person.send_text(f"{name} 3x8 @ 40 rpe 8")
    await served.replies(person)
    (entry,) = (await api("GET", "api/history"))["entries"]
    assert (entry["sets"], entry["rpe"]) == ([{"load": 40, "reps": 8}] * 3, 8)
    await open_tab(page, served.page_url, init_data, today, "history")
    row = page.locator(f'.entry[data-log="{entry["log_id"]}"]')
    sheet = page.locator("#sheet")

    # The second set, one more rep: the others stay as typed.
    await row.click()
    await sheet.locator(".option[data-position='1']").click()
    await sheet.get_by_role("button", name=f"{texts['reps']} +1").click()
    await expect(sheet.get_by_role("combobox")).to_have_value("8")
    async with page.expect_response(f"**/api/sets/{entry['log_id']}") as response:
        await sheet.get_by_role("button", name=texts["save"]).click()
    assert (await response.value).status == 200
    await expect(sheet).to_be_hidden()
    (changed,) = (await api("GET", "api/history"))["entries"]
    assert [s["reps"] for s in changed["sets"]] == [8, 9, 8]
    assert changed["rpe"] == 8

    # The first set deleted alone.
    await row.click()
    await sheet.locator(".option[data-position='0']").click()
    async with page.expect_response(f"**/api/sets/{entry['log_id']}?position=0") as response:
        await sheet.get_by_role("button", name=texts["delete"]).click()
    assert (await response.value).status == 200
    await expect(sheet).to_be_hidden()
    (left,) = (await api("GET", "api/history"))["entries"]
    assert [s["reps"] for s in left["sets"]] == [9, 8]
    await expect(row).to_contain_text(str(left["text"]).split(": ", 1)[-1])


async def test_a_new_persons_progress_and_history_say_there_is_nothing_yet(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    await open_tab(page, webapp_base_url, init_data, today, "progress")
    await expect(page.locator(".empty")).to_have_text(texts["nothing_yet"])
    await page.get_by_role("tab", name=texts["tab_history"]).click()
    await expect(page.get_by_role("heading", name=texts["tab_history"])).to_be_visible()
    await expect(page.locator(".empty")).to_have_text(texts["nothing_yet"])


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

    await expect(page.get_by_role("button", name=today["texts"]["load_more"])).to_be_attached()
    await entries.last.scroll_into_view_if_needed()
    await expect(entries).to_have_count(len(first_page["entries"]) + len(second_page["entries"]))
    last = second_page["entries"][-1]["log_id"]
    await expect(page.locator(f'.entry[data-log="{last}"]')).to_have_count(1)
