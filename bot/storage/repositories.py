"""Repositories: read and write Coach's data, handing callers domain values, not rows.

A repository works inside the caller's session and never commits, so several calls can
share one transaction. The usual pattern is

    async with sessions.begin() as session:    # commits on success, rolls back on error
        await UserRepository(session).upsert(...)
        await ProfileRepository(session).save(user_id, profile)

where `sessions` comes from `bot.storage.database.session_factory(engine)`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Text, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.bodyweight import WeighIn
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.storage.database import of_people, table_of, upsert
from bot.storage.models import BodyweightEntry, Plan, Profile, User, utcnow

# A reminder batch's reads (see bot.storage.database.PEOPLE), as plain rows rather than ORM
# objects: a batch reads a hundred at once.
# On the tables (see bot.storage.database.table_of).
_PROFILES, _PLANS = table_of(Profile), table_of(Plan)
_PROFILES_OF = select(*_PROFILES.columns).where(of_people(_PROFILES.c.user_id))
_NEWEST_PLAN_IDS = (
    select(func.max(_PLANS.c.id)).where(of_people(_PLANS.c.user_id)).group_by(_PLANS.c.user_id)
)
_CURRENT_PLAN_TEXTS = select(_PLANS.c.user_id, cast(_PLANS.c.data, Text)).where(
    _PLANS.c.id.in_(_NEWEST_PLAN_IDS)
)


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A Telegram user as Coach last saw them."""

    user_id: int
    chat_id: int
    first_name: str | None
    language_code: str | None
    created_at: datetime
    updated_at: datetime


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(
        self, user_id: int, chat_id: int, first_name: str | None, language_code: str | None
    ) -> None:
        now = utcnow()
        values = {
            "id": user_id,
            "chat_id": chat_id,
            "first_name": first_name,
            "language_code": language_code,
            "created_at": now,
            "updated_at": now,
        }
        await upsert(self._session, User, values, insert_only={"created_at"})

    async def get(self, user_id: int) -> UserRecord | None:
        row = await self._session.get(User, user_id, populate_existing=True)
        if row is None:
            return None
        return UserRecord(
            user_id=row.id,
            chat_id=row.chat_id,
            first_name=row.first_name,
            language_code=row.language_code,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    async def set_locale(self, user_id: int, locale: str, *, if_unset: bool = False) -> None:
        """Make `locale` the stored user's language (with `if_unset`, only if they have none
        yet: one statement, so two instances cannot both find it unset)."""
        statement = update(User).where(User.id == user_id).values(locale=locale)
        if if_unset:
            statement = statement.where(User.locale.is_(None))
        await self._session.execute(statement)

    async def locale(self, user_id: int) -> str | None:
        """The user's language; None if they never had one set, or are not stored."""
        stored: str | None = await self._session.scalar(
            select(User.locale).where(User.id == user_id)
        )
        return stored

    async def delete(self, user_id: int) -> bool:
        """Forget a user; the database cascades to their profile and plans."""
        deleted = await self._session.scalar(
            delete(User).where(User.id == user_id).returning(User.id)
        )
        return deleted is not None


class ProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> TrainingProfile | None:
        # populate_existing: an earlier `get` in this session must not hide a later `save`,
        # which writes with a Core statement that bypasses the identity map.
        row = await self._session.get(Profile, user_id, populate_existing=True)
        return None if row is None else _profile_from_row(row)

    async def get_many(self, user_ids: Collection[int]) -> dict[int, TrainingProfile]:
        """The profiles of those of `user_ids` who have one, in one query."""
        rows = await self._session.execute(_PROFILES_OF, {"user_ids": list(user_ids)})
        return {row.user_id: _profile_from_row(row) for row in rows}

    async def save(self, user_id: int, profile: TrainingProfile) -> None:
        """Insert or replace the profile; the user must have been upserted before."""
        await upsert(self._session, Profile, _profile_values(user_id, profile))


class PlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, user_id: int, data: dict[str, Any]) -> None:
        """Store `data` as the user's new current plan (older plans are kept)."""
        self._session.add(Plan(user_id=user_id, data=data))
        await self._session.flush()

    async def current(self, user_id: int) -> dict[str, Any] | None:
        # Ordering by id, not created_at: two plans saved within one clock tick stay ordered.
        query = select(Plan.data).where(Plan.user_id == user_id).order_by(Plan.id.desc()).limit(1)
        data: dict[str, Any] | None = await self._session.scalar(query)
        return data

    async def current_text(self, user_id: int) -> str | None:
        """The current plan's JSON text, unparsed: see `plan_json.plan_from_json`."""
        query = (
            select(cast(Plan.data, Text))
            .where(Plan.user_id == user_id)
            .order_by(Plan.id.desc())
            .limit(1)
        )
        text: str | None = await self._session.scalar(query)
        return text

    async def current_texts(self, user_ids: Collection[int]) -> dict[int, str]:
        """The current plan's JSON text of each of `user_ids` who has one, in one query."""
        rows = await self._session.execute(_CURRENT_PLAN_TEXTS, {"user_ids": list(user_ids)})
        return dict(rows.all())


class BodyweightRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, user_id: int, day: date, kilograms: float) -> None:
        """Keep the person's bodyweight of `day`, replacing one given earlier that day."""
        values = {"user_id": user_id, "local_date": day, "kilograms": kilograms}
        await upsert(self._session, BodyweightEntry, values)

    async def weigh_ins(self, user_id: int) -> list[WeighIn]:
        """Every weigh-in of the person, oldest first (one a day: a few thousand at most)."""
        rows = await self._session.execute(
            select(BodyweightEntry.local_date, BodyweightEntry.kilograms)
            .where(BodyweightEntry.user_id == user_id)
            .order_by(BodyweightEntry.local_date)
        )
        return [WeighIn(day, kilograms) for day, kilograms in rows.all()]


def _profile_values(user_id: int, profile: TrainingProfile) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "goal": profile.goal.value,
        "experience": profile.experience.value,
        "units": profile.units.value,
        "equipment": ",".join(sorted(item.value for item in profile.equipment)),
        "weekdays": ",".join(day.short for day in profile.weekdays),
        "weekdays_suggested": profile.weekdays_suggested,
        "reminder_time": profile.reminder_time,
        "timezone": profile.timezone,
        "bodyweight_kg": profile.bodyweight_kg,
        "programme_start": profile.programme_start,
        "own_weights": ",".join(f"{weight:g}" for weight in profile.own_weights) or None,
        "updated_at": utcnow(),
    }


def _profile_from_row(row: Profile | Row[Any]) -> TrainingProfile:
    return TrainingProfile(
        goal=Goal(row.goal),
        experience=Experience(row.experience),
        equipment=_equipment(row.equipment),
        weekdays=_weekdays(row.weekdays),
        reminder_time=row.reminder_time,
        timezone=row.timezone,
        units=Units(row.units),
        bodyweight_kg=row.bodyweight_kg,
        weekdays_suggested=row.weekdays_suggested,
        programme_start=row.programme_start,
        own_weights=_weights(row.own_weights or ""),
    )


# A reminder batch reads a hundred profiles at once, and people share a few of each list.
@lru_cache(maxsize=1024)
def _equipment(text: str) -> frozenset[Equipment]:
    return frozenset(Equipment(item) for item in _split(text))


@lru_cache(maxsize=1024)
def _weekdays(text: str) -> tuple[Weekday, ...]:
    return tuple(Weekday.from_short(day) for day in _split(text))


@lru_cache(maxsize=1024)
def _weights(text: str) -> tuple[float, ...]:
    return tuple(float(weight) for weight in _split(text))


def _split(text: str) -> list[str]:
    return text.split(",") if text else []
