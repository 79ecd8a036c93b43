"""Reminder fan-out: everyone's workout reminder due in the same minute, sent by the real
dispatcher through the Bot API emulator.

Cases (people are written straight into the database, see tests/support/seeding.py):

* no limit (TELEGRAM_RATE_LIMIT=0): 10,000 and 100,000 people, SQLite and, when
  TEST_DATABASE_URL points at a server, PostgreSQL. Targets: over 1,000 messages/s, so that
  Telegram's 30/s is the only bound, and (issue 16) at least 0.8 of the baseline's rate
  with under 1 ms of CPU per reminder. Baseline, measured in the same run with the same bot
  and emulator, just before and just after the dispatcher: a plain loop of
  `bot.send_message` with the dispatcher's concurrency and the same message, no database;
* Telegram's limit: the emulator answers 429 (retry after 1 s) to any sendMessage beyond
  30 in the last second, and the bot runs with its default AIORateLimiter (30/s). Targets:
  at least 0.95 of 30/s, and no 429s. 3,000 people, not 10,000: at 30/s that is ~100 s.

The emulator runs in a process of its own: it stands in for Telegram's servers, which do
not take CPU from the bot; in the bot's event loop it would bill its own HTTP handling to
the dispatcher. People live in four zones, each with a reminder time at the current minute
and training days that include their local today, so every workout reminder has a workout
to announce.

Run: `python -m bench reminder_fanout`, or `python -m bench.reminder_fanout_bench
[--sizes 10000,100000] [--limited 3000] [--backends sqlite,postgresql] [--concurrency N]
[--smooth RATE] [--profile]`. `--concurrency` overrides the dispatcher's; `--smooth` adds a
limited run whose limiter spaces sends evenly at RATE/s (see `smooth_bot`); `--profile`
runs only one 10,000-person SQLite case under cProfile and prints its top entries.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import logging
import multiprocessing
import os
import pstats
import sys
import tempfile
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import InlineKeyboardMarkup
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.warnings import PTBDeprecationWarning

from bot.config import Settings, load_settings
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.reminder_schedule import DueReminder, ReminderKind
from bot.emulator import ApiCall, BotApiEmulator, Fault, UserProfile
from bot.storage.database import create_engine, session_factory
from bot.storage.migrate import upgrade_to_head
from bot.telegram.app import build_application
from bot.telegram.coach_bot import CoachBot
from bot.telegram.context import services
from bot.telegram.reminder_dispatch import DispatchReport, Outcome, ReminderDispatcher
from tests.support.databases import SQLITE, Backend, backends, fresh_database
from tests.support.seeding import Cohort, Person, ReminderRow, reminder_rows, seed_people

DEFAULT_SIZES = (10_000, 100_000)
LIMITED_PEOPLE = 3_000
TELEGRAM_RATE = 30
TARGET_RATE = 1_000
TARGET_OF_BASELINE = 0.8
TARGET_CPU_MS = 1.0
TARGET_FRACTION = 0.95
# The baseline's rate settles within a few thousand sends; more only costs time.
BASELINE_MAX = 20_000
FIRST_USER_ID = 10_000_000
PROFILE_PEOPLE = 10_000
PROFILE_TOP = 25
LIMITER_LOGGER = "telegram.ext.AIORateLimiter"

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
GOALS = tuple(Goal)
EXPERIENCES = tuple(Experience)
EQUIPMENT = (
    frozenset[Equipment](),
    frozenset({Equipment.DUMBBELLS, Equipment.BANDS}),
    frozenset(
        {
            Equipment.BARBELL,
            Equipment.BENCH,
            Equipment.DUMBBELLS,
            Equipment.LEG_CURL_MACHINE,
            Equipment.CABLE,
        }
    ),
)
# Training days as offsets from the person's local today, which is always one of them.
DAY_PATTERNS = ((0, 3), (0, 2, 4), (0, 1, 3, 5))
# Other kinds are scheduled from this far ahead, so that none of them (nutrition at noon,
# say) falls due while the workout reminders are being sent.
OTHERS_AFTER = timedelta(hours=3)


# --- The emulator, in its own process ----------------------------------------------------


@dataclass(frozen=True)
class SendStats:
    """What the emulator saw of sendMessage since the last reset."""

    accepted: int
    floods: int
    chats: int
    # time.monotonic() of the first and last accepted send (one clock for all processes).
    first: float | None
    last: float | None

    @property
    def rate(self) -> float:
        """Accepted sends per second between the first and the last, as Telegram sees it."""
        if self.first is None or self.last is None or self.last <= self.first:
            return 0.0
        return (self.accepted - 1) / (self.last - self.first)


class SendMeter:
    """Fault policy: counts sendMessage calls and, with a limit, answers 429 (retry after
    1 s) to any beyond `limit` in the last second, as Telegram's flood control would."""

    def __init__(self) -> None:
        self.reset(0)

    def reset(self, limit: int) -> None:
        self.limit = limit
        self._window: deque[float] = deque()
        self._chats: set[int] = set()
        self.accepted = 0
        self.floods = 0
        self.first: float | None = None
        self.last: float | None = None

    def __call__(self, call: ApiCall) -> Fault | None:
        if call.method.lower() != "sendmessage":
            return None
        now = time.monotonic()
        if self.limit:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.limit:
                self.floods += 1
                return Fault.flood(1)
            self._window.append(now)
        self.accepted += 1
        self._chats.add(call.params.integer("chat_id") or 0)
        self.first = now if self.first is None else self.first
        self.last = now
        return None

    def stats(self) -> SendStats:
        return SendStats(self.accepted, self.floods, len(self._chats), self.first, self.last)


def _serve_emulator(connection: Connection, first_id: int, people: int) -> None:
    """The emulator process: every person's chat started, then commands over the pipe."""
    asyncio.run(_emulator_loop(connection, first_id, people))


async def _emulator_loop(connection: Connection, first_id: int, people: int) -> None:
    meter = SendMeter()
    async with BotApiEmulator() as emulator:
        for user_id in range(first_id, first_id + people):
            # Telegram lets a bot write only to people who wrote first; no updates needed.
            emulator.api.chat_for(UserProfile(user_id, f"Lifter{user_id}")).started = True
        emulator.fault_policy = meter
        connection.send((emulator.token, emulator.base_url, emulator.base_file_url))
        while True:
            command, argument = await asyncio.to_thread(connection.recv)
            if command == "reset":
                meter.reset(argument)
                # What was sent is not needed, and 100,000s of records are memory.
                emulator.calls.clear()
                for chat in emulator.api.chats.values():
                    chat.events.clear()
                    chat.bot_messages.clear()
                connection.send(None)
            elif command == "stats":
                connection.send(meter.stats())
            else:
                connection.send(None)
                return


@dataclass
class RemoteEmulator:
    token: str
    base_url: str
    base_file_url: str
    _connection: Connection

    async def _ask(self, command: str, argument: object = None) -> Any:
        self._connection.send((command, argument))
        return await asyncio.to_thread(self._connection.recv)

    async def reset(self, limit: int) -> None:
        """Forget what was sent and, from now on, allow `limit` sendMessage/s (0: no limit)."""
        await self._ask("reset", limit)

    async def stats(self) -> SendStats:
        stats: SendStats = await self._ask("stats")
        return stats

    async def stop(self) -> None:
        await self._ask("stop")


@asynccontextmanager
async def emulator_process(people: int) -> AsyncIterator[RemoteEmulator]:
    # spawn, not fork: the parent may already hold threads (aiosqlite) and sockets.
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(
        target=_serve_emulator, args=(theirs, FIRST_USER_ID, people), daemon=True
    )
    process.start()
    try:
        token, base_url, base_file_url = await asyncio.to_thread(ours.recv)
        remote = RemoteEmulator(token, base_url, base_file_url, ours)
        yield remote
        await remote.stop()
    finally:
        await asyncio.to_thread(process.join, 10)
        if process.is_alive():
            process.kill()


# --- The people --------------------------------------------------------------------------


@dataclass(frozen=True)
class Crowd:
    """Cohorts whose workout reminder fires at `slot`, and each cohort's other reminders."""

    slot: datetime
    cohorts: Sequence[tuple[Cohort, Sequence[ReminderRow]]]

    def people(self, count: int) -> Iterator[Person]:
        for n in range(count):
            cohort, reminders = self.cohorts[n % len(self.cohorts)]
            yield Person(FIRST_USER_ID + n, cohort, reminders)


def crowd(slot: datetime) -> Crowd:
    """Profiles in four zones, each with its local today among the training days and its
    reminder time at `slot`'s local time: all workout reminders are due at `slot`."""
    cohorts = []
    for zone in ZONES:
        local = slot.astimezone(ZoneInfo(zone))
        today = local.weekday()
        for pattern in DAY_PATTERNS:
            days = tuple(sorted(Weekday((today + offset) % 7) for offset in pattern))
            for goal in GOALS:
                for experience in EXPERIENCES:
                    for equipment in EQUIPMENT:
                        profile = TrainingProfile(
                            goal, experience, equipment, days, local.time(), zone, bodyweight_kg=70
                        )
                        cohort = Cohort.of(profile)
                        cohorts.append((cohort, reminder_rows(profile, slot + OTHERS_AFTER, slot)))
    return Crowd(slot, cohorts)


# --- Measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    backend: Backend
    people: int
    # Telegram's limit, enforced by the emulator and the bot's limiter alike; 0: none.
    limit: int = 0
    baseline: bool = False
    profile: bool = False
    # Instead of the dispatcher's own.
    concurrency: int | None = None
    # Instead of bot/app.py's limiter: sends spaced evenly at this rate, with no burst.
    smooth_rate: float | None = None


@dataclass(frozen=True)
class Baseline:
    rate: float
    # The bot process's CPU per message, every thread.
    cpu_ms: float


@dataclass
class Run:
    case: Case
    seed_seconds: float
    seconds: float
    # The bot process's CPU (every thread: aiosqlite's too) while the dispatcher ran.
    cpu_seconds: float
    report: DispatchReport
    stats: SendStats
    # Sends AIORateLimiter gave up on after its retries (it logs each one).
    limiter_gave_up: int
    # New database connections the engine's pool opened while the dispatcher ran.
    connects: int
    # Plain send_message loops, same bot, concurrency and message, no database: one just
    # before the dispatcher ran and one just after, so that a busy spell on a shared machine
    # shows as a gap between them rather than as a false ratio.
    baselines: Sequence[Baseline] = ()
    # The same loop of the dispatcher's own send, which builds no Message of the answer.
    unread: Baseline | None = None
    profile: pstats.Stats | None = field(default=None, repr=False)

    @property
    def rate(self) -> float:
        return self.report.sent / self.seconds

    @property
    def baseline(self) -> Baseline | None:
        """The mean of the loops before and after."""
        if not self.baselines:
            return None
        count = len(self.baselines)
        return Baseline(
            sum(b.rate for b in self.baselines) / count,
            sum(b.cpu_ms for b in self.baselines) / count,
        )


def bot_settings(url: str, emulator: RemoteEmulator, data_dir: Path, limit: int) -> Settings:
    return load_settings(
        _env_file=None,
        data_dir=data_dir,
        database_url=url,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        telegram_rate_limit=limit,
        log_level="WARNING",
    )


class GiveUpCounter(logging.Handler):
    """Counts AIORateLimiter's "Rate limit hit after maximum of N retries" errors, which
    would otherwise print a traceback each."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ConnectCounter:
    """Counts the pool's new connections: more sessions at once than the pool keeps open
    means connections closed on return and opened again for the next session."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        self._engine = engine.sync_engine
        event.listen(self._engine, "connect", self._connected)

    def _connected(self, *_: object) -> None:
        self.count += 1

    def stop(self) -> None:
        event.remove(self._engine, "connect", self._connected)


@asynccontextmanager
async def limiter_give_ups() -> AsyncIterator[GiveUpCounter]:
    counter = GiveUpCounter()
    limiter_logger = logging.getLogger(LIMITER_LOGGER)
    limiter_logger.addHandler(counter)
    limiter_logger.propagate = False
    try:
        yield counter
    finally:
        limiter_logger.removeHandler(counter)
        limiter_logger.propagate = True


def smooth_bot(emulator: RemoteEmulator, rate: float) -> Application[Any, Any, Any, Any, Any, Any]:
    """An application like bot/app.py's but whose limiter admits one send per 1/rate s.

    aiolimiter's AsyncLimiter(30, 1) is a leaky bucket holding 30: it lets 30 through at
    once and then 30/s, so some one-second windows see nearly 60. A bucket of one never
    bursts.
    """
    limiter = AIORateLimiter(overall_max_rate=1, overall_time_period=1 / rate, max_retries=3)
    bot = CoachBot(
        emulator.token,
        base_url=emulator.base_url,
        base_file_url=emulator.base_file_url,
        rate_limiter=limiter,
    )
    return ApplicationBuilder().bot(bot).build()


async def run_case(case: Case, emulator: RemoteEmulator, data_dir: Path) -> Run:
    """Seed the case's people, then time the dispatcher until it has nothing left to send."""
    async with fresh_database(case.backend, data_dir, label="bench") as url:
        settings = bot_settings(url, emulator, data_dir, case.limit)
        # Pooled as `coach run` pools it.
        engine = create_engine(url, pool_size=settings.database_pool_size)
        try:
            await upgrade_to_head(engine)
            # The minute everyone's reminder is for; by the time they are sent it is a
            # little in the past, as for a real tick, and well within the grace period.
            slot = datetime.now(UTC).replace(second=0, microsecond=0)
            people_crowd = crowd(slot)
            started = time.perf_counter()
            await seed_people(engine, people_crowd.people(case.people))
            seed_seconds = time.perf_counter() - started
            application = build_application(
                settings, token=emulator.token, sessions=session_factory(engine)
            )
            dispatcher = services(application.bot_data).dispatcher
            if case.concurrency is not None:
                dispatcher.concurrency = case.concurrency
            # Initialised as running_bot does (bot, persistence), but not polling and with
            # the job queue stopped: only the timed run_once sends reminders.
            async with AsyncExitStack() as stack:
                await stack.enter_async_context(application)
                if case.smooth_rate is not None:
                    other = await stack.enter_async_context(smooth_bot(emulator, case.smooth_rate))
                    dispatcher = replace(dispatcher, bot=other.bot)
                baselines, unread = [], None
                if case.baseline:
                    content = await sample_content(dispatcher, people_crowd)
                    baselines.append(await baseline(dispatcher, emulator, content, case.people))
                await emulator.reset(case.limit)
                profiler = cProfile.Profile() if case.profile else None
                give_ups = await stack.enter_async_context(limiter_give_ups())
                connects = ConnectCounter(engine)
                started, cpu = time.perf_counter(), time.process_time()
                report = await dispatch_all(dispatcher, case.people, profiler)
                seconds = time.perf_counter() - started
                cpu_seconds = time.process_time() - cpu
                connects.stop()
                stats = await emulator.stats()
                if case.baseline:
                    baselines.append(await baseline(dispatcher, emulator, content, case.people))
                    unread = await baseline(dispatcher, emulator, content, case.people, unread=True)
        finally:
            await engine.dispose()
    return Run(
        case,
        seed_seconds,
        seconds,
        cpu_seconds,
        report,
        stats,
        give_ups.count,
        connects.count,
        baselines,
        unread,
        pstats.Stats(profiler) if profiler is not None else None,
    )


async def dispatch_all(
    dispatcher: ReminderDispatcher, people: int, profiler: cProfile.Profile | None
) -> DispatchReport:
    """run_once until everyone's reminder is sent or a run finds nothing to do."""
    total = DispatchReport()
    while total.sent < people:
        if profiler is not None:
            profiler.enable()
        try:
            report = await dispatcher.run_once()
        finally:
            if profiler is not None:
                profiler.disable()
        total.add([outcome for outcome, n in report.counts.items() for _ in range(n)])
        if not any(report.counts.values()):
            break
    return total


async def sample_content(
    dispatcher: ReminderDispatcher, people_crowd: Crowd
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The first person's reminder, rendered by the dispatcher's own renderer."""
    cohort, _ = people_crowd.cohorts[0]
    profile = cohort.profile
    due = DueReminder(
        user_id=FIRST_USER_ID,
        chat_id=FIRST_USER_ID,
        kind=ReminderKind.WORKOUT.value,
        local_time=profile.reminder_time,
        slot=people_crowd.slot,
        timezone=profile.timezone,
        weekdays=",".join(day.short for day in profile.weekdays),
        attempts=0,
    )
    content = await dispatcher.render(due)
    if content is None:
        raise RuntimeError("the sample person has no workout reminder to send")
    return content


async def baseline(
    dispatcher: ReminderDispatcher,
    emulator: RemoteEmulator,
    content: tuple[str, InlineKeyboardMarkup | None],
    people: int,
    *,
    unread: bool = False,
) -> Baseline:
    """Messages/s and CPU of bare send_message calls by the dispatcher's bot, as many at
    once as the dispatcher sends, to the same people; `unread`: of the dispatcher's own
    send, which builds no Message of Telegram's answer."""
    await emulator.reset(0)
    count = min(people, BASELINE_MAX)
    chats = iter(range(FIRST_USER_ID, FIRST_USER_ID + count))
    message, markup = content

    send = dispatcher.bot.send_message_unread if unread else dispatcher.bot.send_message

    async def sender() -> None:
        for chat_id in chats:
            await send(chat_id, message, reply_markup=markup)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(sender() for _ in range(dispatcher.concurrency)))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return Baseline(count / seconds, 1e3 * cpu_seconds / count)


# --- Reporting ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def other_outcomes(run: Run) -> str:
    others = {o: n for o, n in run.report.counts.items() if o is not Outcome.SENT and n}
    return ", ".join(f"{o.name.lower()} {n:,}" for o, n in others.items()) or "none"


UNLIMITED_HEADER = (
    f"  {'backend':<11}{'people':>9}{'seed s':>8}{'send s':>8}{'msg/s':>8}{'baseline':>16}"
    f"{'of base':>9}{'CPU ms/msg':>11}{'base CPU':>9}{'connects':>9}{'sent':>9}{'chats':>9}"
    "  other outcomes"
)


def unlimited_row(run: Run) -> str:
    base = run.baseline or Baseline(float("nan"), float("nan"))
    both = "/".join(f"{b.rate:,.0f}" for b in run.baselines)
    case = run.case
    return (
        f"  {case.backend.name:<11}{case.people:>9,}{run.seed_seconds:>8.1f}{run.seconds:>8.1f}"
        f"{run.rate:>8,.0f}{both:>16}{run.rate / base.rate:>8.2f}×"
        f"{1e3 * run.cpu_seconds / max(run.report.sent, 1):>11.2f}{base.cpu_ms:>9.2f}"
        f"{run.connects:>9,}"
        f"{run.report.sent:>9,}{run.stats.chats:>9,}  {other_outcomes(run)}"
    )


def report_unlimited_end(runs: Sequence[Run]) -> None:
    print(
        "  baseline: plain send_message loop, same bot, concurrency and message, no database"
        f" (up to {BASELINE_MAX:,} sends), just before and just after the dispatcher (msg/s"
        " of each; `of base` and `base CPU` from their mean); CPU: the bot process, all"
        " threads; connects: new database connections opened; chats: distinct chats the"
        " emulator delivered to"
    )
    slowest = min(run.rate for run in runs)
    print(f"  target: over {TARGET_RATE:,} msg/s: {verdict(slowest > TARGET_RATE)}")
    worst = min(run.rate / run.baseline.rate for run in runs if run.baseline)
    cpu = max(1e3 * run.cpu_seconds / max(run.report.sent, 1) for run in runs)
    print(
        f"  target: at least {TARGET_OF_BASELINE}× the baseline:"
        f" {verdict(worst >= TARGET_OF_BASELINE)};"
        f" under {TARGET_CPU_MS:g} ms CPU per reminder: {verdict(cpu < TARGET_CPU_MS)}"
    )
    for run in runs:
        if run.unread is not None:
            print(
                f"  {run.case.backend.name}, {run.case.people:,}: the loop of the dispatcher's"
                f" own send (no Message built of the answer) ran {run.unread.rate:,.0f} msg/s"
                f" at {run.unread.cpu_ms:.2f} ms CPU: the dispatcher reached"
                f" {run.rate / run.unread.rate:.2f}× of it"
            )


def report_limited(run: Run, label: str) -> None:
    fraction = run.rate / TELEGRAM_RATE
    print(
        f"  {label}: {run.report.sent:,} sent in {run.seconds:.1f} s = {run.rate:.1f} msg/s,"
        f" {fraction:.3f} of {TELEGRAM_RATE} (emulator-side {run.stats.rate:.1f}/s);"
        f" 429s: {run.stats.floods:,}; database connects: {run.connects:,};"
        f" limiter gave up after its retries:"
        f" {run.limiter_gave_up:,}; other outcomes: {other_outcomes(run)}"
    )
    print(
        f"    target: at least {TARGET_FRACTION} of {TELEGRAM_RATE}/s:"
        f" {verdict(fraction >= TARGET_FRACTION)}; no 429s: {verdict(run.stats.floods == 0)}",
        flush=True,
    )


def report_profile(run: Run) -> None:
    assert run.profile is not None
    entries = run.profile.stats  # type: ignore[attr-defined]
    total = sum(own for _, _, own, _, _ in entries.values())
    print(
        f"  cProfile of a {run.case.people:,}-person {run.case.backend.name} run, no limit:"
        f" {run.seconds:.1f} s"
        f" under the profiler ({run.rate:,.0f} msg/s); {total:.1f} s own time in the event"
        " loop's thread (aiosqlite's thread is not profiled)"
    )
    print(
        "  cumulative times of coroutines count every task suspended inside them (greenlet"
        " and await switches), so they overlap and exceed the wall time: compare, don't add"
    )
    groups = (
        ("everything", lambda path: True, ("own",)),
        ("bot/", _in_bot, ("own", "cumulative")),
        ("sqlalchemy", lambda path: f"{os.sep}sqlalchemy{os.sep}" in path, ("own", "cumulative")),
    )
    for label, wanted, orders in groups:
        picked = [(key, value) for key, value in entries.items() if wanted(key[0])]
        for order in orders:
            column = 2 if order == "own" else 3
            picked.sort(key=lambda item: item[1][column], reverse=True)
            print(f"  top {PROFILE_TOP} by {order} time, {label}:")
            print(f"    {'calls':>10}{'own s':>9}{'cum s':>9}  function")
            for (path, line, name), (_, calls, own, cumulative, _) in picked[:PROFILE_TOP]:
                where = f"{short(path)}:{line}({name})"
                print(f"    {calls:>10,}{own:>9.2f}{cumulative:>9.2f}  {where}")


def _in_bot(path: str) -> bool:
    return f"{os.sep}bot{os.sep}" in path and "site-packages" not in path


def short(path: str) -> str:
    for marker in ("site-packages" + os.sep, str(Path.cwd()) + os.sep):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


# --- The run -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    sizes: Sequence[int]
    limited: int
    backends: Sequence[str]
    profile: bool
    concurrency: int | None
    smooth: float | None


def options(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.reminder_fanout_bench")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--limited", type=int, default=LIMITED_PEOPLE, help="0: skip")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--concurrency", type=int, help="instead of the dispatcher's own")
    parser.add_argument(
        "--smooth",
        type=float,
        metavar="RATE",
        help="also run the limited case with a burst-free limiter at RATE msg/s",
    )
    # `python -m bench reminder_fanout` leaves the benchmark's name in argv.
    args, _ = parser.parse_known_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    return Options(
        sizes, args.limited, args.backends.split(","), args.profile, args.concurrency, args.smooth
    )


def say(line: str) -> None:
    # Runs take minutes: each line as soon as it is known.
    print(line, flush=True)


async def measure(chosen: Options) -> None:
    targets, notes = backends(chosen.backends)
    largest = max([*chosen.sizes, chosen.limited, PROFILE_PEOPLE if chosen.profile else 0])
    concurrency = chosen.concurrency or ReminderDispatcher.concurrency
    say(
        "reminder fan-out: workout reminders due in the same minute, real ReminderDispatcher"
        f" (batch {ReminderDispatcher.batch_size}, concurrency {concurrency}),"
        " Bot API emulator in its own process"
    )
    if importlib.util.find_spec("sniffio") is None:
        notes.append(
            "sniffio is not installed: httpcore retries `import sniffio` (a sys.path search)"
            " several times per request"
        )
    for note in notes:
        say(f"  note: {note}")
    sqlite = SQLITE
    with tempfile.TemporaryDirectory(prefix="coach-fanout-") as directory:
        data_dir = Path(directory)
        async with emulator_process(largest) as emulator:
            if chosen.profile:
                case = Case(sqlite, PROFILE_PEOPLE, profile=True, concurrency=chosen.concurrency)
                report_profile(await run_case(case, emulator, data_dir))
                return
            runs: list[Run] = []
            for backend in targets:
                for size in chosen.sizes:
                    if not runs:
                        say("  no limit (TELEGRAM_RATE_LIMIT=0)")
                        say(UNLIMITED_HEADER)
                    case = Case(backend, size, baseline=True, concurrency=chosen.concurrency)
                    runs.append(await run_case(case, emulator, data_dir))
                    say(unlimited_row(runs[-1]))
            if runs:
                report_unlimited_end(runs)
            if not chosen.limited or sqlite not in targets:
                return
            say(
                f"  Telegram's limit: the emulator answers 429 (retry after 1 s) beyond"
                f" {TELEGRAM_RATE} sendMessage in any second. {chosen.limited:,} people, not"
                f" 10,000: at {TELEGRAM_RATE}/s 10,000 would take ~{10_000 / TELEGRAM_RATE:.0f} s"
            )
            limited = Case(
                sqlite, chosen.limited, limit=TELEGRAM_RATE, concurrency=chosen.concurrency
            )
            label = f"SQLite, {chosen.limited:,} people, bot/app.py's AIORateLimiter"
            report_limited(await run_case(limited, emulator, data_dir), label)
            if chosen.smooth is not None:
                smooth = replace(limited, smooth_rate=chosen.smooth)
                label = f"same, limiter spacing sends at {chosen.smooth:g}/s (no burst)"
                report_limited(await run_case(smooth, emulator, data_dir), label)


def quiet_libraries() -> None:
    for name in ("telegram", "httpx", "httpcore", "apscheduler", "aiosqlite", "alembic", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # PTB's own limiter reads RetryAfter.retry_after, which warns about a future type.
    warnings.filterwarnings("ignore", message=".*retry_after.*", category=PTBDeprecationWarning)


def main() -> None:
    chosen = options(sys.argv[1:])
    quiet_libraries()
    asyncio.run(measure(chosen))


if __name__ == "__main__":
    main()
