"""Throwaway databases: an empty one per test or benchmark run, removed afterwards.

On SQLite a file in a directory of the caller's; on PostgreSQL a new schema on the server
TEST_DATABASE_URL names, selected with the `search_path` URL parameter that
`bot.storage.database.create_engine` understands, so that runs never see each other's
tables and need no database of their own.

`migrate_from_template` brings such a database to the newest schema without running Alembic:
a run of the migrations costs 70-100 ms, mostly Alembic's own Python, and hundreds of tests
each want a migrated database. The first call in a process migrates for real; later ones copy
the result (tests/storage/test_migrations.py checks a copy against the models).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.storage.database import create_engine, sqlite_file
from bot.storage.migrate import upgrade_to_head

SERVER_URL_VAR = "TEST_DATABASE_URL"


@dataclass(frozen=True)
class Backend:
    name: str
    # PostgreSQL: the server, where each database is a schema of its own; SQLite: None.
    server_url: str | None = None


SQLITE = Backend("SQLite")


def backends(names: Sequence[str]) -> tuple[list[Backend], list[str]]:
    """The backends asked for ("sqlite", "postgresql"), and why any of them cannot run here."""
    chosen, notes = [], []
    for name in names:
        if name == "sqlite":
            chosen.append(SQLITE)
        elif (server := os.environ.get(SERVER_URL_VAR)) is None:
            notes.append(f"PostgreSQL skipped: set {SERVER_URL_VAR} to a server URL")
        else:
            chosen.append(Backend("PostgreSQL", server))
    return chosen, notes


@asynccontextmanager
async def fresh_database(
    backend: Backend, directory: Path, *, label: str = "test"
) -> AsyncIterator[str]:
    """An empty database's async URL, deleted afterwards.

    `label` starts the schema's name, so that a schema left behind by a killed run tells
    what left it.
    """
    if backend.server_url is None:
        path = directory / f"coach-{uuid.uuid4().hex}.sqlite3"
        try:
            yield f"sqlite+aiosqlite:///{path}"
        finally:
            remove_sqlite(path)
        return
    schema = f"{label}_{uuid.uuid4().hex}"
    await _execute(backend.server_url, f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(backend.server_url).update_query_dict({"search_path": schema})
        yield url.render_as_string(hide_password=False)
    finally:
        await _execute(backend.server_url, f'DROP SCHEMA "{schema}" CASCADE')


def remove_sqlite(path: Path) -> None:
    for leftover in path.parent.glob(f"{path.name}*"):  # with its -wal and -shm
        leftover.unlink()


async def _execute(url: str, script: str, *, schema: str | None = None) -> None:
    """Run `script` (statements without parameters) on the PostgreSQL server at `url`, in
    `schema` if given: on asyncpg's own connection, in one round trip, without the dialect
    set-up an engine's first connection makes."""
    dsn = make_url(url).set(drivername="postgresql").difference_update_query(["search_path"])
    settings = {} if schema is None else {"search_path": schema}
    connection = await asyncpg.connect(
        dsn.render_as_string(hide_password=False), server_settings=settings
    )
    try:
        await connection.execute(script)
    finally:
        await connection.close()


async def migrate_from_template(url: str) -> None:
    """Bring the empty database at `url` to what `upgrade_to_head` makes of it, by copying;
    once (a test can ask for an `engine` and a bot on the same database)."""
    if url in _copied:
        return
    _copied.add(url)
    parsed = make_url(url)
    path = sqlite_file(parsed)
    if path is not None:
        _copy_sqlite(await _sqlite_template(), path)
        return
    await _execute(url, await _postgresql_script(url), schema=str(parsed.query["search_path"]))


# Per process (each xdist worker builds its own): the migrated SQLite file, in a directory
# removed when the process exits, and the statements a migration of an empty PostgreSQL
# schema ran, per server.
_sqlite_templates: list[tuple[tempfile.TemporaryDirectory[str], Path]] = []
_postgresql_scripts: dict[str, str] = {}
# Every database's URL is new (a uuid in it): those copied to already.
_copied: set[str] = set()


async def _sqlite_template() -> Path:
    if not _sqlite_templates:
        directory = tempfile.TemporaryDirectory(prefix="coach-template-")
        path = Path(directory.name) / "template.sqlite3"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade_to_head(engine)
        finally:
            await engine.dispose()
        _sqlite_templates.append((directory, path))
    return _sqlite_templates[0][1]


def _copy_sqlite(template: Path, path: Path) -> None:
    # SQLite's backup API copies a consistent database, whatever the template's journal mode.
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(path)) as target:
        source.backup(target)


async def _postgresql_script(url: str) -> str:
    """The statements that migrating an empty schema on `url`'s server ran, reads left out."""
    server = (
        make_url(url).difference_update_query(["search_path"]).render_as_string(hide_password=False)
    )
    if server not in _postgresql_scripts:
        statements: list[str] = []

        def record(*args: Any) -> None:
            statement, parameters = args[2], args[3]
            if statement.lstrip().upper().startswith("SELECT"):
                return
            # Only statements without parameters can be replayed as one script.
            assert not parameters, f"a migration statement with parameters: {statement}"
            statements.append(statement)

        async with fresh_database(Backend("PostgreSQL", server), Path(), label="template") as empty:
            engine = create_engine(empty, poolclass=NullPool)
            event.listen(engine.sync_engine, "before_cursor_execute", record)
            try:
                await upgrade_to_head(engine)
            finally:
                await engine.dispose()
        _postgresql_scripts[server] = ";\n".join(statements)
    return _postgresql_scripts[server]
