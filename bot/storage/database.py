"""Engines and sessions for SQLite (aiosqlite, run inline: bot.storage.sqlite_inline) and
PostgreSQL (asyncpg).

URL extension: a PostgreSQL URL may carry `?search_path=schema[,schema...]`. asyncpg has
no URL parameter for it (libpq's `options=-csearch_path=...` does not apply), so
`create_engine` removes it from the URL and passes it as asyncpg's `server_settings`. This
lets one URL string (e.g. the DATABASE_URL setting) point the bot at a schema.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from functools import cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import BindParameter, ColumnElement, Table, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.id_list import OneOf, id_list
from bot.storage.models import Base
from bot.storage.sqlite_checkpoint import AUTOCHECKPOINT_PAGES
from bot.storage.sqlite_inline import InlineSessions, inline_connector

SEARCH_PATH_PARAM = "search_path"

# WAL lets readers proceed while one writer commits; busy_timeout makes a second writer
# wait instead of failing at once (15 s: on a starved machine a write waited out 5 s and the
# person got an apology, where a slower reply loses nothing); SQLite leaves foreign keys off
# unless asked; checkpoints are left to a worker thread (bot.storage.sqlite_checkpoint).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=15000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}",
)


# How long a PostgreSQL connection may sit in the pool and still be used unchecked.
IDLE_PING = 10.0
_RETURNED_AT = "coach_returned_at"

# SQLite lets one connection write at a time, so more connections only help readers; two
# kept open, and two more for a burst (a read inside another session's transaction).
_SQLITE_POOL = {"pool_size": 2, "max_overflow": 2}


def create_engine(url: str, *, pool_size: int | None = None, **kw: Any) -> AsyncEngine:
    """An async engine for `url`; keyword arguments go to `create_async_engine`.

    `pool_size` sizes PostgreSQL's connection pool, with as many again for bursts. SQLite
    keeps a small pool of its own (see _SQLITE_POOL) and ignores it.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    # A failed statement's error quotes its parameters, which hold what people wrote: errors
    # reach the log, and the log must not hold people's messages.
    kw.setdefault("hide_parameters", True)
    if backend == "sqlite":
        _create_parent_dir(parsed)
        kw.update(_SQLITE_POOL)
        kw["async_creator"] = inline_connector(parsed)
        engine = create_async_engine(parsed, **kw)
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        return engine
    if backend == "postgresql":
        parsed = _move_search_path_to_connect_args(parsed, kw)
        kw.setdefault("pool_recycle", 1800)
        if pool_size is not None:
            kw.update(pool_size=pool_size, max_overflow=pool_size)
        engine = create_async_engine(parsed, **kw)
        if not kw.get("pool_pre_ping"):
            _ping_when_idle(engine)
        return engine
    return create_async_engine(parsed, **kw)


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a pooled connection before use only when it sat unused for `IDLE_PING`.

    SQLAlchemy's `pool_pre_ping` checks every checkout, and asyncpg's check is three round
    trips (begin, an empty query, rollback): on PostgreSQL that was a dozen round trips per
    update. A connection that served a moment ago is alive; one that sat in the pool is
    where a database restart or an idle timeout on the way shows. A connection that dies
    while in use fails that one update (the person gets the usual apology), and SQLAlchemy
    then discards every connection opened before the failure.
    """
    pool = engine.sync_engine.pool

    def checked_in(_: object, record: ConnectionPoolEntry) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: ConnectionPoolEntry, _: object) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < IDLE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool's documented signal: drop this connection and try a fresh one.
            raise DisconnectionError from exc

    event.listen(pool, "checkin", checked_in)
    event.listen(pool, "checkout", checked_out)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (handlers use them after); on
    SQLite, whose every engine `create_engine` makes inline, sessions that close inline."""
    if engine.dialect.name == "sqlite":
        return InlineSessions(engine, expire_on_commit=False)
    return async_sessionmaker(engine, expire_on_commit=False)


async def upsert(
    session: AsyncSession,
    model: type[Base],
    values: dict[str, Any],
    *,
    insert_only: Collection[str] = (),
) -> None:
    """INSERT `values`, or UPDATE the row with the same primary key.

    ON CONFLICT keeps concurrent writers of one key (PTB runs persistence updates
    concurrently) from failing with a duplicate-key error, as a read-then-write would.
    Columns in `insert_only` keep their value on update.
    """
    dialect = session.get_bind().dialect.name
    statement = _upsert_statement(dialect, model, frozenset(values), frozenset(insert_only))
    await session.execute(statement, values)


@cache
def _upsert_statement(
    dialect: str, model: type[Base], columns: frozenset[str], insert_only: frozenset[str]
) -> postgresql.Insert | sqlite.Insert:
    """The upsert of `columns` into `model`'s table, built once per shape: building one
    took longer than running it (the values are bound at execution). A Core statement on
    the table, as the ORM's bulk path costs more than the statement itself."""
    key = [column.name for column in inspect(model).primary_key]
    statement = insert_for(dialect)(table_of(model))
    changed = {
        name: statement.excluded[name]
        for name in sorted(columns)
        if name not in key and name not in insert_only
    }
    return statement.on_conflict_do_update(index_elements=key, set_=changed)


def insert_for(dialect: str) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    """The INSERT of `dialect` (a SQLAlchemy dialect name), for its ON CONFLICT clauses."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# Many people's ids as one parameter of a statement built once: a reminder batch runs its
# reads every few hundred reminders, and building one coerces each of a hundred ids anew.
# Pass them as a list: `{"user_ids": [...]}`, and match a column with `of_people`.
PEOPLE: BindParameter[Collection[int]] = id_list("user_ids")


def of_people(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """`column` is the id of one of the people bound to `PEOPLE`."""
    return OneOf(column, PEOPLE)


def table_of(model: type[Base]) -> Table:
    """The model's table, for Core statements: the declarative base types it loosely.

    A hot statement names the table's columns (`table.c.user_id`), never the mapped class's
    attributes (`Model.user_id`): one mapped attribute anywhere in it makes it an ORM
    statement, and the ORM's compiling and loading (its bulk path, for an executemany) then
    cost more than the SQL."""
    return cast(Table, model.__table__)


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names; None for other databases, in-memory ones and file: URIs."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if database.startswith("file:") else Path(database)


def _create_parent_dir(url: URL) -> None:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Under aiosqlite this is SQLAlchemy's adapted connection, not sqlite3.Connection,
    # so only the DB-API cursor interface is available.
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _move_search_path_to_connect_args(url: URL, kw: dict[str, Any]) -> URL:
    search_path = url.query.get(SEARCH_PATH_PARAM)
    if search_path is None:
        return url
    if url.get_driver_name() != "asyncpg":
        raise ValueError(f"the {SEARCH_PATH_PARAM} URL parameter needs postgresql+asyncpg")
    if not isinstance(search_path, str):
        raise ValueError(f"give the {SEARCH_PATH_PARAM} URL parameter once, comma-separated")
    connect_args = dict(kw.get("connect_args", {}))
    server_settings = dict(connect_args.get("server_settings", {}))
    server_settings.setdefault("search_path", search_path)
    connect_args["server_settings"] = server_settings
    kw["connect_args"] = connect_args
    return url.difference_update_query([SEARCH_PATH_PARAM])
