"""Onboarded people written straight into a database, fast enough for a million.

Tests and benchmarks need the rows the bot would have after many people finished onboarding
(a user, a profile, a current plan, the reminders `sync_with_profile` creates, and PTB's
user_data), but onboarding through the chat takes seconds a person, and even
`CoachService.save_profile` costs a transaction and a plan build per person. Here people are
written a chunk at a time with the backend's bulk path:

* PostgreSQL: binary COPY (asyncpg's `copy_records_to_table`), an order of magnitude faster
  than even multi-row INSERTs;
* SQLite: one `executemany` per table and chunk, with values converted by the same
  SQLAlchemy bind processors the bot's own writes use, so stored text compares and reads
  back exactly like the bot's (SQLite keeps timestamps as text compared as strings).

People who share a profile share its plan: `Cohort` builds and serialises it once.
tests/storage/test_seeding.py checks that what is written here is what onboarding stores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Table, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.plan_json import plan_to_dict
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.core.reminder_schedule import DEFAULT_TIMES, ReminderKind
from bot.core.schedule import local_date
from bot.emulator import BotApiEmulator
from bot.services.coaching import plan_for
from bot.services.reminder_settings import KINDS, slot_after
from bot.storage.models import Base, Plan, Profile, Reminder, User, UserData

CHUNK = 50_000

# (kind, local time, next fire instant or None): what `sync_with_profile` stores per kind.
ReminderRow = tuple[str, time, datetime | None]
Row = tuple[Any, ...]


# --- People ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """People with one profile, hence one plan, built and serialised once for all of them."""

    profile: TrainingProfile
    plan_json: str

    @classmethod
    def of(cls, profile: TrainingProfile) -> Cohort:
        return cls(profile, json.dumps(plan_to_dict(plan_for(profile))))


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    cohort: Cohort
    reminders: Sequence[ReminderRow]


def reminder_rows(
    profile: TrainingProfile, after: datetime, workout_at: datetime
) -> list[ReminderRow]:
    """The reminders `sync_with_profile` stores for someone new at `after` (each kind's
    next slot after it), but with the workout reminder due at `workout_at`."""
    rows: list[ReminderRow] = []
    for kind in KINDS:
        # As sync_with_profile chooses: the profile's time unless the kind has its own.
        local_time = DEFAULT_TIMES[kind] or profile.reminder_time
        if kind is ReminderKind.WORKOUT:
            rows.append((kind.value, local_time, workout_at))
        else:
            rows.append((kind.value, local_time, slot_after(kind, local_time, profile, after)))
    return rows


def trains_at(slot: datetime) -> TrainingProfile:
    """A profile (UTC, three days a week) with a training day on `slot`'s date at its time.

    The workout reminder renders only on a training day, so a slot forced onto a rest day
    would be skipped as empty and a test counting reminders would prove nothing.
    """
    slot = slot.astimezone(UTC)
    day = slot.weekday()
    weekdays = tuple(sorted(Weekday((day + offset) % 7) for offset in (0, 2, 4)))
    return TrainingProfile(
        goal=Goal.GLUTES,
        experience=Experience.BEGINNER,
        equipment=frozenset({Equipment.DUMBBELLS}),
        weekdays=weekdays,
        reminder_time=slot.time().replace(second=0, microsecond=0),
        timezone="UTC",
        units=Units.KG,
        bodyweight_kg=70.0,
        weekdays_suggested=False,
    )


async def seed_due_workouts(
    sessions: async_sessionmaker[AsyncSession], user_ids: Iterable[int], slot: datetime
) -> None:
    """Onboard `user_ids` (chat id = user id), all training at `slot`, their workout
    reminders due then and their other reminders where onboarding now would put them."""
    async with sessions() as session:
        engine = session.bind
    assert isinstance(engine, AsyncEngine), f"sessions bound to {engine!r}, not an engine"
    profile = trains_at(slot)
    cohort = Cohort.of(profile)
    reminders = reminder_rows(profile, datetime.now(UTC), slot)
    await seed_people(engine, (Person(user_id, cohort, reminders) for user_id in user_ids))


async def set_workout_slot(
    sessions: async_sessionmaker[AsyncSession], user_ids: Sequence[int], slot: datetime
) -> None:
    """Set the people's workout reminders to fire next at `slot` (one UPDATE for them all)."""
    async with sessions.begin() as session:
        await session.execute(
            update(Reminder)
            .where(
                Reminder.user_id.in_(list(user_ids)), Reminder.kind == ReminderKind.WORKOUT.value
            )
            .values(next_fire_at=slot)
        )


def open_chats(emulator: BotApiEmulator, user_ids: Iterable[int]) -> None:
    """Make the emulator accept messages to these people, as if each had written first.

    `emulator.user(id)` alone is not enough: like Telegram, the emulator answers "chat not
    found" until the person has sent the bot something, and the dispatcher takes that for
    a blocked bot and switches the person's reminders off. Sending /start for each would
    run the onboarding conversation thousands of times, so the chat is marked started
    directly.
    """
    for user_id in user_ids:
        emulator.user(user_id)
        emulator.api.chats[user_id].started = True


def _profile_row(user_id: int, profile: TrainingProfile, now: datetime) -> Row:
    # The encodings of bot.storage.repositories._profile_values.
    return (
        user_id,
        profile.goal.value,
        profile.experience.value,
        profile.units.value,
        ",".join(sorted(item.value for item in profile.equipment)),
        ",".join(day.short for day in profile.weekdays),
        profile.weekdays_suggested,
        profile.reminder_time,
        profile.timezone,
        profile.bodyweight_kg,
        # Onboarding starts the programme on the person's local day.
        profile.programme_start or local_date(profile.timezone, now),
        ",".join(f"{weight:g}" for weight in profile.own_weights) or None,
        now,
    )


_USERS, _PROFILES, _PLANS, _REMINDERS, _USER_DATA = (
    model.__tablename__ for model in (User, Profile, Plan, Reminder, UserData)
)

# The columns written, in the order of the row tuples built below.
_COLUMNS: dict[str, tuple[str, ...]] = {
    _USERS: ("id", "chat_id", "first_name", "language_code", "created_at", "updated_at"),
    _PROFILES: (
        "user_id",
        "goal",
        "experience",
        "units",
        "equipment",
        "weekdays",
        "weekdays_suggested",
        "reminder_time",
        "timezone",
        "bodyweight_kg",
        "programme_start",
        "own_weights",
        "updated_at",
    ),
    # No id: the database numbers plans, as it does for the bot's own inserts.
    _PLANS: ("user_id", "created_at", "data"),
    _REMINDERS: ("user_id", "kind", "local_time", "enabled", "next_fire_at", "attempts"),
    _USER_DATA: ("user_id", "data"),
}

# Profiles, plans and reminders reference users, so users go first within each chunk.
_ORDER = (_USERS, _PROFILES, _PLANS, _REMINDERS, _USER_DATA)


async def seed_people(
    engine: AsyncEngine,
    people: Iterable[Person],
    *,
    user_data: bool = False,
    chunk: int = CHUNK,
    keep_going: Callable[[], bool] = lambda: True,
) -> int:
    """Write `people` (onboarded, first name and language set); how many were written.

    With `user_data`, each also gets the empty `ptb_user_data` row PTB's persistence keeps
    for everyone who ever sent the bot an update. `keep_going` is asked before each chunk,
    so a caller can stop a seed that takes too long and use what was written.
    """
    now = datetime.now(UTC)
    written = 0
    iterator = iter(people)
    while keep_going() and (batch := list(islice(iterator, chunk))):
        rows: dict[str, list[Row]] = {
            _USERS: [(p.user_id, p.user_id, f"Lifter{p.user_id}", "en", now, now) for p in batch],
            _PROFILES: [_profile_row(p.user_id, p.cohort.profile, now) for p in batch],
            _PLANS: [(p.user_id, now, p.cohort.plan_json) for p in batch],
            _REMINDERS: [
                (p.user_id, kind, local_time, True, fire_at, 0)
                for p in batch
                for kind, local_time, fire_at in p.reminders
            ],
        }
        if user_data:
            rows[_USER_DATA] = [(p.user_id, "{}") for p in batch]
        async with engine.connect() as connection:
            await _write(connection, rows)
        written += len(batch)
    return written


async def seed_user_data(engine: AsyncEngine, user_ids: Iterable[int], chunk: int = CHUNK) -> None:
    """Give each user the empty `ptb_user_data` row PTB writes after any update from them."""
    for batch in _chunks(user_ids, chunk):
        async with engine.connect() as connection:
            await _write(connection, {_USER_DATA: [(user_id, "{}") for user_id in batch]})


def _chunks(items: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


async def _write(connection: AsyncConnection, rows: dict[str, list[Row]]) -> None:
    """One transaction for the chunk: every table, parents before children."""
    tables = [table for table in _ORDER if rows.get(table)]
    if connection.dialect.name == "postgresql":
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        # Straight on asyncpg: SQLAlchemy has not begun a transaction on this connection
        # (nothing went through it), so asyncpg's own transaction is the only one.
        async with driver.transaction():
            for table in tables:
                await driver.copy_records_to_table(
                    table, records=rows[table], columns=list(_COLUMNS[table])
                )
        return
    async with connection.begin():
        for table in tables:
            columns = _COLUMNS[table]
            convert = _converter(Base.metadata.tables[table], columns, connection.dialect)
            marks = ", ".join("?" for _ in columns)
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            await connection.exec_driver_sql(statement, [convert(row) for row in rows[table]])


def _converter(table: Table, columns: Sequence[str], dialect: Dialect) -> Callable[[Row], Row]:
    """Each value as the bot's own writes would bind it (JSON arrives already serialised)."""
    processors = []
    for name in columns:
        column_type = table.c[name].type
        processor = (
            None
            if isinstance(column_type, JSON)
            else column_type.dialect_impl(dialect).bind_processor(dialect)
        )
        processors.append(processor)
    if not any(processors):
        return lambda row: row

    def convert(row: Row) -> Row:
        return tuple(
            value if processor is None or value is None else processor(value)
            for processor, value in zip(processors, row, strict=True)
        )

    return convert
