"""Updates Telegram delivers again, and updates a crash left half handled: each is handled
exactly once, with nothing lost and nothing done twice (the update inbox, bot.telegram.intake).

A crash is played in-process: the bot stops at the chosen point (its handling of an update
dies there, as in a SIGKILL), then a new bot starts on the same database, as after a restart.
The fault days (test_fault_day.py) do the same with real SIGKILLs at random moments.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator, ChatUser
from bot.storage.inbox import UpdateInbox
from bot.storage.models import utcnow
from bot.storage.persistence import DatabasePersistence
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from bot.telegram.intake import ABANDONED_AFTER
from bot.telegram.update_processor import PerUserUpdateProcessor
from tests.e2e.conftest import A_MONDAY, BotRunner, FakeClock
from tests.e2e.handled import all_handled
from tests.support.onboarding import (
    GYM_LIFTER,
    Patient,
    answer_bodyweight,
    answer_schedule,
    answer_training,
    gym_lifter,
    start_onboarding,
)

Sessions = async_sessionmaker[AsyncSession]
UNDONE_PREFIX = tr("workouts.undone").split("{", 1)[0]

ENGLISH_HELP = help_text(translator("en"))


class Crash(BaseException):
    """The bot dies here: not an Exception, so no handler catches it on the way out."""


@asynccontextmanager
async def running(start_bot: BotRunner) -> AsyncIterator[CoachApplication]:
    """A bot on Monday 30 November (a training day of GYM_LIFTER), up to date with what was
    sent before it started."""
    async with start_bot() as application:
        install_services(
            application.bot_data, services(application.bot_data).with_clock(FakeClock(A_MONDAY))
        )
        yield application


def crash_at_next_state_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next update handled dies after its handler ran (its reply sent, its data stored)
    and before the person's state is written: the window a SIGKILL can hit."""
    original = DatabasePersistence.store_person
    armed = True

    async def store_person(self: DatabasePersistence, *args: Any, **kwargs: Any) -> None:
        nonlocal armed
        if armed:
            armed = False
            raise Crash
        await original(self, *args, **kwargs)

    monkeypatch.setattr(DatabasePersistence, "store_person", store_person)


def crash_before_next_handling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next update fetched dies before any handler sees it: python-telegram-bot has
    already confirmed it to Telegram by polling again."""
    original = PerUserUpdateProcessor.do_process_update
    armed = True

    async def do_process_update(
        self: PerUserUpdateProcessor, update: object, coroutine: Awaitable[Any]
    ) -> None:
        nonlocal armed
        if armed:
            armed = False
            coroutine.close()  # type: ignore[attr-defined]
            return
        await original(self, update, coroutine)

    monkeypatch.setattr(PerUserUpdateProcessor, "do_process_update", do_process_update)


async def handled(emulator: BotApiEmulator, application: CoachApplication) -> None:
    """Everything sent so far handled, or died trying."""
    await all_handled(emulator, application)


async def history(user: ChatUser) -> str:
    await user.send_text("/history")
    return (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text


async def logged_twice(user: ChatUser) -> None:
    """Today's session, then two logs: 3x8 @ 60 and 3x8 @ 61."""
    await user.send_text("/today")
    await user.wait_for(lambda m: "—" in m.text)
    for weight in (60, 61):
        await user.send_text(f"3x8 @ {weight}")
        await user.wait_for(lambda m, w=weight: m.text.startswith("✅") and f"{w} kg" in m.text)


async def test_a_redelivered_undo_removes_nothing_more(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    async with running(start_bot) as application:
        user = await gym_lifter(emulator, 701)
        await logged_twice(user)
        await user.send_text("/undo")
        undo_update = user.last_update_id
        assert undo_update is not None
        removed = await user.wait_for(lambda m: m.text.startswith(UNDONE_PREFIX))
        assert "61 kg" in removed.text

        # Telegram delivers the same update again: the bot crashed before confirming it.
        await user.redeliver_update(undo_update)
        await handled(emulator, application)
        assert await user.drain(settle=0) == []
        shown = await history(user)
    assert "60 kg" in shown, shown


async def test_an_undo_handled_again_after_a_crash_removes_nothing_more(
    emulator: BotApiEmulator, start_bot: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(start_bot) as application:
        user = await gym_lifter(emulator, 702)
        await logged_twice(user)
        await handled(emulator, application)
        crash_at_next_state_write(monkeypatch)
        await user.send_text("/undo")
        await user.wait_for(lambda m: m.text.startswith(UNDONE_PREFIX))
        await handled(emulator, application)

    async with running(start_bot) as application:
        await handled(emulator, application)
        # Reminders overdue by the real clock may come too, before the test clock is set.
        texts = [m.text for m in await user.drain(settle=0)]
        assert tr("workouts.already_undone") in texts
        assert not [text for text in texts if text.startswith(UNDONE_PREFIX)]
        shown = await history(user)
    assert "60 kg" in shown, shown
    assert "61 kg" not in shown, shown


async def test_a_log_fetched_but_not_handled_before_a_crash_is_handled_after_restart(
    emulator: BotApiEmulator, start_bot: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(start_bot) as application:
        user = await gym_lifter(emulator, 703)
        await user.send_text("/today")
        await handled(emulator, application)
        await user.drain(settle=0)
        crash_before_next_handling(monkeypatch)
        await user.send_text("RDL 3x8 @ 70")
        await handled(emulator, application)
        assert await user.drain(settle=0) == []

    async with running(start_bot) as application:
        confirmation = await user.wait_for(lambda m: m.text.startswith("✅"))
        assert "70 kg" in confirmation.text
        shown = await history(user)
    assert "70 kg" in shown, shown


async def test_a_crash_as_onboarding_ends_leaves_no_question_open(
    emulator: BotApiEmulator, start_bot: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = emulator.user(704)
    chat = Patient(user)
    async with running(start_bot) as application:
        question = await start_onboarding(user)
        await answer_training(chat, question, GYM_LIFTER)
        question = await answer_schedule(chat, GYM_LIFTER)
        await handled(emulator, application)
        crash_at_next_state_write(monkeypatch)
        # The profile and plan are saved and the plan is sent; the state is not written.
        await answer_bodyweight(chat, question, GYM_LIFTER)
        await handled(emulator, application)

    async with running(start_bot) as application:
        await handled(emulator, application)
        await user.drain(settle=0)
        await user.send_text("hip thrust 3x10 @ 60")
        confirmation = await user.wait_for(lambda m: m.text != tr("onboarding.plan_ready"))
    assert confirmation.text.startswith("✅"), confirmation.text
    assert confirmation.text != tr("onboarding.hint_bodyweight")


async def test_control_characters_in_a_message_are_dropped_on_arrival(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    async with running(start_bot):
        user = await gym_lifter(emulator, 705)
        await user.send_text("/today")
        await user.wait_for(lambda m: "—" in m.text)
        await user.send_text("hip\x00 thrust 3x10 @ 6\x070")
        confirmation = await user.wait_for(
            lambda m: m.text.startswith("✅") or m.text == tr("general.internal_error")
        )
        shown = await history(user)
    assert confirmation.text.startswith("✅"), confirmation.text
    assert "60 kg" in shown, shown


async def test_an_update_another_instance_abandoned_is_handled_by_the_sweep(
    emulator: BotApiEmulator, coach: CoachApplication, session_factory: Sessions
) -> None:
    user = emulator.user(706)
    await user.send_text("/help")
    (update,) = await emulator.api.updates.fetch(offset=0, limit=1, wait=0)
    emulator.api.updates.drop_pending()
    # Another instance took the update from Telegram, recorded it and died.
    a_while_ago = utcnow() - ABANDONED_AFTER - timedelta(seconds=1)
    await UpdateInbox(session_factory, lambda: a_while_ago).record([update])

    assert await services(coach.bot_data).intake.replay(coach) == 1

    assert (await user.next_message()).text == ENGLISH_HELP
    assert await services(coach.bot_data).intake.replay(coach) == 0


async def test_an_unreadable_update_in_the_inbox_is_dropped_and_the_rest_handled(
    emulator: BotApiEmulator, coach: CoachApplication, session_factory: Sessions
) -> None:
    user = emulator.user(707)
    await user.send_text("/help")
    (update,) = await emulator.api.updates.fetch(offset=0, limit=1, wait=0)
    emulator.api.updates.drop_pending()
    unreadable = {"update_id": update["update_id"] - 1, "message": {"message_id": 1}}
    a_while_ago = utcnow() - ABANDONED_AFTER - timedelta(seconds=1)
    await UpdateInbox(session_factory, lambda: a_while_ago).record([unreadable, update])
    intake = services(coach.bot_data).intake

    assert await intake.replay(coach) == 2

    assert (await user.next_message()).text == ENGLISH_HELP
    assert await intake.replay(coach) == 0
