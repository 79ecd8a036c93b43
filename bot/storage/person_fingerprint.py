"""What changes whenever a person's settings do, read as one value (PostgreSQL).

On PostgreSQL each update reads again what the services keep in memory of the person,
since another instance may have changed it: six queries and a plan's JSON on every
update. Every write gives the rows it touches a new transaction id (`xmin`), and a
deletion changes a count, so these few numbers tell whether any of it changed since the
copies were read, and the copies are read again only then. The value is a column of the
statement that loads the person's state (bot.storage.persistence), so it costs no query.
"""

from __future__ import annotations

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


def rows_fingerprint(rows: str, where: str, xmin: str = "xmin") -> str:
    """A SQL text value that changes whenever any of `rows` (a FROM clause) matching `where`
    does: their count, and the sum of their transaction ids (`xmin`)."""
    return (
        f"(SELECT count(*) || '.' || coalesce(sum({xmin}::text::bigint), 0)"
        f" FROM {rows} WHERE {where})"
    )


# The fingerprint as one SQL text value of `:user_id`, to be read as a column.
PERSON_FINGERPRINT = " || '/' || ".join(
    rows_fingerprint(table, f"{column} = :user_id") for table, column in PERSON_TABLES
)
