"""Reminders arrive at the person's local time, once, through the real dispatcher job."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

from bot.core.nutrition import protein_plan
from bot.core.profile import Equipment, Goal, Weekday
from bot.core.reminder_schedule import ReminderKind
from bot.emulator import BotApiEmulator, ChatUser, Fault
from bot.emulator.records import ApiCall
from bot.services.reminder_settings import KINDS
from bot.telegram import messages
from bot.telegram.context import CoachApplication, services
from bot.telegram.i18n import tr
from bot.telegram.reminder_dispatch import DispatchReport
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, due_reminders_sent
from tests.e2e.waiting import until
from tests.support.logs import configured_logging
from tests.support.onboarding import onboard

App = CoachApplication
WORKOUT_LABEL = messages.reminder_labels()[ReminderKind.WORKOUT]


async def _person(
    emulator: BotApiEmulator, replies: Replies, user_id: int, bodyweight: str | None = None
) -> ChatUser:
    """Trains Monday and Thursday, reminded at 10:01 UTC; the clock stands at Monday 10:00."""
    user = emulator.user(user_id)
    await onboard(
        user,
        goal=Goal.GLUTES,
        equipment=(Equipment.DUMBBELLS,),
        days=2,
        weekdays=(Weekday.MON, Weekday.THU),
        reminder="10:01",
        timezone="UTC",
        bodyweight=bodyweight,
    )
    await replies(user)
    return user


def _reminders_to(emulator: BotApiEmulator, user: ChatUser, title: str) -> list[str]:
    return [m.text for m in user.messages if m.text.startswith(title)]


async def test_workout_reminder_arrives_at_its_time_and_start_opens_the_session(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 501)
    await due_reminders_sent(coach)
    assert _reminders_to(emulator, user, tr("reminders.workout_reminder_title")) == []
    clock.advance(minutes=2)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    assert tr("reminders.button_start") in reminder.button_texts
    await due_reminders_sent(coach)
    assert len(_reminders_to(emulator, user, tr("reminders.workout_reminder_title"))) == 1
    await user.press(tr("reminders.button_start"), message=reminder)
    today = await user.wait_for(lambda m: m.text.startswith("Today, Mon"))
    assert "1. " in today.text
    prompt = await user.next_message()
    assert prompt.text.startswith("1/")


async def test_a_reminder_switched_off_is_not_sent(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 502)
    await user.send_text("/reminders")
    menu = await user.next_message()
    assert f"{WORKOUT_LABEL}: 10:01, {tr('reminders.reminder_on')}" in menu.text
    await user.press(f"{tr('labels.checked')} {WORKOUT_LABEL}")
    edited = await user.next_message()
    assert f"{WORKOUT_LABEL}: 10:01, {tr('reminders.reminder_off')}" in edited.text
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    assert _reminders_to(emulator, user, tr("reminders.workout_reminder_title")) == []


async def test_a_typed_time_moves_the_reminder(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 503)
    await user.send_text("/reminders")
    await user.next_message()
    await user.press(tr("reminders.button_change_time", label="10:01"))
    await user.next_message()
    await user.send_text("10:30am")
    confirmation = await user.wait_for(lambda m: m.text.startswith("✅"))
    assert confirmation.text == tr("reminders.reminder_time_set", label=WORKOUT_LABEL, time="10:30")
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    assert _reminders_to(emulator, user, tr("reminders.workout_reminder_title")) == []
    clock.advance(minutes=30)
    await user.wait_for(lambda m: m.text.startswith(tr("reminders.workout_reminder_title")))


async def test_recovery_and_nutrition_reminders(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 504, bodyweight="70")
    clock.advance(hours=2, minutes=1)  # Monday 12:01: nutrition
    nutrition = await user.wait_for(lambda m: m.text.startswith("🥚"))
    plan = protein_plan(70, Goal.GLUTES)
    assert f"about {plan.daily_g} g" in nutrition.text
    clock.advance(days=1, hours=-2)  # Tuesday 10:01: a rest day after an unlogged workout
    recovery = await user.wait_for(lambda m: m.text.startswith("🌿"))
    assert tr("reminders.recovery_ask_to_log") in recovery.text


async def test_without_bodyweight_the_nutrition_reminder_offers_to_add_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 505)
    clock.advance(hours=2, minutes=1)
    nutrition = await user.wait_for(lambda m: m.text.startswith("🥚"))
    assert nutrition.text == tr("reminders.nutrition_general")
    await user.press(tr("reminders.button_add_bodyweight"), message=nutrition)
    await user.wait_for(lambda m: tr("onboarding.ask_bodyweight") in m.text)
    await user.send_text("68")
    assert (
        await user.wait_for(lambda m: m.text.startswith(tr("onboarding.settings_saved_same_plan")))
    ).text


async def test_pause_and_resume(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 506)
    await user.send_text("/pause 3")
    assert (await user.next_message()).text.startswith("⏸")
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    assert _reminders_to(emulator, user, tr("reminders.workout_reminder_title")) == []
    await user.send_text("/resume")
    assert (await user.next_message()).text == tr("reminders.resumed")
    clock.advance(days=3)  # Thursday 10:03; Thursday's 10:01 slot is two minutes late
    await user.wait_for(lambda m: m.text.startswith(tr("reminders.workout_reminder_title")))


async def test_a_person_who_blocked_the_bot_is_switched_off(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 507)

    def blocked(call: ApiCall) -> Fault | None:
        aimed = call.method == "sendMessage" and call.params.integer("chat_id") == 507
        return Fault.blocked() if aimed else None

    def to_them() -> list[ApiCall]:
        return [c for c in emulator.calls_to("sendMessage") if c.params.integer("chat_id") == 507]

    before = len(to_them())
    emulator.fault_policy = blocked
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    clock.advance(days=3)  # Thursday's slot: nothing is tried any more
    await due_reminders_sent(coach)
    emulator.fault_policy = None
    assert len(to_them()) - before == 1
    await user.send_text("/reminders")
    menu = await user.wait_for(lambda m: m.text.startswith("⏰"))
    states = [line.rsplit(", ", 1)[-1] for line in menu.text.splitlines() if ": " in line[2:]]
    assert states == [tr("reminders.reminder_off")] * len(KINDS), menu.text


async def test_flood_limits_and_server_errors_still_deliver_each_reminder_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    # Onboarded side by side: the bot serves different people at once.
    people = await asyncio.gather(*(_person(emulator, replies, 600 + n) for n in range(8)))
    emulator.fail_next("sendMessage", count=3, status=429, retry_after=1)
    emulator.fail_next("sendMessage", count=4, status=500)
    clock.advance(minutes=2)
    for person in people:
        await person.wait_for(lambda m: m.text.startswith(tr("reminders.workout_reminder_title")))
    await due_reminders_sent(coach)
    for person in people:
        assert len(_reminders_to(emulator, person, tr("reminders.workout_reminder_title"))) == 1


async def test_the_workout_reminder_shows_next_targets_from_last_time(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 508)
    await user.send_text("/today")
    await user.next_message()
    prompt = await user.next_message()
    name = prompt.text.split(" ", 1)[1].split(" — ")[0]
    await user.send_text("3x10 @ 20")
    await user.wait_for(lambda m: m.text.startswith("✅"))
    # Monday 10:02, Thursday 10:02, next Monday 10:02: one workout reminder each.
    for days in (0, 3, 4):
        clock.advance(days=days, minutes=2 if days == 0 else 0)
        reminder = await user.wait_for(
            lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
        )
    line = next(i for i, text in enumerate(reminder.text.splitlines()) if name in text)
    assert reminder.text.splitlines()[line + 1].strip().startswith("🎯")


async def test_the_weekly_summary_arrives_on_sunday_evening(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, replies, 509)
    await user.send_text("hip thrust 3x10 @ 60")
    await user.wait_for(lambda m: m.text.startswith("✅"))
    clock.advance(days=6, hours=9, minutes=1)  # Sunday 19:01
    summary = await user.wait_for(lambda m: m.text.startswith("📈"))
    assert summary.text.startswith(tr("progress.weekly_title", done=1, planned=2))


async def test_polls_with_nothing_due_write_no_info_line_and_one_that_sends_writes_one(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    replies: Replies,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At the default 5 s a day is 17,280 polls: a line each would bury every other line."""
    user = await _person(emulator, replies, 521)
    dispatcher = services(coach.bot_data).dispatcher
    polls = 0
    poll = dispatcher.run_once

    async def counted() -> DispatchReport:
        nonlocal polls
        report = await poll()
        polls += 1
        return report

    monkeypatch.setattr(dispatcher, "run_once", counted)
    with configured_logging("INFO") as log:

        async def polled(times: int) -> bool:
            return polls >= times

        await until(partial(polled, 20), "the reminder job polled 20 times")
        quiet = log.getvalue()
        clock.advance(minutes=2)
        await user.wait_for(lambda m: m.text.startswith(tr("reminders.workout_reminder_title")))
        await until(partial(polled, polls + 20), "the reminder job polled 20 more times")
        after = log.getvalue()

    # Warnings may come (APScheduler's, of polls a loaded machine made it skip); no INFO.
    assert [line for line in quiet.splitlines() if " INFO " in line] == []
    [line] = [line for line in after.splitlines() if " INFO " in line]
    assert line.endswith(" INFO bot.telegram.reminder_dispatch: Reminders due: 1 sent")
