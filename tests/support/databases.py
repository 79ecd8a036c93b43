"""Throwaway databases: an empty one per test or benchmark run, removed afterwards.

On SQLite a file in a directory of the caller's; on PostgreSQL a new schema on the server
TEST_DATABASE_URL names, selected with the `search_path` URL parameter that
`bot.storage.database.create_engine` understands, so that runs never see each other's
tables and need no database of their own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.storage.database import create_engine

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


async def _execute(url: str, statement: str) -> None:
    # NullPool: the connection is closed with the engine, not kept for a reuse that never comes.
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()
