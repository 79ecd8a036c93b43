"""Today's session on the gym floor: sets, steppers, the rest timer, finishing."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.async_api import Locator, Page, Request, Route, expect

from tests.browser.browser import telegram_url
from tests.browser.fixtures import LOOP, Api
from tests.browser.test_launch import GATE
from tests.e2e.webapp import Served

pytestmark = pytest.mark.asyncio(loop_scope=LOOP)

START = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
SUCCESS = {"type": "notification", "notification_type": "success"}


def load_text(load: float, today: dict[str, Any]) -> str:
    return f"{load:g} {today['units']}"


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def open_sets(exercise: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in exercise["sets"] if s["kind"] == "work" and not s["done"]]


def exercise_with(today: dict[str, Any], open_count: int) -> dict[str, Any]:
    """The first exercise with at least `open_count` work sets still to do."""
    return next(ex for ex in today["exercises"] if len(open_sets(ex)) >= open_count)


def same_exercise(today: dict[str, Any], exercise: dict[str, Any]) -> dict[str, Any]:
    return next(ex for ex in today["exercises"] if ex["exercise_id"] == exercise["exercise_id"])


async def sets_left(api: Api, exercise: dict[str, Any]) -> int:
    """How many of the exercise's work sets the server has still open now."""
    return len(open_sets(same_exercise(await api("GET", "api/today"), exercise)))


def card(page: Page, exercise: dict[str, Any]) -> Locator:
    return page.locator(f"#ex-{exercise['exercise_id']}")


def next_set(page: Page, exercise: dict[str, Any]) -> Locator:
    return card(page, exercise).locator("li.set.work:not([data-state=done])").first


async def row_of(page: Page, row: Locator) -> Locator:
    """The same set row however its state changes (`next_set` moves on)."""
    return page.locator(f'li[data-key="{await row.get_attribute("data-key")}"]')


async def open_today(page: Page, base_url: str, init_data: str, today: dict[str, Any]) -> None:
    await page.goto(telegram_url(base_url, init_data))
    heading = page.get_by_role("heading", name=today["day_title"], exact=True)
    await expect(heading).to_be_visible()


async def open_today_at_a_standstill(
    page: Page, base_url: str, init_data: str, today: dict[str, Any]
) -> None:
    """Today's screen with the page's clock stopped: the test moves it."""
    await page.clock.install(time=START)
    await open_today(page, base_url, init_data, today)
    await page.clock.pause_at(START.replace(minute=1))


async def haptics(page: Page) -> list[dict[str, str]]:
    result: list[dict[str, str]] = await page.evaluate("window.__haptics")
    return result


async def main_button(page: Page) -> dict[str, Any]:
    """The MainButton as the page last set it up with the Telegram client."""
    events = await page.evaluate("window.__telegramEvents")
    setups = [e["eventData"] for e in events if e["eventType"] == "web_app_setup_main_button"]
    return setups[-1] if setups else {"is_visible": False}


@dataclass(frozen=True)
class Session:
    """What a session done on the page sent and got: each set's answer, the load of the
    adjusted first set, and the summary."""

    answers: list[dict[str, Any]]
    heavier: float
    summary: str


async def a_session(page: Page, today: dict[str, Any], exercise: dict[str, Any]) -> Session:
    """On today's screen at a standstill: the first set one load step heavier with the
    stepper, three sets done, the rest timer counted down to its haptic, then Finish."""
    texts = today["texts"]
    step = exercise["load_step"]
    planned = open_sets(exercise)[0]
    adjusted = await row_of(page, next_set(page, exercise))
    await adjusted.get_by_role("button", name=f"{texts['load']} +{step:g}").click()
    heavier = step if planned["load"] is None else planned["load"] + step
    await expect(adjusted.get_by_role("spinbutton").first).to_have_value(f"{heavier:g}")
    shown = f"{load_text(heavier, today)} × {planned['reps']}"
    await expect(adjusted.locator(".val")).to_have_text(shown)

    answers = []
    for _ in range(3):
        async with page.expect_response("**/api/sets") as response:
            await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
        answers.append(await (await response.value).json())
        # The rest the server prescribes from that set on.
        rest = answers[-1]["rest_seconds"]
        await expect(page.locator("#timer-time")).to_have_text(clock(rest))
        await page.clock.run_for(10_000)
        await expect(page.locator("#timer-time")).to_have_text(clock(rest - 10))
    await expect(adjusted).to_have_attribute("data-state", "done")
    await expect(adjusted.locator(".val")).to_have_text(shown)

    # The rest ends with Telegram's "success" haptic, and not a moment before.
    await page.clock.run_for((rest - 11) * 1000)
    await expect(page.locator("#timer-time")).to_have_text(clock(1))
    assert SUCCESS not in await haptics(page)
    await page.clock.run_for(1_000)
    await expect(page.locator("#timer-time")).to_have_text(texts["rest_done"])
    assert SUCCESS in await haptics(page)

    # Finish is Telegram's MainButton.
    assert await main_button(page) | {"color": None, "text_color": None} == {
        "is_visible": True,
        "is_active": True,
        "is_progress_visible": False,
        "text": texts["finish"],
        "color": None,
        "text_color": None,
    }
    async with page.expect_response("**/api/finish") as response:
        await page.evaluate("Telegram.WebView.receiveEvent('main_button_pressed')")
    summary = (await (await response.value).json())["summary"]
    await expect(page.locator("#summary")).to_have_text(summary)
    assert (await main_button(page))["is_visible"] is False
    return Session(answers, heavier, summary)


async def test_a_session_with_an_adjusted_set_a_rest_timer_and_a_summary(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    exercise = exercise_with(today, open_count=3)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)
    session = await a_session(page, today, exercise)

    after = await api("GET", "api/today")
    logged = [s for s in same_exercise(after, exercise)["sets"] if s.get("log_id")]
    assert [s["log_id"] for s in logged[-3:]] == [a["log_id"] for a in session.answers]
    assert logged[-3]["load"] == session.heavier
    assert after["finished"] is True


async def test_a_set_that_does_not_get_through_is_sent_again_with_the_same_client_id(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=1)
    sent: list[dict[str, Any]] = []
    failures = 3  # after which the page shows the set is stuck, and keeps trying

    async def flaky(route: Route, request: Request) -> None:
        sent.append(json.loads(request.post_data or "{}"))
        if len(sent) <= failures:
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route("**/api/sets", flaky)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)
    row = await row_of(page, next_set(page, exercise))
    await row.get_by_role("button", name=texts["done_set"]).click()
    # The page waits a little longer before each try; the test moves its clock on until the
    # set shows it is stuck.
    for _ in range(30):
        if await row.get_attribute("data-state") == "failed":
            break
        await page.clock.run_for(1_000)
    await expect(row).to_have_attribute("data-state", "failed")
    await expect(page.locator("#toast")).to_have_text(texts["offline"])
    assert len(sent) == failures

    async with page.expect_response("**/api/sets") as response:
        await row.get_by_role("button", name=texts["retry"]).click()
    answer = await (await response.value).json()
    await expect(row).to_have_attribute("data-state", "done")

    assert len(sent) == failures + 1
    assert len({body["client_id"] for body in sent}) == 1
    logged = [
        s.get("log_id") for s in same_exercise(await api("GET", "api/today"), exercise)["sets"]
    ]
    assert logged.count(answer["log_id"]) == 1
    assert await sets_left(api, exercise) == len(open_sets(exercise)) - 1


async def test_a_set_done_offline_is_sent_when_the_connection_is_back(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=1)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)
    row = await row_of(page, next_set(page, exercise))

    await page.context.set_offline(True)
    await row.get_by_role("button", name=texts["done_set"]).click()
    for _ in range(30):
        if await row.get_attribute("data-state") == "failed":
            break
        await page.clock.run_for(1_000)
    await expect(page.locator("#toast")).to_have_text(texts["offline"])
    assert await sets_left(api, exercise) == len(open_sets(exercise))

    # Back online, the page sends it by itself, without waiting out its pause.
    await page.context.set_offline(False)
    await expect(row).to_have_attribute("data-state", "done")
    assert await sets_left(api, exercise) == len(open_sets(exercise)) - 1


async def test_a_set_still_on_its_way_when_the_app_closes_is_sent_when_it_opens_again(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=1)
    sent: list[dict[str, Any]] = []
    cut_off = True

    async def until_reopened(route: Route, request: Request) -> None:
        sent.append(json.loads(request.post_data or "{}"))
        if cut_off:
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route("**/api/sets", until_reopened)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)
    row = await row_of(page, next_set(page, exercise))
    async with page.expect_event("requestfailed"):
        await row.get_by_role("button", name=texts["done_set"]).click()

    cut_off = False
    await page.reload()
    await expect(row).to_have_attribute("data-state", "done")
    assert [body["client_id"] for body in sent] == [sent[0]["client_id"]] * 2
    assert await sets_left(api, exercise) == len(open_sets(exercise)) - 1


async def test_the_rest_timer_can_be_skipped(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=2)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)

    await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
    await expect(page.locator("#timer")).to_be_visible()
    await page.get_by_role("button", name=texts["skip_rest"]).click()
    await expect(page.locator("#timer")).to_be_hidden()
    await page.clock.run_for(exercise["rest_seconds"] * 1000)
    assert SUCCESS not in await haptics(page)


async def test_a_done_set_can_be_undone(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=1)
    await open_today(page, webapp_base_url, init_data, today)
    row = await row_of(page, next_set(page, exercise))

    await row.get_by_role("button", name=texts["done_set"]).click()
    await expect(row).to_have_attribute("data-state", "done")
    async with page.expect_response(lambda r: r.request.method == "DELETE") as response:
        await row.get_by_role("button", name=texts["undo_set"]).click()
    assert (await response.value).ok
    await expect(row).not_to_have_attribute("data-state", re.compile("done|pending"))

    after = same_exercise(await api("GET", "api/today"), exercise)
    assert [s["done"] for s in after["sets"]] == [s["done"] for s in exercise["sets"]]


async def test_an_exercise_is_swapped_for_one_of_its_options(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = next(ex for ex in today["exercises"] if ex["swap_options"])
    option = exercise["swap_options"][0]
    await open_today(page, webapp_base_url, init_data, today)

    await card(page, exercise).get_by_role("button", name=texts["swap"]).click()
    sheet = page.locator("#sheet")
    await expect(sheet).to_be_visible()
    await sheet.get_by_role("button", name=option["name"], exact=True).click()
    await expect(page.get_by_role("heading", name=option["name"], exact=True)).to_be_visible()
    await expect(page.get_by_role("heading", name=exercise["name"], exact=True)).to_have_count(0)

    after = await api("GET", "api/today")
    assert option["exercise_id"] in [ex["exercise_id"] for ex in after["exercises"]]


async def test_the_rest_timer_keeps_counting_when_the_app_is_opened_again(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=2)
    await open_today_at_a_standstill(page, webapp_base_url, init_data, today)

    async with page.expect_response("**/api/sets") as response:
        await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
    rest = (await (await response.value).json())["rest_seconds"]
    await expect(page.locator("#timer-time")).to_have_text(clock(rest))
    await page.clock.run_for(20_000)
    await page.reload()
    await expect(page.locator("#timer-time")).to_have_text(clock(rest - 20))


async def test_a_load_chosen_where_none_is_planned_carries_to_the_next_set(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = next(
        (
            ex
            for ex in today["exercises"]
            if len(open_sets(ex)) >= 2 and all(s["load"] is None for s in open_sets(ex))
        ),
        None,
    )
    assert exercise is not None, "a new person's first session has a weight to choose"
    step = exercise["load_step"]
    await open_today(page, webapp_base_url, init_data, today)
    first = await row_of(page, next_set(page, exercise))
    await expect(first.get_by_role("spinbutton").first).to_have_value("")
    # A first session of a loaded exercise: a weight to choose, not bodyweight.
    assert exercise["bodyweight"] is False
    reps = open_sets(exercise)[0]["reps"]
    await expect(first.locator(".val")).to_have_text(f"{texts['choose_load']} × {reps}")

    await first.get_by_role("button", name=f"{texts['load']} +{step:g}").click()
    await first.get_by_role("button", name=f"{texts['load']} +{step:g}").click()
    await first.get_by_role("button", name=texts["done_set"]).click()
    await expect(first).to_have_attribute("data-state", "done")
    second = next_set(page, exercise)
    await expect(second.get_by_role("spinbutton").first).to_have_value(f"{2 * step:g}")


async def test_sets_are_done_in_order(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=3)
    await open_today(page, webapp_base_url, init_data, today)
    rows = card(page, exercise).locator("li.set.work")
    second, third = rows.nth(1), rows.nth(2)
    # A later set waits for the one before it: its check does nothing yet.
    await expect(third.get_by_role("button", name=texts["done_set"])).to_be_disabled()

    # The page sends each set's place; the server stores it there or refuses it.
    async with page.expect_request("**/api/sets") as request:
        await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
    assert json.loads((await request.value).post_data or "{}")["index"] == 0
    await expect(second.get_by_role("button", name=texts["done_set"])).to_be_enabled()
    await expect(third.get_by_role("button", name=texts["done_set"])).to_be_disabled()


async def test_a_server_error_says_so_and_expired_launch_data_leads_back_to_telegram(
    page: Page, webapp_base_url: str, init_data: str, api: Api
) -> None:
    today = await api("GET", "api/today")
    texts = today["texts"]
    exercise = exercise_with(today, open_count=1)
    failure = (500, "internal")

    async def refused(route: Route) -> None:
        status, error = failure
        await route.fulfill(status=status, json={"error": error})

    await page.route("**/api/swap", refused)
    await open_today(page, webapp_base_url, init_data, today)
    # Not a lost connection: the page says something went wrong, not that it is offline.
    await card(page, exercise).get_by_role("button", name=texts["swap"]).click()
    await page.locator("#sheet .option").first.click()
    await expect(page.locator("#toast")).to_have_text(texts["error_retry"])

    # The launch data expires mid-session: only Telegram's button can mend that.
    failure = (401, "unauthorized")
    await page.keyboard.press("Escape")
    await page.route("**/api/sets", refused)
    await next_set(page, exercise).get_by_role("button", name=texts["done_set"]).click()
    await expect(page.get_by_role("heading", name=GATE)).to_be_visible()
    assert await sets_left(api, exercise) == len(open_sets(exercise))


async def test_bodyweight_work_says_so(
    page: Page, served: Served, webapp_base_url: str, init_data: str, api: Api
) -> None:
    assert served.clock is not None
    # Thursday, the gym lifter's other day, has bodyweight work (the Nordic negative); the
    # module's other tests expect Monday back.
    served.clock.advance(days=3)
    try:
        today = await api("GET", "api/today")
        texts = today["texts"]
        exercise = next(ex for ex in today["exercises"] if ex["bodyweight"])
        await open_today(page, webapp_base_url, init_data, today)
        reps = open_sets(exercise)[0]["reps"]
        row = next_set(page, exercise)
        await expect(row.locator(".val")).to_have_text(f"{texts['bodyweight']} × {reps}")
        # The other exercises are loaded: a first session's weight is still to choose.
        loaded = next(ex for ex in today["exercises"] if not ex["bodyweight"])
        await expect(next_set(page, loaded).locator(".val")).not_to_contain_text(
            texts["bodyweight"]
        )
    finally:
        served.clock.advance(days=-3)
