"""The rest timer: off until turned on, one rest message and one ping per set, cancelled by
what ends the rest.

A timer's ping is a JobQueue job due when the rest ends by real time; the tests move the
bot's clock instead and then run the jobs due by it (`rests_over`), as the job queue would
once that time had come. So each test can say exactly when a ping comes, without waiting.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram.ext import Job

from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.handlers.rest_timer import RestPing
from bot.telegram.i18n import tr
from tests.e2e.conftest import A_MONDAY, BotRunner, FakeClock
from tests.e2e.handled import Replies, all_handled
from tests.support.onboarding import gym_lifter

App = CoachApplication
# The day's first exercise, as /today lists it: its name, sets and rest.
PLANNED = re.compile(r"^1\. (?P<name>.+?) — (?P<sets>\d+) × .*, rest (?P<rest>\d+) s$", re.M)
REST = re.compile(r"^⏱ Rest (?P<left>\d+:\d\d) — next: set (?P<number>\d+) of (?P<sets>\d+), ")
REST_PREFIX = tr("workouts.rest").split("{", 1)[0]
PING_PREFIX = tr("workouts.rest_over").split("{", 1)[0]
REST_BEFORE = re.compile(r"^⏱ Rest (?P<left>\d+:\d\d) — next: (?P<set>.+)$")
PING_BEFORE_PREFIX = tr("workouts.rest_over_next_exercise").split("{", 1)[0]


async def rests_over(application: App) -> None:
    """Run every rest timer's job due by the bot's clock, as the job queue does once the
    rest is over; a job not run was not due, or was cancelled."""
    assert application.job_queue is not None
    now = services(application.bot_data).logbook.clock()
    jobs: tuple[Job[Any], ...] = application.job_queue.jobs()
    for job in jobs:
        if isinstance(job.data, RestPing) and job.data.rest.ends <= now:
            job.schedule_removal()
            await job.run(application)


async def _first_exercise(user: ChatUser) -> re.Match[str]:
    """/today on a training day: the first exercise as the day lists it."""
    await user.send_text("/today")
    planned = PLANNED.search((await user.next_message()).text)
    assert planned is not None
    await user.next_message()  # its prompt
    return planned


async def _one_set(user: ChatUser, weight: int = 60) -> BotMessage:
    message_id = await user.send_text(f"8 @ {weight}")
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


def _texts(sent: list[BotMessage], prefix: str) -> list[str]:
    return [message.text for message in sent if message.text.startswith(prefix)]


Read = Callable[[ChatUser], Awaitable[list[BotMessage]]]


async def _timer_on(user: ChatUser, replies: Read) -> tuple[BotMessage, re.Match[str]]:
    """Set 1 logged and the timer turned on with its button: the rest message, read."""
    confirmation = await _one_set(user)
    await replies(user)
    await user.press(tr("workouts.button_rest_timer"), message=confirmation)
    (rest,) = _texts(await replies(user), REST_PREFIX)
    match = REST.match(rest)
    assert match is not None, rest
    return confirmation, match


async def _nothing_after_any_rest(
    coach: App, clock: FakeClock, replies: Replies, user: ChatUser
) -> None:
    """Long after any rest would be over, no ping has come."""
    clock.advance(minutes=30)
    await rests_over(coach)
    assert await replies(user) == []


def _seconds(left: str) -> int:
    minutes, seconds = left.split(":")
    return int(minutes) * 60 + int(seconds)


async def test_the_timer_is_off_until_turned_on(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1401)
    await _first_exercise(user)
    confirmation = await _one_set(user)
    assert tr("workouts.button_rest_timer") in confirmation.button_texts
    assert await replies(user) == []
    await _nothing_after_any_rest(coach, clock, replies, user)


async def test_turned_on_the_rest_is_told_then_pinged_once_when_over(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1402)
    planned = await _first_exercise(user)
    confirmation, rest = await _timer_on(user, replies)
    # Pressed again, the timer already running is said, not started twice.
    await user.press(tr("workouts.button_rest_timer"), message=confirmation)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("workouts.rest_already_running")
    rest_seconds = int(planned["rest"])
    assert _seconds(rest["left"]) == rest_seconds
    assert (rest["number"], rest["sets"]) == ("2", planned["sets"])
    assert planned["name"] in user.last_message.text
    # The job is due when the rest ends by real time, too.
    assert coach.job_queue is not None
    (job,) = [job for job in coach.job_queue.jobs() if isinstance(job.data, RestPing)]
    assert job.next_t is not None
    assert 0 < (job.next_t - datetime.now(UTC)).total_seconds() <= rest_seconds

    clock.advance(seconds=rest_seconds - 1)
    await rests_over(coach)
    assert await replies(user) == []
    clock.advance(seconds=1)
    await rests_over(coach)
    (ping,) = _texts(await replies(user), "")
    assert ping.startswith(PING_PREFIX)
    assert f"set 2 of {planned['sets']}: {planned['name']} " in ping
    await rests_over(coach)
    assert await replies(user) == []

    # On, the next set's rest starts by itself, and its confirmation has no timer button.
    confirmation = await _one_set(user, 62)
    assert tr("workouts.button_rest_timer") not in confirmation.button_texts
    (following,) = _texts(await replies(user), REST_PREFIX)
    assert f"set 3 of {planned['sets']}" in following


async def test_the_next_log_ends_the_rest_before_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1403)
    planned = await _first_exercise(user)
    await _timer_on(user, replies)
    clock.advance(seconds=20)
    await _one_set(user, 62)
    await replies(user)
    clock.advance(minutes=30)
    await rests_over(coach)
    # One ping, for the rest after the newer set.
    pings = _texts(await replies(user), PING_PREFIX)
    assert len(pings) == 1
    assert f"set 3 of {planned['sets']}" in pings[0]

    # A log of an exercise not planned today ends the rest and starts none.
    await _one_set(user, 64)
    await replies(user)
    await user.send_text("hip thrust 3x12 @ 30")
    assert _texts(await replies(user), REST_PREFIX) == []
    clock.advance(minutes=30)
    await rests_over(coach)
    assert _texts(await replies(user), PING_PREFIX) == []


async def test_moving_on_with_next_ends_the_rest(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1408)
    await _first_exercise(user)
    confirmation, _ = await _timer_on(user, replies)
    await user.press(tr("workouts.button_next"), message=confirmation)
    assert await replies(user)  # the next exercise's prompt
    await _nothing_after_any_rest(coach, clock, replies, user)


@pytest.mark.parametrize(("command", "answer"), [("/done", "Session done"), ("/undo", "↩️")])
async def test_done_or_undoing_the_set_ends_its_rest(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    replies: Replies,
    command: str,
    answer: str,
) -> None:
    user = await gym_lifter(emulator, 1404)
    await _first_exercise(user)
    await _timer_on(user, replies)
    await user.send_text(command)
    assert _texts(await replies(user), answer)
    await _nothing_after_any_rest(coach, clock, replies, user)


async def test_a_press_after_the_session_is_answered_and_turns_the_timer_on(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1405)
    await _first_exercise(user)
    confirmation = await _one_set(user)
    await user.send_text("/done")
    await replies(user)
    await user.press(tr("workouts.button_rest_timer"), message=confirmation)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("workouts.rest_timer_on_no_rest")
    await _nothing_after_any_rest(coach, clock, replies, user)

    # On for the next session: its first set gets a rest at once.
    clock.advance(days=7)
    await _first_exercise(user)
    await _one_set(user)
    assert len(_texts(await replies(user), REST_PREFIX)) == 1


async def test_timer_off_stops_the_ping_and_the_next_rests(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1406)
    await _first_exercise(user)
    await _timer_on(user, replies)
    await user.press(tr("workouts.button_rest_timer_off"))
    off = await user.wait_for(lambda message: message.text == tr("workouts.rest_timer_off"))
    assert off.button_texts == []
    await _nothing_after_any_rest(coach, clock, replies, user)
    confirmation = await _one_set(user, 62)
    assert tr("workouts.button_rest_timer") in confirmation.button_texts
    assert await replies(user) == []


async def test_a_restart_drops_the_timer_and_keeps_it_on(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    clock = FakeClock(A_MONDAY)
    async with start_bot() as first:
        install_services(first.bot_data, services(first.bot_data).with_clock(clock))
        user = await gym_lifter(emulator, 1407)
        await _first_exercise(user)
        await _timer_on(user, lambda person: _read(emulator, first, person))
    clock.advance(minutes=30)
    async with start_bot() as second:
        install_services(second.bot_data, services(second.bot_data).with_clock(clock))
        await rests_over(second)
        assert _texts(await _read(emulator, second, user), PING_PREFIX) == []
        # Still on: the next set's rest is told, and pinged, once.
        await _one_set(user, 62)
        assert len(_texts(await _read(emulator, second, user), REST_PREFIX)) == 1
        clock.advance(minutes=30)
        await rests_over(second)
        assert len(_texts(await _read(emulator, second, user), PING_PREFIX)) == 1


async def _read(emulator: BotApiEmulator, application: App, user: ChatUser) -> list[BotMessage]:
    await all_handled(emulator, application)
    return await user.drain(settle=0)


async def test_after_an_exercises_last_set_the_rest_leads_to_the_next_and_the_days_last_to_none(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1409)
    first = await _first_exercise(user)
    await _timer_on(user, replies)
    await _one_set(user, 62)
    await replies(user)
    await _one_set(user, 64)
    sent = await replies(user)
    prompt = sent[0].text  # the next exercise's, then its rest
    (rest,) = _texts(sent, REST_PREFIX)
    before = REST_BEFORE.match(rest)
    assert before is not None, rest
    assert f"set {int(first['sets']) + 1} of" not in rest
    assert _seconds(before["left"]) == int(first["rest"]), "the finished exercise's rest"
    following = before["set"].split(" ", 1)[0]
    assert following in prompt
    clock.advance(seconds=int(first["rest"]))
    await rests_over(coach)
    (ping,) = _texts(await replies(user), "")
    assert ping == f"{PING_BEFORE_PREFIX}{before['set']}"

    # The rest of the day's exercises, each in one message: a rest before each next one,
    # none after the last.
    rests = []
    for _ in range(3):
        await user.send_text("3x8 @ 40")
        rests.append(_texts(await replies(user), REST_PREFIX))
    assert [len(told) for told in rests] == [1, 1, 0]
    assert tr("workouts.session_complete") in [m.text for m in user.messages]
    await _nothing_after_any_rest(coach, clock, replies, user)


async def _say(user: ChatUser, replies: Replies, text: str) -> list[str]:
    await user.send_text(text)
    return [message.text for message in await replies(user)]


async def test_said_in_words_the_timer_switches_like_its_buttons(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1409)
    await _first_exercise(user)
    assert await _say(user, replies, "time my rests") == [tr("workouts.rest_timer_said_on")]
    assert await _say(user, replies, "rest timer on please") == [
        tr("workouts.rest_timer_already_on")
    ]
    confirmation = await _one_set(user)
    assert tr("workouts.button_rest_timer") not in confirmation.button_texts
    assert len(_texts(await replies(user), REST_PREFIX)) == 1

    # Off ends the rest under way, and times none after.
    assert await _say(user, replies, "stop the timer") == [tr("workouts.rest_timer_said_off")]
    await _nothing_after_any_rest(coach, clock, replies, user)
    confirmation = await _one_set(user, 62)
    assert tr("workouts.button_rest_timer") in confirmation.button_texts
    assert await replies(user) == []
    assert await _say(user, replies, "no more timers") == [tr("workouts.rest_timer_already_off")]


async def test_a_timer_denied_asked_about_or_in_a_log_is_not_switched(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1410)
    await _first_exercise(user)
    for text in ("don't start the timer", "is the rest timer on?"):
        assert tr("workouts.rest_timer_said_on") not in await _say(user, replies, text), text
    await _one_set(user)
    assert await replies(user) == []  # still off: no rest told

    await _say(user, replies, "turn on the rest timer")
    for text in ("don't stop the timer", "did the timer stop?"):
        assert tr("workouts.rest_timer_said_off") not in await _say(user, replies, text), text
    # With numbers it is a log the parser refused, and that is said: the timer stays on.
    (refused,) = await _say(user, replies, "8 @ 62 timer off")
    assert tr("workouts.log_not_stored").split("{", 1)[0] in refused, refused
    await _one_set(user, 62)
    assert len(_texts(await replies(user), REST_PREFIX)) == 1
