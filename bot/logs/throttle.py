"""A log line for an event that can repeat thousands of times a second, written once a minute.

A stranger hammering the webhook, or a proxy misconfigured for every request, would otherwise
write a line per request: a log that grows as fast as anyone cares to send, and that hides
everything else. `ThrottledLog` writes the first event of a spell at once, counts the ones
after it, and writes the count as one summary line when `period` has passed since its last
line. A quiet spell of `period` lets the next event through at once again.

The summary is written by whichever comes first: the first event after the period, or the
timer that `call_later` (when given; e.g. the event loop's) sets for the period's end, so the
count of a flood that stopped is not held back until the next event. `flush()` writes it at
once, for a server that stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

Clock = Callable[[], float]
# Runs the callable after the given number of seconds, like asyncio's loop.call_later.
CallLater = Callable[[float, Callable[[], None]], object]


class ThrottledLog:
    """Logs an event at once, then at most one summary per `period` with the count of
    events not logged.

    `summary` is a `str.format` template with the fields `count` (an int; `{count:,}`
    writes 1,999) and `seconds` (how long the summary covers, in whole seconds, at least 1).
    It is fixed text: nothing of the events themselves goes into it.
    """

    def __init__(
        self,
        logger: logging.Logger,
        summary: str,
        *,
        level: int = logging.WARNING,
        period: float = 60.0,
        clock: Clock = time.monotonic,
        call_later: CallLater | None = None,
    ) -> None:
        self._logger = logger
        self._summary = summary
        self._level = level
        self._period = period
        self._clock = clock
        self._call_later = call_later
        self._last_line: float | None = None
        self._unlogged = 0
        # Which spell a pending timer belongs to: one scheduled for a spell that a later
        # event already summed up must not cut the next spell short.
        self._spell = 0

    def log(self, msg: str, *args: Any) -> None:
        """Log `msg % args` now, or count it for the next summary."""
        now = self._clock()
        if self._last_line is None or (
            self._unlogged == 0 and now - self._last_line >= self._period
        ):
            self._logger.log(self._level, msg, *args)
            self._last_line = now
            return
        self._unlogged += 1
        if now - self._last_line >= self._period:
            self.flush()
        elif self._unlogged == 1 and self._call_later is not None:
            spell = self._spell
            wait = self._period - (now - self._last_line)
            self._call_later(wait, lambda: self._end_spell(spell))

    def flush(self) -> None:
        """Write the summary of the events counted so far, if any."""
        if self._unlogged == 0:
            return
        now = self._clock()
        assert self._last_line is not None  # events are counted only after a first line
        seconds = max(1, round(now - self._last_line))
        self._logger.log(self._level, self._summary.format(count=self._unlogged, seconds=seconds))
        self._unlogged = 0
        self._last_line = now
        self._spell += 1

    def _end_spell(self, spell: int) -> None:
        if spell == self._spell:
            self.flush()
