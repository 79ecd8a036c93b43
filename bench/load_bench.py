"""Load: many simulated people onboarding and logging at once, against real bot processes.

Every bot instance is a real `python -m bot run` subprocess pointed at the in-process Bot
API emulator, so the emulator and the simulated people do not share an event loop (or a
GIL) with the bot they measure. Scenarios: one instance on SQLite, one on PostgreSQL, two
on PostgreSQL; and, when the settings have a `handle_updates_concurrently` switch, the
SQLite instance with it off and on.

Two instances cannot both poll one token: the emulator ends an older long poll when a
newer one starts (as Telegram does), so two pollers would cut each other off and could
fetch the same unconfirmed updates. The two-instance case therefore runs in webhook mode:
this process plays Telegram's part, taking updates off the emulator's queue and POSTing
them, with the secret header, to the instances. A person's updates always go to the same
instance: PTB's ConversationHandler keeps conversation states in memory and reads the
persistence only at start-up, so alternating one person's updates between instances would
lose onboarding steps (see the report printed at the end).

Each person: /start, the onboarding questions (first goal and experience, no equipment,
3 days, the suggested weekdays, 18:30, Europe/Berlin, kg, 70 kg), then log messages.
Latency: from putting the update on the emulator's queue to the first bot message (or
edit) in that chat after it. Errors: no reply within REPLY_TIMEOUT, or the INTERNAL_ERROR
text; a person stops at their first error.

Run: `python -m bench load`, or `python -m bench.load_bench [--users N]
[--messages-per-user M] [--concurrency C]` (`python -m bench` rejects unknown arguments).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot import messages
from bot.config import Settings
from bot.core.profile import Units
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.emulator.state import ChatLog
from bot.storage.database import create_engine
from bot.webhook import SECRET_HEADER

DEFAULT_USERS = 1000
DEFAULT_MESSAGES_PER_USER = 5
DEFAULT_CONCURRENCY = 200
POSTGRES_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REPLY_TIMEOUT = 10.0
# Start-up includes migrating an empty database, which takes a few seconds on PostgreSQL.
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
CONCURRENCY_SWITCH = "handle_updates_concurrently"
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
FIRST_GOAL = next(iter(messages.GOAL_LABELS.values()))
FIRST_EXPERIENCE = next(iter(messages.EXPERIENCE_LABELS.values()))


# --- Measuring ---------------------------------------------------------------------------


class BotFailedError(Exception):
    """A person's step ended in an error: a timeout or the bot's internal-error reply."""


@dataclass
class Tally:
    latencies_ns: list[int] = field(default_factory=list)
    updates: int = 0
    timeouts: int = 0
    internal_errors: int = 0
    finished_people: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.timeouts + self.internal_errors

    def note(self, example: str) -> None:
        if len(self.examples) < 3:
            self.examples.append(example)


class Person:
    """One simulated person: sends an update, times the first reply, waits for the answer."""

    def __init__(self, user: ChatUser, chat: ChatLog, tally: Tally) -> None:
        self.user = user
        self.chat = chat
        self.tally = tally

    async def step(
        self,
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
                self.tally.timeouts += 1
                self.tally.note(f"user {self.user.user_id}: no reply in {REPLY_TIMEOUT:g} s")
                raise BotFailedError
            self.tally.latencies_ns.append(time.perf_counter_ns() - start)
        try:
            event = await self.user.wait_for(
                lambda e: e.text == messages.INTERNAL_ERROR or done(e, message_id),
                timeout=max(deadline - loop.time(), 0.0),
            )
        except TimeoutError as exc:
            self.tally.timeouts += 1
            # The chat's latest messages, newest first: what the person was left with.
            self.tally.note(" | ".join(str(exc).splitlines()[::-1][:2]))
            raise BotFailedError from exc
        if time_to_done:
            self.tally.latencies_ns.append(time.perf_counter_ns() - start)
        if event.text == messages.INTERNAL_ERROR:
            self.tally.internal_errors += 1
            self.tally.note(f"user {self.user.user_id}: INTERNAL_ERROR")
            raise BotFailedError
        return event

    async def press(self, label: str, then: str) -> BotMessage:
        async def action() -> None:
            await self.user.press(label)

        return await self.step(action, lambda e, _: then in e.text)

    async def say(self, words: str, then: str) -> BotMessage:
        return await self.step(lambda: self.user.send_text(words), lambda e, _: then in e.text)

    async def onboard(self) -> None:
        await self.say("/start", messages.ASK_GOAL)
        await self.press(FIRST_GOAL, messages.ASK_EXPERIENCE)
        await self.press(FIRST_EXPERIENCE, messages.ASK_EQUIPMENT)
        # The weekday question's text varies; its "use suggested" button does not.
        await self.press(messages.BUTTON_DONE, messages.ASK_DAYS_COUNT)
        await self.step(
            self._press_days, lambda e, _: messages.BUTTON_USE_SUGGESTED in e.button_texts
        )
        await self.press(messages.BUTTON_USE_SUGGESTED, messages.ASK_REMINDER_TIME)
        await self.say("18:30", messages.ASK_TIMEZONE)
        await self.say("Europe/Berlin", messages.ASK_UNITS)
        await self.press(messages.UNITS_LABELS[Units.KG], messages.ASK_BODYWEIGHT)
        # The plan itself follows PLAN_READY; it belongs to this step, not the first log's.
        await self.step(
            partial(self.user.send_text, "70"),
            lambda e, _: messages.WEEK_PLAN_FOOTER in e.text,
        )

    async def _press_days(self) -> None:
        await self.user.press(messages.BUTTON_DAYS_COUNT.format(count=3))

    async def log(self, count: int) -> None:
        for k in range(count):
            words = LOG_TEXTS[k % len(LOG_TEXTS)]
            # The bot answers a log by quoting it. That reply is timed rather than the first
            # message: the previous log's next-exercise prompt can still be on its way, and
            # nothing in the chat tells when a log's trailing messages are done.
            await self.step(
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
    # None: leave the switch at its default (or the settings have none).
    concurrent: bool | None = None


@asynccontextmanager
async def database_url(backend: str, data_dir: Path) -> AsyncIterator[str]:
    """A fresh, empty database: SQLite in `data_dir`, or a PostgreSQL schema dropped after."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{data_dir / 'coach.sqlite3'}"
        return
    schema = f"load_bench_{uuid.uuid4().hex}"
    await _execute(POSTGRES_URL, f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"search_path": schema})
        yield url.render_as_string(hide_password=False)
    finally:
        await _execute(POSTGRES_URL, f'DROP SCHEMA "{schema}" CASCADE')


async def _execute(url: str, statement: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    process: asyncio.subprocess.Process
    log_path: Path
    webhook: str | None

    def error_lines(self) -> list[str]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if "ERROR" in line or "Traceback" in line]


def instance_env(
    emulator: BotApiEmulator, url: str, data_dir: Path, scenario: Scenario, port: int | None
) -> dict[str, str]:
    # The parent's own bot settings (a developer's token, a webhook) must not leak in.
    prefixes = ("TELEGRAM_", "WEBHOOK_", "DATABASE_URL", "HANDLE_UPDATES")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(prefixes)}
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
        PYTHONPATH=os.pathsep.join(filter(None, [str(Path.cwd()), env.get("PYTHONPATH")])),
    )
    if scenario.concurrent is not None:
        env[CONCURRENCY_SWITCH.upper()] = "true" if scenario.concurrent else "false"
    if port is not None:
        env.update(
            WEBHOOK_URL=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            WEBHOOK_SECRET=WEBHOOK_SECRET,
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
        )
    return env


async def start_instance(
    emulator: BotApiEmulator, url: str, data_dir: Path, scenario: Scenario, number: int
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
            env=instance_env(emulator, url, data_dir, scenario, port),
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
    """Until the bot answers /help: started, migrated and receiving updates."""
    probe = emulator.user(PROBE_USER_ID, "Probe")
    await probe.send_text("/help")
    try:
        await probe.next_message(timeout=START_TIMEOUT)
    except TimeoutError:
        logs = "\n".join(i.log_path.read_text()[-2000:] for i in instances)
        raise RuntimeError(f"the bot did not answer in {START_TIMEOUT:g} s:\n{logs}") from None


def _sender_id(update: dict[str, Any]) -> int:
    for value in update.values():
        if isinstance(value, dict) and "from" in value:
            return int(value["from"]["id"])
    return 0


async def play_telegram(
    emulator: BotApiEmulator,
    session: aiohttp.ClientSession,
    instances: Sequence[Instance],
    failures: list[str],
) -> None:
    """Webhook delivery: take updates off the emulator's queue and POST each to an instance.

    Posts run concurrently (Telegram does not wait for one request before the next); a
    person's updates stay in order because each person waits for a reply before sending.
    """
    urls = [f"{i.webhook}{WEBHOOK_PATH}" for i in instances]
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    in_flight: set[asyncio.Task[None]] = set()

    async def post(url: str, update: dict[str, Any]) -> None:
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
            # Sticky per person: see the module docstring.
            url = urls[_sender_id(update) % len(urls)]
            task = asyncio.create_task(post(url, update))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)


@dataclass
class Outcome:
    scenario: Scenario
    users: int
    wall_s: float
    tally: Tally
    bot_error_lines: list[str]
    delivery_failures: list[str]


async def run_scenario(
    scenario: Scenario, users: int, messages_per_user: int, concurrency: int
) -> Outcome:
    tally = Tally()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp:
        data_dir = Path(tmp)
        async with (
            database_url(scenario.backend, data_dir) as url,
            BotApiEmulator() as emulator,
            aiohttp.ClientSession() as session,
        ):
            instances: list[Instance] = []
            pump: asyncio.Task[None] | None = None
            try:
                # One at a time: concurrent start-ups would race to migrate one database.
                for number in range(scenario.instances):
                    instance = await start_instance(emulator, url, data_dir, scenario, number)
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
                    for n in range(users)
                ]
                gate = asyncio.Semaphore(concurrency)

                async def run(person: Person) -> None:
                    async with gate:
                        await person.run(messages_per_user)

                start = time.perf_counter()
                await asyncio.gather(*(run(person) for person in people))
                wall = time.perf_counter() - start
            finally:
                if pump is not None:
                    pump.cancel()
                    with suppress(asyncio.CancelledError):
                        await pump
                await asyncio.gather(*(stop_instance(i) for i in instances))
            error_lines = [line for i in instances for line in i.error_lines()]
    return Outcome(scenario, users, wall, tally, error_lines, failures)


# --- Reporting ---------------------------------------------------------------------------


def percentile(values: Sequence[int], fraction: float) -> int:
    """Nearest rank: the smallest value at or above `fraction` of the samples."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


HEADER = (
    f"  {'scenario':<34}{'users':>6}{'done':>6}{'updates':>9}{'wall s':>8}"
    f"{'upd/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
)


def row(outcome: Outcome) -> str:
    tally = outcome.tally
    latencies = tally.latencies_ns or [0]
    return (
        f"  {outcome.scenario.name:<34}{outcome.users:>6}{tally.finished_people:>6}"
        f"{tally.updates:>9,}{outcome.wall_s:>8.1f}{tally.updates / outcome.wall_s:>8.1f}"
        f"{percentile(latencies, 0.5) / 1e6:>9.1f}{percentile(latencies, 0.99) / 1e6:>9.1f}"
        f"{tally.errors:>8}"
    )


def details(outcome: Outcome) -> list[str]:
    tally, lines = outcome.tally, []
    if tally.errors:
        lines.append(
            f"    errors: {tally.timeouts} timeouts, {tally.internal_errors} INTERNAL_ERROR;"
            f" e.g. {'; '.join(e[:120] for e in tally.examples)}"
        )
    if outcome.bot_error_lines:
        lines.append(
            f"    bot log: {len(outcome.bot_error_lines)} ERROR/Traceback lines;"
            f" first: {outcome.bot_error_lines[0][:200]}"
        )
    if outcome.delivery_failures:
        lines.append(
            f"    webhook delivery: {len(outcome.delivery_failures)} failed POSTs;"
            f" first: {outcome.delivery_failures[0][:200]}"
        )
    if tally.latencies_ns:
        mean = statistics.fmean(tally.latencies_ns) / 1e6
        lines.append(f"    mean latency {mean:.1f} ms")
    return lines


def scenarios() -> list[Scenario]:
    switch = CONCURRENCY_SWITCH in Settings.model_fields
    first: list[Scenario]
    if switch:
        first = [
            Scenario("1 instance, SQLite, sequential", "sqlite", 1, concurrent=False),
            Scenario("1 instance, SQLite, per-user conc.", "sqlite", 1, concurrent=True),
        ]
    else:
        first = [Scenario("1 instance, SQLite", "sqlite", 1)]
    return [
        *first,
        Scenario("1 instance, PostgreSQL", "postgresql", 1),
        Scenario("2 instances, PostgreSQL (webhook)", "postgresql", 2),
    ]


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench")
    parser.add_argument("--users", type=int, default=DEFAULT_USERS)
    parser.add_argument("--messages-per-user", type=int, default=DEFAULT_MESSAGES_PER_USER)
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    # `python -m bench load` leaves "load" in argv.
    args, _ = parser.parse_known_args(argv)
    return args


async def measure(args: argparse.Namespace) -> None:
    switch = CONCURRENCY_SWITCH in Settings.model_fields
    print(
        f"load: {args.users:,} people each onboarding (10 updates) then logging"
        f" {args.messages_per_user} messages, {args.concurrency} at a time; bot instances are"
        f" `python -m bot run` subprocesses against the in-process emulator"
    )
    print(
        "  latency: update queued → first bot message or edit in that chat (for a log: its"
        " quoting confirmation)"
    )
    print(f"  errors: no reply in {REPLY_TIMEOUT:g} s, or the INTERNAL_ERROR reply; target: none")
    if not switch:
        print(
            f"  no `{CONCURRENCY_SWITCH}` setting in bot/config.py: the per-user concurrency"
            " comparison is skipped"
        )
    print(HEADER)
    outcomes = []
    for scenario in scenarios():
        outcome = await run_scenario(scenario, args.users, args.messages_per_user, args.concurrency)
        outcomes.append(outcome)
        print(row(outcome), flush=True)
        for line in details(outcome):
            print(line, flush=True)
    by_name = {o.scenario.concurrent: o for o in outcomes if o.scenario.backend == "sqlite"}
    if switch and False in by_name and True in by_name:
        off, on = by_name[False], by_name[True]
        gain = (on.tally.updates / on.wall_s) / (off.tally.updates / off.wall_s)
        print(f"  per-user concurrent handling on SQLite: {gain:.2f}× the updates/s")


def main() -> None:
    asyncio.run(measure(parse(sys.argv[1:])))


if __name__ == "__main__":
    main()
