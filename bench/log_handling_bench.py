"""Time to handle a workout log through the Bot API emulator, beside an echo bot.

The real bot (SQLite in a temp dir, polling the in-process emulator over HTTP) and a minimal
PTB echo bot answer the same messages from the same people, one message at a time. Latency
is from just before the person sends to the arrival of the reply that quotes the message.
The echo bot runs twice a round: as PTB builds it (httpx, the issue's baseline) and on the
HTTP client Coach uses (aiohttp, bot.telegram.aiohttp_request), to compare like with like.
Phases run echo, echo on aiohttp, bot, then again, each after its own warm-up, so drift on
a shared machine lands on all; each bot's figures combine its two rounds.

Beside latency it counts the bot's SQL statements and transactions per message. On SQLite
by default; `--postgresql` runs the bot on a fresh schema of TEST_DATABASE_URL's server.

The bot's people are onboarded as tests.support.onboarding's GYM_LIFTER (strength, a gym,
Monday and Thursday, UTC) and log sessions of realistic length, the clock moving to the next
training day between sessions, so the history the bot reads grows as it would for real
users rather than as one endless session. Run: `python -m bench log_handling`, or
`python -m bench.log_handling_bench [--messages N] [--postgresql]` (N per bot, default 1,000).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import CacheStats
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, TypeHandler, filters

from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.context import Context, install_services, services
from bot.telegram.i18n import tr
from bot.telegram.runner import running_bot
from tests.support.databases import SQLITE, Backend, fresh_database
from tests.support.onboarding import GYM_LIFTER, onboard

App = Application[Any, Any, Any, Any, Any, Any]

DEFAULT_MESSAGES = 1000
WARM_UP = 50
ROUNDS = 2
PEOPLE = 4
# About what one person sends in a session: a few messages per planned exercise.
SESSION_LENGTH = 16
TARGET_RATIO = 2.0
# How every confirmation of a stored log begins (tr("workouts.logged") and LOGGED_AGAIN).
LOGGED_MARK = "✅"
# Short, so stopping a bot between phases never waits on an idle long poll.
POLL_TIMEOUT = 1
REPLY_TIMEOUT = 10.0

# Monday 30 November 2026, 10:00 UTC; training days are Monday and Thursday.
A_MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
# Monday to Thursday, Thursday to Monday.
DAY_STEPS = (timedelta(days=3), timedelta(days=4))


@dataclass(frozen=True)
class LogText:
    text: str
    # Numbers without an exercise go to the exercise the person is on; once the session is
    # complete there is none, so the person replies to an earlier confirmation instead.
    numbers_only: bool


# The notations people use, cycled in this order.
MIX = (
    LogText("3x8 @ 60", numbers_only=True),
    LogText("hip thrust 3x10 @ 80", numbers_only=False),
    LogText("60x10, 70x8, 80x6", numbers_only=True),
    LogText("3x12 bw", numbers_only=True),
    LogText("rdl 3x8 @ 70", numbers_only=False),
    LogText("10, 10, 8 @ 50", numbers_only=True),
    LogText("nordic curl 3x5 bw", numbers_only=False),
    LogText("4x6 @ 85", numbers_only=True),
    LogText("glute bridge 12/10/10 @ 60", numbers_only=False),
    LogText("40x12, 50x10, 60x8", numbers_only=True),
    LogText("leg curl 3x12 @ 30", numbers_only=False),
    LogText("12/10/8 @ 40", numbers_only=True),
    LogText("bulgarian split squat 3x10 @ 16", numbers_only=False),
    LogText("4x10 bw", numbers_only=True),
    LogText("hip thrust 100x10, 110x8, 120x6", numbers_only=False),
    LogText("8,8,6 @ 70kg", numbers_only=True),
    LogText("back extension 3x15 bw", numbers_only=False),
    LogText("3 x 10 @ 40kg", numbers_only=True),
    LogText("good morning 12/10/10 @ 40", numbers_only=False),
    LogText("5x5 @ 90", numbers_only=True),
)


# --- Measuring ---------------------------------------------------------------------------


class Handled:
    """Messages every handler group has finished with, reported by a handler in a late group.

    Waiting for it (untimed) before the next send keeps one message's trailing work, such as
    the next-exercise prompt and its database write, out of the next message's latency.
    """

    GROUP = 1_000

    def __init__(self) -> None:
        self._done: set[tuple[int, int]] = set()
        self._changed = asyncio.Condition()

    def install(self, application: App) -> None:
        application.add_handler(TypeHandler(Update, self._record), group=self.GROUP)

    async def _record(self, update: Update, context: Context) -> None:
        message, chat = update.message, update.effective_chat
        if message is None or chat is None:
            return
        async with self._changed:
            self._done.add((chat.id, message.message_id))
            self._changed.notify_all()

    async def wait(self, chat_id: int, message_id: int) -> None:
        async with asyncio.timeout(REPLY_TIMEOUT), self._changed:
            await self._changed.wait_for(lambda: (chat_id, message_id) in self._done)


@dataclass
class Samples:
    latencies_ns: list[int] = field(default_factory=list)
    # Send to handler done: what one-at-a-time throughput is made of.
    cycles_ns: list[int] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    # SQL of the timed messages: (statements, transactions, statements compiled).
    sql: tuple[int, int, int] = (0, 0, 0)

    def extend(self, other: Samples) -> None:
        self.latencies_ns.extend(other.latencies_ns)
        self.cycles_ns.extend(other.cycles_ns)
        self.replies.extend(other.replies)
        self.sql = (
            self.sql[0] + other.sql[0],
            self.sql[1] + other.sql[1],
            self.sql[2] + other.sql[2],
        )


async def timed_send(
    user: ChatUser, handled: Handled, text: str, reply_to: int | None, samples: Samples | None
) -> tuple[BotMessage, list[BotMessage]]:
    """Send `text`, wait for the quoting reply and the end of handling; the reply and extras."""
    start = time.perf_counter_ns()
    message_id = await user.send_text(text, reply_to=reply_to)
    reply = await user.wait_for(
        lambda event: event.reply_to_message_id == message_id, timeout=REPLY_TIMEOUT
    )
    replied = time.perf_counter_ns()
    await handled.wait(user.user_id, message_id)
    done = time.perf_counter_ns()
    # Everything the handler sent is recorded by now, so nothing is left to settle.
    extras = await user.drain(settle=0)
    if samples is not None:
        samples.latencies_ns.append(replied - start)
        samples.cycles_ns.append(done - start)
        samples.replies.append(reply.text)
    return reply, extras


# --- The people --------------------------------------------------------------------------


class FakeClock:
    """The bot's "now", moved by hand from one training day to the next."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Trainee:
    user: ChatUser
    session_complete: bool = False
    last_reply: int | None = None

    def saw(self, events: Sequence[BotMessage]) -> None:
        if any(event.text == tr("workouts.session_complete") for event in events):
            self.session_complete = True


class Coaching:
    """The real bot's side of the script: who logs what, on which day, in which session.

    Message number k (counted over warm-ups and rounds alike) belongs to person
    (k // SESSION_LENGTH) % PEOPLE; a new day starts when every person has had a session.
    """

    def __init__(self, people: Sequence[ChatUser], clock: FakeClock) -> None:
        self.trainees = [Trainee(user) for user in people]
        self.clock = clock
        self.days = 0

    async def start_sessions(self, handled: Handled, k: int) -> None:
        """At a session's first message: maybe move to the next training day, then /today."""
        if k % SESSION_LENGTH:
            return
        if k and k % (SESSION_LENGTH * PEOPLE) == 0:
            self.clock.now += DAY_STEPS[self.days % len(DAY_STEPS)]
            self.days += 1
        trainee = self.trainees[person_for(k)]
        trainee.session_complete = False
        message_id = await trainee.user.send_text("/today")
        await handled.wait(trainee.user.user_id, message_id)
        trainee.saw(await trainee.user.drain(settle=0))

    async def log(self, handled: Handled, k: int, samples: Samples | None) -> None:
        await self.start_sessions(handled, k)
        trainee = self.trainees[person_for(k)]
        entry = MIX[k % len(MIX)]
        reply_to = trainee.last_reply if entry.numbers_only and trainee.session_complete else None
        reply, extras = await timed_send(trainee.user, handled, entry.text, reply_to, samples)
        trainee.last_reply = reply.message_id
        trainee.saw(extras)


def person_for(k: int) -> int:
    return (k // SESSION_LENGTH) % PEOPLE


# --- The bots ----------------------------------------------------------------------------


async def echo(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    await message.reply_text(message.text, do_quote=True)


@asynccontextmanager
async def echo_bot(emulator: BotApiEmulator, *, aiohttp: bool = False) -> AsyncIterator[App]:
    """PTB's echo bot; with `aiohttp`, on the HTTP client Coach uses instead of PTB's
    default (httpx), so that the two bots compare on the same client too."""
    builder = (
        ApplicationBuilder()
        .token(emulator.token)
        .base_url(emulator.base_url)
        .base_file_url(emulator.base_file_url)
    )
    if aiohttp:
        builder = builder.request(AiohttpRequest(256)).get_updates_request(AiohttpRequest(1))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    # Started and stopped as running_bot does the real bot, so only the handling differs.
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@asynccontextmanager
async def coach_bot(settings: Settings, token: str, clock: FakeClock) -> AsyncIterator[App]:
    async with running_bot(settings, token=token, poll_timeout=POLL_TIMEOUT) as application:
        install_services(application.bot_data, services(application.bot_data).with_clock(clock))
        yield application


# --- The run -----------------------------------------------------------------------------


# How an execution context says its statement was compiled, not taken from the cache.
_COMPILED = frozenset({CacheStats.CACHE_MISS, CacheStats.NO_CACHE_KEY})


class Statements:
    """SQL statements and transactions committed by any engine in this process: only the
    bot's while it runs, as the echo bots have none. `compiled`: statements SQLAlchemy
    compiled rather than took from its cache (one with no cache key is compiled every
    time, which cost the inbox's insert about 250 µs per update)."""

    def __init__(self) -> None:
        self.statements = 0
        self.commits = 0
        self.compiled = 0
        event.listen(Engine, "after_cursor_execute", self._statement)
        event.listen(Engine, "commit", self._commit)

    def _statement(self, *args: Any) -> None:
        self.statements += 1
        context = args[4]
        if getattr(context, "cache_hit", None) in _COMPILED:
            self.compiled += 1

    def now(self) -> tuple[int, int, int]:
        return self.statements, self.commits, self.compiled

    def _commit(self, *_: object) -> None:
        self.commits += 1


@dataclass
class Results:
    echo: Samples = field(default_factory=Samples)
    echo_aiohttp: Samples = field(default_factory=Samples)
    coach: Samples = field(default_factory=Samples)
    rounds: list[tuple[Samples, Samples]] = field(default_factory=list)


async def run_phase(
    bot: AbstractAsyncContextManager[App],
    handled: Handled,
    indices: range,
    send: Callable[[int, Samples | None], Awaitable[None]],
    counted: Statements | None = None,
) -> Samples:
    """Start a bot, warm it up on the WARM_UP messages before `indices`, time `indices`
    (and count their SQL into `counted`)."""
    samples = Samples()
    async with bot as application:
        handled.install(application)
        for k in range(indices.start - WARM_UP, indices.start):
            await send(k, None)
        before = counted.now() if counted else (0, 0, 0)
        for k in indices:
            await send(k, samples)
        if counted:
            after = counted.now()
            samples.sql = (after[0] - before[0], after[1] - before[1], after[2] - before[2])
    return samples


async def measure(count: int, backend: Backend) -> Results:
    results = Results()
    handled = Handled()
    clock = FakeClock(A_MONDAY)
    counted = Statements()
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data_dir:
        async with (
            fresh_database(backend, Path(data_dir), label="log_bench") as url,
            BotApiEmulator() as emulator,
        ):
            settings = load_settings(
                _env_file=None,
                data_dir=Path(data_dir),
                database_url=url,
                telegram_base_url=emulator.base_url,
                telegram_base_file_url=emulator.base_file_url,
                # Telegram's 30 messages/s cap would measure the limiter, not the handling;
                # the echo bot has none either.
                telegram_rate_limit=0,
                # A simulated person sends far faster than anyone types; the guard would
                # (rightly) ask them to slow down.
                flood_limit=0,
            )
            people = [emulator.user(9000 + n, f"Lifter{n}") for n in range(PEOPLE)]
            async with coach_bot(settings, emulator.token, clock):
                for user in people:
                    await onboard(user, patience=REPLY_TIMEOUT, **GYM_LIFTER)
                    await user.drain()
            coaching = Coaching(people, clock)

            async def send_echo(k: int, samples: Samples | None) -> None:
                user = people[person_for(k)]
                await timed_send(user, handled, MIX[k % len(MIX)].text, None, samples)

            async def send_log(k: int, samples: Samples | None) -> None:
                await coaching.log(handled, k, samples)

            # Each round's messages follow its own warm-up, so the bot's index k runs through
            # warm-up 1, round 1, warm-up 2, round 2 without gaps or repeats.
            start = WARM_UP
            for size in split(count, ROUNDS):
                indices = range(start, start + size)
                echo_round = await run_phase(echo_bot(emulator), handled, indices, send_echo)
                same_client = echo_bot(emulator, aiohttp=True)
                results.echo_aiohttp.extend(
                    await run_phase(same_client, handled, indices, send_echo)
                )
                coach = coach_bot(settings, emulator.token, clock)
                coach_round = await run_phase(coach, handled, indices, send_log, counted)
                results.echo.extend(echo_round)
                results.coach.extend(coach_round)
                results.rounds.append((echo_round, coach_round))
                start += size + WARM_UP
    return results


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (index < total % parts) for index in range(parts)]


# --- Reporting ---------------------------------------------------------------------------


def p99(values: Sequence[int]) -> int:
    """Nearest rank: the smallest value at or above 99 % of the samples."""
    ordered = sorted(values)
    return ordered[max(math.ceil(0.99 * len(ordered)) - 1, 0)]


def ms(ns: float) -> float:
    return ns / 1e6


def row(name: str, samples: Samples) -> str:
    latencies = samples.latencies_ns
    rate = len(samples.cycles_ns) / (sum(samples.cycles_ns) / 1e9)
    return (
        f"  {name:<10}{len(latencies):>7,}{ms(statistics.median(latencies)):>11.2f}"
        f"{ms(p99(latencies)):>10.2f}{ms(statistics.fmean(latencies)):>10.2f}{rate:>10.0f}"
    )


def report(results: Results, count: int, backend: Backend) -> None:
    echo_s, coach_s = results.echo, results.coach
    median_ratio = statistics.median(coach_s.latencies_ns) / statistics.median(echo_s.latencies_ns)
    p99_ratio = p99(coach_s.latencies_ns) / p99(echo_s.latencies_ns)
    logged = sum(reply.startswith(LOGGED_MARK) for reply in coach_s.replies)
    sizes = " + ".join(str(size) for size in split(count, ROUNDS))
    print(
        f"log latency: {count:,} messages per bot ({sizes}, rounds echo, echo on aiohttp, "
        f"bot, then again; "
        f"{WARM_UP} warm-up per phase, not counted), {PEOPLE} people, {backend.name}, one process"
    )
    print("  send → quoted reply, one message at a time; msg/s = send → handling done")
    print(f"  {'':<10}{'count':>7}{'median ms':>11}{'p99 ms':>10}{'mean ms':>10}{'msg/s':>10}")
    print(row("echo bot", echo_s))
    print(row("echo aio", results.echo_aiohttp))
    print(row("Coach log", coach_s))
    print(f"  bot/echo  median {median_ratio:.2f}×   p99 {p99_ratio:.2f}×")
    same = results.echo_aiohttp.latencies_ns
    print(
        f"  bot/echo on Coach's HTTP client (aiohttp)  median "
        f"{statistics.median(coach_s.latencies_ns) / statistics.median(same):.2f}×   "
        f"p99 {p99(coach_s.latencies_ns) / p99(same):.2f}×"
    )
    for number, (echo_round, coach_round) in enumerate(results.rounds, start=1):
        print(
            f"  round {number}: median echo {ms(statistics.median(echo_round.latencies_ns)):.2f}"
            f" ms, bot {ms(statistics.median(coach_round.latencies_ns)):.2f} ms"
        )
    print(f"  bot replies that confirmed a log: {logged:,} of {len(coach_s.replies):,}")
    statements, transactions, compiled = coach_s.sql
    print(
        f"  bot SQL per message: {statements / count:.1f} statements,"
        f" {transactions / count:.1f} transactions, {compiled / count:.2f} compiled"
        " (not from SQLAlchemy's cache)"
    )
    verdict = "meets" if median_ratio <= TARGET_RATIO else "MISSES"
    p99_verdict = "meets" if p99_ratio <= TARGET_RATIO else "MISSES"
    print(f"  target: within {TARGET_RATIO:g}x of echo: median {verdict}, p99 {p99_verdict}")


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.log_handling_bench")
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES, help="per bot")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="run the bot on a fresh schema of TEST_DATABASE_URL's server (default: SQLite)",
    )
    # `python -m bench log_handling` leaves "log_handling" in argv.
    args, _ = parser.parse_known_args(argv)
    args.messages = max(args.messages, ROUNDS)
    return args


def chosen_backend(args: argparse.Namespace) -> Backend:
    if not args.postgresql:
        return SQLITE
    server = os.environ.get(
        "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    )
    return Backend("PostgreSQL", server)


def quiet_libraries() -> None:
    for name in ("telegram", "httpx", "httpcore", "apscheduler", "aiosqlite", "alembic", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    args = parse(sys.argv[1:])
    backend = chosen_backend(args)
    quiet_libraries()
    report(asyncio.run(measure(args.messages, backend)), args.messages, backend)


if __name__ == "__main__":
    main()
