"""What another person's /help waits while one person imports or exports a big history.

The bot runs as a process of its own (as in bench/load_bench.py), on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL. Two people are onboarded: a lifter who imports and exports,
and a bystander who sends /help again the moment each answer comes, for as long as the
lifter's command runs. Printed per step: how long the lifter waited for the answer (the
document, for an export), the bystander's /help answers meanwhile (count, median, 95th
percentile, worst), and the bot's peak memory so far (VmHWM).

Steps: /help alone (the baseline); five imports of 20,000-row Strong files (the most one
file may hold), which make a history of about 90,000 sets; /export and /export json of it;
/history; and last a Strong file of as many rows as fit under the 10 MB size cap, which
before the caps imported about 130,000 sets and now is refused at its row 20,001.

Run: `python -m bench import_export` (PostgreSQL with TEST_DATABASE_URL set). Every file is
generated (bench/import_bench.py's Strong files, one seed each), so runs compare.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from bench.import_bench import strong_file
from bench.load_bench import (
    REMINDER_TIME,
    TIMEZONE,
    Instance,
    Scenario,
    start_instance,
    stop_instance,
    wait_answering,
)
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.support.databases import Backend, backends, fresh_database
from tests.support.onboarding import onboard

FILE_ROWS = 20_000
FILES = 5
SIZE_CAP = 10 * 1024 * 1024
BASELINE_PINGS = 20
PING_SECONDS = 0.1
# The flood guard would answer the bystander's tenth /help a second with a slow-down note.
SETTINGS = {"FLOOD_LIMIT": "0"}
PATIENCE = 600.0
LIFTER, BYSTANDER = 1001, 1002
_ANSWERS = ("✅", "I couldn't", "Everything in", "That file", tr("general.internal_error"))

ENGLISH_HELP = help_text(translator("en"))


@dataclass
class Step:
    name: str
    seconds: float
    answer: str
    pings_ms: list[float]
    peak_mib: float

    def row(self) -> str:
        pings = self.pings_ms or [0.0]
        ordered = sorted(pings)
        p95 = ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]
        return (
            f"  {self.name:<24}{self.seconds:8.2f} s  /help ×{len(self.pings_ms):<4}"
            f"median {statistics.median(pings):6.0f} ms  p95 {p95:6.0f} ms  "
            f"worst {max(pings):6.0f} ms  peak {self.peak_mib:5.0f} MiB  {self.answer[:60]!r}"
        )


def peak_mib(instance: Instance) -> float:
    """The bot process's peak resident memory since `reset_peak` (Linux; 0 elsewhere)."""
    with suppress(OSError, ValueError):
        for line in Path(f"/proc/{instance.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak(instance: Instance) -> None:
    with suppress(OSError):
        Path(f"/proc/{instance.process.pid}/clear_refs").write_text("5")


async def ping(bystander: ChatUser, stop: asyncio.Event, out: list[float]) -> None:
    """/help every PING_SECONDS (or as soon as the last was answered, if later) until
    `stop`, each answer's wait in `out`."""
    while not stop.is_set():
        start = time.perf_counter()
        await bystander.send_text("/help")
        await bystander.wait_for(lambda m: m.text == ENGLISH_HELP, timeout=PATIENCE)
        out.append((time.perf_counter() - start) * 1000)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PING_SECONDS - (time.perf_counter() - start))


async def step(
    name: str,
    instance: Instance,
    bystander: ChatUser,
    act: Callable[[], Awaitable[BotMessage]],
) -> Step:
    pings: list[float] = []
    stop = asyncio.Event()
    reset_peak(instance)
    pinger = asyncio.create_task(ping(bystander, stop, pings))
    start = time.perf_counter()
    answer = await act()
    seconds = time.perf_counter() - start
    stop.set()
    await pinger
    text = answer.text if answer.document is None else f"{answer.document.filename}: "
    if answer.document is not None:
        text += f"{len(answer.document.data) / 1e6:.1f} MB"
    return Step(name, seconds, text, pings, peak_mib(instance))


def importing(lifter: ChatUser, data: bytes) -> Callable[[], Awaitable[BotMessage]]:
    async def act() -> BotMessage:
        await lifter.send_document("strong.csv", data, "text/csv")
        return await lifter.wait_for(lambda m: m.text.startswith(_ANSWERS), timeout=PATIENCE)

    return act


def sending(lifter: ChatUser, command: str) -> Callable[[], Awaitable[BotMessage]]:
    async def act() -> BotMessage:
        await lifter.send_text(command)
        return await lifter.wait_for(
            lambda m: m.document is not None or m.text.startswith(("Recent", *_ANSWERS)),
            timeout=PATIENCE,
        )

    return act


def largest_file_under_cap() -> bytes:
    """A Strong file of as many rows as fit under the 10 MB cap, near enough."""
    sample_rows = 10_000
    rows = SIZE_CAP * sample_rows // len(strong_file(sample_rows, seed=99))
    while len(data := strong_file(rows, seed=99)) >= SIZE_CAP:
        rows -= rows // 100
    return data


async def run_backend(chosen: Backend, big: bytes) -> list[Step]:
    scenario = Scenario(chosen.name, chosen.name.lower(), instances=1, concurrent=True)
    with tempfile.TemporaryDirectory(prefix="coach-import-export-") as tmp:
        data_dir = Path(tmp)
        async with (
            fresh_database(chosen, data_dir, label="import_export_bench") as url,
            BotApiEmulator() as emulator,
        ):
            instance = await start_instance(emulator, url, data_dir, scenario, SETTINGS, 0)
            try:
                await wait_answering(emulator, [instance])
                lifter, bystander = emulator.user(LIFTER), emulator.user(BYSTANDER)
                for person in (lifter, bystander):
                    await onboard(person, reminder=REMINDER_TIME, timezone=TIMEZONE)
                    await person.drain()
                steps = [await baseline(instance, bystander)]
                for n in range(FILES):
                    data = strong_file(FILE_ROWS, seed=n + 1)
                    label = f"import {FILE_ROWS:,} rows #{n + 1}"
                    steps.append(await step(label, instance, bystander, importing(lifter, data)))
                for command in ("/export", "/export json", "/history"):
                    steps.append(await step(command, instance, bystander, sending(lifter, command)))
                label = f"import {len(big) / 1e6:.1f} MB"
                steps.append(await step(label, instance, bystander, importing(lifter, big)))
            finally:
                await stop_instance(instance)
            errors = sum(n for cause, n in instance.log_causes().items() if "ERROR" in cause)
            print(f"  ({errors} ERROR lines in the bot's log)")
    return steps


async def baseline(instance: Instance, bystander: ChatUser) -> Step:
    pings: list[float] = []
    stop = asyncio.Event()
    pinger = asyncio.create_task(ping(bystander, stop, pings))
    await asyncio.sleep(BASELINE_PINGS * PING_SECONDS)
    stop.set()
    await pinger
    return Step("/help alone", 0.0, "", pings, peak_mib(instance))


async def measure() -> None:
    chosen, notes = backends(["sqlite", "postgresql"])
    for note in notes:
        print(f"import_export: {note}")
    big = largest_file_under_cap()
    for each in chosen:
        print(f"import_export: {each.name}")
        for result in await run_backend(each, big):
            print(result.row())


def main() -> None:
    asyncio.run(measure())


if __name__ == "__main__":
    main()
