"""The Mini App's API, served by the real bot beside its polling, against the emulator: sets
done in the app are the chat's logs, and only the person Telegram signed for touches them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from bot.config import Settings
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import services, webapp_site
from bot.telegram.i18n import tr
from bot.webapp.requests import MAX_BODY_BYTES
from tests.e2e.conftest import A_MONDAY
from tests.e2e.handled import replies_of
from tests.e2e.webapp import WEBAPP_URL, Served, served_bot
from tests.e2e.webhooks import hook_settings, webhook_bot
from tests.support.onboarding import GYM_LIFTER, gym_lifter, onboard


@pytest.fixture
async def served(emulator: BotApiEmulator, bot_settings: Settings) -> AsyncIterator[Served]:
    async with served_bot(emulator, bot_settings) as served:
        yield served


def _work_sets(exercise: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in exercise["sets"] if s["kind"] == "work"]


async def _sent_after_answering(user: ChatUser, count: int) -> list[BotMessage]:
    """The next `count` messages into `user`'s chat: the app's go once a request is answered."""
    return [await user.next_message() for _ in range(count)]


async def _history_text(served: Served, user: ChatUser) -> str:
    await user.send_text("/history")
    (answer,) = await served.replies(user)
    return answer.text


async def _stored_sets(served: Served, user_id: int) -> int:
    logs = await services(served.application.bot_data).progress.history(user_id)
    return sum(len(log.sets) for log in logs)


async def test_three_sets_done_in_the_app_are_the_chats_logs(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1701)
    # Last week, typed in the chat: a light session of the day's first exercise.
    _, today = await served.call("GET", "today", 1701)
    await user.send_text(f"{today['exercises'][0]['name']} 3x8 @ 20")
    await user.send_text("/done")
    await served.replies(user)
    assert served.clock is not None
    served.clock.advance(days=7)
    status, today = await served.call("GET", "today", 1701)
    assert status == 200, today
    assert today["is_workout"]
    assert today["texts"]["finish"] == tr("webapp.finish")
    first = today["exercises"][0]
    assert first["last_time"] == "3 × 8 @ 20 kg"
    planned = _work_sets(first)[0]
    assert planned["done"] is False
    assert planned["log_id"] is None
    heavier = (planned["load"] or 0) + first["load_step"]
    done = [
        (planned["load"], planned["reps"]),
        (heavier, planned["reps"]),  # adjusted with the stepper
        (heavier, planned["reps"]),
    ]
    answers = []
    for number, (load, reps) in enumerate(done):
        body = {"client_id": f"set-{number}", "exercise_id": first["exercise_id"]}
        status, answer = await served.call(
            "POST", "sets", 1701, body | {"load": load, "reps": reps}
        )
        assert status == 200, answer
        answers.append(answer)
    # Each set is confirmed in the chat as a typed log of it would be.
    confirmations = await _sent_after_answering(user, 3)
    assert [m.text for m in confirmations] == [a["message"] for a in answers]
    assert all(tr("workouts.button_undo") in m.button_texts for m in confirmations)
    # The app's view of the exercise has the three sets done, with their logs.
    shown = _work_sets(answers[-1]["exercise"])
    assert [(s["load"], s["reps"], s["done"]) for s in shown[:3]] == [(*d, True) for d in done]
    assert [s["log_id"] for s in shown[:3]] == [a["log_id"] for a in answers]
    # The clock stands still: each rest is the whole prescribed one.
    assert answers[0]["rest_seconds"] == first["rest_seconds"]
    # Heavier than last week: a record, said in the chat too.
    assert answers[0]["record"]
    assert "🏆" in confirmations[0].text
    status, finished = await served.call("POST", "finish", 1701)
    assert status == 200
    (summary,) = await _sent_after_answering(user, 1)
    assert summary.text == finished["summary"]
    history = await _history_text(served, user)
    assert first["name"] in history
    assert f"{heavier:g}" in history
    assert await _stored_sets(served, 1701) == 6


async def test_a_retried_set_is_stored_once_and_confirmed_once(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1702)
    await served.replies(user)
    _, today = await served.call("GET", "today", 1702)
    body = {"client_id": "same", "exercise_id": today["exercises"][0]["exercise_id"], "reps": 8}
    status, once = await served.call("POST", "sets", 1702, body | {"load": 40})
    status_again, again = await served.call("POST", "sets", 1702, body | {"load": 40})
    assert (status, status_again) == (200, 200)
    assert again["log_id"] == once["log_id"]
    # The chat's messages from the app go in order: once the summary is there, any second
    # confirmation would be too.
    _, finished = await served.call("POST", "finish", 1702)
    sent = await _sent_after_answering(user, 2)
    assert [m.text for m in sent] == [once["message"], finished["summary"]]
    assert await user.drain(settle=0) == []
    assert await _stored_sets(served, 1702) == 1


async def test_forged_or_stale_launch_data_is_refused_and_changes_nothing(
    emulator: BotApiEmulator, served: Served
) -> None:
    await gym_lifter(emulator, 1703)
    body = {"client_id": "x", "exercise_id": "romanian_deadlift", "load": 80, "reps": 8}
    forged = served.auth(1703, token="123:not-this-bots-token")
    stale = served.auth(1703, at=datetime.now(UTC) - timedelta(hours=25))
    unsigned = "tma user=%7B%22id%22%3A1703%7D&auth_date=1"
    for auth in (forged, stale, unsigned, "Bearer abc", ""):
        status, answer = await served.call("POST", "sets", 1703, body, auth=auth or "tma")
        assert (status, answer) == (401, {"error": "unauthorized"})
    assert await _stored_sets(served, 1703) == 0


async def test_another_persons_log_is_not_found(emulator: BotApiEmulator, served: Served) -> None:
    await gym_lifter(emulator, 1704)
    await gym_lifter(emulator, 1705)
    _, today = await served.call("GET", "today", 1704)
    body = {"client_id": "a", "exercise_id": today["exercises"][0]["exercise_id"], "reps": 8}
    _, theirs = await served.call("POST", "sets", 1704, body | {"load": 40})
    log_id = theirs["log_id"]
    change = {"load": 200, "reps": 1}
    assert await served.call("PATCH", f"sets/{log_id}", 1705, change) == (
        404,
        {"error": "not_found"},
    )
    assert await served.call("DELETE", f"sets/{log_id}", 1705) == (404, {"error": "not_found"})
    assert (await served.call("GET", f"history?before={log_id}", 1705))[0] == 404
    # Still theirs, unchanged; their own change goes through.
    _, history = await served.call("GET", "history", 1704)
    assert [(e["log_id"], e["load"]) for e in history["entries"]] == [(log_id, 40)]
    status, changed = await served.call("PATCH", f"sets/{log_id}", 1704, change)
    assert status == 200
    assert changed["log_id"] == log_id
    status, deleted = await served.call("DELETE", f"sets/{log_id}", 1704)
    assert status == 200
    assert deleted["deleted"] is True
    assert await _stored_sets(served, 1704) == 0


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b'{"client_id": "' + b"x" * MAX_BODY_BYTES + b'"}', "body too large"),
        (b'{"client_id": "x", "reps": ', "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b'{"client_id": "x", "exercise_id": "squat", "reps": 0}', "invalid: reps"),
        (b'{"client_id": "x", "exercise_id": "squat", "reps": 5, "is_admin": 1}', "invalid"),
        (b'{"client_id": "x", "exercise_id": "squat", "reps": 5, "rpe": 7.3}', "invalid: rpe"),
    ],
)
async def test_a_bad_body_is_refused_and_stores_nothing(
    emulator: BotApiEmulator, served: Served, raw: bytes, detail: str
) -> None:
    await gym_lifter(emulator, 1706)
    status, answer = await served.call("POST", "sets", 1706, raw=raw)
    assert status == 400
    assert answer["error"] == "bad_request"
    assert answer["detail"].startswith(detail)
    assert await _stored_sets(served, 1706) == 0


async def test_someone_not_onboarded_is_told_so(served: Served) -> None:
    assert await served.call("GET", "today", 1707) == (409, {"error": "not_onboarded"})


async def test_too_many_requests_are_slowed_down(
    emulator: BotApiEmulator, bot_settings: Settings
) -> None:
    # A small burst refills one request in 3.3 s: a slow machine cannot refill the bucket
    # between the burst and the checks (at the default 30, one came back every 0.33 s).
    burst = 3
    settings = bot_settings.model_copy(update={"webapp_rate_limit": burst})
    async with served_bot(emulator, settings) as served:
        await _slowed_down(emulator, served, burst)


async def _slowed_down(emulator: BotApiEmulator, served: Served, burst: int) -> None:
    await gym_lifter(emulator, 1708)
    answers = await asyncio.gather(*(served.call("GET", "history", 1708) for _ in range(burst + 1)))
    assert sorted(status for status, _ in answers) == [200] * burst + [429]
    assert (429, {"error": "rate_limited"}) in answers
    headers = {"Authorization": served.auth(1708)}
    async with served.http.get(f"{served.root}/webapp/api/history", headers=headers) as again:
        assert again.status == 429
        assert int(again.headers["Retry-After"]) >= 1
    # One person's limit is theirs alone.
    await gym_lifter(emulator, 1709)
    assert (await served.call("GET", "history", 1709))[0] == 200


async def test_the_app_is_the_chats_menu_button_and_its_page_is_served(
    emulator: BotApiEmulator, served: Served
) -> None:
    site = webapp_site(served.application.bot_data)
    assert site is not None
    assert site.url == WEBAPP_URL
    button = emulator.api.menu_button()
    assert button == {
        "type": "web_app",
        "text": tr("webapp.menu_button"),
        "web_app": {"url": WEBAPP_URL},
    }
    async with served.http.get(f"{served.root}/webapp/") as page:
        assert page.status == 200
        assert "<html" in (await page.text()).lower()
        # A deploy never leaves a stale page, and the page runs no script but its own.
        assert page.headers["Cache-Control"] == "no-cache"
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self' https://telegram.org;" in policy
        assert "unsafe-inline" not in policy
    async with served.http.get(f"{served.root}/webapp/static/app.js") as script:
        assert script.status == 200
        assert script.headers["Cache-Control"] == "no-cache"
        assert "javascript" in script.headers["Content-Type"]
    for elsewhere in ("static/nothing.js", "static/..%2Fapi.py", "static/%2E%2E/init_data.py"):
        async with served.http.get(f"{served.root}/webapp/{elsewhere}") as missing:
            assert missing.status == 404


def _opens_app(message: BotMessage) -> bool:
    keyboard = message.keyboard
    buttons = [b for row in keyboard.rows for b in row] if keyboard is not None else []
    return any(b.web_app == WEBAPP_URL for b in buttons)


async def test_today_and_the_workout_reminder_offer_the_app(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = emulator.user(1710)
    await onboard(user, **(GYM_LIFTER | {"reminder": "10:01", "timezone": "UTC"}))
    await served.replies(user)
    await user.send_text("/today")
    day, *_ = await served.replies(user)
    assert _opens_app(day)
    assert served.clock is not None
    served.clock.advance(minutes=2)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    assert _opens_app(reminder)
    assert tr("reminders.button_start") in reminder.button_texts


async def test_a_swap_in_the_app_changes_todays_session(
    emulator: BotApiEmulator, served: Served
) -> None:
    await gym_lifter(emulator, 1711)
    _, today = await served.call("GET", "today", 1711)
    first = today["exercises"][0]
    option = first["swap_options"][0]
    body = {"exercise_id": first["exercise_id"], "to": option["exercise_id"]}
    status, swapped = await served.call("POST", "swap", 1711, body)
    assert status == 200
    assert swapped["exercises"][0]["exercise_id"] == option["exercise_id"]
    refused = {"exercise_id": first["exercise_id"], "to": "no_such_exercise"}
    assert (await served.call("POST", "swap", 1711, refused))[0] == 400


async def test_programme_progress_and_history_read_the_same_logs(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1712)
    _, today = await served.call("GET", "today", 1712)
    first = today["exercises"][0]
    await user.send_text(f"{first['name']} 3x8 @ 30")
    await served.replies(user)
    _, programme = await served.call("GET", "programme", 1712)
    assert len(programme["weeks"]) == 2
    assert programme["weeks"][0]["starts"] == A_MONDAY.date().isoformat()
    assert first["name"] in programme["weeks"][0]["days"][0]["exercises"]
    _, progress = await served.call("GET", "progress", 1712)
    (lifted,) = progress["exercises"]
    assert lifted["exercise_id"] == first["exercise_id"]
    assert lifted["points"][0]["best"] == "1 × 8 @ 30 kg"
    _, history = await served.call("GET", "history", 1712)
    assert [(e["name"], e["reps"], e["load"]) for e in history["entries"]] == [
        (first["name"], [8, 8, 8], 30)
    ]
    assert history["more"] is False


async def test_in_webhook_mode_the_app_is_served_beside_the_webhook(
    emulator: BotApiEmulator, bot_settings: Settings
) -> None:
    hook = hook_settings()
    settings = bot_settings.model_copy(update={"webapp_url": WEBAPP_URL})
    async with (
        webhook_bot(settings, hook, emulator.token) as application,
        aiohttp.ClientSession() as http,
    ):
        replies = replies_of(emulator, application)
        served = Served(application, hook.root, emulator.token, replies, http, None, emulator)
        assert await served.call("GET", "today", 1720) == (409, {"error": "not_onboarded"})
        assert (await served.call("GET", "today", 1720, auth="tma x"))[0] == 401
        async with http.get(f"{hook.root}/webapp/") as page:
            assert page.status == 200
        async with http.get(f"{hook.root}/healthz") as health:
            assert health.status == 200
        assert emulator.api.menu_button()["web_app"] == {"url": WEBAPP_URL}


async def test_a_person_may_have_only_the_summary_in_the_chat(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1713)
    await served.replies(user)
    await user.send_text("/settings")
    (menu,) = await served.replies(user)
    await user.press(tr("coaching.button_coaching"), message=menu)
    (coaching,) = await served.replies(user)
    label = messages.coaching_switch_labels()["app_set_messages"]
    await user.press(f"{tr('labels.checked')} {label}", message=coaching)
    (shown,) = await served.replies(user)
    assert f"{tr('labels.unchecked')} {label}" in shown.button_texts
    _, today = await served.call("GET", "today", 1713)
    body = {"client_id": "quiet", "exercise_id": today["exercises"][0]["exercise_id"], "reps": 8}
    status, _ = await served.call("POST", "sets", 1713, body | {"load": 40})
    assert status == 200
    _, finished = await served.call("POST", "finish", 1713)
    # In order: a confirmation of the set would have come first.
    (summary,) = await _sent_after_answering(user, 1)
    assert summary.text == finished["summary"]


async def test_one_set_of_a_typed_log_of_several_is_changed_or_deleted_alone(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1714)
    _, today = await served.call("GET", "today", 1714)
    first = today["exercises"][0]
    await user.send_text(f"{first['name']} 3x8 @ 40")
    await served.replies(user)
    _, today = await served.call("GET", "today", 1714)
    done = [s for s in _work_sets(today["exercises"][0]) if s["done"]]
    assert [(s["log_id"], s["position"]) for s in done] == [
        (done[0]["log_id"], n) for n in range(3)
    ]
    log_id = done[0]["log_id"]

    whole = await served.call("PATCH", f"sets/{log_id}", 1714, {"load": 45, "reps": 6})
    assert whole[0] == 400
    assert await served.call(
        "PATCH", f"sets/{log_id}", 1714, {"load": 45, "reps": 6, "position": 3}
    ) == (404, {"error": "not_found"})
    status, changed = await served.call(
        "PATCH", f"sets/{log_id}", 1714, {"load": 45, "reps": 6, "position": 1}
    )
    assert status == 200
    sets = [(s["load"], s["reps"]) for s in _work_sets(changed["exercise"]) if s["done"]]
    assert sets == [(40, 8), (45, 6), (40, 8)]

    status, deleted = await served.call("DELETE", f"sets/{log_id}?position=0", 1714)
    assert status == 200
    sets = [(s["load"], s["reps"]) for s in _work_sets(deleted["exercise"]) if s["done"]]
    assert sets == [(45, 6), (40, 8)]
    assert await _stored_sets(served, 1714) == 2
    assert (await served.call("DELETE", f"sets/{log_id}", 1714))[0] == 200
    assert await _stored_sets(served, 1714) == 0


async def test_a_recovery_day_shows_its_advice_and_no_sets(
    emulator: BotApiEmulator, served: Served
) -> None:
    await gym_lifter(emulator, 1715)
    assert served.clock is not None
    served.clock.advance(days=1)  # Tuesday: the gym lifter trains Monday and Thursday
    status, today = await served.call("GET", "today", 1715)
    assert status == 200
    assert (today["is_workout"], today["exercises"], today["finished"]) == (False, [], False)
    assert today["rest_day_text"]
    assert today["date"] == "2026-12-01"


async def test_bodyweight_work_is_told_from_a_weight_still_to_choose(
    emulator: BotApiEmulator, served: Served
) -> None:
    await gym_lifter(emulator, 1716)
    kinds = {}
    for _ in ("Monday", "Thursday"):
        _, today = await served.call("GET", "today", 1716)
        for ex in today["exercises"]:
            kinds[ex["exercise_id"]] = (ex["bodyweight"], {s["load"] for s in _work_sets(ex)})
        assert served.clock is not None
        served.clock.advance(days=3)
    # A first session: the barbell's weight is the person's to find, the Nordic curl (every
    # plan has one) is bodyweight work.
    assert kinds["barbell_back_squat"] == (False, {None})
    nordic = [kind for exercise_id, kind in kinds.items() if "nordic" in exercise_id]
    assert nordic == [(True, {None})], kinds


async def test_a_set_ahead_of_an_open_one_is_refused(
    emulator: BotApiEmulator, served: Served
) -> None:
    await gym_lifter(emulator, 1717)
    _, today = await served.call("GET", "today", 1717)
    body = {"exercise_id": today["exercises"][0]["exercise_id"], "load": 40, "reps": 8}
    status, refused = await served.call("POST", "sets", 1717, body | {"client_id": "c", "index": 2})
    assert (status, refused["error"]) == (409, "out_of_order")
    assert refused["detail"] == "set 1 is still open"
    assert await _stored_sets(served, 1717) == 0
    status, first = await served.call("POST", "sets", 1717, body | {"client_id": "a", "index": 0})
    assert status == 200
    second = body | {"client_id": "b", "index": 1}
    assert (await served.call("POST", "sets", 1717, second))[0] == 200
    # The first sent again (a retry after a lost answer) is still the first, stored once.
    status, again = await served.call("POST", "sets", 1717, body | {"client_id": "a", "index": 0})
    assert (status, again["log_id"]) == (200, first["log_id"])
    assert await _stored_sets(served, 1717) == 2


async def test_the_history_carries_each_set_and_the_rpe(
    emulator: BotApiEmulator, served: Served
) -> None:
    user = await gym_lifter(emulator, 1718)
    _, today = await served.call("GET", "today", 1718)
    await user.send_text(f"{today['exercises'][0]['name']} 40x8, 45x6 rpe 8.5")
    await served.replies(user)
    _, history = await served.call("GET", "history", 1718)
    (entry,) = history["entries"]
    assert entry["sets"] == [{"load": 40, "reps": 8}, {"load": 45, "reps": 6}]
    assert (entry["load"], entry["reps"], entry["rpe"], entry["bodyweight"]) == (
        None,
        [8, 6],
        8.5,
        False,
    )
    change = {"load": 45, "reps": 7, "rpe": 8.5, "position": 1}
    assert (await served.call("PATCH", f"sets/{entry['log_id']}", 1718, change))[0] == 200
    _, history = await served.call("GET", "history", 1718)
    (entry,) = history["entries"]
    assert (entry["sets"][1], entry["rpe"]) == ({"load": 45, "reps": 7}, 8.5)
