"""A repeated warning: the first at once, then one line a minute with the count of the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.logs.throttle import ThrottledLog

SUMMARY = "Rejected {count:,} more requests in the last {seconds} s: wrong secret"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Timers:
    """Plays the event loop's call_later: the test runs what is due when it moves the clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.pending: list[tuple[float, Callable[[], None]]] = []

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        self.pending.append((self.clock.now + delay, callback))

    def advance(self, seconds: float) -> None:
        self.clock.now += seconds
        due = [entry for entry in self.pending if entry[0] <= self.clock.now]
        self.pending = [entry for entry in self.pending if entry[0] > self.clock.now]
        for _, callback in sorted(due, key=lambda entry: entry[0]):
            callback()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lines(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    caplog.set_level(logging.DEBUG, logger="tests.throttle")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "tests.throttle"]


def _throttled(clock: Clock, timers: Timers | None = None) -> ThrottledLog:
    return ThrottledLog(
        logging.getLogger("tests.throttle"),
        SUMMARY,
        clock=clock,
        call_later=None if timers is None else timers.call_later,
    )


def test_a_burst_is_one_line_then_its_count_when_the_minute_is_up(
    clock: Clock, lines: Callable[[], list[str]]
) -> None:
    timers = Timers(clock)
    log = _throttled(clock, timers)
    for n in range(2000):
        log.log("Rejected a request from %s", f"10.0.0.{n % 250}")
        clock.now += 0.0001
    assert lines() == ["Rejected a request from 10.0.0.0"]

    timers.advance(60)

    assert lines() == [
        "Rejected a request from 10.0.0.0",
        "Rejected 1,999 more requests in the last 60 s: wrong secret",
    ]


def test_a_steady_flood_writes_one_line_a_minute(
    clock: Clock, lines: Callable[[], list[str]]
) -> None:
    log = _throttled(clock)  # no timer: the first event after the minute writes the count
    for _ in range(10 * 60 * 8):  # ten minutes at eight a second
        log.log("Rejected a request")
        clock.now += 0.125
    assert len(lines()) == 10
    assert lines()[1] == "Rejected 480 more requests in the last 60 s: wrong secret"


def test_after_a_quiet_minute_the_next_event_is_logged_in_full(
    clock: Clock, lines: Callable[[], list[str]]
) -> None:
    timers = Timers(clock)
    log = _throttled(clock, timers)
    log.log("first")
    log.log("second")
    timers.advance(60)
    timers.advance(61)
    log.log("third")
    assert lines() == [
        "first",
        "Rejected 1 more requests in the last 60 s: wrong secret",
        "third",
    ]


def test_flush_writes_the_count_at_once_and_a_stale_timer_does_not_cut_the_next_minute_short(
    clock: Clock, lines: Callable[[], list[str]]
) -> None:
    timers = Timers(clock)
    log = _throttled(clock, timers)
    log.log("first")
    log.log("second")  # sets a timer for the minute's end
    clock.now += 0.5
    log.flush()
    log.flush()
    clock.now += 1
    log.log("third")  # counted: the last line was 1 s ago
    timers.advance(58.5)  # the first timer's moment: it belongs to the summed-up spell
    assert lines() == ["first", "Rejected 1 more requests in the last 1 s: wrong secret"]
    timers.advance(1)
    assert lines()[-1] == "Rejected 1 more requests in the last 60 s: wrong secret"


def test_nothing_counted_writes_no_summary(clock: Clock, lines: Callable[[], list[str]]) -> None:
    timers = Timers(clock)
    log = _throttled(clock, timers)
    log.log("only")
    timers.advance(120)
    log.flush()
    assert lines() == ["only"]
