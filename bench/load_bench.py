"""Load: many simulated people onboarding and logging at once, against real bot processes.

Every bot instance is a real `python -m bot run` subprocess pointed at the in-process Bot
API emulator, so the emulator and the simulated people do not share an event loop (or a
GIL) with the bot they measure. Scenarios, all in one run so that their ratios compare like
with like: one instance on SQLite with concurrent handling (HANDLE_UPDATES_CONCURRENTLY)
off and on, one instance on PostgreSQL off and on, and two instances on PostgreSQL (on).
Printed: a table, what went wrong and why, and the gains: concurrent handling on vs off on
each backend, and two instances vs one on PostgreSQL.

Two instances cannot both poll one token: the emulator ends an older long poll when a
newer one starts (as Telegram does), so two pollers would cut each other off and could
fetch the same unconfirmed updates. The two-instance case therefore runs in webhook mode:
this process plays Telegram's part and the load balancer's, taking updates off the
emulator's queue and POSTing them, with the secret header, to the instances in turn:
round-robin per update, so one person's consecutive updates land on different instances.
That is what a plain load balancer does and what the bot must survive without sticky
routing: each update's conversation state is read from the database before it and written
after it, and a PostgreSQL advisory lock per person holds the person's next update back on
the other instance until the previous one is written (bot.telegram.shared_state,
bot.storage.person_locks). A lost or reordered onboarding step shows up here as a timeout:
the person waits for a question that never comes.

Each person: /start and the onboarding questions as tests.support.onboarding's script
answers them by default (first goal and experience, no equipment, 3 days, the suggested
weekdays, Europe/Berlin, kg, 70 kg) but with a reminder time 12 hours away, then log
messages, with no pause between a reply and the next message. Latency: from
putting the update on the emulator's queue to the first bot message (or edit) in that chat
after it (for a log: its quoting confirmation). Errors: no reply within REPLY_TIMEOUT, the
wrong reply, or the INTERNAL_ERROR text; a person stops at their first error. The
instances log at WARNING in JSON; every WARNING and ERROR record is counted by cause
(message and exception).

People in flight (`--in-flight`, default 64): how many people have a conversation going at
once; the others wait their turn, so all `--users` people pass through. A person sends
their next message the moment the reply arrives, so each of them loads the bot like many
real people, who pause for seconds between messages. 64 is an instance's default
MAX_CONCURRENT_UPDATES: a person has at most one update outstanding, so with concurrent
handling on every person in flight has a slot and the instance is busy all the time, while
nothing queues in front of the slots. More people add only queueing: by Little's law each
update's latency is about (people in flight) / (updates per second), and an instance here
handles 50-80 updates/s, so 64 people put it near 1 s, far enough below REPLY_TIMEOUT that
an error is the bot's and not the benchmark's queue. All 1,000 at once would put it near
15-20 s, and every scenario would time out.

Bot API latency (`--api-latency-ms`, default 0): the emulator answers at once, so an
update costs the bot almost only CPU, and concurrent handling has no waiting to overlap.
api.telegram.org answers each call a network round trip later (tens of milliseconds), which
handling updates one at a time must wait out in full; the option delays every call but
getUpdates by that much, to measure the gain where it comes from. The default stays 0: at
50 ms a 1,000-person run with handling off takes over half an hour per backend.

Run: `python -m bench load`, or `python -m bench.load_bench [--users N]
[--messages-per-user M] [--in-flight C] [--api-latency-ms L] [--pool-size P]
[--max-concurrent-updates U] [--only NAME-SUBSTRING]` (`python -m bench` rejects unknown
arguments).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import re
import resource
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

import aiohttp

from bot.config import Settings
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.emulator.api import Method
from bot.emulator.state import ChatLog
from bot.emulator.wire import Params
from bot.telegram.i18n import tr
from bot.telegram.webhook import SECRET_HEADER
from tests.support.databases import SQLITE, Backend, fresh_database
from tests.support.onboarding import Answers, Reply, onboard_through

DEFAULT_USERS = 1000
DEFAULT_MESSAGES_PER_USER = 5
ONBOARDING_UPDATES = 10
DEFAULT_IN_FLIGHT = 64
POSTGRES_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REPLY_TIMEOUT = 10.0
# Start-up includes migrating an empty database, which takes a few seconds on PostgreSQL.
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
WEBHOOK_PATH = "/telegram"
WEBHOOK_SECRET = "load-bench-" + uuid.uuid4().hex
FIRST_USER_ID = 100_000
# Far from the simulated people, so the readiness probe never touches their chats.
PROBE_USER_ID = 9
LOG_TEXTS = (
    "3x10 @ 60",
    "hip thrust 3x8 @ 80",
    "rdl 3x8 @ 70",
    "60x10, 70x8, 80x6",
    "leg curl 3x12 @ 30",
)
TIMEZONE = "Europe/Berlin"
# Twelve hours from now in the people's timezone: a reminder falling due during the run
# would add a reminder fan-out to the measurement and a message to every chat.
REMINDER_TIME = (datetime.now(ZoneInfo(TIMEZONE)) + timedelta(hours=12)).strftime("%H:%M")
EXAMPLES = 5
CAUSES_SHOWN = 6
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- Measuring ---------------------------------------------------------------------------


class BotFailedError(Exception):
    """A person's step ended in an error: a timeout, a wrong reply or INTERNAL_ERROR."""


@dataclass
class Tally:
    latencies_ns: list[int] = field(default_factory=list)
    updates: int = 0
    # No message at all in the chat after the update within REPLY_TIMEOUT.
    no_reply: int = 0
    # Messages came, but not the one the step waits for (a lost or repeated step).
    wrong_reply: int = 0
    internal_errors: int = 0
    finished_people: int = 0
    examples: list[str] = field(default_factory=list)
    # Which step failed, counted.
    failed_steps: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return self.no_reply + self.wrong_reply + self.internal_errors

    def note(self, step: str, example: str) -> None:
        self.failed_steps[step] += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(example)


class Person:
    """One simulated person: sends an update, times the first reply, waits for the answer."""

    def __init__(self, user: ChatUser, chat: ChatLog, tally: Tally) -> None:
        self.user = user
        self.chat = chat
        self.tally = tally

    async def step(
        self,
        name: str,
        action: Callable[[], Awaitable[int | None]],
        done: Callable[[BotMessage, int | None], bool],
        *,
        time_to_done: bool = False,
    ) -> BotMessage:
        """Run `action` (one update), time its reply, then skip to the message `done` wants.

        The reply timed is the first message after the update, or with `time_to_done` the
        one `done` wants. Waiting for the step's last message before the next step keeps a
        step's trailing messages from being taken for the next step's reply. REPLY_TIMEOUT
        runs from the send, for the whole step.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REPLY_TIMEOUT
        index = len(self.chat.events)
        start = time.perf_counter_ns()
        message_id = await action()
        self.tally.updates += 1
        if not time_to_done:
            first = await self.chat.event_at(index, REPLY_TIMEOUT)
            if first is None:
                self._failed(name, no_reply=True)
            self.tally.latencies_ns.append(time.perf_counter_ns() - start)
        event = await self._wait(name, lambda e: done(e, message_id), index, deadline)
        if time_to_done:
            self.tally.latencies_ns.append(time.perf_counter_ns() - start)
        return event

    async def _wait(
        self, name: str, wanted: Callable[[BotMessage], bool], index: int, deadline: float
    ) -> BotMessage:
        """The message `wanted` picks, by `deadline`; an error if not, or if the bot
        apologised (`index`: the chat's events before the step, to tell a wrong reply from
        none)."""
        remaining = max(deadline - asyncio.get_running_loop().time(), 0.0)
        try:
            event = await self.user.wait_for(
                lambda e: e.text == tr("general.internal_error") or wanted(e), timeout=remaining
            )
        except TimeoutError as exc:
            if len(self.chat.events) > index:
                # The chat's latest messages, newest first: what the person was left with.
                last = " | ".join(str(exc).splitlines()[::-1][:2])
                self._failed(name, got=last)
            self._failed(name, no_reply=True)
        if event.text == tr("general.internal_error"):
            self._failed(name, got=tr("general.internal_error"))
        return event

    def _failed(self, step: str, *, no_reply: bool = False, got: str = "") -> NoReturn:
        who = f"user {self.user.user_id}, {step}"
        if no_reply:
            self.tally.no_reply += 1
            self.tally.note(step, f"{who}: no reply in {REPLY_TIMEOUT:g} s")
        elif got == tr("general.internal_error"):
            self.tally.internal_errors += 1
            self.tally.note(step, f"{who}: INTERNAL_ERROR")
        else:
            self.tally.wrong_reply += 1
            self.tally.note(step, f"{who}: not the expected reply; got {got}")
        raise BotFailedError

    # The steps of `tests.support.onboarding`'s script (its `Conversation`).

    async def say(self, step: str, text: str, reply: Reply) -> BotMessage:
        return await self.step(step, partial(self.user.send_text, text), lambda e, _: reply(e))

    async def press(self, step: str, question: BotMessage, label: str, reply: Reply) -> BotMessage:
        async def action() -> None:
            await self.user.press(label, question)

        return await self.step(step, action, lambda e, _: reply(e))

    async def expect(self, step: str, reply: Reply) -> BotMessage:
        deadline = asyncio.get_running_loop().time() + REPLY_TIMEOUT
        return await self._wait(step, reply, len(self.chat.events), deadline)

    async def onboard(self) -> None:
        await onboard_through(self, Answers(reminder=REMINDER_TIME, timezone=TIMEZONE))

    async def log(self, count: int) -> None:
        for k in range(count):
            words = LOG_TEXTS[k % len(LOG_TEXTS)]
            # The bot answers a log by quoting it. That reply is timed rather than the first
            # message: the previous log's next-exercise prompt can still be on its way, and
            # nothing in the chat tells when a log's trailing messages are done.
            await self.step(
                f"log {k + 1}",
                partial(self.user.send_text, words),
                lambda e, sent: e.reply_to_message_id == sent,
                time_to_done=True,
            )

    async def run(self, messages_per_user: int) -> None:
        try:
            await self.onboard()
            await self.log(messages_per_user)
        except BotFailedError:
            return
        self.tally.finished_people += 1


# --- Bot instances -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    backend: str  # "sqlite" or "postgresql"
    instances: int
    concurrent: bool


def backend(scenario: Scenario) -> Backend:
    return SQLITE if scenario.backend == "sqlite" else Backend("PostgreSQL", POSTGRES_URL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    process: asyncio.subprocess.Process
    log_path: Path
    webhook: str | None
    cpu_s: float = 0.0

    def read_cpu(self) -> None:
        """User plus system CPU seconds so far (Linux /proc; 0 elsewhere). Read before
        stopping: a reaped process has no /proc entry."""
        with suppress(OSError, ValueError, IndexError):
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
            # Fields after the command name, which is in parentheses and may hold spaces.
            fields = stat.rsplit(")", 1)[1].split()
            self.cpu_s = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def log_causes(self) -> Counter[str]:
        """Every WARNING-or-worse record, by cause: level, logger, message, and its
        exception (see `exception_cause`). Lines that are not JSON (a crash before logging
        was set up) count as themselves."""
        causes: Counter[str] = Counter()
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                if line.strip():
                    causes[f"(raw) {line.strip()[:200]}"] += 1
                continue
            if not isinstance(record, dict) or record.get("level") in {"DEBUG", "INFO"}:
                continue
            cause = f"{record.get('level')} {record.get('logger')}: {record.get('message')}"
            if record.get("exception"):
                cause += f" <- {exception_cause(str(record['exception']))}"
            causes[cause] += 1
        return causes


_EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Timeout|Exit|Interrupt)\b.*")
_BOT_FRAME = re.compile(r'\s*File ".*?/(bot/[^"]+)", line (\d+), in (\S+)')


def exception_cause(traceback: str) -> str:
    """What failed, and where: the last exception line of a formatted traceback, the SQL
    statement SQLAlchemy names under it (without its parameters), and the innermost frame
    in the bot's own code."""
    lines = traceback.strip().splitlines()
    found = [i for i, line in enumerate(lines) if _EXCEPTION_LINE.fullmatch(line)]
    if not found:
        return lines[-1][:300] if lines else ""
    last = found[-1]
    cause = lines[last][:300]
    statement = next((line for line in lines[last + 1 :] if line.startswith("[SQL: ")), None)
    if statement is not None:
        cause += f" {statement[:160]}{'…]' if len(statement) > 160 else ''}"
    frames = [m for line in lines[:last] if (m := _BOT_FRAME.match(line))]
    if frames:
        path, number, function = frames[-1].groups()
        cause += f" (in {function}, {path}:{number})"
    return cause


def add_api_latency(emulator: BotApiEmulator, seconds: float) -> None:
    """Make every Bot API call but getUpdates answer `seconds` late, as api.telegram.org
    does from a real server (one round trip); the emulator itself answers at once."""
    if seconds <= 0:
        return
    find = emulator.api.method

    def slow_method(name: str) -> Method | None:
        method = find(name)
        if method is None or name.lower() == "getupdates":
            return method

        async def slow(params: Params) -> object:
            await asyncio.sleep(seconds)
            return await method(params)

        return slow

    emulator.api.method = slow_method  # type: ignore[method-assign]


def instance_settings(args: argparse.Namespace, scenario: Scenario) -> dict[str, str]:
    """The settings the benchmark chooses for every instance (the rest are the defaults)."""
    chosen = {"HANDLE_UPDATES_CONCURRENTLY": "true" if scenario.concurrent else "false"}
    if args.pool_size is not None:
        chosen["DATABASE_POOL_SIZE"] = str(args.pool_size)
    if args.max_concurrent_updates is not None:
        chosen["MAX_CONCURRENT_UPDATES"] = str(args.max_concurrent_updates)
    return chosen


def instance_env(
    emulator: BotApiEmulator,
    url: str,
    data_dir: Path,
    chosen: dict[str, str],
    port: int | None,
) -> dict[str, str]:
    # The parent's own bot settings (a developer's token, a webhook, a pool size) must not
    # leak in: every setting that shapes the measurement is the default or set here.
    settings = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in settings}
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_BASE_URL=emulator.base_url,
        TELEGRAM_BASE_FILE_URL=emulator.base_file_url,
        DATABASE_URL=url,
        DATA_DIR=str(data_dir),
        # Telegram's 30 messages/s cap would measure the limiter, not the bot.
        TELEGRAM_RATE_LIMIT="0",
        # Nobody is due a reminder; a slow tick keeps the job out of the measurement.
        REMINDER_POLL_SECONDS="60",
        LOG_LEVEL="WARNING",
        LOG_FORMAT="json",
        PYTHONPATH=os.pathsep.join(filter(None, [str(Path.cwd()), env.get("PYTHONPATH")])),
    )
    env.update(chosen)
    if port is not None:
        env.update(
            WEBHOOK_URL=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            WEBHOOK_SECRET=WEBHOOK_SECRET,
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
        )
    return env


async def start_instance(
    emulator: BotApiEmulator,
    url: str,
    data_dir: Path,
    scenario: Scenario,
    chosen: dict[str, str],
    number: int,
) -> Instance:
    port = free_port() if scenario.instances > 1 else None
    log_path = data_dir / f"instance-{number}.log"
    with log_path.open("wb") as log:
        # A file, not a pipe: nobody reads stderr during the run, and a full pipe would
        # block the bot.
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=data_dir,  # away from the repository's .env
            env=instance_env(emulator, url, data_dir, chosen, port),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
    webhook = f"http://127.0.0.1:{port}" if port is not None else None
    return Instance(process, log_path, webhook)


async def stop_instance(instance: Instance) -> None:
    if instance.process.returncode is None:
        instance.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(instance.process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            instance.process.kill()
            await instance.process.wait()


async def wait_healthy(session: aiohttp.ClientSession, instance: Instance) -> None:
    assert instance.webhook is not None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if instance.process.returncode is not None:
            raise RuntimeError(f"instance exited: {instance.log_path.read_text()[-2000:]}")
        with suppress(aiohttp.ClientError):
            async with session.get(f"{instance.webhook}/healthz") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.2)
    raise RuntimeError(f"instance not healthy in {START_TIMEOUT:g} s")


async def wait_answering(emulator: BotApiEmulator, instances: Sequence[Instance]) -> None:
    """Until the bot answers /help: started, migrated and receiving updates. With several
    instances behind the round-robin, one /help per instance, so each has answered once."""
    probe = emulator.user(PROBE_USER_ID, "Probe")
    for _ in instances:
        await probe.send_text("/help")
        try:
            await probe.next_message(timeout=START_TIMEOUT)
        except TimeoutError:
            logs = "\n".join(i.log_path.read_text()[-2000:] for i in instances)
            raise RuntimeError(f"the bot did not answer in {START_TIMEOUT:g} s:\n{logs}") from None


async def play_telegram(
    emulator: BotApiEmulator,
    session: aiohttp.ClientSession,
    instances: Sequence[Instance],
    failures: list[str],
) -> None:
    """Webhook delivery: take updates off the emulator's queue and POST each to the next
    instance in turn (round-robin per update; see the module docstring).

    Posts run concurrently (Telegram does not wait for one request before the next); a
    person's updates stay in order because each person waits for a reply before sending.
    """
    turn = itertools.cycle([f"{i.webhook}{WEBHOOK_PATH}" for i in instances])
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    in_flight: set[asyncio.Task[None]] = set()

    async def post(url: str, update: dict[str, object]) -> None:
        try:
            async with session.post(url, json=update, headers=headers) as response:
                if response.status != 200:
                    failures.append(f"webhook answered {response.status}")
        except aiohttp.ClientError as exc:
            failures.append(f"webhook POST failed: {exc!r}")

    offset = 0
    while True:
        updates = await emulator.api.updates.fetch(offset=offset, limit=100, wait=1.0)
        for update in updates:
            offset = int(update["update_id"]) + 1
            task = asyncio.create_task(post(next(turn), update))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)


@dataclass
class Outcome:
    scenario: Scenario
    users: int
    wall_s: float
    tally: Tally
    log_causes: Counter[str]
    delivery_failures: list[str]
    bot_cpu_s: float
    bench_cpu_s: float

    @property
    def rate(self) -> float:
        return self.tally.updates / self.wall_s if self.wall_s else 0.0


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_scenario(scenario: Scenario, args: argparse.Namespace) -> Outcome:
    tally = Tally()
    failures: list[str] = []
    chosen = instance_settings(args, scenario)
    with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp:
        data_dir = Path(tmp)
        async with (
            fresh_database(backend(scenario), data_dir, label="load_bench") as url,
            BotApiEmulator() as emulator,
            aiohttp.ClientSession(
                # As many parallel POSTs as Telegram's max_connections allows at most.
                connector=aiohttp.TCPConnector(limit=100)
            ) as session,
        ):
            add_api_latency(emulator, args.api_latency_ms / 1000)
            instances: list[Instance] = []
            pump: asyncio.Task[None] | None = None
            try:
                # One at a time: concurrent start-ups would race to migrate one database.
                for number in range(scenario.instances):
                    instance = await start_instance(
                        emulator, url, data_dir, scenario, chosen, number
                    )
                    instances.append(instance)
                    if instance.webhook is not None:
                        await wait_healthy(session, instance)
                if scenario.instances > 1:
                    pump = asyncio.create_task(
                        play_telegram(emulator, session, instances, failures)
                    )
                await wait_answering(emulator, instances)

                people = [
                    Person(
                        user := emulator.user(FIRST_USER_ID + n, f"Lifter{n}"),
                        emulator.api.chat_for(user.profile),
                        tally,
                    )
                    for n in range(args.users)
                ]
                gate = asyncio.Semaphore(args.in_flight)

                async def run(person: Person) -> None:
                    async with gate:
                        await person.run(args.messages_per_user)

                for instance in instances:
                    instance.read_cpu()
                cpu_before = [i.cpu_s for i in instances]
                own_before = own_cpu_s()
                start = time.perf_counter()
                await asyncio.gather(*(run(person) for person in people))
                wall = time.perf_counter() - start
                own = own_cpu_s() - own_before
                for instance in instances:
                    instance.read_cpu()
                bot_cpu = sum(i.cpu_s for i in instances) - sum(cpu_before)
            finally:
                if pump is not None:
                    pump.cancel()
                    with suppress(asyncio.CancelledError):
                        await pump
                await asyncio.gather(*(stop_instance(i) for i in instances))
            causes: Counter[str] = Counter()
            for instance in instances:
                causes.update(instance.log_causes())
    return Outcome(scenario, args.users, wall, tally, causes, failures, bot_cpu, own)


# --- Reporting ---------------------------------------------------------------------------


def percentile(values: Sequence[int], fraction: float) -> int:
    """Nearest rank: the smallest value at or above `fraction` of the samples."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


HEADER = (
    f"  {'scenario':<36}{'users':>6}{'done':>6}{'updates':>9}{'wall s':>8}"
    f"{'upd/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'bot CPU':>9}"
)


def row(outcome: Outcome) -> str:
    tally = outcome.tally
    latencies = tally.latencies_ns or [0]
    # CPU seconds of all instances per wall second: 1.00 is one core busy all the time.
    cores = outcome.bot_cpu_s / outcome.wall_s if outcome.wall_s else 0.0
    return (
        f"  {outcome.scenario.name:<36}{outcome.users:>6}{tally.finished_people:>6}"
        f"{tally.updates:>9,}{outcome.wall_s:>8.1f}{outcome.rate:>8.1f}"
        f"{percentile(latencies, 0.5) / 1e6:>9.1f}{percentile(latencies, 0.99) / 1e6:>9.1f}"
        f"{tally.errors:>8}{cores:>9.2f}"
    )


def details(outcome: Outcome) -> list[str]:
    tally, lines = outcome.tally, []
    if tally.latencies_ns:
        mean = statistics.fmean(tally.latencies_ns) / 1e6
        worst = max(tally.latencies_ns) / 1e6
        bench_cores = outcome.bench_cpu_s / outcome.wall_s if outcome.wall_s else 0.0
        lines.append(
            f"    mean latency {mean:.1f} ms, max {worst:.1f} ms; this process (emulator and"
            f" people) used {bench_cores:.2f} cores"
        )
    if tally.errors:
        steps = ", ".join(f"{step} ×{n}" for step, n in tally.failed_steps.most_common())
        lines.append(
            f"    errors: {tally.no_reply} no reply, {tally.wrong_reply} wrong reply,"
            f" {tally.internal_errors} INTERNAL_ERROR; failed at: {steps}"
        )
        lines.extend(f"      e.g. {example[:300]}" for example in tally.examples)
    if outcome.log_causes:
        total = sum(outcome.log_causes.values())
        lines.append(f"    bot log: {total} WARNING/ERROR records, by cause:")
        for cause, count in outcome.log_causes.most_common(CAUSES_SHOWN):
            lines.append(f"      {count:>6} × {cause[:400]}")
        if len(outcome.log_causes) > CAUSES_SHOWN:
            lines.append(f"      … and {len(outcome.log_causes) - CAUSES_SHOWN} other causes")
    if outcome.delivery_failures:
        lines.append(
            f"    webhook delivery: {len(outcome.delivery_failures)} failed POSTs;"
            f" first: {outcome.delivery_failures[0][:200]}"
        )
    return lines


def scenarios() -> list[Scenario]:
    return [
        Scenario("SQLite, 1 instance, concurrency off", "sqlite", 1, concurrent=False),
        Scenario("SQLite, 1 instance, concurrency on", "sqlite", 1, concurrent=True),
        Scenario("PostgreSQL, 1 instance, conc. off", "postgresql", 1, concurrent=False),
        Scenario("PostgreSQL, 1 instance, conc. on", "postgresql", 1, concurrent=True),
        Scenario("PostgreSQL, 2 instances, conc. on", "postgresql", 2, concurrent=True),
    ]


def gains(outcomes: Sequence[Outcome]) -> list[str]:
    """Ratios of updates per second between scenarios measured in this run."""
    by_key = {
        (o.scenario.backend, o.scenario.instances, o.scenario.concurrent): o for o in outcomes
    }
    pairs = [
        ("SQLite: concurrency on / off", ("sqlite", 1, True), ("sqlite", 1, False)),
        ("PostgreSQL: concurrency on / off", ("postgresql", 1, True), ("postgresql", 1, False)),
        ("PostgreSQL: 2 instances / 1 (both on)", ("postgresql", 2, True), ("postgresql", 1, True)),
    ]
    lines = []
    for label, top, bottom in pairs:
        if top in by_key and bottom in by_key:
            high, low = by_key[top], by_key[bottom]
            p50 = percentile(high.tally.latencies_ns or [0], 0.5) / max(
                percentile(low.tally.latencies_ns or [1], 0.5), 1
            )
            lines.append(
                f"  {label:<40} {high.rate / low.rate if low.rate else math.nan:>5.2f}×"
                f" updates/s ({high.rate:.1f} vs {low.rate:.1f}), p50 latency {p50:.2f}×"
            )
    return lines


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench")
    parser.add_argument("--users", type=int, default=DEFAULT_USERS)
    parser.add_argument("--messages-per-user", type=int, default=DEFAULT_MESSAGES_PER_USER)
    parser.add_argument(
        "--in-flight",
        "--concurrency",
        dest="in_flight",
        type=int,
        default=DEFAULT_IN_FLIGHT,
        help="people with a conversation going at once (see the module docstring)",
    )
    parser.add_argument(
        "--pool-size", type=int, default=None, help="DATABASE_POOL_SIZE for every instance"
    )
    parser.add_argument(
        "--max-concurrent-updates",
        type=int,
        default=None,
        help="MAX_CONCURRENT_UPDATES for every instance",
    )
    parser.add_argument(
        "--api-latency-ms",
        type=float,
        default=0.0,
        help="answer every Bot API call (but getUpdates) this late, like a real Telegram",
    )
    parser.add_argument(
        "--only", default=None, help="run only the scenarios whose name contains this text"
    )
    # `python -m bench load` leaves "load" in argv.
    args, _ = parser.parse_known_args(argv)
    return args


async def measure(args: argparse.Namespace) -> None:
    defaults = Settings.model_fields
    per_person = ONBOARDING_UPDATES + args.messages_per_user
    print(
        f"load: {args.users:,} people each onboarding ({ONBOARDING_UPDATES} updates) then"
        f" logging {args.messages_per_user} messages, {args.in_flight} people in flight at a"
        " time, no pause between a reply and the next message; bot instances are"
        " `python -m bot run` subprocesses against the in-process emulator"
    )
    print(
        "  latency: update queued → first bot message or edit in that chat (for a log: its"
        " quoting confirmation)"
    )
    print(
        f"  errors: no reply in {REPLY_TIMEOUT:g} s, the wrong reply, or the INTERNAL_ERROR"
        " reply; target: none"
    )
    print(
        "  instance settings: HANDLE_UPDATES_CONCURRENTLY per scenario;"
        f" DATABASE_POOL_SIZE={args.pool_size or defaults['database_pool_size'].default}"
        f"{'' if args.pool_size else ' (default)'},"
        f" MAX_CONCURRENT_UPDATES="
        f"{args.max_concurrent_updates or defaults['max_concurrent_updates'].default}"
        f"{'' if args.max_concurrent_updates else ' (default)'};"
        " TELEGRAM_RATE_LIMIT=0, the rest default"
    )
    if args.api_latency_ms:
        print(
            f"  Bot API latency: every call but getUpdates answered {args.api_latency_ms:g} ms"
            " late (a round trip to api.telegram.org)"
        )
    else:
        print(
            "  Bot API latency: none (the emulator answers at once; --api-latency-ms adds a"
            " round trip to every call)"
        )
    print(
        "  1 instance: long polling; 2 instances: webhook, this process POSTing each update"
        " to the next instance in turn (round-robin, no sticky routing)"
    )
    flood_limit = defaults["flood_limit"].default
    if per_person > flood_limit:
        print(
            f"  note: {per_person} updates a person exceed FLOOD_LIMIT={flood_limit} per"
            f" {defaults['flood_window_seconds'].default:g} s; a fast bot will flood-warn them"
        )
    print(f"  cores: {os.cpu_count()}; bot CPU: the instances' CPU seconds per wall second")
    print(HEADER, flush=True)
    outcomes = []
    began = time.perf_counter()
    for scenario in scenarios():
        if args.only and args.only.lower() not in scenario.name.lower():
            continue
        outcome = await run_scenario(scenario, args)
        outcomes.append(outcome)
        print(row(outcome), flush=True)
        for line in details(outcome):
            print(line, flush=True)
    lines = gains(outcomes)
    if lines:
        print("gains, measured in this run:")
        print("\n".join(lines))
        if not args.api_latency_ms:
            print(
                "  (no Bot API latency: handling an update is then nearly all CPU in one"
                " process, which concurrent handling cannot overlap; a real Telegram answers"
                " each call a round trip later, see --api-latency-ms)"
            )
    total_errors = sum(o.tally.errors for o in outcomes)
    print(
        f"total: {total_errors} errors in {len(outcomes)} scenarios;"
        f" the run took {time.perf_counter() - began:.0f} s",
        flush=True,
    )


def main() -> None:
    asyncio.run(measure(parse(sys.argv[1:])))


if __name__ == "__main__":
    main()
