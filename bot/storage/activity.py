"""Many people's recent training at once: what a batch of reminders reads in a few
queries instead of a few per person (see bot.services.reminder_batch).

Each read answers for a set of people what `WorkoutRepository` answers for one, with the
same meaning. Like the other repositories it works inside the caller's session and never
commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.readiness import PainRegion, Readiness
from bot.storage.database import of_people, table_of
from bot.storage.models import ExerciseLog, ReadinessAnswer, Workout
from bot.storage.workouts import has_log

# A reminder batch's reads (see bot.storage.database.PEOPLE), on the tables (`table_of`).
_SESSIONS, _ANSWERS, _LOGS = table_of(Workout), table_of(ReadinessAnswer), table_of(ExerciseLog)
_LOGGED_DATES = (
    select(_SESSIONS.c.user_id, _SESSIONS.c.local_date)
    .where(
        of_people(_SESSIONS.c.user_id),
        _SESSIONS.c.local_date >= bindparam("since"),
        has_log(),
    )
    .order_by(_SESSIONS.c.user_id, _SESSIONS.c.local_date)
)
_READINESS_BETWEEN = select(
    _ANSWERS.c.user_id,
    _ANSWERS.c.local_date,
    _ANSWERS.c.sleep,
    _ANSWERS.c.soreness,
    _ANSWERS.c.pain,
).where(
    of_people(_ANSWERS.c.user_id),
    _ANSWERS.c.local_date >= bindparam("first"),
    _ANSWERS.c.local_date <= bindparam("last"),
)
_WITH_LOGS = select(_LOGS.c.user_id).where(of_people(_LOGS.c.user_id)).distinct()


class ActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def logged_dates(self, user_ids: Collection[int], since: date) -> dict[int, list[date]]:
        """Each person's local dates, from `since` on and oldest first, on which they
        logged (`WorkoutRepository.logged_dates`); people with none are left out."""
        params = {"user_ids": list(user_ids), "since": since}
        dates: dict[int, list[date]] = defaultdict(list)
        for user_id, local_date in await self._session.execute(_LOGGED_DATES, params):
            dates[user_id].append(local_date)
        return dates

    async def readiness_between(
        self, user_ids: Collection[int], first: date, last: date
    ) -> dict[int, dict[date, Readiness]]:
        """How each person said they were on the days from `first` to `last` they said it;
        people who said nothing are left out."""
        params = {"user_ids": list(user_ids), "first": first, "last": last}
        rows = await self._session.execute(_READINESS_BETWEEN, params)
        answers: dict[int, dict[date, Readiness]] = defaultdict(dict)
        for user_id, local_date, sleep, soreness, pain in rows:
            region = PainRegion(pain) if pain is not None else None
            answers[user_id][local_date] = Readiness(sleep, soreness, region)
        return answers

    async def with_logs(self, user_ids: Collection[int]) -> set[int]:
        """Those of `user_ids` who ever logged an exercise."""
        return set(await self._session.scalars(_WITH_LOGS, {"user_ids": list(user_ids)}))
