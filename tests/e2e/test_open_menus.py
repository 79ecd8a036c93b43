"""A menu or question waiting for a button never eats a workout log: the log is logged as
it would be with nothing open, and the menu still works afterwards."""

from __future__ import annotations

from bot.core.profile import Equipment, Units
from bot.core.reminder_schedule import ReminderKind
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication
LOG = "hip thrust 3x10 @ 60"
WORKOUT_LABEL = messages.reminder_labels()[ReminderKind.WORKOUT]


async def _lifter(emulator: BotApiEmulator, replies: Replies, user_id: int) -> ChatUser:
    user = emulator.user(user_id)
    await onboard(user, equipment=(Equipment.BARBELL, Equipment.BENCH), reminder="10:01")
    await replies(user)
    return user


async def _log_while_open(user: ChatUser, replies: Replies) -> BotMessage:
    """Sends `LOG`; asserts it was confirmed and returns the confirmation."""
    logged = await user.send_text(LOG)
    said = await replies(user)
    answers = [m for m in said if m.reply_to_message_id == logged]
    assert answers, [m.text for m in said]
    assert answers[0].text.startswith("✅ "), answers[0].text
    return answers[0]


async def _history_shows_the_log(user: ChatUser) -> None:
    await user.send_text("/history")
    history = (await user.next_message()).text
    assert "3 × 10 @ 60 kg" in history, history


async def test_a_log_sent_with_the_reminders_menu_open_is_logged_and_the_menu_still_works(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await _lifter(emulator, replies, 1301)
    await user.send_text("/reminders")
    menu = await user.next_message()

    answer = await _log_while_open(user, replies)
    assert "3 × 10 @ 60 kg" in answer.text
    await user.press(f"{tr('labels.checked')} {WORKOUT_LABEL}", message=menu)
    edited = await user.next_message()
    assert f"{WORKOUT_LABEL}: 10:01, {tr('reminders.reminder_off')}" in edited.text
    await _history_shows_the_log(user)


async def test_a_log_sent_while_a_reminder_time_is_asked_is_logged_and_a_time_still_sets_it(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await _lifter(emulator, replies, 1302)
    await user.send_text("/reminders")
    await user.next_message()
    await user.press(tr("reminders.button_change_time", label="10:01"))
    await user.next_message()

    await _log_while_open(user, replies)
    await user.send_text("10:30")
    done = await user.wait_for(lambda m: m.text.startswith("✅ 🏋️"))
    assert done.text == tr("reminders.reminder_time_set", label=WORKOUT_LABEL, time="10:30")
    await replies(user)
    await _history_shows_the_log(user)


async def test_a_log_sent_with_settings_open_is_logged_and_the_settings_still_work(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await _lifter(emulator, replies, 1303)
    await user.send_text("/settings")
    menu = await user.next_message()

    await _log_while_open(user, replies)
    await user.press(messages.settings_fields()["units"], message=menu)
    question = await user.next_message()
    await _log_while_open(user, replies)
    await user.press(messages.units_labels()[Units.LB], message=question)
    await replies(user)
    await user.send_text("/settings")
    summary = (await user.next_message()).text
    assert f"{messages.settings_fields()['units']}: lb" in summary, summary


async def test_a_log_typed_where_a_bodyweight_is_asked_is_logged_but_a_weight_is_the_answer(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await _lifter(emulator, replies, 1304)
    await user.send_text("/settings")
    await user.next_message()
    await user.press(messages.settings_fields()["bodyweight"])
    await user.next_message()

    await _log_while_open(user, replies)
    await user.send_text("64")
    said = [m.text for m in await replies(user)]
    assert any(text.startswith(tr("onboarding.settings_saved_same_plan")) for text in said), said


async def test_during_the_first_onboarding_a_log_still_gets_the_hint(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    """Before there is a plan there is nothing to log against: the question stays."""
    user = emulator.user(1305)
    await user.send_text("/start")
    await replies(user)
    await user.send_text(LOG)
    assert [m.text for m in await replies(user)] == [tr("onboarding.hint_press_button")]
