"""A person's reminders: created with the profile, switched on and off, moved, paused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.profile import TrainingProfile
from bot.core.reminder_schedule import (
    DEFAULT_TIMES,
    ReminderKind,
    ReminderSetting,
    next_fire,
    pause_until,
    reminder_days,
)
from bot.storage.inbox import first_application
from bot.storage.reminders import ReminderRepository

KINDS: tuple[ReminderKind, ...] = (
    ReminderKind.WORKOUT,
    ReminderKind.RECOVERY,
    ReminderKind.NUTRITION,
    ReminderKind.WEEKLY_SUMMARY,
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def slot_after(
    kind: ReminderKind, local_time: time, profile: TrainingProfile, after: datetime
) -> datetime | None:
    """The kind's first slot after `after`; None when it has no day to fire on."""
    days = reminder_days(kind, profile.weekdays)
    return next_fire(local_time, profile.timezone, after, days) if days else None


def _default_time(kind: ReminderKind, profile: TrainingProfile) -> time:
    return DEFAULT_TIMES[kind] or profile.reminder_time


async def sync_with_profile(
    session: AsyncSession, user_id: int, profile: TrainingProfile, now: datetime
) -> None:
    """Create or reschedule the person's reminders after their profile changed.

    Workout and recovery reminders follow the profile's reminder time; other kinds keep a
    time the person chose in /reminders.
    """
    repo = ReminderRepository(session)
    chosen = {setting.kind: setting.local_time for setting in await repo.list_for(user_id)}
    rows = []
    for kind in KINDS:
        follows_profile = DEFAULT_TIMES[kind] is None
        local_time = chosen.get(kind) if not follows_profile else None
        local_time = local_time or _default_time(kind, profile)
        rows.append((kind.value, local_time, slot_after(kind, local_time, profile, now)))
    await repo.upsert_settings(user_id, rows)


@dataclass(frozen=True, slots=True)
class ReminderSettingsService:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = _utcnow

    async def current(self, user_id: int) -> list[ReminderSetting]:
        async with self.sessions() as session:
            settings = await ReminderRepository(session).list_for(user_id)
        order = {kind.value: index for index, kind in enumerate(KINDS)}
        return sorted(
            (s for s in settings if s.kind in order), key=lambda setting: order[setting.kind]
        )

    async def toggle(
        self,
        user_id: int,
        profile: TrainingProfile,
        kind: ReminderKind,
        *,
        update_id: int | None = None,
    ) -> bool:
        """Switch one reminder on or off; returns whether it is now on. The same press
        handled again (after a crash) leaves it as the first handling left it."""
        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            current = {s.kind: s for s in await repo.list_for(user_id)}.get(kind.value)
            if current is None:
                return False
            if not await first_application(session, update_id, self.clock()):
                return current.enabled
            enabled = not current.enabled
            slot = self._next(kind, current.local_time, profile, current) if enabled else None
            await repo.set_enabled(user_id, kind.value, enabled, slot)
            return enabled

    async def set_time(
        self, user_id: int, profile: TrainingProfile, kind: ReminderKind, local_time: time
    ) -> None:
        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            current = {s.kind: s for s in await repo.list_for(user_id)}.get(kind.value)
            slot = self._next(kind, local_time, profile, current)
            await repo.set_time(user_id, kind.value, local_time, slot)

    async def pause(self, user_id: int, profile: TrainingProfile, days: int) -> datetime:
        """Pause every reminder for `days` days; returns when the pause ends."""
        until = pause_until(self.clock(), days)
        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            settings = await repo.list_for(user_id)
            await repo.pause(user_id, until, self._slots(settings, profile, until))
        return until

    async def resume(self, user_id: int, profile: TrainingProfile) -> bool:
        """End a pause; whether there was one still running."""
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = ReminderRepository(session)
            settings = await repo.list_for(user_id)
            await repo.resume(user_id, self._slots(settings, profile, now))
        return any(s.paused_until is not None and s.paused_until > now for s in settings)

    def _next(
        self,
        kind: ReminderKind,
        local_time: time,
        profile: TrainingProfile,
        current: ReminderSetting | None,
    ) -> datetime | None:
        after = self.clock()
        if current is not None and current.paused_until is not None:
            after = max(after, current.paused_until)
        return slot_after(kind, local_time, profile, after)

    @staticmethod
    def _slots(
        settings: list[ReminderSetting], profile: TrainingProfile, after: datetime
    ) -> dict[str, datetime]:
        slots = {}
        for setting in settings:
            slot = slot_after(ReminderKind(setting.kind), setting.local_time, profile, after)
            if setting.enabled and slot is not None:
                slots[setting.kind] = slot
        return slots
