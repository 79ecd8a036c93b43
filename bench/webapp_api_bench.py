"""Time to store one set: tapped in the Mini App (its API), beside typed in the chat.

One real bot (SQLite in a temp dir, polling the in-process emulator over HTTP, serving the
Mini App on a local port as it does with WEBAPP_URL set) and the same people log the same
sets both ways, one at a time, in alternating phases so drift on a shared machine lands on
both. A chat set is "<exercise> 8 @ 60" sent as a message, timed from the send to the reply
that quotes it; an app set is `POST /webapp/api/sets`, timed from the request to its answer,
which comes once the set is stored (its confirmation goes into the chat after the answer, so
the chat's figure has a Bot API round trip, here the local emulator's, the app's none). Both
store one log of one set of the day's first exercise, the way a person logs set by set.

People are onboarded as tests.support.onboarding's GYM_LIFTER and log sessions of realistic
length, the clock moving to the next training day between them, so the history read grows as
it would. Run: `python -m bench webapp_api`, or `python -m bench.webapp_api_bench
[--sets N]` (N per path, default 400).
"""

from __future__ import annotations

import asyncio
import json
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bench.log_handling_bench import (
    A_MONDAY,
    DAY_STEPS,
    REPLY_TIMEOUT,
    FakeClock,
    Handled,
    ms,
    p99,
    quiet_libraries,
    split,
)
from bot.config import load_settings
from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.runner import running_bot
from bot.webapp.init_data import sign
from tests.support.onboarding import GYM_LIFTER, onboard

DEFAULT_SETS = 400
WARM_UP = 40
ROUNDS = 2
PEOPLE = 4
# Sets one person logs in a session: a few per planned exercise.
SESSION_LENGTH = 12
POLL_TIMEOUT = 1
WEBAPP_URL = "https://coach.invalid/webapp/"


@dataclass
class Samples:
    latencies_ns: list[int] = field(default_factory=list)


@dataclass
class Person:
    user: ChatUser
    auth: str
    # Today's first exercise, as the app shows it (the chat types its English name).
    exercise_id: str = ""
    name: str = ""


class Script:
    """Who logs set number k, on which day: person (k // SESSION_LENGTH) % PEOPLE; a new
    training day once everyone has had a session. Both paths count through the same k."""

    def __init__(self, people: Sequence[Person], clock: FakeClock, http: aiohttp.ClientSession):
        self.people = people
        self.clock = clock
        self.http = http
        self.days = 0
        self.sets = 0

    async def next_person(self, root: str) -> Person:
        k = self.sets
        self.sets += 1
        if k and k % (SESSION_LENGTH * PEOPLE) == 0:
            self.clock.now += DAY_STEPS[self.days % len(DAY_STEPS)]
            self.days += 1
        person = self.people[(k // SESSION_LENGTH) % PEOPLE]
        if k % SESSION_LENGTH == 0:
            # A session opens on the day's first exercise, untimed.
            today = await self._get(root, "today", person)
            first = today["exercises"][0]
            person.exercise_id, person.name = first["exercise_id"], first["name"]
        return person

    async def _get(self, root: str, path: str, person: Person) -> dict[str, Any]:
        headers = {"Authorization": person.auth}
        async with self.http.get(f"{root}/webapp/api/{path}", headers=headers) as response:
            assert response.status == 200, await response.text()
            found: dict[str, Any] = await response.json()
            return found


async def chat_set(person: Person, handled: Handled, load: int, samples: Samples | None) -> None:
    start = time.perf_counter_ns()
    message_id = await person.user.send_text(f"{person.name} 8 @ {load}")
    await person.user.wait_for(
        lambda event: event.reply_to_message_id == message_id, timeout=REPLY_TIMEOUT
    )
    replied = time.perf_counter_ns()
    # The handler's trailing work stays out of the next set's time.
    await handled.wait(person.user.user_id, message_id)
    await person.user.drain(settle=0)
    if samples is not None:
        samples.latencies_ns.append(replied - start)


async def app_set(
    http: aiohttp.ClientSession,
    root: str,
    person: Person,
    client_id: str,
    index: int,
    load: int,
    samples: Samples | None,
) -> None:
    # As the page sends it: with the set's place, which the server checks is the next open one.
    fields = {"client_id": client_id, "exercise_id": person.exercise_id, "index": index}
    body = json.dumps(fields | {"load": load, "reps": 8})
    headers = {"Authorization": person.auth, "Content-Type": "application/json"}
    start = time.perf_counter_ns()
    async with http.post(f"{root}/webapp/api/sets", data=body, headers=headers) as response:
        await response.read()
        answered = time.perf_counter_ns()
        assert response.status == 200, response.status
    # Its confirmation follows the answer into the chat; the chat's sets wait for the reply
    # to their own message, so it is never taken for one.
    await person.user.drain(settle=0)
    if samples is not None:
        samples.latencies_ns.append(answered - start)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Results:
    chat: Samples = field(default_factory=Samples)
    app: Samples = field(default_factory=Samples)


async def measure(count: int) -> Results:
    results = Results()
    handled = Handled()
    clock = FakeClock(A_MONDAY)
    port = _free_port()
    root = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data_dir:
        async with BotApiEmulator() as emulator:
            settings = load_settings(
                _env_file=None,
                data_dir=Path(data_dir),
                database_url=f"sqlite+aiosqlite:///{Path(data_dir) / 'coach.sqlite3'}",
                telegram_base_url=emulator.base_url,
                telegram_base_file_url=emulator.base_file_url,
                # The limiters and the guard would be measured, not the handling.
                telegram_rate_limit=0,
                flood_limit=0,
                webapp_rate_limit=0,
                webapp_url=WEBAPP_URL,
                webhook_listen="127.0.0.1",
                webhook_port=port,
            )
            async with (
                running_bot(settings, token=emulator.token, poll_timeout=POLL_TIMEOUT) as bot,
                aiohttp.ClientSession() as http,
            ):
                install_services(bot.bot_data, services(bot.bot_data).with_clock(clock))
                handled.install(bot)
                people = await _onboarded(emulator, emulator.token)
                await _run(bot, http, root, Script(people, clock, http), handled, count, results)
    return results


async def _onboarded(emulator: BotApiEmulator, token: str) -> list[Person]:
    people = []
    for n in range(PEOPLE):
        user = emulator.user(9100 + n, f"Lifter{n}")
        await onboard(user, patience=REPLY_TIMEOUT, **GYM_LIFTER)
        await user.drain()
        # Signed now: the bench's clock moves the bot's days, not the wall clock.
        fields = {
            "user": json.dumps({"id": user.user_id, "first_name": f"Lifter{n}"}),
            "auth_date": str(int(datetime.now(UTC).timestamp())),
        }
        people.append(Person(user, f"tma {sign(fields, token)}"))
    return people


async def _run(
    bot: CoachApplication,
    http: aiohttp.ClientSession,
    root: str,
    script: Script,
    handled: Handled,
    count: int,
    results: Results,
) -> None:
    async def chat(k: int, samples: Samples | None) -> None:
        person = await script.next_person(root)
        await chat_set(person, handled, 40 + k % 5 * 5, samples)

    async def app(k: int, samples: Samples | None) -> None:
        person = await script.next_person(root)
        # Every set of a session, typed or tapped, is its exercise's next one.
        index = k % SESSION_LENGTH
        await app_set(http, root, person, f"bench-{k}", index, 40 + k % 5 * 5, samples)

    # Each phase warms up untimed, then times its sets; every set has its own number.
    k = 0
    for size in split(count, ROUNDS):
        for path, samples in ((chat, results.chat), (app, results.app)):
            for _ in range(WARM_UP):
                await path(k, None)
                k += 1
            for _ in range(size):
                await path(k, samples)
                k += 1


def row(name: str, samples: Samples) -> str:
    values = samples.latencies_ns
    return (
        f"  {name:<11}{len(values):>7,}{ms(statistics.median(values)):>11.2f}"
        f"{ms(p99(values)):>10.2f}{ms(statistics.fmean(values)):>10.2f}"
    )


def report(results: Results, count: int) -> None:
    chat, app = results.chat.latencies_ns, results.app.latencies_ns
    print(
        f"webapp api: one set stored, {count:,} per path (rounds chat, app, then again; "
        f"{WARM_UP} warm-up per phase, not counted), {PEOPLE} people, SQLite, one process"
    )
    print("  chat: send → quoted reply; app: POST /webapp/api/sets → answer (set stored; its")
    print("  confirmation goes into the chat after the answer)")
    print(f"  {'':<11}{'count':>7}{'median ms':>11}{'p99 ms':>10}{'mean ms':>10}")
    print(row("chat log", results.chat))
    print(row("app set", results.app))
    print(
        f"  app/chat  median {statistics.median(app) / statistics.median(chat):.2f}×   "
        f"p99 {p99(app) / p99(chat):.2f}×"
    )


def set_count(argv: Sequence[str]) -> int:
    if "--sets" in argv:
        position = argv.index("--sets")
        if position + 1 < len(argv) and argv[position + 1].isdigit():
            return max(int(argv[position + 1]), ROUNDS)
        raise SystemExit("usage: python -m bench.webapp_api_bench [--sets N]")
    return DEFAULT_SETS


def main() -> None:
    count = set_count(sys.argv[1:])
    quiet_libraries()
    report(asyncio.run(measure(count)), count)


if __name__ == "__main__":
    main()
