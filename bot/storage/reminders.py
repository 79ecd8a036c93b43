"""Reminders: each person's reminder settings and the claiming of due reminders.

The `reminders` table is the source of truth: one row per person and kind with its local
time and the next fire instant in UTC. One periodic job per bot instance claims due rows in
batches; there are no per-person scheduler jobs. Kinds are stored as plain strings (callers
pass `ReminderKind` values); the caller computes every fire instant, this module only
stores and compares them.

Delivery is at most once per slot. The dispatcher's contract:

1. Claim, and commit before sending anything::

       async with sessions.begin() as session:
           batch = await ReminderRepository(session).claim_due(now, limit, next_slot)

   The claim moves each row on to `next_slot(due)` and records the claimed slot, so a
   crash after the commit loses at most the batch in flight and never sends a slot twice.
   On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED: instances sharing the
   database claim disjoint batches. SQLite has no row locks; the claim takes the database's
   write lock first, so concurrent claimers wait for each other instead.

   `next_slot` should return the first slot after *now* rather than after `due.slot`, so a
   slot delivered late (a backlog, a retry) is not followed by a burst of stale ones; None
   means no slot ahead (the row stays on, with no fire instant).

2. After each send, in a short transaction of its own:

   * sent: `record_sent(user_id, kind, sent_at)`;
   * transient failure: `retry_later(user_id, kind, due.slot, at)` while `due.attempts` is
     below the dispatcher's limit, else nothing (that slot is given up);
   * the person blocked the bot: `disable_all(user_id)`.

   `retry_later` keeps the slot in `retry_slot_at` and makes the row due at `at`. The claim
   at `at` hands out that original slot again, with `attempts` counting the failures so
   far, and moves the row on to `next_slot(due)`: after the retry the reminder is back on
   its normal schedule whatever the retry's outcome.

Every settings write (`upsert_settings`, `set_time`, `set_enabled`, `pause`, `resume`,
`disable_all`) replaces the fire instant and cancels a pending retry: the person's latest
choice wins over a slot in flight. A disabled row always has a NULL fire instant.

While a person is paused (`paused_until` in the future), a due slot before `paused_until`
is passed over by the claim: the row moves on to `next_slot(due)` without being handed out.
So no reminder fires during a pause, even when a settings write during the pause stored a
fire instant computed without regard to it.

Like the other repositories, `ReminderRepository` works inside the caller's session and
never commits. It reads columns, not ORM objects, so its Core-style writes can never leave
a stale object in the session's identity map.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, time
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    DateTime,
    Executable,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    bindparam,
    case,
    false,
    func,
    literal,
    null,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import TableValuedAlias
from sqlalchemy.types import TypeEngine

from bot.core.reminder_schedule import DueReminder, ReminderSetting
from bot.storage.database import insert_for, table_of
from bot.storage.models import Profile, Reminder, User, UTCDateTime

# Written by every settings change: a pending retry is dropped with the old schedule.
_NO_RETRY: dict[str, Any] = {"retry_slot_at": None, "attempts": 0}


# What the dispatcher runs for every batch is Core on the tables (see `table_of`).
_REMINDERS, _USERS, _PROFILES = table_of(Reminder), table_of(User), table_of(Profile)
# A batch's rows by primary key, one executemany each: built once, as compiling a statement
# of a hundred pairs cost more than running it.
_BY_KEY = (
    _REMINDERS.c.user_id == bindparam("row_user_id"),
    _REMINDERS.c.kind == bindparam("row_kind"),
)
_MOVE_ON = (
    update(_REMINDERS)
    .where(*_BY_KEY)
    .values(
        next_fire_at=bindparam("new_next_fire_at"),
        last_slot_at=bindparam("new_last_slot_at"),
        retry_slot_at=None,
        attempts=bindparam("new_attempts"),
    )
)
_SENT = update(_REMINDERS).where(*_BY_KEY).values(last_sent_at=bindparam("sent_at"), attempts=0)


# The names `_update_batch` binds a batch's executemany parameters under as arrays.
_ARRAY_OF = {
    "row_user_id": "batch_user_id",
    "row_kind": "batch_kind",
    "new_next_fire_at": "batch_next_fire_at",
    "new_last_slot_at": "batch_last_slot_at",
    "new_attempts": "batch_attempts",
}


def _batch_rows(**columns: TypeEngine[Any]) -> TableValuedAlias:
    """PostgreSQL: a batch's rows as one array per column, each bound as one value and
    unnested into rows. An executemany of a hundred rows had SQLAlchemy process a hundred
    sets of parameters, most of the CPU the dispatcher spends on a batch's bookkeeping."""
    arrays = (
        bindparam(f"batch_{name}", type_=postgresql.ARRAY(kind)) for name, kind in columns.items()
    )
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="batch")


_KEYS: dict[str, TypeEngine[Any]] = {"user_id": BigInteger(), "kind": String()}
_MOVED = _batch_rows(
    **_KEYS,
    next_fire_at=DateTime(timezone=True),
    last_slot_at=DateTime(timezone=True),
    attempts=Integer(),
)
_PG_MOVE_ON = (
    update(_REMINDERS)
    .where(_REMINDERS.c.user_id == _MOVED.c.user_id, _REMINDERS.c.kind == _MOVED.c.kind)
    .values(
        next_fire_at=_MOVED.c.next_fire_at,
        last_slot_at=_MOVED.c.last_slot_at,
        retry_slot_at=None,
        attempts=_MOVED.c.attempts,
    )
)
_DONE = _batch_rows(**_KEYS)
_PG_SENT = (
    update(_REMINDERS)
    .where(_REMINDERS.c.user_id == _DONE.c.user_id, _REMINDERS.c.kind == _DONE.c.kind)
    .values(last_sent_at=bindparam("sent_at", type_=UTCDateTime()), attempts=0)
)


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert_settings(
        self, user_id: int, rows: Sequence[tuple[str, time, datetime | None]]
    ) -> None:
        """Create or update the person's reminders of the given kinds.

        Each row is (kind, local time, next fire instant). New rows are on and not paused;
        existing rows keep `enabled` and `paused_until` (a disabled row keeps no instant).
        """
        kinds = [kind for kind, _, _ in rows]
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"each kind at most once, got {kinds}")
        if not rows:
            return
        values = [
            {
                "user_id": user_id,
                "kind": kind,
                "local_time": local_time,
                "enabled": True,
                "next_fire_at": next_fire_at,
                "attempts": 0,
            }
            for kind, local_time, next_fire_at in rows
        ]
        await self._session.execute(_upsert_statement(self._dialect), values)

    async def list_for(self, user_id: int) -> list[ReminderSetting]:
        """The person's reminders, by kind."""
        query = (
            select(
                Reminder.kind,
                Reminder.local_time,
                Reminder.enabled,
                Reminder.next_fire_at,
                Reminder.paused_until,
                Reminder.last_sent_at,
            )
            .where(Reminder.user_id == user_id)
            .order_by(Reminder.kind)
        )
        return [
            ReminderSetting(
                kind=row.kind,
                local_time=row.local_time,
                enabled=row.enabled,
                next_fire_at=row.next_fire_at,
                paused_until=row.paused_until,
                last_sent_at=row.last_sent_at,
            )
            for row in await self._session.execute(query)
        ]

    async def set_enabled(
        self, user_id: int, kind: str, enabled: bool, next_fire_at: datetime | None
    ) -> bool:
        """Turn one reminder on (firing next at `next_fire_at`) or off; False if no such row."""
        if not enabled and next_fire_at is not None:
            raise ValueError("a disabled reminder has no next fire instant")
        return await self._update_one(
            user_id, kind, enabled=enabled, next_fire_at=next_fire_at, **_NO_RETRY
        )

    async def set_time(
        self, user_id: int, kind: str, local_time: time, next_fire_at: datetime | None
    ) -> bool:
        """Move one reminder to another local time; False if no such row."""
        return await self._update_one(
            user_id,
            kind,
            local_time=local_time,
            next_fire_at=_if_enabled(_utc(next_fire_at)),
            **_NO_RETRY,
        )

    async def pause(self, user_id: int, until: datetime, next_fire: Mapping[str, datetime]) -> None:
        """Pause every reminder of the person until `until`.

        `next_fire` gives each kind's first slot from `until` on; a kind left out keeps its
        instant, and the claim passes over its slots before `until`.
        """
        await self._update_person(user_id, paused_until=until, next_fire_at=_by_kind(next_fire))

    async def resume(self, user_id: int, next_fire: Mapping[str, datetime]) -> None:
        """End the person's pause; `next_fire` as for `pause`, from now on."""
        await self._update_person(user_id, paused_until=None, next_fire_at=_by_kind(next_fire))

    async def disable_all(self, user_id: int) -> int:
        """Turn off every reminder of the person (they blocked the bot); how many were on."""
        statement = (
            update(Reminder)
            .where(Reminder.user_id == user_id, Reminder.enabled)
            .values(enabled=False, next_fire_at=None, **_NO_RETRY)
            .returning(Reminder.kind)
        )
        return len((await self._session.scalars(statement)).all())

    async def claim_due(
        self,
        now: datetime,
        limit: int,
        next_slot: Callable[[DueReminder], datetime | None],
        *,
        until: datetime | None = None,
        kinds: Collection[str] | None = None,
        parity: int | None = None,
    ) -> list[DueReminder]:
        """Claim up to `limit` due reminders, oldest first, moving each on to its next slot.

        Due means at or before `until` (default `now`): a later `until` claims slots ahead
        of their time, to be sent early (see bot.core.send_ahead); a retry still waits for
        its instant. `kinds` and `parity`, when given, restrict the claim to those kinds and
        to people whose id has that remainder modulo 2.

        Runs in the caller's transaction, which must commit before anything is sent. Rows
        another transaction has claimed are skipped (PostgreSQL) or waited for (SQLite).
        Slots that fall in a pause are passed over, not returned.
        """
        if self._dialect == "sqlite":
            # Without row locks, two claimers could both read the same due rows. A write
            # statement takes SQLite's write lock at once, even when it changes nothing, so
            # a concurrent claimer waits (busy_timeout) and then reads the moved-on rows.
            await self._session.execute(update(_REMINDERS).where(false()).values(attempts=0))
        until = until or now
        statement = _claim_statement(until > now, kinds is not None, parity is not None)
        params: dict[str, Any] = {"now": now, "until": until, "limit": limit}
        if kinds is not None:
            params["kinds"] = list(kinds)
        if parity is not None:
            params["parity"] = parity
        claimed: list[DueReminder] = []
        changes: list[dict[str, Any]] = []
        for row in await self._session.execute(statement, params):
            retrying = row.retry_slot_at is not None
            due = DueReminder(
                user_id=row.user_id,
                chat_id=row.chat_id,
                kind=row.kind,
                local_time=row.local_time,
                slot=row.retry_slot_at if retrying else row.next_fire_at,
                timezone=row.timezone,
                weekdays=row.weekdays,
                attempts=row.attempts if retrying else 0,
                language=row.language,
            )
            paused = row.paused_until is not None and due.slot < row.paused_until
            if not paused:
                claimed.append(due)
            changes.append(
                {
                    "row_user_id": due.user_id,
                    "row_kind": due.kind,
                    "new_next_fire_at": next_slot(due),
                    "new_last_slot_at": row.last_slot_at if paused else due.slot,
                    "new_attempts": due.attempts,
                }
            )
        if changes:
            await self._update_batch(_MOVE_ON, _PG_MOVE_ON, changes)
        return claimed

    async def retry_later(self, user_id: int, kind: str, slot: datetime, at: datetime) -> bool:
        """Deliver the claimed `slot` again at `at`, after a transient send failure.

        False, changing nothing, when the row no longer waits on that slot: it was turned
        off, claimed again, or already given a retry.
        """
        statement = (
            update(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.kind == kind,
                Reminder.enabled,
                Reminder.last_slot_at == slot,
                Reminder.retry_slot_at.is_(None),
            )
            .values(retry_slot_at=slot, next_fire_at=at, attempts=Reminder.attempts + 1)
            .returning(Reminder.kind)
        )
        return await self._session.scalar(statement) is not None

    async def record_sent(self, user_id: int, kind: str, sent_at: datetime) -> None:
        await self.record_sent_many([(user_id, kind)], sent_at)

    async def record_sent_many(self, sent: Collection[tuple[int, str]], sent_at: datetime) -> None:
        """Mark each (user id, kind) as sent at `sent_at`, in one executemany."""
        if not sent:
            return
        rows = [{"row_user_id": user_id, "row_kind": kind} for user_id, kind in sent]
        await self._update_batch(_SENT, _PG_SENT, rows, sent_at=sent_at)

    async def _update_batch(
        self, each: Executable, unnested: Executable, rows: list[dict[str, Any]], **common: Any
    ) -> None:
        """Run `each` once per row (an executemany), or on PostgreSQL `unnested` once with
        the rows as arrays, each named `batch_` and its column's name (`_ARRAY_OF`)."""
        if self._dialect != "postgresql":
            await self._session.execute(each, [{**row, **common} for row in rows])
            return
        arrays = {_ARRAY_OF[name]: [row[name] for row in rows] for name in rows[0]}
        await self._session.execute(unnested, {**arrays, **common})

    async def upcoming(
        self, now: datetime, until: datetime
    ) -> list[tuple[datetime, str, int, int]]:
        """How many reminders `claim_due(now, ..., until=until)` could claim, as (fire
        instant, kind, parity of the person's id, count), in fire order: one index range
        scan, whatever the number of rows.

        Slots are whole minutes, so grouping by the instant is grouping by the minute.
        """
        parity = _parity()
        query = (
            select(_REMINDERS.c.next_fire_at, _REMINDERS.c.kind, parity, func.count())
            .where(_claimable(now, until, None, None, ahead=until > now))
            .group_by(_REMINDERS.c.next_fire_at, _REMINDERS.c.kind, parity)
            .order_by(_REMINDERS.c.next_fire_at)
        )
        return [
            (fire_at, kind, odd, count)
            for fire_at, kind, odd, count in await self._session.execute(query)
            if fire_at is not None
        ]

    async def due_count(self, now: datetime) -> int:
        """How many reminders are due at `now` (a backlog gauge)."""
        count = await self._session.scalar(
            select(func.count()).select_from(Reminder).where(_due(now))
        )
        return count or 0

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    async def _update_one(self, user_id: int, kind: str, **values: Any) -> bool:
        statement = (
            update(Reminder)
            .where(Reminder.user_id == user_id, Reminder.kind == kind)
            .values(values)
            .returning(Reminder.kind)
        )
        return await self._session.scalar(statement) is not None

    async def _update_person(self, user_id: int, **values: Any) -> None:
        statement = update(Reminder).where(Reminder.user_id == user_id)
        await self._session.execute(statement.values({**values, **_NO_RETRY}))


def _due(now: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    # A bare boolean column, not `IS true`: PostgreSQL matches `enabled` to the index's
    # first column (as enabled = true) but not `enabled IS true`.
    return _REMINDERS.c.enabled & (_REMINDERS.c.next_fire_at <= now)


def _claimable(
    now: datetime | ColumnElement[datetime],
    until: datetime | ColumnElement[datetime],
    kinds: Collection[str] | ColumnElement[Any] | None,
    parity: int | ColumnElement[int] | None,
    *,
    ahead: bool,
) -> ColumnElement[bool]:
    """Due by `until`; `ahead` (`until` is later than `now`): a retry still waits for its
    instant, as it is not a slot of its own to send ahead."""
    if not ahead:
        claimable = _due(now)
    else:
        instant = _REMINDERS.c.retry_slot_at.is_(None) | (_REMINDERS.c.next_fire_at <= now)
        claimable = _due(until) & instant
    if kinds is not None:
        claimable &= _REMINDERS.c.kind.in_(kinds)
    if parity is not None:
        claimable &= _parity() == parity
    return claimable


@cache
def _claim_statement(ahead: bool, by_kind: bool, by_parity: bool) -> Select[Any]:
    """`claim_due`'s query for one shape of its arguments, their values bound at execution
    (`now`, `until`, `limit`, and `kinds`, `parity` when given): built once per shape, as
    building it took a third of a millisecond, once a batch."""
    kinds: BindParameter[Any] | None = bindparam("kinds", expanding=True) if by_kind else None
    parity: BindParameter[int] | None = bindparam("parity") if by_parity else None
    now, until = bindparam("now", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime())
    return (
        select(
            _REMINDERS.c.user_id,
            _REMINDERS.c.kind,
            _REMINDERS.c.local_time,
            _REMINDERS.c.next_fire_at,
            _REMINDERS.c.retry_slot_at,
            _REMINDERS.c.last_slot_at,
            _REMINDERS.c.attempts,
            _REMINDERS.c.paused_until,
            _USERS.c.chat_id,
            func.coalesce(_USERS.c.locale, _USERS.c.language_code).label("language"),
            _PROFILES.c.timezone,
            _PROFILES.c.weekdays,
        )
        .join(_USERS, _USERS.c.id == _REMINDERS.c.user_id)
        .join(_PROFILES, _PROFILES.c.user_id == _REMINDERS.c.user_id)
        .where(_claimable(now, until, kinds, parity, ahead=ahead))
        .order_by(_REMINDERS.c.next_fire_at)
        .limit(bindparam("limit"))
        # OF reminders: the users and profiles rows are only read; locking them would
        # make profile saves wait for the dispatcher.
        .with_for_update(skip_locked=True, of=_REMINDERS)
    )


def _parity() -> ColumnElement[int]:
    return _REMINDERS.c.user_id % 2


def _utc(value: datetime | None) -> ColumnElement[datetime | None]:
    """`value` as a bound UTC timestamp, for use inside SQL expressions."""
    return literal(value, UTCDateTime())


@cache
def _upsert_statement(dialect: str) -> Any:
    """A person's reminder settings, run with one set of values per kind: built once per
    dialect, as a VALUES list of the rows has no cache key, and SQLAlchemy compiled one
    afresh on every onboarding and every change of times."""
    statement = insert_for(dialect)(_REMINDERS)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["user_id", "kind"],
        set_={
            "local_time": excluded.local_time,
            "next_fire_at": _if_enabled(excluded.next_fire_at),
            **_NO_RETRY,
        },
    )


def _if_enabled(value: SQLColumnExpression[datetime | None]) -> ColumnElement[datetime | None]:
    """`value` for a row that is on, NULL for one that is off."""
    return case((Reminder.enabled, value), else_=null())


def _by_kind(next_fire: Mapping[str, datetime]) -> ColumnElement[datetime | None]:
    """Each row's instant from `next_fire` by its kind (kinds left out keep theirs)."""
    kept = Reminder.next_fire_at
    whens = [(Reminder.kind == kind, _utc(at)) for kind, at in next_fire.items()]
    return _if_enabled(case(*whens, else_=kept) if whens else kept)
