"""Many people at once: a flood from one is cut short and never holds up the others."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.config import Settings
from bot.core.profile import Equipment, Experience, Goal, Units
from bot.emulator import BotApiEmulator, ChatUser
from bot.emulator.api import Method
from bot.emulator.wire import Params
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication

FLOOD_LIMIT = 20

ENGLISH_HELP = help_text(translator("en"))


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    """The guard on (other end-to-end tests leave it off), at the production defaults."""
    return bot_settings.model_copy(
        update={
            "handle_updates_concurrently": True,
            "flood_limit": FLOOD_LIMIT,
            "flood_window_seconds": 10.0,
        }
    )


def hold_messages_to(
    emulator: BotApiEmulator, monkeypatch: pytest.MonkeyPatch, chat_id: int
) -> asyncio.Event:
    """Makes every sendMessage to `chat_id` wait until the returned event is set.

    The bot is then stuck in the middle of handling that person's update, as with a slow
    network or database; only handling other people's updates concurrently gets past it.
    """
    released = asyncio.Event()
    find_method = emulator.api.method

    def method(name: str) -> Method | None:
        found = find_method(name)
        if found is None or name.lower() != "sendmessage":
            return found
        send = found

        async def held(params: Params) -> Any:
            if params.integer("chat_id") == chat_id:
                await released.wait()
            return await send(params)

        return held

    monkeypatch.setattr(emulator.api, "method", method)
    return released


async def test_a_flood_gets_one_warning_and_does_not_hold_up_someone_else(
    emulator: BotApiEmulator, coach: App, monkeypatch: pytest.MonkeyPatch, replies: Replies
) -> None:
    flooder, other = emulator.user(201, "Flo"), emulator.user(202, "Ann")
    released = hold_messages_to(emulator, monkeypatch, flooder.user_id)
    for number in range(2 * FLOOD_LIMIT):
        await flooder.send_text(f"spam {number}")
    await other.send_text("/help")
    try:
        # The bot is stuck replying to the flooder's first message, 40 updates ahead, until
        # this has arrived: handled in turn, it never would.
        assert (await other.next_message()).text == ENGLISH_HELP
    finally:
        released.set()
    answers = [message.text for message in await replies(flooder)]
    # A reply to each of the first 20, the one warning, and silence for the other 19.
    assert tr("general.flood_warning") not in answers[:FLOOD_LIMIT]
    assert answers[FLOOD_LIMIT:] == [tr("general.flood_warning")]


async def test_people_onboarding_at_the_same_time_each_get_their_own_plan(
    emulator: BotApiEmulator, coach: App
) -> None:
    goal, equipment = messages.goal_labels(), messages.equipment_labels()
    # Each person: their answers, and what their /settings summary must show afterwards.
    people: list[tuple[ChatUser, dict[str, Any], list[str]]] = [
        (
            emulator.user(211, "Ann"),
            {
                "goal": Goal.GLUTES,
                "equipment": (Equipment.DUMBBELLS,),
                "reminder": "18:30",
                "timezone": "Europe/Berlin",
                "bodyweight": "64.5",
            },
            [
                goal[Goal.GLUTES],
                equipment[Equipment.DUMBBELLS],
                "18:30",
                "Europe/Berlin",
                "64.5 kg",
            ],
        ),
        (
            emulator.user(212, "Ben"),
            {
                "goal": Goal.HAMSTRINGS,
                "experience": Experience.ADVANCED,
                "equipment": (Equipment.BARBELL, Equipment.BENCH),
                "days": 4,
                "reminder": "07:15",
                "timezone": "America/New_York",
                "bodyweight": "81",
            },
            [
                goal[Goal.HAMSTRINGS],
                equipment[Equipment.BENCH],
                "07:15",
                "America/New_York",
                "81 kg",
            ],
        ),
        (
            emulator.user(213, "Cai"),
            {
                "goal": Goal.STRENGTH,
                "equipment": (Equipment.KETTLEBELL,),
                "days": 2,
                "reminder": "12:00",
                "timezone": "Asia/Tokyo",
                "units": Units.LB,
                "bodyweight": None,
            },
            [goal[Goal.STRENGTH], equipment[Equipment.KETTLEBELL], "12:00", "Asia/Tokyo"],
        ),
    ]
    await asyncio.gather(*(onboard(user, **answers) for user, answers, _ in people))
    for user, _, shown in people:
        await user.send_text("/settings")
        summary = (await user.next_message()).text
        for text in shown:
            assert text in summary, (user.user_id, text, summary)
