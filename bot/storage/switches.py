"""The coaching switches a person set, one row each; a person without a row has the defaults."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.coaching_switches import CoachingSwitches
from bot.core.readiness import PainRegion
from bot.storage.database import of_people, table_of, upsert
from bot.storage.models import CoachingSwitchesRow

# A reminder batch's read (see bot.storage.database.PEOPLE), as plain rows, on the table
# (`table_of`).
_SWITCHES = table_of(CoachingSwitchesRow)
_SWITCHES_OF = select(*_SWITCHES.columns).where(of_people(_SWITCHES.c.user_id))
_DEFAULTS = CoachingSwitches()


class SwitchesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> CoachingSwitches:
        row = await self._session.get(CoachingSwitchesRow, user_id, populate_existing=True)
        return CoachingSwitches() if row is None else _from_row(row)

    async def get_many(self, user_ids: Collection[int]) -> dict[int, CoachingSwitches]:
        """The switches of each of `user_ids` (defaults for those without a row), in one query."""
        rows = await self._session.execute(_SWITCHES_OF, {"user_ids": list(user_ids)})
        found = {row.user_id: _from_row(row) for row in rows}
        return {user_id: found.get(user_id, _DEFAULTS) for user_id in user_ids}

    async def save(self, user_id: int, switches: CoachingSwitches) -> None:
        """Insert or replace the person's switches; the user must exist."""
        values = {**asdict(switches), "user_id": user_id}
        values["avoid"] = switches.avoid.value if switches.avoid else None
        await upsert(self._session, CoachingSwitchesRow, values)


def _from_row(row: CoachingSwitchesRow | Row[Any]) -> CoachingSwitches:
    return CoachingSwitches(
        readiness_check=row.readiness_check,
        rest_timer=row.rest_timer,
        skip_button=row.skip_button,
        moments=row.moments,
        app_set_messages=row.app_set_messages,
        avoid=PainRegion(row.avoid) if row.avoid else None,
    )
