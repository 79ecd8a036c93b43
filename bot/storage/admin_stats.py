"""The numbers behind /admin stats, read in one round trip to the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.stats import AdminStats
from bot.storage.models import ExerciseLog, Profile, Reminder


async def admin_stats(session: AsyncSession, now: datetime) -> AdminStats:
    """Counts at `now` (timezone-aware); every window ends at `now` and includes it.

    * `users`: every person onboarded at least once and not deleted (their profile: a
      `users` row alone may be someone who only chose a language or pressed /start);
    * `active_this_week`: distinct people with an exercise log in the 7 days before `now`;
    * `reminders_sent_today`: reminder rows whose last send falls in the 24 h before `now`.
      It counts rows, one per person and kind, not messages: a row keeps only its latest
      send, so a person who got both a workout and a nutrition reminder counts twice, and a
      reminder sent twice in the window (a changed time) counts once;
    * `logs_today`: exercise logs (logging messages, not sets) in the 24 h before `now`.

    No index leads with `logged_at` or `last_sent_at`, so the windows scan those tables;
    acceptable for a command an admin sends now and then.
    """
    week_ago, day_ago = now - timedelta(days=7), now - timedelta(hours=24)
    query = select(
        select(func.count()).select_from(Profile).scalar_subquery(),
        select(func.count(distinct(ExerciseLog.user_id)))
        .where(ExerciseLog.logged_at > week_ago, ExerciseLog.logged_at <= now)
        .scalar_subquery(),
        select(func.count())
        .select_from(Reminder)
        .where(Reminder.last_sent_at > day_ago, Reminder.last_sent_at <= now)
        .scalar_subquery(),
        select(func.count())
        .select_from(ExerciseLog)
        .where(ExerciseLog.logged_at > day_ago, ExerciseLog.logged_at <= now)
        .scalar_subquery(),
    )
    users, active, reminders, logs = (await session.execute(query)).one()
    return AdminStats(
        users=users, active_this_week=active, reminders_sent_today=reminders, logs_today=logs
    )
