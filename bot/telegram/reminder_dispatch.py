"""Sending due reminders: claim a batch in the database, send it, record what happened.

Delivery guarantee: at most once per slot. Each claim commits the rows' next slots before
anything is sent, so a crash (even SIGKILL) between claim and send loses at most what is
claimed and unsent: the batch being sent and the next one, claimed meanwhile so that sending
never pauses for the database: 2 x `batch_size` reminders. A slot is never claimed twice.

429s, Telegram 5xx answers and network errors are retried in place by the bot
(bot.telegram.coach_bot), then rescheduled for a later attempt at the same slot. A retry repeats a
send only if Telegram took it and its answer was lost on the way back, the one case where
a person may see a reminder twice. A person who blocked the bot has their reminders
switched off, logged once. Slots missed by more than the grace period (downtime) are
skipped, not sent late.

Crowded slots are sent ahead (bot.core.send_ahead): with a `pace`, each claim takes the
reminders the plan sends from now on, which may include slots a few minutes ahead, so a
slot thousands of people share is spread around its time instead of all after it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum, auto
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.core.profile import Weekday
from bot.core.reminder_schedule import DueReminder, ReminderKind, is_stale, next_fire, reminder_days
from bot.core.send_ahead import Lane, Pace, Upcoming, after_claim, claim_now
from bot.storage.reminders import ReminderRepository
from bot.telegram.coach_bot import CoachBot
from bot.telegram.i18n import locale_for, speaking_in

logger = logging.getLogger(__name__)

Content = tuple[str, InlineKeyboardMarkup | None]
Render = Callable[[DueReminder], Awaitable[Content | None]]
# Reads what a whole batch needs and gives back the batch's own Render.
Prepare = Callable[[Sequence[DueReminder]], Awaitable[Render]]


_RETRY_LATER = timedelta(minutes=1)
# How far ahead a plan looks: far enough to see the whole of any crowd whose sends could
# start within the longest lead.
_LOOK_AHEAD = timedelta(hours=1)
# How long a run goes on from one count of the upcoming reminders (each poll counts
# afresh): a count reads every reminder of the hour, tens of milliseconds at 100,000
# people, and at paid-broadcast rates a batch goes out every tenth of a second. What
# another instance claimed meanwhile is missed for at most this long.
_RECOUNT = timedelta(seconds=30)
_WORKOUT = ReminderKind.WORKOUT.value
_FLEXIBLE = tuple(kind.value for kind in ReminderKind if kind is not ReminderKind.WORKOUT)
# Which reminders each lane holds: (kinds, parity of the person's id or None for any).
# Flexible reminders are halved by the parity: fixed, so the plan never changes its mind.
_LANES: dict[Lane, tuple[tuple[str, ...], int | None]] = {
    Lane.EARLY: (_FLEXIBLE, 0),
    Lane.TIMELY: ((_WORKOUT,), None),
    Lane.LATE: (_FLEXIBLE, 1),
}
_MAX_SLOT_ATTEMPTS = 5
_GONE_CHAT = ("chat not found", "user is deactivated", "bot was blocked")


class Outcome(Enum):
    SENT = auto()
    STALE = auto()
    EMPTY = auto()
    RETRY = auto()
    GIVEN_UP = auto()
    BLOCKED = auto()


@dataclass
class DispatchReport:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))

    def add(self, outcomes: Sequence[Outcome]) -> None:
        for outcome in outcomes:
            self.counts[outcome] += 1

    @property
    def sent(self) -> int:
        return self.counts[Outcome.SENT]

    def __str__(self) -> str:
        """What happened to the reminders, e.g. "3 sent, 1 retry": outcomes that occurred."""
        return ", ".join(
            f"{count} {outcome.name.lower().replace('_', ' ')}"
            for outcome, count in self.counts.items()
            if count
        )


@dataclass(frozen=True, slots=True)
class _Batch:
    """Claimed reminders and how to render them."""

    reminders: list[DueReminder]
    render: Render


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Counted:
    """The upcoming reminders as counted `at`, less what was claimed since; instants are
    seconds from `at`."""

    at: datetime
    upcoming: list[Upcoming]
    instants: dict[float, datetime]

    @classmethod
    def of(cls, at: datetime, rows: Sequence[tuple[datetime, str, int, int]]) -> _Counted:
        instants = {(fire_at - at).total_seconds(): fire_at for fire_at, *_ in rows}
        upcoming = [
            Upcoming((fire_at - at).total_seconds(), _lane(kind, odd), count)
            for fire_at, kind, odd, count in rows
        ]
        return cls(at, upcoming, instants)


def _lane(kind: str, parity: int) -> Lane:
    if kind == _WORKOUT:
        return Lane.TIMELY
    return Lane.EARLY if parity == 0 else Lane.LATE


def next_slot(due: DueReminder, now: datetime) -> datetime | None:
    """The reminder's first slot after `now`, on its days in the person's zone."""
    days = _days(due.kind, due.weekdays)
    return _next_fire(due.local_time, due.timezone, now, days) if days else None


# A claim moves a crowded minute's rows on from one `now`: those who share a time, zone
# and days share the answer, worked out once.
_next_fire = lru_cache(maxsize=1024)(next_fire)


# A claim moves every row on: the few kinds and weekday lists are parsed once.
@lru_cache(maxsize=1024)
def _days(kind: str, weekdays: str) -> frozenset[Weekday]:
    training = [Weekday.from_short(day) for day in weekdays.split(",") if day]
    return reminder_days(ReminderKind(kind), training)


@dataclass
class ReminderDispatcher:
    sessions: async_sessionmaker[AsyncSession]
    bot: CoachBot
    render: Render
    # Runs once per batch, while the batch before it is being sent: a chance to read what
    # the whole batch needs in a few queries instead of a few per reminder. None: `render`
    # reads everything itself.
    prepare: Prepare | None = None
    grace: timedelta = timedelta(hours=2)
    batch_size: int = 100
    # As many as the default connection pool (see bot.telegram.app).
    concurrency: int = 10
    clock: Callable[[], datetime] = _utcnow
    # The send rate and the longest lead, for sending crowded slots ahead; None sends each
    # slot from its instant on (no rate limit to plan for).
    pace: Pace | None = None
    # Telegram's paid broadcasts: up to 1,000 messages a second, billed in Stars.
    paid_broadcast: bool = False
    # The instances sending for the bot, this one included (bot.telegram.send_share): each
    # sends at its share of `pace`'s rate, and crowds go out at all of theirs.
    instances: int = 1
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _stopping: bool = False
    _counted: _Counted | None = field(default=None, init=False, repr=False)
    # Reminders a second that full batches really went out at, smoothed; None until one has.
    _achieved: float | None = field(default=None, init=False, repr=False)

    async def run_once(self) -> DispatchReport:
        """Send everything due now, batch after batch, until nothing is due or we stop.

        The next batch is claimed and prepared while the current one is sent: at Telegram's
        rate the sends are the bottleneck, and a pause for each claim and its reads would
        cost a good part of it.
        """
        report = DispatchReport()
        async with self._lock:
            self._counted = None
            batch = None if self._stopping else await self._claim_prepared(in_flight=0)
            while batch:
                began, size = self.clock(), len(batch.reminders)
                sending = asyncio.ensure_future(self._deliver_all(batch))
                # The sends go out before the claim, which on SQLite never pauses on the loop.
                await asyncio.sleep(0)
                try:
                    # Claimed rows are always sent, even when stopping: only new claims stop.
                    batch = None if self._stopping else await self._claim_prepared(in_flight=size)
                finally:
                    report.add(await sending)
                self._observe(size, self.clock() - began)
        # Only polls that found something due: the job polls every few seconds, and a line
        # for each would be tens of thousands a day that say nothing.
        if any(report.counts.values()):
            logger.info("Reminders due: %s", report)
        return report

    def _observe(self, size: int, took: timedelta) -> None:
        """Learn the rate batches really go out at: a plan at a rate the bot cannot reach
        (paid broadcasts faster than it renders, say) would start crowds too late."""
        seconds = took.total_seconds()
        if size < self.batch_size or seconds <= 0:
            return  # a small batch times its overheads more than its sends
        rate = size / seconds
        self._achieved = rate if self._achieved is None else 0.8 * self._achieved + 0.2 * rate

    def stop(self) -> None:
        """Finish the batch in flight and claim no more: a shutdown must not wait for a
        backlog that can take minutes at Telegram's rate."""
        self._stopping = True

    async def _claim(self, in_flight: int) -> list[DueReminder]:
        """The next batch; `in_flight` reminders are still to be sent before it."""
        now = self.clock()

        def moved_on(due: DueReminder) -> datetime | None:
            # A slot claimed ahead of its time moves on past itself, not merely past now. One
            # missed beyond the grace (downtime) moves on to the first slot still within it,
            # so that a slot due a minute before the restart is sent late, not skipped too.
            if is_stale(due.slot, now, self.grace):
                return next_slot(due, now - self.grace)
            return next_slot(due, max(now, due.slot))

        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            if self.pace is None:
                return await repo.claim_due(now, self.batch_size, moved_on)
            claimed = await self._claim_planned(repo, now, in_flight, self.pace, moved_on)
        if any(is_stale(due.slot, now, self.grace) for due in claimed):
            # Moved on to slots within the grace, which the plan's count does not hold.
            self._counted = None
        return claimed

    async def _claim_planned(
        self,
        repo: ReminderRepository,
        now: datetime,
        in_flight: int,
        pace: Pace,
        moved_on: Callable[[DueReminder], datetime | None],
    ) -> list[DueReminder]:
        """What the plan sends from when the batch in flight is out, in its order."""
        counted = self._counted
        if counted is None or now - counted.at > _RECOUNT:
            counted = self._counted = _Counted.of(now, await repo.upcoming(now, now + _LOOK_AHEAD))
        if self._achieved is not None and self._achieved * self.instances < pace.rate:
            pace = replace(pace, rate=self._achieved * self.instances)
        # This instance's batch in flight goes out at its own share of the rate.
        start = (now - counted.at).total_seconds() + in_flight * self.instances / pace.rate
        claim = claim_now(counted.upcoming, start, pace, self.batch_size)
        counted.upcoming = after_claim(counted.upcoming, claim)
        batch = []
        for lane, quota in claim.items():
            kinds, parity = _LANES[lane]
            until = counted.instants[quota.until]
            batch += await repo.claim_due(
                now, quota.count, moved_on, until=until, kinds=kinds, parity=parity
            )
        return sorted(batch, key=lambda due: (due.slot, _lane(due.kind, due.user_id % 2)))

    async def _claim_prepared(self, in_flight: int) -> _Batch | None:
        """The next batch, ready to send; None when nothing is due. `in_flight` reminders
        are still to be sent before it."""
        claimed = await self._claim(in_flight)
        if not claimed:
            return None
        render = self.render if self.prepare is None else await self.prepare(claimed)
        return _Batch(claimed, render)

    async def _deliver_all(self, batch: _Batch) -> list[Outcome]:
        outcomes = [Outcome.GIVEN_UP] * len(batch.reminders)
        # `concurrency` senders taking the next reminder as soon as they are free: a task
        # per reminder waiting on a semaphore costs more than the rendering.
        waiting = iter(enumerate(batch.reminders))

        async def sender() -> None:
            for index, due in waiting:
                try:
                    outcomes[index] = await self._deliver(due, batch.render)
                except Exception:
                    # One broken reminder (a bad plan, an unexpected API answer) must not
                    # cost the rest of the batch its bookkeeping.
                    logger.exception("Reminder %s for user %s failed", due.kind, due.user_id)

        await asyncio.gather(*(sender() for _ in range(self.concurrency)))
        await self._record(batch.reminders, outcomes)
        return outcomes

    async def _deliver(self, due: DueReminder, render: Render) -> Outcome:
        if is_stale(due.slot, self.clock(), self.grace):
            return Outcome.STALE
        with speaking_in(locale_for(due.language)):
            content = await render(due)
        if content is None:
            return Outcome.EMPTY
        text, markup = content
        try:
            # The bot itself retries 429s, 5xx answers and network errors a few times.
            await self.bot.send_message_unread(
                due.chat_id,
                text,
                reply_markup=markup,
                allow_paid_broadcast=self.paid_broadcast or None,
            )
        except Forbidden:
            return Outcome.BLOCKED
        except BadRequest as exc:
            if any(gone in exc.message.lower() for gone in _GONE_CHAT):
                return Outcome.BLOCKED
            logger.warning("Reminder %s for user %s refused: %s", due.kind, due.user_id, exc)
            return Outcome.GIVEN_UP
        except (RetryAfter, NetworkError):
            return Outcome.RETRY if due.attempts + 1 < _MAX_SLOT_ATTEMPTS else Outcome.GIVEN_UP
        return Outcome.SENT

    async def _record(self, batch: Sequence[DueReminder], outcomes: Sequence[Outcome]) -> None:
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            sent = [
                (due.user_id, due.kind)
                for due, outcome in zip(batch, outcomes, strict=True)
                if outcome is Outcome.SENT
            ]
            await repo.record_sent_many(sent, now)
            for due, outcome in zip(batch, outcomes, strict=True):
                if outcome is Outcome.RETRY:
                    await repo.retry_later(due.user_id, due.kind, due.slot, now + _RETRY_LATER)
                elif outcome is Outcome.BLOCKED and await repo.disable_all(due.user_id):
                    logger.info("User %s blocked the bot: their reminders are off", due.user_id)
