"""/admin stats for admins only, and what the logs show (and keep out) of an update."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from telegram import Update
from telegram.ext import CommandHandler

from bot.core.profile import Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.logs.formatting import ErrorCounter, UpdateContextFilter
from bot.telegram.context import CoachApplication, Context
from bot.telegram.handlers.admin import admin_handler
from bot.telegram.i18n import tr
from bot.telegram.update_logging import update_context_handler
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication
ADMIN = 990
LOG_TEXT = "hip thrust 3x10 @ 60"


@pytest.fixture
def errors() -> Iterator[ErrorCounter]:
    """Counts errors as configure_logging's counter does, for this test only."""
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    yield counter
    logging.getLogger().removeHandler(counter)


@pytest.fixture
def admin(coach: App, errors: ErrorCounter) -> None:
    """Adds the handlers in the order bot.telegram.app wires them: the ids, then /admin.

    In groups before any that bot.telegram.app uses, so that these, with this test's admin and error
    counter, answer first whether or not the application has its own.
    """
    coach.add_handler(update_context_handler(), group=-11)
    coach.add_handler(admin_handler(frozenset({ADMIN}), errors), group=-10)


async def _person(emulator: BotApiEmulator, replies: Replies, user_id: int) -> ChatUser:
    """Trains Monday and Thursday, reminded at 10:01 UTC; the clock stands at Monday 10:00."""
    user = emulator.user(user_id)
    await onboard(
        user, days=2, weekdays=(Weekday.MON, Weekday.THU), reminder="10:01", timezone="UTC"
    )
    await replies(user)
    return user


async def _log_a_set(user: ChatUser) -> BotMessage:
    await user.send_text("/today")
    await user.wait_for(lambda message: message.text.startswith("1/"))
    message_id = await user.send_text(LOG_TEXT)
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


async def _only_reply(replies: Replies, user: ChatUser, text: str) -> str:
    await user.send_text(text)
    answers = await replies(user)
    assert len(answers) == 1, [answer.text for answer in answers]
    return answers[0].text


async def _fail(update: Update, context: Context) -> None:
    raise RuntimeError("a bug")


@pytest.mark.usefixtures("admin")
async def test_admin_stats_count_people_activity_reminders_and_errors(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    ann, bob = await _person(emulator, replies, 601), await _person(emulator, replies, 602)
    clock.advance(minutes=2)
    for user in (ann, bob):
        await user.wait_for(lambda m: m.text.startswith(tr("reminders.workout_reminder_title")))
    confirmation = await _log_a_set(ann)
    assert confirmation.text.startswith("✅")

    coach.add_handler(CommandHandler("fail", _fail), group=-10)
    caplog.handler.addFilter(UpdateContextFilter())
    await bob.send_text("/fail")
    await bob.wait_for(lambda m: m.text == tr("general.internal_error"))
    [failure] = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert failure.exc_info is not None
    assert failure.user_id == bob.user_id  # type: ignore[attr-defined]
    assert isinstance(failure.update_id, int)  # type: ignore[attr-defined]

    # Someone who only chose a language is not one of the people Coach coaches yet.
    carl = emulator.user(603)
    await carl.send_text("/language")
    (menu,) = await replies(carl)
    await carl.press("Español", message=menu)
    await replies(carl)

    admin = emulator.user(ADMIN)
    assert await _only_reply(replies, admin, "/admin stats") == tr(
        "general.admin_stats",
        users=2,
        active_this_week=1,
        reminders_sent_today=2,
        logs_today=1,
        errors=1,
    )
    # Two days on: Ann's log is still within the week, nothing is within the last 24 h (the
    # reminder slots of the days in between are too late to send).
    clock.advance(days=2)
    assert await _only_reply(replies, admin, "/admin stats") == tr(
        "general.admin_stats",
        users=2,
        active_this_week=1,
        reminders_sent_today=0,
        logs_today=0,
        errors=1,
    )


@pytest.mark.usefixtures("admin")
async def test_admin_is_an_unknown_command_to_everyone_else(
    emulator: BotApiEmulator, replies: Replies
) -> None:
    stranger = emulator.user(603)
    unknown = await _only_reply(replies, stranger, "/frobnicate")
    assert unknown == tr("general.unknown_command")
    assert await _only_reply(replies, stranger, "/admin stats") == unknown
    assert await _only_reply(replies, stranger, "/admin") == unknown
    assert await _only_reply(replies, emulator.user(ADMIN), "/admin") == tr("general.admin_usage")


async def test_info_logs_of_a_logging_flow_hold_no_message_text(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    caplog.set_level(logging.INFO)
    ann = await _person(emulator, replies, 604)
    confirmation = await _log_a_set(ann)
    assert confirmation.text.startswith("✅")
    await ann.edit_text(confirmation.reply_to_message_id or 0, LOG_TEXT.replace("60", "65"))
    await ann.wait_for(lambda m: "65 kg" in m.text)
    assert caplog.records
    for record in caplog.records:
        assert "3x10" not in record.getMessage()
    assert "hip thrust" not in caplog.text.lower()
