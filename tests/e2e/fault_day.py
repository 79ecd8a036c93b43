"""A scripted day of 100 people and a Telegram that fails in passing: the script, the people,
and the `python -m bot run` process(es) it runs against.

The day: every person onboards through the chat (buttons and typed answers), then their
workout reminders are made due and, while the reminders go out, each person logs three
exercises in plain text, waiting for each confirmation. People act concurrently, at most
`CONCURRENCY` at a time, each one step after the other as a person would.

Telegram's side: `RandomFaults` answers `FAULT_RATE` of all calls, getUpdates included, with
a 429 (retry after 1 s), a 500 or a dropped connection (see its docstring for the model:
transient faults, so the same request never fails more than three times in a row). A day may
also SIGKILL the bot at chosen API calls, from inside the fault policy so that the kill lands
exactly there whatever the machine's speed; the bot is then started again at once.

What a kill costs. PTB polls again as soon as a poll returns, which confirms to Telegram
what it just fetched, so an instance dies holding updates Telegram has forgotten (being
handled, or queued behind a busy person). The update inbox (bot.telegram.intake) recorded
each of them before that confirmation, and the next instance handles every one it left
unhandled before anything new; an update handled up to its reply but not marked handled is
handled again, from the state it found, which repeats its reply but not its effect. The call
a kill lands on goes through: Telegram took it, the bot never heard. So a person never has
to do anything about a kill: they wait for the reply they expect, as long as
`PATIENCE_SECONDS`, through restarts, and a reply that does not come fails the day.

Hence the guarantees the tests assert, with faults alone and with kills: every person
onboards at the first try, every log message is stored once and confirmed (a confirmation
may come twice after a kill), every reminder arrives once; with kills, at most
2 x `ReminderDispatcher.batch_size` reminders are lost per kill during the dispatch, none
sent twice.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.catalogue import get_exercise
from bot.core.logparse.parser import parse_log
from bot.core.logparse.reading import LogReading
from bot.core.planner import suggest_weekdays
from bot.core.profile import Equipment, Experience, Goal, Units, Weekday
from bot.core.reminder_schedule import ReminderKind
from bot.emulator import ApiCall, BotApiEmulator, BotMessage, Fault
from bot.emulator.faults import RandomFaults
from bot.storage.models import ExerciseLog, ExerciseSet, Plan, Profile, Reminder
from bot.telegram.i18n import tr
from bot.telegram.reminder_dispatch import ReminderDispatcher
from tests.e2e.waiting import PATIENCE_SECONDS, until
from tests.support.onboarding import (
    Answers,
    answer_all,
    first_question,
)
from tests.support.seeding import set_workout_slot

Sessions = async_sessionmaker[AsyncSession]
Predicate = Callable[[BotMessage], bool]

# Everyone at once, and enough people to keep the bot busy while some of them wait out a
# 429: more updates a poll also means fewer polls, and each failed poll stalls everyone for
# a second. More people (in turns) would make the day longer and check nothing more: the
# fault mix, the kills and the guarantees are the same.
PEOPLE = 100
FIRST_USER_ID = 60_000
CONCURRENCY = PEOPLE
FAULT_RATE = 0.2
# A lost reminder batch is the batch being sent and the next, claimed meanwhile.
REMINDERS_LOST_PER_KILL = 2 * ReminderDispatcher.batch_size
WORKOUT = ReminderKind.WORKOUT.value


@dataclass(frozen=True)
class PlannedLog:
    """A log message a person sends, with what the bot should make of it."""

    text: str
    exercise: str
    """The catalogue name, as the confirmation and /history show it."""
    sets: int


def _planned(text: str) -> PlannedLog:
    reading = parse_log(text)
    assert isinstance(reading, LogReading), f"the parser rejects {text!r}: {reading}"
    assert reading.exercise_id is not None, f"the parser names no exercise in {text!r}"
    exercise = get_exercise(reading.exercise_id)
    assert exercise is not None
    return PlannedLog(text, exercise.name, len(reading.sets))


# Three ways people write a set down, each naming its exercise, so that each is stored
# whichever exercise of the day's session the person is on.
LOGS: tuple[PlannedLog, ...] = tuple(
    _planned(text) for text in ("RDL 60kg 3x8", "hip thrust 3x10 @ 80", "10,10,8 at 50kg leg curl")
)


# --- The bot, as processes that may be killed -----------------------------------------------


class BotProcesses:
    """`python -m bot run` against the emulator, started again each time the test kills it.

    Each instance logs JSON lines to a file of its own (`logs`). An instance that exits
    without having been killed is recorded in `died`; the people check it while they wait.
    """

    def __init__(self, emulator: BotApiEmulator, database_url: str, workdir: Path) -> None:
        self._emulator = emulator
        self._database_url = database_url
        self._workdir = workdir
        self.logs: list[Path] = []
        self.kills = 0
        self.died: str | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._killed: set[int] = set()
        self._first_call = 0
        self._stopping = False
        self._supervisor: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._spawn()
        self._supervisor = asyncio.create_task(self._supervise())

    def kill(self) -> bool:
        """SIGKILL the running instance (no handler runs, nothing is flushed); False if none
        is running. Synchronous, so that a fault policy can call it."""
        process = self._process
        if process is None or process.returncode is not None or process.pid in self._killed:
            return False
        process.kill()
        self._killed.add(process.pid)
        self.kills += 1
        return True

    @property
    def up(self) -> bool:
        """The current instance runs and has installed its SIGTERM handler: it registers its
        commands only after that, and a SIGTERM before it would kill it."""
        process = self._process
        if process is None or process.returncode is not None or process.pid in self._killed:
            return False
        calls = self._emulator.calls[self._first_call :]
        return any(call.method == "setMyCommands" for call in calls)

    async def stop(self) -> int:
        """SIGTERM the current instance: it finishes the updates and the reminder batch in
        flight, then exits; returns its exit code."""

        async def up_or_dead() -> bool:
            return self.up or self.died is not None

        await until(up_or_dead, "the bot was up, to be stopped")
        self._stopping = True
        process = self._process
        assert process is not None
        if self.died is None:
            process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(PATIENCE_SECONDS):
                code = await process.wait()
        except TimeoutError:
            raise AssertionError(f"the bot did not stop after SIGTERM: {self.logs[-1]}") from None
        if self._supervisor is not None:
            await self._supervisor
        return code

    async def aclose(self) -> None:
        """Kill whatever still runs: the way out after a failed test."""
        self._stopping = True
        if self._supervisor is not None:
            self._supervisor.cancel()
        process = self._process
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    async def _spawn(self) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "WEBHOOK_"))
        }
        env.update(
            TELEGRAM_BOT_TOKEN=self._emulator.token,
            TELEGRAM_BASE_URL=self._emulator.base_url,
            TELEGRAM_BASE_FILE_URL=self._emulator.base_file_url,
            # 100 people's every step at 30 messages a second would take minutes; the
            # limiter has tests of its own.
            TELEGRAM_RATE_LIMIT="0",
            # The people type faster than anyone; the flood guard has tests of its own.
            FLOOD_LIMIT="0",
            DATABASE_URL=self._database_url,
            DATA_DIR=str(self._workdir),
            REMINDER_POLL_SECONDS="0.5",
            LOG_LEVEL="INFO",
            # One JSON object a line: levels and tracebacks can be read exactly.
            LOG_FORMAT="json",
        )
        log = self._workdir / f"bot-{len(self.logs) + 1}.log"
        self.logs.append(log)
        self._first_call = len(self._emulator.calls)
        # A file rather than a pipe: nobody reads a pipe while the bot runs, and a full pipe
        # would block the bot's logging.
        with log.open("wb") as output:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=self._workdir,
                env=env,
                stdout=output,
                stderr=output,
            )

    async def _supervise(self) -> None:
        while True:
            process = self._process
            assert process is not None
            code = await process.wait()
            if self._stopping:
                return
            if process.pid not in self._killed:
                end = tail(self.logs[-1])
                last_line = end.rsplit("\n", 1)[-1]
                self.died = (
                    f"the bot exited with code {code} without being killed ({last_line}); "
                    f"the end of {self.logs[-1]}:\n{end}"
                )
                return
            await self._spawn()


def tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def log_problems(paths: Sequence[Path]) -> Counter[str]:
    """Every record at ERROR or above, every traceback and every line that is not a log
    record (a crash's raw traceback, a warning printed to stderr), counted by kind: level,
    logger, message and the traceback's last line.

    The last line of a file is skipped if it is cut short (no newline): only a SIGKILL in
    the middle of writing it does that.
    """
    problems: Counter[str] = Counter()
    for path in paths:
        # Complete lines end with "\n", so the last piece is "" or a line cut short.
        for line in path.read_text(errors="replace").split("\n")[:-1]:
            try:
                entry = json.loads(line)
            except ValueError:
                problems[f"not a log record: {line}"] += 1
                continue
            if entry.get("level") in {"ERROR", "CRITICAL"} or "exception" in entry:
                raised = entry.get("exception", "").strip().rsplit("\n", 1)[-1]
                problems[
                    f"{entry.get('level')} {entry.get('logger')}: {entry.get('message')}"
                    + (f" ({raised})" if raised else "")
                ] += 1
    return problems


# --- One person -----------------------------------------------------------------------------


@dataclass
class PersonReport:
    """What one person sent."""

    user_id: int
    logs_sent: dict[int, PlannedLog] = field(default_factory=dict)
    """Every log message sent, by message id."""


class Person:
    """One person of the day, in a private chat with the bot."""

    def __init__(self, day: Day, index: int) -> None:
        self._day = day
        self._index = index
        self.user = day.emulator.user(FIRST_USER_ID + index, first_name=f"P{index}")
        self._chat = day.emulator.api.chat_for(self.user.profile)
        self.report = PersonReport(self.user.user_id)
        # Where in the chat's events the last expected message was found.
        self._after = 0

    @property
    def user_id(self) -> int:
        return self.user.user_id

    # --- The script ---------------------------------------------------------------------

    async def onboard(self) -> None:
        question = await self.say("/start", "/start", first_question)
        await answer_all(self, question, self._answers())

    async def log_workout(self) -> None:
        for planned in LOGS:
            await self._log(planned)

    def _answers(self) -> Answers:
        """Every person answers differently, each choice cycling through its options."""
        days = 2 + self._index % 4
        return Answers(
            goal=list(Goal)[self._index % len(Goal)],
            experience=list(Experience)[self._index % len(Experience)],
            equipment=(list(Equipment)[self._index % len(Equipment)],),
            days=days,
            weekdays=self._training_days(sorted(suggest_weekdays(days))),
            reminder=self._day.reminder_time,
            timezone="UTC",
            units=Units.KG,
            bodyweight=None if self._index % 2 else "70",
        )

    def _training_days(self, suggested: Sequence[Weekday]) -> tuple[Weekday, ...]:
        """The suggested days but with today among them, since the reminder of a rest day
        says something else: today in place of one of them."""
        today = self._day.today
        if today in suggested:
            return tuple(suggested)
        dropped = suggested[self._index % len(suggested)]
        return tuple(sorted({*suggested, today} - {dropped}))

    async def _log(self, planned: PlannedLog) -> None:
        """Send the log and wait for its confirmation."""
        sent: list[int] = []

        async def send() -> None:
            sent.append(await self.user.send_text(planned.text))

        def quotes_it(message: BotMessage) -> bool:
            return bool(sent) and message.reply_to_message_id == sent[0]

        reply = await self._exchange(send, quotes_it)
        self.report.logs_sent[sent[0]] = planned
        if not reply.text.startswith("✅"):
            raise AssertionError(self._transcript(f"{planned.text!r} was not confirmed"))

    # --- Acting and waiting -------------------------------------------------------------

    # The steps of `tests.support.onboarding`'s script (its `Conversation`); `step` names
    # are for reports, which a failing day makes from the chat's transcript instead.

    async def say(self, step: str, text: str, wanted: Predicate) -> BotMessage:
        async def send() -> None:
            await self.user.send_text(text)

        return await self._exchange(send, wanted)

    async def expect(self, step: str, wanted: Predicate) -> BotMessage:
        return await self._watch(self._after, wanted)

    async def press(
        self, step: str, message: BotMessage, label: str, wanted: Predicate
    ) -> BotMessage:
        button = message.find_button(label)
        if button is None or button.callback_data is None:
            raise AssertionError(self._transcript(f"no button {label!r} on {message.text!r}"))
        data = button.callback_data

        async def send() -> None:
            await self.user.press_data(data, message)

        return await self._exchange(send, wanted)

    async def _exchange(self, send: Callable[[], Awaitable[None]], wanted: Predicate) -> BotMessage:
        """Send, then wait for the message `wanted` picks, among those that arrive after."""
        mark = len(self._chat.events)
        await send()
        return await self._watch(mark, wanted)

    async def _watch(self, index: int, wanted: Predicate) -> BotMessage:
        """Events from `index` on until `wanted` picks one, through any kills and restarts."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE_SECONDS
        while True:
            events = self._chat.events
            while index < len(events):
                event = events[index]
                index += 1
                if event.text == tr("general.internal_error"):
                    raise AssertionError(self._transcript("the bot apologised for an error"))
                if wanted(event):
                    self._after = index
                    return event
            self._day.check()
            if loop.time() > deadline:
                raise AssertionError(
                    self._transcript(f"the expected reply did not come in {PATIENCE_SECONDS} s")
                )
            # Wakes at the next event; the timeout only lets a dead bot be noticed.
            await self._chat.event_at(index, 0.25)

    def _transcript(self, problem: str) -> str:
        lines = [f"person {self.user_id}: {problem}; the chat's last events:"]
        for event in self._chat.events[-12:]:
            edited = " (edited)" if event.edited else ""
            lines.append(f"  #{event.message_id}{edited}: {event.text[:120]!r}")
        return "\n".join(lines)


# --- The day --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KillPoint:
    """Kill the bot at a call drawn from `calls`, counted from the start of `phase`."""

    phase: str
    calls: range


@dataclass(frozen=True)
class Kill:
    phase: str
    call: int
    """Counted from the start of the phase."""
    method: str
    during_dispatch: bool
    """The reminders were due and not all of them delivered yet."""


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    calls: int


@dataclass
class DayReport:
    people: list[PersonReport]
    phases: list[Phase]
    faults: Counter[str]
    failed_methods: Counter[str]
    kills: list[Kill]
    reminders: dict[int, int]
    """Workout reminders each person received."""
    confirmed_twice: int
    """Log messages confirmed more than once ("Already logged" after a redelivery)."""
    exit_code: int
    logs: list[Path]

    def summary(self) -> str:
        seconds = sum(phase.seconds for phase in self.phases)
        calls = sum(phase.calls for phase in self.phases)
        failed = ", ".join(f"{kind}: {count}" for kind, count in sorted(self.faults.items()))
        lines = [
            f"{len(self.people)} people in {seconds:.0f} s; {calls} API calls, "
            f"{self.faults.total()} failed ({failed})",
            "  failed by method: "
            + ", ".join(f"{method} {count}" for method, count in self.failed_methods.most_common()),
            "  phases: "
            + ", ".join(
                f"{phase.name} {phase.seconds:.0f} s ({phase.calls} calls)" for phase in self.phases
            ),
            f"  workout reminders: {sum(count > 0 for count in self.reminders.values())} of "
            f"{len(self.reminders)} people got theirs, "
            f"{sum(count > 1 for count in self.reminders.values())} more than once; "
            f"{self.confirmed_twice} log messages confirmed more than once",
        ]
        if self.kills:
            where = ", ".join(
                f"{kill.phase} call {kill.call} ({kill.method}"
                f"{', during the dispatch' if kill.during_dispatch else ''})"
                for kill in self.kills
            )
            lines.append(f"  {len(self.kills)} SIGKILLs: {where}")
        return "\n".join(lines)


class Day:
    """The script: everyone onboards, then reminders go out while everyone logs."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        sessions: Sessions,
        processes: BotProcesses,
        *,
        seed: int,
        kills: Sequence[KillPoint] = (),
        people: int = PEOPLE,
    ) -> None:
        self.emulator = emulator
        self._sessions = sessions
        self._processes = processes
        self.faults = RandomFaults(rate=FAULT_RATE, seed=seed)
        draw = random.Random(seed)
        self._kill_at: dict[str, set[int]] = {}
        for point in kills:
            self._kill_at.setdefault(point.phase, set()).add(draw.choice(point.calls))
        self.kill_log: list[Kill] = []
        self._phases: list[Phase] = []
        self._phase = "start-up"
        self._phase_started = 0.0
        self._phase_calls = 0
        self._reminders_due = False
        now = datetime.now(UTC)
        # Fixed at the start, so that a day that crosses midnight keeps its training day.
        self.slot = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
        self.today = Weekday(self.slot.weekday())
        # Far from now, so that no workout reminder falls due by itself during the day.
        self.reminder_time = (now + timedelta(hours=12)).strftime("%H:%M")
        self.people = [Person(self, index) for index in range(people)]
        self.user_ids = [person.user_id for person in self.people]

    @property
    def kills(self) -> int:
        return self._processes.kills

    def check(self) -> None:
        if self._processes.died is not None:
            raise AssertionError(self._processes.died)

    async def run(self) -> DayReport:
        self.emulator.fault_policy = self._policy
        try:
            # People start at once: their first updates wait for the bot to come up.
            self._enter("onboarding")
            await self._processes.start()
            await self._everyone(Person.onboard)
            self._enter("logging")
            await set_workout_slot(self._sessions, self.user_ids, self.slot)
            self._reminders_due = True
            await self._everyone(Person.log_workout)
            self._enter("dispatch")
            await until(self._nothing_due, "every due workout reminder was claimed")
        finally:
            # The day is over; the clean stop below is not part of it.
            self.emulator.fault_policy = None
        self._enter("stop")
        exit_code = await self._processes.stop()
        self._enter("")
        return DayReport(
            people=[person.report for person in self.people],
            phases=self._phases,
            faults=Counter(self.faults.counts),
            failed_methods=Counter(self.faults.methods),
            kills=self.kill_log,
            reminders=workout_reminders(self.emulator, self.user_ids),
            confirmed_twice=sum(
                count > 1
                for user_id in self.user_ids
                for count in confirmations(self.emulator, user_id).values()
            ),
            exit_code=exit_code,
            logs=list(self._processes.logs),
        )

    def _enter(self, phase: str) -> None:
        """Start `phase` ("" to end the last one), recording how long the last one took."""
        now = asyncio.get_running_loop().time()
        if self._phase_started:
            seconds = now - self._phase_started
            self._phases.append(Phase(self._phase, seconds, self._phase_calls))
        self._phase, self._phase_started, self._phase_calls = phase, now, 0

    def _policy(self, call: ApiCall) -> Fault | None:
        self._phase_calls += 1
        if self._phase_calls in self._kill_at.get(self._phase, ()) and self._processes.kill():
            self.kill_log.append(
                Kill(self._phase, self._phase_calls, call.method, self._dispatch_unfinished())
            )
            # The call itself goes through: Telegram took the request, the bot never hears.
            return None
        return self.faults(call)

    def _dispatch_unfinished(self) -> bool:
        if not self._reminders_due:
            return False
        delivered = workout_reminders(self.emulator, self.user_ids)
        return sum(count > 0 for count in delivered.values()) < len(self.user_ids)

    async def _everyone(self, part: Callable[[Person], Awaitable[None]]) -> None:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(person: Person) -> None:
            async with gate:
                await part(person)

        try:
            async with asyncio.TaskGroup() as group:
                for person in self.people:
                    group.create_task(one(person))
        except BaseExceptionGroup as failed:
            # The first failure says what went wrong; the others were cancelled by it.
            raise failed.exceptions[0] from None

    async def _nothing_due(self) -> bool:
        self.check()
        async with self._sessions() as session:
            due = await session.scalar(
                select(func.count())
                .select_from(Reminder)
                .where(
                    Reminder.user_id.in_(self.user_ids),
                    Reminder.kind == WORKOUT,
                    Reminder.enabled,
                    or_(Reminder.next_fire_at <= self.slot, Reminder.retry_slot_at.is_not(None)),
                )
            )
        return due == 0


# --- What the day left behind ---------------------------------------------------------------


@dataclass(frozen=True)
class StoredLog:
    user_id: int
    source_message_id: int
    raw_text: str
    sets: int


async def stored_logs(sessions: Sessions, user_ids: Sequence[int]) -> list[StoredLog]:
    async with sessions() as session:
        rows = (
            await session.execute(
                select(
                    ExerciseLog.user_id,
                    ExerciseLog.source_message_id,
                    ExerciseLog.raw_text,
                    func.count(ExerciseSet.id),
                )
                .outerjoin(ExerciseSet, ExerciseSet.log_id == ExerciseLog.id)
                .where(ExerciseLog.user_id.in_(user_ids))
                .group_by(ExerciseLog.id)
            )
        ).all()
    return [StoredLog(*row) for row in rows]


async def onboarded(sessions: Sessions, user_ids: Sequence[int]) -> set[int]:
    """The people with a stored profile and plan."""
    async with sessions() as session:
        profiles = set(
            await session.scalars(select(Profile.user_id).where(Profile.user_id.in_(user_ids)))
        )
        plans = set(await session.scalars(select(Plan.user_id).where(Plan.user_id.in_(user_ids))))
    return profiles & plans


def workout_reminders(emulator: BotApiEmulator, user_ids: Sequence[int]) -> dict[int, int]:
    """How many workout reminders each chat holds: delivered messages, not attempted calls."""
    return {
        user_id: sum(
            message.text.startswith(tr("reminders.workout_reminder_title"))
            for message in emulator.user(user_id).messages
        )
        for user_id in user_ids
    }


def confirmations(emulator: BotApiEmulator, user_id: int) -> Counter[int]:
    """How many confirmations ("✅ …" quoting it) each message of the person got."""
    return Counter(
        message.reply_to_message_id
        for message in emulator.user(user_id).messages
        if message.reply_to_message_id is not None and message.text.startswith("✅")
    )
