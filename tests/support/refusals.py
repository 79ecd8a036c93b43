"""A table that refuses every insert, as a full disk or a broken database would."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def refuse_inserts(engine: AsyncEngine, table: str, quoted_column: str) -> None:
    """From now on every INSERT into `table` fails: on PostgreSQL with an error that quotes
    the row's `quoted_column`, as some of its own errors quote values ("invalid input syntax
    for type integer: ..."); SQLite's RAISE takes a fixed message only."""
    if engine.dialect.name == "sqlite":
        statements = [
            f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
        ]
    else:
        statements = [
            f"CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION 'cannot store %', NEW.{quoted_column}; END $$",
            f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_{table}()",
        ]
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement))
