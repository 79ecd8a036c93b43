"""Several instances behind a load balancer on one database: whichever instance gets a
person's next update continues their conversation, because conversation states and
user_data are read from the database before each update and written back after it, and a
person's update waits while another instance is still handling their previous one.

PostgreSQL only: several instances need it (SQLite serves one instance).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.core.profile import Equipment, Goal, Weekday
from bot.core.reminder_schedule import ReminderKind
from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram import messages
from bot.telegram.i18n import tr
from tests.e2e.webhooks import HookSettings, hook_settings, round_robin_relay, webhook_bot
from tests.support.onboarding import expect, onboard, unchecked

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
PLAN_HEADING = tr("plans.week_plan_header").split("\n", 1)[0]
WORKOUT_LABEL = messages.reminder_labels()[ReminderKind.WORKOUT]


@pytest.fixture
async def instances(
    emulator: BotApiEmulator, bot_settings: Settings
) -> AsyncIterator[list[HookSettings]]:
    hooks = [hook_settings(), hook_settings()]
    async with (
        webhook_bot(bot_settings, hooks[0], emulator.token),
        webhook_bot(bot_settings, hooks[1], emulator.token),
    ):
        yield hooks


async def test_onboarding_that_alternates_between_instances_ends_with_a_plan(
    emulator: BotApiEmulator, instances: list[HookSettings]
) -> None:
    async with round_robin_relay(emulator, instances) as failures:
        user = emulator.user(701)
        plan = await onboard(
            user, days=2, weekdays=(Weekday.TUE, Weekday.FRI), reminder="07:15", bodyweight="64"
        )
        await user.send_text("/reminders")
        menu = await expect(user, tr("reminders.reminders_title").split("(")[0])
    assert failures == []
    assert messages.weekday_labels()[Weekday.TUE] in plan.text
    assert messages.weekday_labels()[Weekday.FRI] in plan.text
    assert "07:15" in menu.text
    assert tr("general.internal_error") not in [m.text for m in user.messages]


async def test_a_reminder_time_asked_on_one_instance_is_taken_on_the_other(
    emulator: BotApiEmulator, instances: list[HookSettings]
) -> None:
    async with round_robin_relay(emulator, instances) as failures:
        user = emulator.user(702)
        await onboard(user, reminder="07:15")
        await user.drain(0.2)
        # Three updates in a row: menu, the time button, the typed time; each on the other
        # instance from the one before.
        await user.send_text("/reminders")
        await user.next_message()
        await user.press(tr("reminders.button_change_time", label="07:15"))
        await expect(user, tr("reminders.reminder_ask_time").split("{")[0])
        await user.send_text("6:45pm")
        confirmation = await user.wait_for(lambda m: m.text.startswith("✅"))
    assert failures == []
    assert confirmation.text == tr("reminders.reminder_time_set", label=WORKOUT_LABEL, time="18:45")


async def test_a_plan_changed_on_one_instance_is_what_the_other_shows(
    emulator: BotApiEmulator, instances: list[HookSettings]
) -> None:
    async with round_robin_relay(emulator, instances) as failures:
        user = emulator.user(703)
        await onboard(user, goal=Goal.STRENGTH, equipment=())
        # /plan twice: each instance now holds the bodyweight plan.
        before = [await _plan(user), await _plan(user)]
        await user.send_text("/settings")
        await user.next_message()
        await user.press(messages.settings_fields()["equipment"])
        await user.next_message()
        for item in (Equipment.BARBELL, Equipment.BENCH):
            await user.press(unchecked(item))
            await user.next_message()
        await user.press(tr("labels.button_done"))
        await expect(user, tr("onboarding.settings_saved"))
        changed = await _next_plan(user)
        after = [await _plan(user), await _plan(user)]
    assert failures == []
    assert before[0] == before[1]
    assert changed != before[0]
    assert after == [changed, changed], "an instance showed the plan from before the change"


async def _plan(user: ChatUser) -> str:
    await user.send_text("/plan")
    return await _next_plan(user)


async def _next_plan(user: ChatUser) -> str:
    """The week's plan, without the programme's week line /plan puts above it."""
    text = (await user.wait_for(lambda m: PLAN_HEADING in m.text)).text
    return text[text.index(PLAN_HEADING) :]
