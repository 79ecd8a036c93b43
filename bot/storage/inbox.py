"""The update inbox: each Telegram update is stored before Telegram learns it arrived,
unless it was handled by then, and handled from there exactly once.

Telegram forgets an update once the bot confirms it: in polling mode by asking for the
next ones (python-telegram-bot does that as soon as it has fetched a batch, before handling
it), in webhook mode by answering 200. A crash between that confirmation and the update's
handling lost it for good. So every update is in the inbox before it is confirmed: a
webhook's recorded on arrival (`record`); a polled one marked handled by its handling
(`mark_handled`), or, when the next poll cannot wait for that, recorded then (`keep`, see
bot.telegram.intake). What a crash leaves unhandled is handled again from here
(`unhandled`), after a restart or by another instance; what it leaves unrecorded Telegram
delivers again, as it was never confirmed.

Exactly once on top of at least once: the update is marked handled in the same transaction
as the person's conversation state (bot.storage.persistence), so a redelivered or replayed
update that was handled is skipped, and one that was not is handled from the state it
found. Commands whose data change is not idempotent by itself mark the update `applied` in
their own transaction (see `first_application`), so that handling one again after a crash
between the change and the state repeats the reply but not the change.

A handled update keeps only its id and times: what the person wrote goes with handling.
Rows are kept for `RETENTION`: Telegram keeps an unconfirmed update for 24 hours, so a
redelivery never comes later than that; and it may restart update ids at random after a
week without updates, so old ids must not be remembered forever.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import insert_for, table_of
from bot.storage.models import InboxUpdate, utcnow

RETENTION = timedelta(hours=48)


class UpdateInbox:
    """Records updates on arrival, tells whether one was handled, lists the unhandled."""

    __slots__ = ("_clock", "_sessions")

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def record(self, payloads: Sequence[dict[str, Any]]) -> set[int]:
        """Store updates (as Telegram's JSON) that are not stored yet; returns the ids of
        those that were new, so a redelivered one is told apart."""
        if not payloads:
            return set()
        rows = _rows(payloads, self._clock())
        async with self._sessions.begin() as session:
            statement = _record_statement(session.get_bind().dialect.name)
            return set((await session.scalars(statement, rows)).all())

    async def keep(self, payloads: Sequence[dict[str, Any]]) -> None:
        """Store updates that are not handled yet, as `record` does; one whose handling
        marked it applied already gets its payload, so that it can be handled again."""
        if not payloads:
            return
        rows = _rows(payloads, self._clock())
        async with self._sessions.begin() as session:
            await session.execute(_keep_statement(session.get_bind().dialect.name), rows)

    async def newest(self) -> int | None:
        """The highest update id the inbox holds, handled or not; None when it is empty."""
        async with self._sessions() as session:
            return await session.scalar(select(func.max(InboxUpdate.update_id)))

    async def handled(self, update_id: int) -> bool:
        """Whether the update was handled; one never recorded was not."""
        async with self._sessions() as session:
            return await was_handled(session, update_id)

    async def unhandled(
        self,
        *,
        received_before: datetime,
        received_after: datetime | None = None,
        limit: int,
        skip: Sequence[int] = (),
    ) -> list[dict[str, Any]]:
        """The oldest updates not handled yet that arrived between `received_after` and
        `received_before`, in the order Telegram numbered them, leaving out those in `skip`."""
        query = (
            select(InboxUpdate.payload)
            .where(InboxUpdate.handled_at.is_(None), InboxUpdate.received_at < received_before)
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        if received_after is not None:
            query = query.where(InboxUpdate.received_at > received_after)
        if skip:
            query = query.where(InboxUpdate.update_id.not_in(skip))
        async with self._sessions() as session:
            return [payload for payload in (await session.scalars(query)).all() if payload]

    async def mark_handled(self, update_id: int) -> None:
        """Mark one update handled on its own, for updates that change no person's state."""
        async with self._sessions.begin() as session:
            await mark_handled(session, update_id, self._clock())

    async def prune(self) -> int:
        """Forget updates older than RETENTION; returns how many."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(InboxUpdate).where(InboxUpdate.received_at < self._clock() - RETENTION)
            )
        return int(getattr(result, "rowcount", 0) or 0)


# Built once: they run for every update, and building one took longer than running it.
# On the table (see bot.storage.database.table_of).
_INBOX = table_of(InboxUpdate)
_HANDLED_AT = select(_INBOX.c.handled_at).where(_INBOX.c.update_id == bindparam("id"))


async def was_handled(session: AsyncSession, update_id: int) -> bool:
    """Whether the update was handled, read in the caller's session."""
    return await session.scalar(_HANDLED_AT, {"id": update_id}) is not None


async def mark_handled(session: AsyncSession, update_id: int, now: datetime) -> None:
    """Mark the update handled, inside the caller's transaction; one not recorded yet (a
    polled update, see bot.telegram.intake) is stored handled."""
    statement = _mark_statement(session.get_bind().dialect.name, "handled_at")
    await session.scalar(statement, {"id": update_id, "now": now})


async def first_application(session: AsyncSession, update_id: int | None, now: datetime) -> bool:
    """Whether the data change of update `update_id` is being made for the first time; if so
    it is marked made, in the caller's transaction (which then makes the change). An update
    not recorded yet is stored so marked. One with no id (None) counts as new."""
    if update_id is None:
        return True
    statement = _mark_statement(session.get_bind().dialect.name, "applied_at")
    return await session.scalar(statement, {"id": update_id, "now": now}) is not None


async def forget_sender(session: AsyncSession, user_id: int) -> None:
    """Delete every update the person sent, inside the caller's transaction (/delete_me)."""
    await session.execute(delete(InboxUpdate).where(InboxUpdate.user_id == user_id))


def _rows(payloads: Sequence[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "update_id": payload["update_id"],
            "user_id": _sender(payload),
            "payload": payload,
            "received_at": now,
        }
        for payload in payloads
    ]


def _sender(payload: dict[str, Any]) -> int | None:
    """Who sent an update: the `from` of its one content object (message, button press,
    ...), where it has one; Telegram's updates carry exactly one such object."""
    for key, content in payload.items():
        if key != "update_id" and isinstance(content, dict):
            sender = content.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return int(sender["id"])
    return None


@cache
def _record_statement(dialect: str) -> Any:
    """The insert of updates, run with one set of values each (SQLAlchemy makes a batch
    one statement): built once per dialect. A VALUES list of a batch's rows instead has no
    cache key, so SQLAlchemy compiled it again for every update, which took longer than
    running it."""
    return (
        insert_for(dialect)(_INBOX)
        .on_conflict_do_nothing(index_elements=[_INBOX.c.update_id])
        .returning(_INBOX.c.update_id)
    )


@cache
def _keep_statement(dialect: str) -> Any:
    """The insert of updates that fills in the payload of one stored without it."""
    insert = insert_for(dialect)(_INBOX)
    return insert.on_conflict_do_update(
        index_elements=[_INBOX.c.update_id],
        set_={"payload": insert.excluded.payload},
        where=_INBOX.c.handled_at.is_(None) & _INBOX.c.payload.is_(None),
    )


@cache
def _mark_statement(dialect: str, column: str) -> Any:
    """Set `column` (a time) of the update `:id` to `:now` unless it is set, storing the
    update without its payload when it is not stored; returns its id when it set it."""
    insert = insert_for(dialect)(_INBOX).values(
        {"update_id": bindparam("id"), "received_at": bindparam("now"), column: bindparam("now")}
    )
    changed = {column: getattr(insert.excluded, column)}
    if column == "handled_at":
        # Handled, nothing of the person is kept: not what they wrote, nor that they sent
        # it, even when a poll recorded the update while /delete_me was erasing them.
        changed["payload"] = None
        changed["user_id"] = None
    return insert.on_conflict_do_update(
        index_elements=[_INBOX.c.update_id],
        set_=changed,
        where=_INBOX.c[column].is_(None),
    ).returning(_INBOX.c.update_id)
