"""A person's plan changes: sessions moved within their week, and a travel period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.plan_changes import PlanChanges
from bot.core.profile import Equipment
from bot.core.programme import monday_of
from bot.core.reschedule import Away
from bot.storage.database import of_people, table_of, upsert
from bot.storage.models import MovedSession, TravelPeriod

# A reminder batch's reads (see bot.storage.database.PEOPLE), as plain rows, on the tables
# (`table_of`).
_MOVES, _TRAVELS = table_of(MovedSession), table_of(TravelPeriod)
_MOVES_OF = select(_MOVES.c.user_id, _MOVES.c.planned_on, _MOVES.c.moved_to).where(
    of_people(_MOVES.c.user_id)
)
_TRAVELS_OF = select(*_TRAVELS.columns).where(of_people(_TRAVELS.c.user_id))


class PlanChangesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, user_ids: Collection[int]) -> dict[int, PlanChanges]:
        """The plan changes of each of `user_ids` (none for most), in two queries."""
        params = {"user_ids": list(user_ids)}
        moves: dict[int, dict[date, date | None]] = defaultdict(dict)
        for user_id, planned, to in await self._session.execute(_MOVES_OF, params):
            moves[user_id][planned] = to
        travels = await self._session.execute(_TRAVELS_OF, params)
        away = {row.user_id: _away_from_row(row) for row in travels}
        return {
            user_id: PlanChanges(moves.get(user_id, {}), away.get(user_id)) for user_id in user_ids
        }

    async def move(self, user_id: int, planned: date, to: date | None) -> None:
        """Keep the move of the session of `planned` (to None: dropped); the moves of other
        weeks change no plan any more, so they go."""
        monday = monday_of(planned)
        await self._session.execute(
            delete(MovedSession).where(
                MovedSession.user_id == user_id,
                (MovedSession.planned_on < monday)
                | (MovedSession.planned_on > monday + timedelta(days=6)),
            )
        )
        values = {"user_id": user_id, "planned_on": planned, "moved_to": to}
        await upsert(self._session, MovedSession, values)

    async def travel(self, user_id: int, away: Away | None) -> None:
        """Keep the travel period, replacing the one before; None ends it."""
        if away is None:
            await self._session.execute(delete(TravelPeriod).where(TravelPeriod.user_id == user_id))
            return
        values = {
            "user_id": user_id,
            "equipment": ",".join(sorted(item.value for item in away.equipment)),
            "until": away.until,
        }
        await upsert(self._session, TravelPeriod, values)


def _away_from_row(row: TravelPeriod | Row[Any]) -> Away:
    names = row.equipment.split(",") if row.equipment else []
    return Away(frozenset(Equipment(name) for name in names), row.until)
