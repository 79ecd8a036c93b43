"""A per-person flood guard, so that one person sending a burst cannot starve everyone else.

`FloodGuard` is the pure core (a sliding window per person, on an injectable clock);
`flood_guard_handler` is its place in PTB: a handler for a group before all others.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.telegram.context import Context

logger = logging.getLogger(__name__)


class Verdict(enum.Enum):
    """ALLOW: handle it. WARN: first one over the limit in a burst: say so once, handle
    nothing. DROP: over the limit and already warned: ignore it."""

    ALLOW = enum.auto()
    WARN = enum.auto()
    DROP = enum.auto()


class _Arrivals:
    __slots__ = ("times", "warned")

    def __init__(self, limit: int) -> None:
        # Only the newest `limit` times matter: the oldest of them says whether all of them
        # fall within the window, so a burst of any size costs `limit` floats per person.
        self.times: deque[float] = deque(maxlen=limit)
        self.warned = False


class FloodGuard:
    """Allows `limit` updates per person in any `window` seconds; the next gets WARN, then DROP.

    Dropped updates count as arrivals too, so someone who keeps sending stays stopped until
    they pause, and a burst gets exactly one warning: the flag resets only when an update
    is allowed again. An update exactly `window` seconds old no longer counts.

    Memory: people are kept in order of their latest update, and every check first forgets
    those idle for a whole window (forgetting them changes nothing: they would be allowed
    anyway). So the guard holds only people active in the last `window` seconds, and the
    pruning costs amortised O(1) per check. `clock` must not go backwards.
    """

    def __init__(
        self,
        limit: int = 20,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._people: OrderedDict[int, _Arrivals] = OrderedDict()

    @property
    def tracked(self) -> int:
        """How many people the guard remembers right now."""
        return len(self._people)

    def check(self, user_id: int) -> Verdict:
        """Record an update from `user_id` now and say what to do with it."""
        now = self._clock()
        self._forget_idle(now)
        arrivals = self._people.get(user_id)
        if arrivals is None:
            arrivals = self._people[user_id] = _Arrivals(self.limit)
        else:
            self._people.move_to_end(user_id)
        times = arrivals.times
        over = len(times) == self.limit and times[0] > now - self.window
        times.append(now)
        if not over:
            arrivals.warned = False
            return Verdict.ALLOW
        if arrivals.warned:
            return Verdict.DROP
        arrivals.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        cutoff = now - self.window
        while self._people:
            oldest = next(iter(self._people.values()))
            if oldest.times[-1] > cutoff:
                return
            self._people.popitem(last=False)


def flood_guard_handler(
    guard: FloodGuard, warning: Callable[[], str]
) -> TypeHandler[Update, Context, None]:
    """A handler that stops an over-the-limit person's updates before any other handler.

    Register it in a group of its own, before the groups it protects: it matches every
    update, and PTB gives an update to at most one handler per group, so a handler sharing
    its group would never run. ApplicationHandlerStop ends the update there (it needs the
    default block=True). Every update with a user counts (messages, edits, button presses);
    updates without one pass. On WARN the person gets `warning()` (in their language) once;
    dropped updates get no reply at all, not even an answer to a button press, so a flood
    cannot spend the bot's outgoing rate.
    """

    async def guard_update(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None:
            return
        verdict = guard.check(user.id)
        if verdict is Verdict.ALLOW:
            return
        if verdict is Verdict.WARN:
            logger.info(
                "User %s sent over %s updates in %s s; dropping them until they pause",
                user.id,
                guard.limit,
                guard.window,
            )
            await _send_warning(update, warning())
        raise ApplicationHandlerStop

    return TypeHandler(Update, guard_update)


async def _send_warning(update: Update, warning: str) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    # A failed warning must not let the update through to the other handlers.
    try:
        await chat.send_message(warning)
    except TelegramError:
        logger.warning("Could not send the flood warning to chat %s", chat.id, exc_info=True)
