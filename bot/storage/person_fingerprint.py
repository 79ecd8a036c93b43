"""What changes whenever a person's settings do, read in one small query (PostgreSQL).

On PostgreSQL each update reads again what the services keep in memory of the person,
since another instance may have changed it: six queries and a plan's JSON on every
update. Every write gives the rows it touches a new transaction id (`xmin`), and a
deletion changes a count, so these few numbers tell whether any of it changed since the
copies were read, and the copies are read again only then.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Each table whose rows of the person are kept in memory (bot.services.person_cache):
# the person (language), profile, plans, coaching switches and plan changes.
PERSON_TABLES = (
    ("users", "id"),
    ("profiles", "user_id"),
    ("plans", "user_id"),
    ("coaching_switches", "user_id"),
    ("moved_sessions", "user_id"),
    ("travel_periods", "user_id"),
)

_FINGERPRINT = text(
    "SELECT "
    + ", ".join(
        f"(SELECT count(*) || '.' || coalesce(sum(xmin::text::bigint), 0)"
        f" FROM {table} WHERE {column} = :user_id)"
        for table, column in PERSON_TABLES
    )
)


async def person_fingerprint(session: AsyncSession, user_id: int) -> tuple[str, ...]:
    """The fingerprint of the person's rows in `PERSON_TABLES`, as `session` reads them."""
    row = (await session.execute(_FINGERPRINT, {"user_id": user_id})).one()
    return tuple(row)
