"""Every update delivered twice, some out of order, as Telegram does after a restart or a
timeout: nothing is stored, removed, changed or confirmed twice."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from telegram.ext import Application

from bot.core.profile import Goal
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import expect, gym_lifter, start_onboarding

App = Application[Any, Any, Any, Any, Any, Any]
PROMPT = re.compile(r"^\d+/\d+ (?P<name>.+?) — ")
LOGGED_AGAIN_PREFIX = tr("workouts.logged_again").split("{", 1)[0]
UPDATED_PREFIX = tr("workouts.updated").split("{", 1)[0]

ENGLISH_HELP = help_text(translator("en"))


async def _person(emulator: BotApiEmulator, user_id: int) -> ChatUser:
    user = await gym_lifter(emulator, user_id)
    await user.send_text("/today")
    await user.wait_for(lambda m: PROMPT.match(m.text) is not None)
    return user


async def _history(replies: Replies, user: ChatUser) -> str:
    await replies(user)
    await user.send_text("/history")
    return (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text


def _replies_to(user: ChatUser, message_id: int) -> list[BotMessage]:
    """Every message the bot sent quoting `message_id`, as first sent (not as edited since)."""
    return [m for m in user.messages if m.reply_to_message_id == message_id]


async def _eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Polls `condition`: the bot may work on the database for longer than a quiet spell."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            return
        await asyncio.sleep(0.02)


def _answered(emulator: BotApiEmulator, *query_ids: str) -> Callable[[], bool]:
    return lambda: {a.callback_query_id for a in emulator.callback_answers} >= set(query_ids)


def _no_errors(caplog: pytest.LogCaptureFixture, user: ChatUser) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    assert all(m.text != tr("general.internal_error") for m in user.messages)


# Ten sets, each with a weight of its own so that /history shows which were stored:
# (text, reply to the first prompt?). The numbers-only ones walk through the session's
# prompts; the seventh is the session's last exercise, the tenth replies to the first prompt.
SETS = [
    ("3x8 @ 41", False),
    ("leg curl 3x12 @ 42", False),
    ("1x6 @ 43", True),
    ("3x8 @ 44", False),
    ("leg curl 3x10 @ 45", False),
    ("2x5 @ 46", True),
    ("3x6 @ 47", False),
    ("RDL 3x8 @ 48", False),
    ("4x4 @ 49", True),
    ("3x9 @ 50", True),
]


async def test_every_log_delivered_twice_and_out_of_order_is_stored_once(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    caplog.set_level(logging.WARNING)
    user = await _person(emulator, 601)
    prompt_id = user.last_message.message_id
    await replies(user)

    sent: list[int] = []
    for first in range(0, len(SETS), 2):
        a_text, a_reply = SETS[first]
        b_text, b_reply = SETS[first + 1]
        a = await user.send_text(a_text, reply_to=prompt_id if a_reply else None)
        if first % 4 == 0:
            # In order: A, A again, B, B again.
            await user.redeliver(a)
            b = await user.send_text(b_text, reply_to=prompt_id if b_reply else None)
            await user.redeliver(b)
        else:
            # Out of order: A, B, then A again after B, then B again.
            b = await user.send_text(b_text, reply_to=prompt_id if b_reply else None)
            await user.redeliver(a)
            await user.redeliver(b)
        sent += [a, b]
    await _eventually(lambda: all(len(_replies_to(user, m)) >= 2 for m in sent))
    await replies(user)

    for message_id, (text, _) in zip(sent, SETS, strict=True):
        answers = [m.text for m in _replies_to(user, message_id)]
        assert len(answers) == 2, (text, answers)
        first_reply, second_reply = answers
        assert first_reply.startswith("✅ "), (text, answers)
        assert not first_reply.startswith(LOGGED_AGAIN_PREFIX), (text, answers)
        assert second_reply.startswith(LOGGED_AGAIN_PREFIX), (text, answers)

    history = await _history(replies, user)
    for text, _ in SETS:
        weight = text.rsplit("@ ", 1)[1]
        assert history.count(f"@ {weight} kg") == 1, (text, history)
    assert history.count("\n• ") == len(SETS), history
    _no_errors(caplog, user)


async def _two_sets_and_the_first_ones_undo(
    replies: Replies, user: ChatUser
) -> tuple[BotMessage, str]:
    """Logs 3x8 @ 60, then 3x8 @ 61; the first one's confirmation and its Undo data."""
    first = await user.send_text("3x8 @ 60")
    kept = await user.send_text("3x8 @ 61")
    await _eventually(lambda: bool(_replies_to(user, kept)))
    await replies(user)
    confirmation = _replies_to(user, first)[0]
    undo = next(b for b in confirmation.keyboard_buttons if b.text == tr("workouts.button_undo"))
    assert undo.callback_data is not None
    return confirmation, undo.callback_data


async def test_undo_pressed_twice_removes_one_log(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    caplog.set_level(logging.WARNING)
    user = await _person(emulator, 602)
    confirmation, undo = await _two_sets_and_the_first_ones_undo(replies, user)

    # A double tap: both presses reach the bot before it answers either.
    query_ids = [
        await user.press_data(undo, confirmation),
        await user.press_data(undo, confirmation),
    ]
    await _eventually(_answered(emulator, *query_ids))
    await replies(user)

    answers = {a.callback_query_id: a for a in emulator.callback_answers}
    # Exactly one press removes the log; the other is told it is already removed.
    texts = sorted((answers[q].text or "") for q in query_ids if q in answers)
    assert texts == ["", tr("workouts.already_undone")], texts
    removals = [m for m in user.messages if m.text.startswith("↩️ Removed")]
    assert len(removals) == 1, [m.text for m in removals]

    history = await _history(replies, user)
    assert "@ 60 kg" not in history
    assert history.count("@ 61 kg") == 1, history
    _no_errors(caplog, user)


async def test_undo_then_the_same_button_again_says_already_removed(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    caplog.set_level(logging.WARNING)
    user = await _person(emulator, 603)
    confirmation, undo = await _two_sets_and_the_first_ones_undo(replies, user)

    first_press = await user.press_data(undo, confirmation)
    await _eventually(_answered(emulator, first_press))
    await replies(user)
    second_press = await user.press_data(undo, confirmation)
    await _eventually(_answered(emulator, second_press))

    answers = {a.callback_query_id: a for a in emulator.callback_answers}
    assert answers[first_press].text is None
    assert answers[second_press].text == tr("workouts.already_undone")
    history = await _history(replies, user)
    assert "@ 60 kg" not in history
    assert history.count("@ 61 kg") == 1, history
    _no_errors(caplog, user)


async def test_an_edit_delivered_twice_updates_once(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    caplog.set_level(logging.WARNING)
    user = await _person(emulator, 604)
    message_id = await user.send_text("3x8 @ 60")
    await user.send_text("3x8 @ 70")
    await replies(user)

    await user.edit_text(message_id, "3x8 @ 65")
    # Telegram sends the same edited_message update again.
    chat = emulator.api.chat_for(user.profile)
    await emulator.api.deliver(chat, {"edited_message": chat.user_messages[message_id]})
    await _eventually(lambda: any(m.text.startswith(UPDATED_PREFIX) for m in user.messages))
    await replies(user)

    updates = [m.text for m in user.messages if m.text.startswith(UPDATED_PREFIX)]
    assert len(set(updates)) == 1, updates
    assert updates[0].endswith("3 × 8 @ 65 kg"), updates

    history = await _history(replies, user)
    assert history.count("3 × 8 @ 65 kg") == 1, history
    assert "@ 60 kg" not in history
    assert history.count("3 × 8 @ 70 kg") == 1, history
    assert history.count("\n• ") == 2, history
    _no_errors(caplog, user)


async def test_the_last_set_of_a_session_delivered_twice_is_already_logged(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> None:
    """Minimal case: the redelivered set is numbers-only and the session has no prompt left."""
    user = await _person(emulator, 605)
    while True:
        await replies(user)
        last = await user.send_text("3x8 @ 60")
        # The next prompt or the end of the session follows the confirmation after more
        # database work, so wait for it rather than for a quiet spell.
        following = await user.wait_for(
            lambda m: PROMPT.match(m.text) is not None or m.text == tr("workouts.session_complete")
        )
        if following.text == tr("workouts.session_complete"):
            break
    await user.redeliver(last)
    await _eventually(lambda: len(_replies_to(user, last)) >= 2)
    answers = [m.text for m in _replies_to(user, last)]
    assert len(answers) == 2, answers
    assert answers[1].startswith(LOGGED_AGAIN_PREFIX), answers


async def test_an_edit_delivered_twice_is_confirmed_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 606)
    message_id = await user.send_text("3x8 @ 60")
    await replies(user)
    await user.edit_text(message_id, "3x8 @ 65")
    chat = emulator.api.chat_for(user.profile)
    await emulator.api.deliver(chat, {"edited_message": chat.user_messages[message_id]})
    # Updates are handled in order: once /history is answered, both edits have been.
    await _history(replies, user)
    await replies(user)
    updates = [m.text for m in user.messages if m.text.startswith(UPDATED_PREFIX)]
    assert len(updates) == 1, updates


async def test_a_press_delivered_again_after_a_crash_is_not_an_error(
    emulator: BotApiEmulator, coach: App, caplog: pytest.LogCaptureFixture
) -> None:
    """After a crash Telegram delivers a press the crashed instance answered again, and
    refuses a second answer: the press is still handled, without an error or apology."""
    caplog.set_level(logging.WARNING)
    user = emulator.user(607)
    question = await start_onboarding(user)
    goal = question.find_button(messages.goal_labels()[Goal.GLUTES])
    assert goal is not None
    assert goal.callback_data is not None
    press = await user.press_data(goal.callback_data, question)
    await expect(user, tr("onboarding.ask_experience"))

    await user.redeliver_press(press)
    # One person's updates are handled in order: once /help is answered, the press was.
    await user.send_text("/help")
    await expect(user, ENGLISH_HELP.split("\n", 1)[0])

    _no_errors(caplog, user)
