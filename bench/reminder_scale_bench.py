"""Scale: start-up time, resident memory and the due query with 1,000 to 1,000,000 people.

For each backend (SQLite; PostgreSQL when TEST_DATABASE_URL points at a server) and size,
a fresh database gets that many onboarded people (tests/support/seeding.py: user, profile, one
shared small plan, three reminders each) and then:

* the due query: `ReminderRepository.claim_due` for a batch of 200 in a transaction that is
  rolled back, so every run sees the same data, median of 20; likewise `due_count`. Each
  reminder's next fire instant is spread evenly over the week, placed so that about one in
  10,000 is due at the measurement instant, as on an ordinary minute;
* start-up: `python -m bot run` as a subprocess against the Bot API emulator (in this
  process), from spawning it until the emulator sees its first getUpdates, i.e. until it
  can receive messages; resident memory (VmRSS) read from /proc then, beside the peak
  (VmHWM). Median of 3 starts. The reminder job is set to its longest interval so it never
  runs while the bot is up here.

Start-up is measured twice: as seeded, and after giving everyone the (empty) ptb_user_data
row PTB's persistence writes for every person who ever sent the bot an update, which is
what a database in production holds.

Flat is the target: the 1,000-person figures are the baseline each size is compared to.
Seeding that takes longer than SEED_BUDGET stops early; what was seeded is measured.

Run: `python -m bench reminder_scale`, or `python -m bench.reminder_scale_bench
[--sizes 1000,100000,1000000] [--backends sqlite,postgresql]`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.emulator import ApiCall, BotApiEmulator, Fault
from bot.services.reminder_settings import KINDS
from bot.storage.database import create_engine, session_factory
from bot.storage.migrate import upgrade_to_head
from bot.storage.models import Reminder
from bot.storage.reminders import ReminderRepository
from bot.telegram.reminder_dispatch import next_slot
from tests.support.databases import Backend, backends, fresh_database
from tests.support.seeding import Cohort, Person, seed_people, seed_user_data

DEFAULT_SIZES = (1_000, 100_000, 1_000_000)
FIRST_USER_ID = 10_000_000
SEED_BUDGET = 180.0
STARTS = 3
QUERY_RUNS = 20
CLAIM_BATCH = 200
WEEK = timedelta(days=7)
DUE_SHARE = 1 / 10_000
READY_TIMEOUT = 300.0
STOP_TIMEOUT = 30.0
SEED = 20261127
# Telegram's getUpdates: polling has begun, so the bot can receive messages.
READY_METHOD = "getupdates"


# --- The people --------------------------------------------------------------------------

# One small plan for everyone (two bodyweight days): plans are never read at start-up or by
# the due query, and a million distinct plans would only make seeding slow.
PROFILE = TrainingProfile(
    Goal.GLUTES,
    Experience.BEGINNER,
    frozenset[Equipment](),
    (Weekday.MON, Weekday.THU),
    clock_time(18, 30),
    "Europe/Berlin",
    bodyweight_kg=70,
)


def people(count: int, now: datetime) -> Iterator[Person]:
    """`count` people whose reminders fall anywhere in the week around `now`, about one in
    10,000 of them at or before it."""
    cohort = Cohort.of(PROFILE)
    rng = random.Random(SEED)
    earliest = now - WEEK * DUE_SHARE
    week_seconds = WEEK.total_seconds()
    for n in range(count):
        reminders = [
            (
                kind.value,
                PROFILE.reminder_time,
                earliest + timedelta(seconds=rng.random() * week_seconds),
            )
            for kind in KINDS
        ]
        yield Person(FIRST_USER_ID + n, cohort, reminders)


# --- The due query -----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    claim_ms: float
    claimed: int
    count_ms: float
    due: int
    # Claim at the instant a full batch is due, whatever the size: the comparable figure.
    full_ms: float


async def median_ms(runs: int, measure: Callable[[], Awaitable[float]]) -> float:
    return 1e3 * statistics.median([await measure() for _ in range(runs)])


async def claim_seconds(sessions: async_sessionmaker[AsyncSession], now: datetime) -> float:
    async with sessions() as session:
        transaction = await session.begin()
        started = time.perf_counter()
        await ReminderRepository(session).claim_due(
            now, CLAIM_BATCH, lambda item: next_slot(item, now)
        )
        seconds = time.perf_counter() - started
        # Undone, so that every run (and the start-ups after) sees the seeded rows.
        await transaction.rollback()
    return seconds


async def count_seconds(sessions: async_sessionmaker[AsyncSession], now: datetime) -> float:
    async with sessions() as session:
        started = time.perf_counter()
        await ReminderRepository(session).due_count(now)
        return time.perf_counter() - started


async def due_query(sessions: async_sessionmaker[AsyncSession], now: datetime) -> Query:
    async with sessions() as session:
        due = await ReminderRepository(session).due_count(now)
        # With 1,000 people hardly anything is due at `now`; by the batch's last instant
        # exactly a batch is, which makes the sizes comparable.
        full = await session.scalar(
            select(Reminder.next_fire_at)
            .where(Reminder.enabled)
            .order_by(Reminder.next_fire_at)
            .offset(CLAIM_BATCH - 1)
            .limit(1)
        )
    assert full is not None
    return Query(
        claim_ms=await median_ms(QUERY_RUNS, lambda: claim_seconds(sessions, now)),
        claimed=min(due, CLAIM_BATCH),
        count_ms=await median_ms(QUERY_RUNS, lambda: count_seconds(sessions, now)),
        due=due,
        full_ms=await median_ms(QUERY_RUNS, lambda: claim_seconds(sessions, full)),
    )


# --- Start-up ----------------------------------------------------------------------------


class FirstCalls:
    """Fault policy that fails nothing and notes when each method was first called."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.ready = asyncio.Event()

    def __call__(self, call: ApiCall) -> Fault | None:
        method = call.method.lower()
        self.first.setdefault(method, time.monotonic())
        if method == READY_METHOD:
            self.ready.set()
        return None


@dataclass(frozen=True)
class Start:
    seconds: float
    rss_mb: float
    peak_mb: float


def memory(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB
    return fields["VmRSS"], fields["VmHWM"]


def bot_environment(url: str, emulator: BotApiEmulator, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "TELEGRAM_BASE_FILE_URL": emulator.base_file_url,
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        # The longest interval allowed: the reminder job must not send during the run.
        "REMINDER_POLL_SECONDS": "300",
    }


async def start_once(url: str, emulator: BotApiEmulator, data_dir: Path) -> Start:
    calls = FirstCalls()
    emulator.fault_policy = calls
    errors = data_dir / "bot-stderr.txt"
    started = time.monotonic()
    # The working directory has no .env, so only the variables above configure the bot.
    # Its stderr goes to a file: a pipe nobody reads could fill and stall it.
    with errors.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=data_dir,
            env=bot_environment(url, emulator, data_dir),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        ready = asyncio.create_task(calls.ready.wait())
        exited = asyncio.create_task(process.wait())
        done, _ = await asyncio.wait(
            {ready, exited}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        for task in (ready, exited):
            task.cancel()
        if ready not in done:
            raise RuntimeError(f"the bot did not start polling:\n{tail(errors)}")
        seconds = calls.first[READY_METHOD] - started
        rss, peak = memory(process.pid)
        return Start(seconds, rss, peak)
    finally:
        await stop(process)
        emulator.fault_policy = None


def tail(path: Path, characters: int = 2000) -> str:
    return path.read_text(errors="replace")[-characters:]


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()


async def start_up(url: str, emulator: BotApiEmulator, data_dir: Path) -> Start:
    """Median time and memory over STARTS starts."""
    starts = [await start_once(url, emulator, data_dir) for _ in range(STARTS)]
    return Start(
        statistics.median(start.seconds for start in starts),
        statistics.median(start.rss_mb for start in starts),
        statistics.median(start.peak_mb for start in starts),
    )


# --- One database ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    backend: str
    people: int
    wanted: int
    seed_seconds: float
    query: Query
    bare: Start
    with_user_data: Start


def deadline(seconds: float) -> Callable[[], bool]:
    end = time.monotonic() + seconds
    return lambda: time.monotonic() < end


async def analyze(engine: AsyncEngine) -> None:
    # What autovacuum does soon after a bulk load; without statistics the planner guesses.
    async with engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        await connection.commit()


async def measure_size(
    backend: Backend, size: int, emulator: BotApiEmulator, data_dir: Path
) -> Row:
    async with fresh_database(backend, data_dir, label="bench") as url:
        engine = create_engine(url)
        try:
            await upgrade_to_head(engine)
            now = datetime.now(UTC)
            started = time.perf_counter()
            seeded = await seed_people(engine, people(size, now), keep_going=deadline(SEED_BUDGET))
            if backend.server_url is not None:
                await analyze(engine)
            seed_seconds = time.perf_counter() - started
            query = await due_query(session_factory(engine), now)
            bare = await start_up(url, emulator, data_dir)
            await seed_user_data(engine, range(FIRST_USER_ID, FIRST_USER_ID + seeded))
            if backend.server_url is not None:
                await analyze(engine)
            with_user_data = await start_up(url, emulator, data_dir)
        finally:
            await engine.dispose()
    return Row(backend.name, seeded, size, seed_seconds, query, bare, with_user_data)


# --- Reporting ---------------------------------------------------------------------------

HEADER = (
    f"  {'backend':<11}{'users':>10}{'seed s':>8}{'claim ms':>10}{'claimed':>8}"
    f"{'due_count ms':>13}{'due':>6}{'claim 200 ms':>13}{'start-up s':>11}{'RSS MB':>8}"
    f"{'peak MB':>8}{'start-up s':>11}{'RSS MB':>8}{'peak MB':>8}"
)
SUBHEADER = f"  {'':<79}{'as seeded':^27}{'+ ptb_user_data rows':^27}"


def table_row(row: Row) -> str:
    query, bare, full = row.query, row.bare, row.with_user_data
    return (
        f"  {row.backend:<11}{row.people:>10,}{row.seed_seconds:>8.1f}{query.claim_ms:>10.2f}"
        f"{query.claimed:>8,}{query.count_ms:>13.2f}{query.due:>6,}{query.full_ms:>13.2f}"
        f"{bare.seconds:>11.2f}{bare.rss_mb:>8.0f}{bare.peak_mb:>8.0f}"
        f"{full.seconds:>11.2f}{full.rss_mb:>8.0f}{full.peak_mb:>8.0f}"
    )


def flatness(rows: Sequence[Row]) -> None:
    """Each backend's largest size against its smallest: the 'must stay flat' figures."""
    for name in dict.fromkeys(row.backend for row in rows):
        mine = [row for row in rows if row.backend == name]
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        ratios = (
            ("start-up", small.bare.seconds, large.bare.seconds),
            ("RSS", small.bare.rss_mb, large.bare.rss_mb),
            ("start-up with user_data", small.with_user_data.seconds, large.with_user_data.seconds),
            ("RSS with user_data", small.with_user_data.rss_mb, large.with_user_data.rss_mb),
            ("claim with 200 due", small.query.full_ms, large.query.full_ms),
            ("due_count", small.query.count_ms, large.query.count_ms),
        )
        figures = ", ".join(f"{label} {after / before:.2f}×" for label, before, after in ratios)
        print(f"  {name}, {large.people:,} against {small.people:,} users: {figures}")


def say(line: str) -> None:
    print(line, flush=True)


# --- The run -----------------------------------------------------------------------------


def options(argv: Sequence[str]) -> tuple[list[int], list[str]]:
    parser = argparse.ArgumentParser(prog="python -m bench.reminder_scale_bench")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--backends", default="sqlite,postgresql")
    # `python -m bench reminder_scale` leaves the benchmark's name in argv.
    args, _ = parser.parse_known_args(argv)
    return [int(size) for size in args.sizes.split(",") if size], args.backends.split(",")


async def measure(sizes: Sequence[int], names: Sequence[str]) -> None:
    targets, notes = backends(names)
    say(
        f"reminder scale: 3 reminders per user; claim_due of {CLAIM_BATCH} (rolled back) and"
        f" due_count, median of {QUERY_RUNS}; start-up of `python -m bot run` until its first"
        f" getUpdates and its memory then, median of {STARTS}"
    )
    say(
        f"  about 1 reminder in {round(1 / DUE_SHARE):,} due; claim 200: at the instant"
        f" exactly {CLAIM_BATCH} are due, comparable across sizes; PostgreSQL ANALYZEd after"
        f" seeding; seeding stops after {SEED_BUDGET:.0f} s"
    )
    for note in notes:
        say(f"  note: {note}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="coach-scale-") as directory:
        async with BotApiEmulator() as emulator:
            for backend in targets:
                for size in sizes:
                    if not rows:
                        say(SUBHEADER)
                        say(HEADER)
                    row = await measure_size(backend, size, emulator, Path(directory))
                    rows.append(row)
                    say(table_row(row))
                    if row.people < row.wanted:
                        say(
                            f"  ({row.wanted:,} wanted: seeding stopped at {row.people:,}"
                            f" after {row.seed_seconds:.0f} s)"
                        )
    flatness(rows)
    say("  target: start-up and memory flat (about 1.00× from the smallest size to the largest)")


def quiet_libraries() -> None:
    for name in ("telegram", "httpx", "httpcore", "apscheduler", "aiosqlite", "alembic", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    sizes, names = options(sys.argv[1:])
    quiet_libraries()
    asyncio.run(measure(sizes, names))


if __name__ == "__main__":
    main()
