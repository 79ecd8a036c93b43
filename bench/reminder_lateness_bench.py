"""Lateness: how close to their chosen time 100,000 people get their reminders at Telegram's
rate, when many chose the same time.

One day's reminders (a Tuesday) for 100,000 people:

* a third live in Europe/Berlin and chose 07:00 or 18:00, half each;
* the rest chose popular morning and evening times (some at odd minutes: 06:45, 17:15) in
  five zones, Berlin the largest;
* everyone trains two to four days a week: on a training day their time brings the workout
  reminder ("time to train"), on a rest day the recovery one; nutrition is on for most, at
  its default 12:00 for most of those. The weekly summary (Sundays) is not due on a Tuesday.

Three schedules, each the distance between the chosen time and the send (sends reach
Telegram in milliseconds; what the person sees is the send):

* BEFORE: today's dispatcher, simulated: every poll (5 s) claims what is due, in fire
  order, and sends it at the rate;
* AFTER: the dispatcher with send-ahead, simulated on a clock that needs no waiting: every
  claim asks `bot.core.send_ahead.claim_now`, as `ReminderDispatcher` does, with the
  reminders still unclaimed in the next hour (the dispatcher counts them once a poll and
  takes off what it claims, which for one instance is the same), and sends what it is
  given at the rate;
* BEST: the least largest distance any schedule at the rate could have (the bound L*),
  and the schedule that meets it with everyone treated alike and no cap on the lead.

At Telegram's 30 messages/s (29.1/s: the bot's limiter keeps 3% headroom) and with paid
broadcasts at 1,000/s (970/s). The paid case assumes the bot itself keeps up with 970/s,
which it does not yet (see `python -m bench reminder_fanout`); the dispatcher then plans at
the rate its batches really go out at. Target: p99 within 5 minutes where the arithmetic
allows.

The planning reads one grouped count of the next hour's reminders a poll: its cost is
measured on a database holding this day's reminders (SQLite; PostgreSQL too when
TEST_DATABASE_URL points at a server), ten minutes before the largest slot, beside the
claim of a batch it plans for (median of 20, rolled back).

Then a small real run checks the wiring: a crowd of 600 workout reminders due in half a
minute, sent by the real `ReminderDispatcher` (polled every half second, TELEGRAM_RATE_LIMIT
30) through the Bot API emulator on the real clock, beside the simulation of the same crowd.

Run: `python -m bench reminder_lateness`, or `python -m bench.reminder_lateness_bench
[--people 100000] [--no-real-run] [--no-query-cost]`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.reminder_schedule import ReminderKind
from bot.core.send_ahead import Lane, Pace, Upcoming, best_bound, claim_now, plan

PEOPLE = 100_000
SEED = 20261208
DAY = date(2026, 12, 8)  # a Tuesday
HEADROOM = 0.97  # bot.telegram.app._RATE_HEADROOM
TELEGRAM_RATE = 30 * HEADROOM
PAID_RATE = 1000 * HEADROOM
MAX_LEAD = 15 * 60.0  # REMINDER_SEND_AHEAD_MINUTES's default
POLL = 5.0  # REMINDER_POLL_SECONDS's default
BATCH = 100  # ReminderDispatcher.batch_size
LOOK_AHEAD = 3600.0  # bot.telegram.reminder_dispatch._LOOK_AHEAD
TARGET = 5 * 60.0

CROWD_ZONE = "Europe/Berlin"
CROWD_SHARE = 1 / 3
CROWD_TIMES = ("07:00", "18:00")
# The others: zone weights, and popular times with their weights.
ZONES = {
    "Europe/Berlin": 40,
    "Europe/London": 20,
    "America/New_York": 20,
    "Europe/Moscow": 10,
    "America/Sao_Paulo": 10,
}
TIMES = {
    "06:00": 8,
    "06:30": 8,
    "06:45": 3,
    "07:00": 12,
    "07:30": 8,
    "08:00": 6,
    "12:30": 4,
    "17:00": 8,
    "17:15": 3,
    "17:30": 8,
    "18:00": 12,
    "18:30": 8,
    "19:00": 8,
    "20:00": 6,
    "21:00": 4,
}
NUTRITION_ON = 0.7
NUTRITION_AT_DEFAULT = 0.8
NUTRITION_TIMES = ("08:00", "13:00", "19:00")
TRAINING_DAYS = (2, 3, 3, 4)

WORKOUT = ReminderKind.WORKOUT.value
KINDS = (WORKOUT, ReminderKind.RECOVERY.value, ReminderKind.NUTRITION.value)


@dataclass(frozen=True, slots=True)
class Reminder:
    fire_at: float  # POSIX seconds
    kind: str
    person: int

    @property
    def lane(self) -> Lane:
        """As the dispatcher picks it (bot.telegram.reminder_dispatch._lane)."""
        if self.kind == WORKOUT:
            return Lane.TIMELY
        return Lane.EARLY if self.person % 2 == 0 else Lane.LATE


# --- The people -------------------------------------------------------------------------


def _instant(zone: str, hhmm: str) -> float:
    hour, minute = map(int, hhmm.split(":"))
    local = datetime.combine(DAY, clock_time(hour, minute), tzinfo=ZoneInfo(zone))
    return local.timestamp()


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day_of_reminders(people: int, seed: int = SEED) -> list[Reminder]:
    rng = random.Random(seed)
    reminders = []
    for person in range(people):
        if person < people * CROWD_SHARE:
            zone, chosen = CROWD_ZONE, rng.choice(CROWD_TIMES)
        else:
            zone, chosen = _weighted(rng, ZONES), _weighted(rng, TIMES)
        trains_today = rng.random() < rng.choice(TRAINING_DAYS) / 7
        kind = WORKOUT if trains_today else ReminderKind.RECOVERY.value
        reminders.append(Reminder(_instant(zone, chosen), kind, person))
        if rng.random() < NUTRITION_ON:
            at = "12:00" if rng.random() < NUTRITION_AT_DEFAULT else rng.choice(NUTRITION_TIMES)
            reminders.append(Reminder(_instant(zone, at), ReminderKind.NUTRITION.value, person))
    # The database hands out reminders due at the same instant in no particular order.
    rng.shuffle(reminders)
    return reminders


# --- The schedules ----------------------------------------------------------------------

Sent = list[tuple[Reminder, float]]


class Sender:
    """One sender at `rate`: each message at least 1/rate after the previous one."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.free_at = float("-inf")
        self.sent: Sent = []

    def send(self, batch: Iterable[Reminder], now: float) -> None:
        for reminder in batch:
            self.free_at = max(self.free_at, now)
            self.sent.append((reminder, self.free_at))
            self.free_at += 1 / self.rate


Claimer = Callable[[float, int], list[Reminder]]


def dispatch(reminders: Sequence[Reminder], rate: float, claim: Claimer, poll: float) -> Sent:
    """`ReminderDispatcher.run_once` every `poll` seconds, on a simulated clock: the next
    batch is claimed as the one before starts going out, the loop ends when a claim is empty
    and the next poll is the first tick after that."""
    sender = Sender(rate)
    first = min(r.fire_at for r in reminders) - MAX_LEAD - poll
    last = max(r.fire_at for r in reminders) + poll
    tick = first
    while tick <= last or len(sender.sent) < len(reminders):
        now = tick
        batch = claim(now, 0)
        while batch:
            sender.send(batch, now)
            following = claim(now, len(batch))
            now = max(now, sender.free_at)
            batch = following
        tick += poll * max(1, -(-(now - tick) // poll))
    return sender.sent


def fifo_claimer(reminders: Sequence[Reminder]) -> Claimer:
    """Today's claim: what is due by now, in fire order (ties in the database's order)."""
    queue = deque(sorted(reminders, key=lambda r: r.fire_at))

    def claim(now: float, in_flight: int) -> list[Reminder]:
        batch = []
        while queue and len(batch) < BATCH and queue[0].fire_at <= now:
            batch.append(queue.popleft())
        return batch

    return claim


class Remaining:
    """The reminders not yet claimed, as the database's grouped count sees them: per lane,
    groups of (fire instant, reminders) in fire order."""

    def __init__(self, reminders: Sequence[Reminder]) -> None:
        self.queues: dict[Lane, deque[list[Reminder]]] = {lane: deque() for lane in Lane}
        for reminder in sorted(reminders, key=lambda r: r.fire_at):
            queue = self.queues[reminder.lane]
            if queue and queue[-1][0].fire_at == reminder.fire_at:
                queue[-1].append(reminder)
            else:
                queue.append([reminder])

    def upcoming(self, until: float) -> list[Upcoming]:
        groups = []
        for lane, queue in self.queues.items():
            for group in queue:
                if group[0].fire_at > until:
                    break
                groups.append(Upcoming(group[0].fire_at, lane, len(group)))
        return groups

    def take(self, lane: Lane, count: int) -> list[Reminder]:
        queue, taken = self.queues[lane], []
        while len(taken) < count and queue:
            group = queue[0]
            wanted = count - len(taken)
            taken.extend(group[:wanted])
            del group[:wanted]
            if not group:
                queue.popleft()
        return taken


def send_ahead_claimer(reminders: Sequence[Reminder], pace: Pace) -> Claimer:
    """The dispatcher's claim with send-ahead: what `claim_now` gives from the next hour."""
    remaining = Remaining(reminders)

    def claim(now: float, in_flight: int) -> list[Reminder]:
        upcoming = [
            replace(group, fire_at=group.fire_at - now)
            for group in remaining.upcoming(now + LOOK_AHEAD)
        ]
        claim = claim_now(upcoming, in_flight / pace.rate, pace, BATCH)
        batch = [r for lane, quota in claim.items() for r in remaining.take(lane, quota.count)]
        return sorted(batch, key=lambda r: (r.fire_at, r.lane))

    return claim


def best_schedule(reminders: Sequence[Reminder], rate: float) -> Sent:
    """Everyone alike, any lead: each crowd centred on its time, which meets L*."""
    pace = Pace(rate, max_lead=float("inf"), flexibility=1.0)
    ordered = sorted(reminders, key=lambda r: r.fire_at)
    counts: dict[float, int] = {}
    for reminder in ordered:
        counts[reminder.fire_at] = counts.get(reminder.fire_at, 0) + 1
    upcoming = [Upcoming(fire_at, Lane.TIMELY, count) for fire_at, count in counts.items()]
    sends = [
        first + k / rate
        for group, first in plan(upcoming, float("-inf"), pace)
        for k in range(group.count)
    ]
    return list(zip(ordered, sends, strict=True))


# --- Reporting --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    p50: float
    p99: float
    worst: float
    early: float  # the earliest send before its time, seconds (0: none early)
    within: float  # share within TARGET

    @classmethod
    def of(cls, sent: Sent, kind: str | None = None) -> Figures:
        signed = [at - r.fire_at for r, at in sent if kind is None or r.kind == kind]
        distances = sorted(abs(d) for d in signed)
        return cls(
            _quantile(distances, 0.50),
            _quantile(distances, 0.99),
            distances[-1],
            max(0.0, -min(signed)),
            sum(d <= TARGET for d in distances) / len(distances),
        )


def _quantile(ordered: Sequence[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:5.1f}"


def report(label: str, sent: Sent) -> None:
    for kind in (None, *KINDS):
        f = Figures.of(sent, kind)
        print(
            f"  {label:<7} {kind or 'all':<10} {_minutes(f.p50)} {_minutes(f.p99)} "
            f"{_minutes(f.worst)}  {_minutes(f.early)}   {f.within:6.1%}"
        )


def crowds(reminders: Sequence[Reminder]) -> str:
    counts: dict[float, int] = {}
    for reminder in reminders:
        counts[reminder.fire_at] = counts.get(reminder.fire_at, 0) + 1
    top = sorted(counts.items(), key=lambda item: -item[1])[:4]
    return ", ".join(f"{datetime.fromtimestamp(t, UTC):%H:%M} UTC: {n:,}" for t, n in sorted(top))


def simulate(people: int) -> None:
    reminders = day_of_reminders(people)
    kinds = {kind: sum(r.kind == kind for r in reminders) for kind in KINDS}
    print(
        f"{people:,} people, {len(reminders):,} reminders on {DAY:%A %d %B}: "
        + ", ".join(f"{n:,} {kind}" for kind, n in kinds.items())
    )
    print(f"Largest slots: {crowds(reminders)}")
    for name, rate in (("Telegram's limit", TELEGRAM_RATE), ("paid broadcast", PAID_RATE)):
        pace = Pace(rate, MAX_LEAD)
        started = time.perf_counter()
        before = dispatch(reminders, rate, fifo_claimer(reminders), POLL)
        after = dispatch(reminders, rate, send_ahead_claimer(reminders, pace), POLL)
        best = best_schedule(reminders, rate)
        elapsed = time.perf_counter() - started
        bound = best_bound([r.fire_at for r in reminders], rate)
        print(
            f"\n{name}, {rate:g}/s: minutes between chosen time and send "
            f"(BEST: L* = {bound / 60:.1f} min; simulated in {elapsed:.1f} s)"
        )
        print("  schedule kind         p50   p99   max  earliest  within 5 min")
        report("BEFORE", before)
        report("AFTER", after)
        report("BEST", best)
        assert len(after) == len(before) == len(reminders), "a reminder was lost or repeated"


# --- A small real run -------------------------------------------------------------------

REAL_PEOPLE = 600
REAL_POLL = 0.5
REAL_RATE = 30


async def real_run() -> None:
    """The crowd through the real dispatcher and emulator, without send-ahead (BEFORE) and
    with it (AFTER), each beside its simulation.

    On the real clock, not a fake one: the limiter spaces the sends in real time, and the
    plan must agree with it.
    """
    from bot.config import load_settings
    from bot.emulator import ApiCall, BotApiEmulator, Fault
    from bot.storage.database import create_engine, session_factory
    from bot.storage.migrate import upgrade_to_head
    from bot.telegram.app import build_application
    from bot.telegram.context import services
    from tests.support.seeding import open_chats, seed_due_workouts

    arrivals: dict[int, list[float]] = {}

    def meter(call: ApiCall) -> Fault | None:
        if call.method.lower() == "sendmessage":
            arrivals.setdefault(call.params.integer("chat_id") or 0, []).append(time.time())
        return None

    rate = REAL_RATE * HEADROOM
    print(f"\nReal run: {REAL_PEOPLE} workout reminders due at one instant, {REAL_RATE}/s")
    print("  schedule            first    last  p50 |d|  max |d|  (seconds from the slot)")
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'coach.sqlite3'}"
        engine = create_engine(url)
        await upgrade_to_head(engine)
        sessions = session_factory(engine)
        try:
            async with BotApiEmulator() as emulator:
                emulator.fault_policy = meter
                settings = load_settings(
                    _env_file=None,
                    telegram_base_url=emulator.base_url,
                    telegram_base_file_url=emulator.base_file_url,
                    telegram_rate_limit=REAL_RATE,
                    database_url=url,
                    data_dir=Path(workdir),
                )
                application = build_application(settings, token=emulator.token, sessions=sessions)
                async with application.bot:
                    planned = services(application.bot_data).dispatcher
                    cases = (("BEFORE", replace(planned, pace=None)), ("AFTER", planned))
                    for number, (label, dispatcher) in enumerate(cases):
                        first = 10_000 + number * REAL_PEOPLE
                        user_ids = range(first, first + REAL_PEOPLE)
                        open_chats(emulator, user_ids)
                        # Whole seconds: a slot is a whole minute in life.
                        slot = datetime.fromtimestamp(int(time.time()) + 20, UTC)
                        await seed_due_workouts(sessions, user_ids, slot)
                        deadline = slot.timestamp() + REAL_PEOPLE / REAL_RATE + 30
                        while time.time() < deadline and not all(u in arrivals for u in user_ids):
                            await dispatcher.run_once()
                            await asyncio.sleep(REAL_POLL)
                        crowd = [Reminder(slot.timestamp(), WORKOUT, u) for u in user_ids]
                        sends = sorted(at for u in user_ids for at in arrivals.get(u, []))
                        claimer = (
                            fifo_claimer(crowd)
                            if dispatcher.pace is None
                            else send_ahead_claimer(crowd, Pace(rate, MAX_LEAD))
                        )
                        simulated = dispatch(crowd, rate, claimer, REAL_POLL)
                        _real_row(f"{label} real", list(zip(crowd, sends, strict=False)))
                        _real_row(f"{label} simulated", simulated)
                        once = sum(len(arrivals.get(u, [])) == 1 for u in user_ids)
                        print(f"  {once} of {REAL_PEOPLE} chats got exactly one reminder")
        finally:
            await engine.dispose()


def _real_row(label: str, sent: Sent) -> None:
    signed = [at - r.fire_at for r, at in sent]
    distances = [abs(d) for d in signed]
    print(
        f"  {label:<17} {min(signed):+7.1f} {max(signed):+7.1f} "
        f"{statistics.median(distances):8.1f} {max(distances):8.1f}"
    )


QUERY_RUNS = 20
FIRST_USER_ID = 10_000_000  # even: a person's parity is their index's


async def query_cost(people: int) -> None:
    """The planning query and a claim at the busiest moment, on a seeded database."""
    from sqlalchemy import text

    from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
    from bot.storage.database import create_engine, session_factory
    from bot.storage.migrate import upgrade_to_head
    from bot.storage.reminders import ReminderRepository
    from tests.support.databases import backends, fresh_database
    from tests.support.seeding import Cohort, Person, ReminderRow, seed_people

    reminders = day_of_reminders(people)
    counts: dict[float, int] = {}
    for r in reminders:
        counts[r.fire_at] = counts.get(r.fire_at, 0) + 1
    largest = max(counts, key=lambda t: counts[t])
    now = datetime.fromtimestamp(largest - 600, UTC)
    slot = datetime.fromtimestamp(largest, UTC)
    rows: dict[int, list[ReminderRow]] = {}
    for r in reminders:
        at = datetime.fromtimestamp(r.fire_at, UTC)
        # Slots before now were sent, and their rows moved on to the next day.
        at += timedelta(days=1) if at < now else timedelta(0)
        rows.setdefault(r.person, []).append((r.kind, at.time(), at))
    # Plans and profiles are not read by these queries: one cohort for everyone.
    cohort = Cohort.of(
        TrainingProfile(
            Goal.GLUTES,
            Experience.BEGINNER,
            frozenset[Equipment](),
            (Weekday.MON, Weekday.THU),
            clock_time(7),
            CROWD_ZONE,
        )
    )
    targets, notes = backends(["sqlite", "postgresql"])
    print(
        f"\nPlanning query, {people:,} people, ten minutes before the largest slot "
        f"({counts[largest]:,} reminders); median of {QUERY_RUNS}:"
    )
    for note in notes:
        print(f"  {note}")
    with tempfile.TemporaryDirectory() as workdir:
        for backend in targets:
            async with fresh_database(backend, Path(workdir), label="bench") as url:
                engine = create_engine(url)
                try:
                    await upgrade_to_head(engine)
                    await seed_people(
                        engine,
                        (Person(FIRST_USER_ID + p, cohort, kinds) for p, kinds in rows.items()),
                    )
                    if backend.server_url is not None:
                        async with engine.connect() as connection:
                            await connection.execute(text("ANALYZE"))
                            await connection.commit()
                    sessions = session_factory(engine)
                    planned, groups, counted = [], 0, 0
                    claims = []
                    for _ in range(QUERY_RUNS):
                        async with sessions() as session:
                            started = time.perf_counter()
                            upcoming = await ReminderRepository(session).upcoming(
                                now, now + timedelta(seconds=LOOK_AHEAD)
                            )
                            planned.append(time.perf_counter() - started)
                        groups, counted = len(upcoming), sum(row[3] for row in upcoming)
                        async with sessions() as session, session.begin() as transaction:
                            started = time.perf_counter()
                            await ReminderRepository(session).claim_due(
                                now, BATCH, lambda due: None, until=slot, kinds=[WORKOUT]
                            )
                            claims.append(time.perf_counter() - started)
                            await transaction.rollback()
                finally:
                    await engine.dispose()
            print(
                f"  {backend.name:<10} upcoming(): {statistics.median(planned) * 1000:6.1f} ms "
                f"({counted:,} reminders in {groups} groups); claim of {BATCH}: "
                f"{statistics.median(claims) * 1000:6.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reminder_lateness_bench")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--no-real-run", action="store_true")
    parser.add_argument("--no-query-cost", action="store_true")
    # `python -m bench reminder_lateness` leaves the benchmark's name in argv.
    chosen, _ = parser.parse_known_args(sys.argv[1:])
    simulate(chosen.people)
    if not chosen.no_query_cost:
        asyncio.run(query_cost(chosen.people))
    if not chosen.no_real_run:
        asyncio.run(real_run())


if __name__ == "__main__":
    main()
