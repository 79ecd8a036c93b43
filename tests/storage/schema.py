"""What the migration tests read of a database's schema, and one step back in its history.

Each runs on a synchronous connection: pass them to `AsyncConnection.run_sync`.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage.migrate import alembic_config, sqlite_foreign_keys_off
from bot.storage.models import Base


def tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def schema_diff(connection: Connection) -> list[Any]:
    """How the database's schema differs from the models' (empty when they agree)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    with sqlite_foreign_keys_off(connection):
        command.downgrade(config, revision)
