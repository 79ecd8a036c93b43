"""Telegram failing in passing: the bot's calls are tried again, so a person still gets
their reply, once; a call Telegram refuses outright is not repeated."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram.coach_bot import RETRY_DELAYS
from bot.telegram.context import CoachApplication
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.e2e.conftest import BotRunner
from tests.e2e.handled import all_handled
from tests.support.onboarding import onboard

App = CoachApplication
ATTEMPTS = len(RETRY_DELAYS) + 1
LOG = "hip thrust 3x10 @ 60"
CONFIRMED = "✅ Barbell hip thrust: 3 × 10 @ 60 kg"

ENGLISH_HELP = help_text(translator("en"))


def _confirmations(user: ChatUser) -> list[str]:
    """Confirmations of the log: onboarding's answers are confirmed with a ✅ as well."""
    return [message.text for message in user.messages if message.text.startswith(CONFIRMED)]


def _errors_and_a_drop(emulator: BotApiEmulator) -> None:
    emulator.fail_next("sendMessage", count=2, status=500)
    emulator.drop_next("sendMessage")
    emulator.fail_next("sendMessage", count=1, status=502)


def _floods(emulator: BotApiEmulator) -> None:
    # More than the rate limiter's own retries of a 429.
    emulator.fail_next("sendMessage", count=ATTEMPTS, status=429, retry_after=1)


@pytest.mark.parametrize("faults", [_errors_and_a_drop, _floods], ids=["5xx-drop", "429"])
async def test_a_reply_hit_by_passing_faults_arrives_once(
    emulator: BotApiEmulator, coach: App, faults: Callable[[BotApiEmulator], None]
) -> None:
    user = emulator.user(801)
    await onboard(user, timezone="UTC")
    faults(emulator)
    await user.send_text(LOG)
    await user.wait_for(lambda message: message.text.startswith(CONFIRMED))
    await all_handled(emulator, coach)
    assert len(_confirmations(user)) == 1


@pytest.mark.parametrize(
    ("status", "attempts"), [(400, 1), (500, ATTEMPTS)], ids=["refused", "failing-throughout"]
)
async def test_a_reply_that_cannot_be_sent_ends_in_an_apology(
    emulator: BotApiEmulator, coach: App, status: int, attempts: int
) -> None:
    """Telegram's refusal is final and tried once; a passing fault is tried until the
    attempts run out."""
    user = emulator.user(803)
    await onboard(user, timezone="UTC")
    sent_before = len(emulator.calls_to("sendMessage"))
    emulator.fail_next("sendMessage", count=attempts, status=status)
    await user.send_text(LOG)
    apology = await user.next_message()
    assert apology.text == tr("general.internal_error")
    await all_handled(emulator, coach)
    assert len(emulator.calls_to("sendMessage")) - sent_before == attempts + 1
    assert _confirmations(user) == []


async def test_the_bot_starts_although_its_first_calls_fail(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    emulator.fail_next("getMe", count=2, status=500)
    emulator.drop_next("setMyCommands")
    async with start_bot():
        user = emulator.user(805)
        await user.send_text("/help")
        assert (await user.next_message()).text == ENGLISH_HELP
    assert emulator.commands


async def test_polls_that_fail_are_retried_and_logged_as_warnings(
    emulator: BotApiEmulator, coach: App, caplog: pytest.LogCaptureFixture
) -> None:
    # Past the bot's own attempts, so the failure reaches PTB's polling loop.
    emulator.fail_next("getUpdates", count=ATTEMPTS + 1, status=500)
    user = emulator.user(806)
    await user.send_text("/help")
    assert (await user.next_message()).text == ENGLISH_HELP
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("Polling Telegram" in r.getMessage() for r in caplog.records)
