"""FloodGuard's sliding window, and the PTB handler that applies its verdicts."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime
from unittest.mock import AsyncMock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.error import Forbidden
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.telegram.context import Context
from bot.telegram.flood_guard import FloodGuard, Verdict, flood_guard_handler

ALLOW, WARN, DROP = Verdict.ALLOW, Verdict.WARN, Verdict.DROP


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def burst(guard: FloodGuard, user_id: int, count: int) -> list[Verdict]:
    return [guard.check(user_id) for _ in range(count)]


# --- The window ---------------------------------------------------------------------------


def test_the_limit_passes_then_one_warning_then_drops(clock: ManualClock) -> None:
    guard = FloodGuard(limit=20, window=10, clock=clock)
    assert burst(guard, 1, 40) == [ALLOW] * 20 + [WARN] + [DROP] * 19


def test_people_have_separate_windows(clock: ManualClock) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    assert burst(guard, 1, 5) == [ALLOW, ALLOW, ALLOW, WARN, DROP]
    assert burst(guard, 2, 3) == [ALLOW] * 3


def test_the_window_slides(clock: ManualClock) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    start = clock.now
    for _ in range(3):
        assert guard.check(1) is ALLOW
        clock.now += 4  # arrivals at 0, 4 and 8 s
    # At 12 s, the arrival at 0 s has left the window: two remain, room for one more.
    assert guard.check(1) is ALLOW
    clock.now = start + 13.9  # arrivals at 4, 8 and 12 s are all within 10 s
    assert guard.check(1) is WARN


def test_an_arrival_exactly_a_window_old_no_longer_counts(clock: ManualClock) -> None:
    guard = FloodGuard(limit=2, window=10, clock=clock)
    assert burst(guard, 1, 2) == [ALLOW, ALLOW]
    clock.now += 10
    assert guard.check(1) is ALLOW


def test_flooding_on_keeps_dropping_without_more_warnings(clock: ManualClock) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    assert burst(guard, 1, 4) == [ALLOW, ALLOW, ALLOW, WARN]
    for _ in range(30):  # one a second: never fewer than 3 in the last 10 s
        clock.now += 1
        assert guard.check(1) is DROP


def test_after_a_pause_a_person_is_allowed_and_a_new_burst_warns_again(
    clock: ManualClock,
) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    assert burst(guard, 1, 5) == [ALLOW, ALLOW, ALLOW, WARN, DROP]
    clock.now += 10
    assert burst(guard, 1, 5) == [ALLOW, ALLOW, ALLOW, WARN, DROP]


def test_idle_people_are_forgotten(clock: ManualClock) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    for user_id in range(1000):
        guard.check(user_id)
    clock.now += 5
    guard.check(5000)
    assert guard.tracked == 1001  # all still within the window
    clock.now += 5
    guard.check(5001)
    assert guard.tracked == 2  # the first thousand have been idle for a whole window


def test_forgetting_goes_by_the_latest_update_not_the_first(clock: ManualClock) -> None:
    guard = FloodGuard(limit=3, window=10, clock=clock)
    guard.check(1)
    clock.now += 1
    guard.check(2)
    clock.now += 4
    guard.check(1)  # person 1, first seen before person 2, is now the more recent
    clock.now += 7
    guard.check(3)
    assert guard.tracked == 2  # person 2 (idle 11 s) forgotten; person 1 (7 s) kept


@pytest.mark.parametrize(
    ("limit", "window", "named"), [(0, 10.0, "limit"), (20, 0.0, "window"), (20, -1.0, "window")]
)
def test_nonsense_settings_are_refused(limit: int, window: float, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        FloodGuard(limit, window)


class ReferenceGuard:
    """The rule, naively: every arrival kept forever, counted in the window each time."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.arrivals: defaultdict[int, list[float]] = defaultdict(list)
        self.warned: defaultdict[int, bool] = defaultdict(bool)

    def check(self, user_id: int, now: float) -> Verdict:
        in_window = [t for t in self.arrivals[user_id] if t > now - self.window]
        self.arrivals[user_id].append(now)
        if len(in_window) < self.limit:
            self.warned[user_id] = False
            return ALLOW
        if self.warned[user_id]:
            return DROP
        self.warned[user_id] = True
        return WARN


@given(
    limit=st.integers(1, 4),
    events=st.lists(st.tuples(st.integers(1, 3), st.sampled_from([0.0, 0.5, 1.0, 2.5, 6.0]))),
)
def test_verdicts_match_the_naive_rule(limit: int, events: list[tuple[int, float]]) -> None:
    clock = ManualClock()
    guard = FloodGuard(limit, window=5.0, clock=clock)
    reference = ReferenceGuard(limit, window=5.0)
    for user_id, pause in events:
        clock.now += pause
        assert guard.check(user_id) is reference.check(user_id, clock.now)
        # Exactly the people with an update in the window are remembered.
        recent = {u for u, times in reference.arrivals.items() if times[-1] > clock.now - 5.0}
        assert guard.tracked == len(recent)


# --- The PTB handler ----------------------------------------------------------------------

WARNING = "Slow down, please."


def message_from(user_id: int, bot: AsyncMock) -> Update:
    user = User(user_id, "Ann", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    chat.set_bot(bot)
    return Update(1, message=Message(1, datetime.now(UTC), chat, from_user=user, text="hi"))


def button_press_from(user_id: int, bot: AsyncMock) -> Update:
    update = message_from(user_id, bot)
    assert update.message is not None
    user = User(user_id, "Ann", is_bot=False)
    query = CallbackQuery("q", user, "chat", message=update.message, data="x")
    return Update(2, callback_query=query)


async def handle(handler: TypeHandler[Update, Context, None], update: Update) -> bool:
    """Runs the handler's callback; True if it let the update through to later handlers."""
    assert handler.check_update(update)
    try:
        await handler.callback(update, AsyncMock())
    except ApplicationHandlerStop:
        return False
    return True


async def test_the_handler_lets_through_then_warns_once_then_stops_quietly(
    clock: ManualClock,
) -> None:
    bot = AsyncMock()
    handler = flood_guard_handler(FloodGuard(limit=2, window=10, clock=clock), lambda: WARNING)
    passed = [await handle(handler, message_from(1, bot)) for _ in range(5)]
    assert passed == [True, True, False, False, False]
    bot.send_message.assert_awaited_once()
    assert bot.send_message.await_args.kwargs["chat_id"] == 1
    assert bot.send_message.await_args.kwargs["text"] == WARNING


async def test_button_presses_count_too(clock: ManualClock) -> None:
    bot = AsyncMock()
    handler = flood_guard_handler(FloodGuard(limit=2, window=10, clock=clock), lambda: WARNING)
    assert await handle(handler, message_from(1, bot))
    assert await handle(handler, button_press_from(1, bot))
    assert not await handle(handler, button_press_from(1, bot))
    assert bot.send_message.await_args.kwargs["text"] == WARNING


async def test_updates_without_a_user_always_pass(clock: ManualClock) -> None:
    handler = flood_guard_handler(FloodGuard(limit=1, window=10, clock=clock), lambda: WARNING)
    channel = Chat(-1001, Chat.CHANNEL)
    for update_id in range(5):
        post = Update(update_id, channel_post=Message(update_id, datetime.now(UTC), channel))
        assert await handle(handler, post)


async def test_a_warning_that_cannot_be_sent_still_stops_the_update(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    bot = AsyncMock()
    bot.send_message.side_effect = Forbidden("bot was blocked by the user")
    handler = flood_guard_handler(FloodGuard(limit=1, window=10, clock=clock), lambda: WARNING)
    assert await handle(handler, message_from(1, bot))
    with caplog.at_level(logging.WARNING, logger="bot.telegram.flood_guard"):
        assert not await handle(handler, message_from(1, bot))
    assert "Could not send the flood warning" in caplog.text
