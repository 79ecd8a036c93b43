"""Each instance's share of the bot's send rate.

TELEGRAM_RATE_LIMIT is the bot's, and Telegram counts every instance's messages against
it; two instances each sending at the whole rate would make Telegram answer 429 and
throttle the bot. So on a shared database each instance counts the instances running
(bot.storage.instances) and sends at the rate divided among them, and its reminder
dispatcher plans crowded slots knowing that the others send beside it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.storage.instances import InstanceRegistry
from bot.storage.models import utcnow
from bot.telegram.reminder_dispatch import ReminderDispatcher

logger = logging.getLogger(__name__)

# The share of the limit actually used (see `_spaced`).
RATE_HEADROOM = 0.97
# How many beats an instance may miss (a busy loop, a slow database) before the others
# count it out and take its share.
_BEATS_ALIVE = 3


class SharedRateLimiter(BaseRateLimiter[int]):
    """The bot's rate, `per_second`, divided among `instances` (one, until told more)."""

    def __init__(self, per_second: float) -> None:
        self._per_second = per_second
        self._instances = 1
        self._limiter = _spaced(per_second)

    @property
    def per_second(self) -> float:
        """This instance's rate, before the headroom."""
        return self._per_second / self._instances

    def share(self, instances: int) -> None:
        """From now on, `instances` send for the bot. Requests already waiting keep the
        spacing they waited with."""
        if instances != self._instances:
            self._instances = instances
            self._limiter = _spaced(self.per_second)

    async def initialize(self) -> None:
        await self._limiter.initialize()

    async def shutdown(self) -> None:
        await self._limiter.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        return await self._limiter.process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def _spaced(per_second: float) -> AIORateLimiter:
    """Sends spaced evenly, a little under `per_second`, and RetryAfter honoured 3 times.

    AIORateLimiter(30, 1) is a leaky bucket that holds 30: it lets 30 through at once and
    then 30 a second, so a sliding second can see nearly 60 and Telegram answers 429. A
    bucket of one never bursts; the headroom keeps timing jitter from crossing the limit.
    """
    spacing = 1 / (per_second * RATE_HEADROOM)
    return AIORateLimiter(overall_max_rate=1, overall_time_period=spacing, max_retries=3)


@dataclass
class SendShare:
    """This instance among those running on the database: it beats every `every`, and
    gives its limiter and dispatcher the number of instances it learns.

    Liveness is wall-clock time, not the bot's clock, which tests move by days."""

    registry: InstanceRegistry
    limiter: SharedRateLimiter | None
    dispatcher: ReminderDispatcher
    every: timedelta
    instance_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    clock: Callable[[], datetime] = utcnow
    # The instances running at the last beat, this one included.
    running: int = 1

    async def beat(self) -> None:
        """Say this instance runs, and learn how many do (`running`)."""
        alive = self.every * _BEATS_ALIVE
        self.running = await self.registry.beat(self.instance_id, self.clock(), alive)
        if self.limiter is not None:
            self.limiter.share(self.running)
        self.dispatcher.instances = self.running

    async def leave(self) -> None:
        """Leave the count, stopping; failing that, the others count this instance out once
        it has missed its beats."""
        try:
            await self.registry.leave(self.instance_id)
        except (SQLAlchemyError, OSError):
            logger.warning("Could not leave the instances' count; the others will count it out")
