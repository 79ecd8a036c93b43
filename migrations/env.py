"""Alembic environment for Coach: async engines, batch mode (SQLite), the models' metadata.

Where the database comes from, first match wins:
1. `config.attributes["connection"]`: a connection handed over by `bot.storage.migrate`;
2. `alembic -x url=...`;
3. the bot's settings (`DATABASE_URL`, else the SQLite file in `DATA_DIR`).
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot.config import load_settings
from bot.storage.database import create_engine
from bot.storage.migrate import sqlite_foreign_keys_off
from bot.storage.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata

# Only the command line configures logging: inside the bot it would replace the bot's own.
if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name)


def database_url() -> str:
    url: str | None = context.get_x_argument(as_dictionary=True).get("url")
    return url or load_settings().resolved_database_url


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Revisions must not import application code, which may change after they are written.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure_options() -> dict[str, Any]:
    return {
        "target_metadata": target_metadata,
        "render_as_batch": True,
        "compare_type": True,
        "render_item": render_item,
    }


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **configure_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, **configure_options())
    with context.begin_transaction():
        context.run_migrations()


def run_with_foreign_keys_off(connection: Connection) -> None:
    with sqlite_foreign_keys_off(connection):
        do_run_migrations(connection)


async def run_async_migrations(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_with_foreign_keys_off)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        asyncio.run(run_async_migrations(database_url()))
    else:
        do_run_migrations(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
