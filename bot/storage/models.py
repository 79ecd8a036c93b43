"""Database tables, as SQLAlchemy typed declarative models.

Encodings chosen for portability between SQLite and PostgreSQL:

* enums (goal, experience, units) are stored as their string values, without CHECK
  constraints, so adding a member needs no migration;
* `Profile.equipment` is a comma-separated list of `Equipment` values in sorted order
  (empty string for bodyweight only), `Profile.weekdays` a comma-separated list of
  `Weekday.short` names in the profile's order (e.g. "mon,wed,fri");
* timestamps are timezone-aware UTC in Python whatever the database keeps (see `UTCDateTime`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names let Alembic's batch mode on SQLite find constraints to alter.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A `DateTime(timezone=True)` that always hands back aware UTC datetimes.

    SQLite has no timezone-aware type and returns naive values; storing UTC there and
    re-attaching the zone on load keeps both backends alike for callers.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Coach stores timezone-aware UTC timestamps")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"

    # Telegram's user id, so no sequence.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str | None] = mapped_column(String(255))
    language_code: Mapped[str | None] = mapped_column(String(35))
    # The language Coach speaks with the person ("ru", "pt_BR"): set from Telegram's
    # language_code at their first /start, changed with /language; None before either.
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Profile(Base):
    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[str] = mapped_column(String(32))
    experience: Mapped[str] = mapped_column(String(32))
    units: Mapped[str] = mapped_column(String(8))
    equipment: Mapped[str] = mapped_column(String(255))
    weekdays: Mapped[str] = mapped_column(String(32))
    weekdays_suggested: Mapped[bool] = mapped_column(Boolean)
    reminder_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    bodyweight_kg: Mapped[float | None] = mapped_column(Float)
    # The programme's first day: set at onboarding, and by revision 0007 for people who
    # onboarded before programmes existed (their programme starts at their next session).
    programme_start: Mapped[date | None] = mapped_column(Date)
    # The dumbbells or kettlebells the person owns, in their unit: "16,24"; None when unsaid.
    own_weights: Mapped[str | None] = mapped_column(String(1000))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Plan(Base):
    """A generated plan; the row with the highest id of a user is the current one."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Conversation(Base):
    """A `ConversationHandler` state; `key` is the JSON text of PTB's key tuple."""

    __tablename__ = "ptb_conversations"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[Any] = mapped_column(JSON)


class UserData(Base):
    """PTB's `context.user_data` of one user. No foreign key: PTB keeps data for
    people who never finished /start and so have no `users` row."""

    __tablename__ = "ptb_user_data"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Workout(Base):
    """A workout session: one person's training on one of their local calendar days."""

    __tablename__ = "workout_sessions"
    __table_args__ = (
        # Also the index for every per-person lookup and for the cascade from users.
        UniqueConstraint("user_id", "local_date", name="uq_workout_sessions_user_id_local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which exercise of the day's plan the person is on.
    current_index: Mapped[int] = mapped_column(Integer, default=0)


class ExerciseLog(Base):
    """One logging message of a person: an exercise and the sets done (`ExerciseSet`).

    `exercise_id` is None for exercises outside the catalogue, which are known only by
    `exercise_name`. `exercise_key` is that name case-folded in Python, because SQLite's
    lower() folds ASCII letters only; history of such exercises is matched on it.
    The unique (user_id, source_message_id) makes a redelivered Telegram update store
    one log. Undo and Edit buttons name a log by its id, so an id is never given out twice:
    AUTOINCREMENT on SQLite, which otherwise reuses the id of the newest row deleted
    (PostgreSQL's sequence never goes back).
    """

    __tablename__ = "exercise_logs"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "source_message_id", name="uq_exercise_logs_user_id_source_message_id"
        ),
        Index("ix_exercise_logs_user_id_logged_at", "user_id", "logged_at"),
        Index("ix_exercise_logs_user_id_exercise_id", "user_id", "exercise_id", "logged_at"),
        Index("ix_exercise_logs_user_id_exercise_key", "user_id", "exercise_key", "logged_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workout_sessions.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str | None] = mapped_column(String(64))
    exercise_name: Mapped[str] = mapped_column(String(1000))
    exercise_key: Mapped[str] = mapped_column(String(255))
    source_message_id: Mapped[int] = mapped_column(BigInteger)
    raw_text: Mapped[str] = mapped_column(Text)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    bodyweight: Mapped[bool] = mapped_column(Boolean)
    per_side: Mapped[bool] = mapped_column(Boolean)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[int | None] = mapped_column(Integer)


class ExerciseSet(Base):
    """One set of a log; `unit` is "kg", "lb" or None (no load, or no unit written)."""

    __tablename__ = "logged_sets"
    __table_args__ = (
        UniqueConstraint("log_id", "position", name="uq_logged_sets_log_id_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    log_id: Mapped[int] = mapped_column(Integer, ForeignKey("exercise_logs.id", ondelete="CASCADE"))
    # 1-based order of the sets within the log.
    position: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    weight: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(8))
    warmup: Mapped[bool] = mapped_column(Boolean, default=False)


class BodyweightEntry(Base):
    """A person's bodyweight on one of their local days; a second weigh-in that day replaces
    the first. The primary key also serves per-person lookups and the cascade from users."""

    __tablename__ = "bodyweight_entries"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    kilograms: Mapped[float] = mapped_column(Float)


class ReadinessAnswer(Base):
    """How a person said they were on one of their local days (the readiness check, or
    "my knee hurts" in the chat): it changes that day's prescription wherever it is shown.
    `pain` is a `PainRegion` value, or None for no pain."""

    __tablename__ = "readiness_answers"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    sleep: Mapped[int] = mapped_column(Integer)
    soreness: Mapped[int] = mapped_column(Integer)
    pain: Mapped[str | None] = mapped_column(String(16))


class CoachingSwitchesRow(Base):
    """What a person switched on or off (`bot.core.coaching_switches.CoachingSwitches`); no
    row means the defaults. `avoid` is a `PainRegion` value, or None."""

    __tablename__ = "coaching_switches"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    readiness_check: Mapped[bool] = mapped_column(Boolean)
    rest_timer: Mapped[bool] = mapped_column(Boolean)
    skip_button: Mapped[bool] = mapped_column(Boolean)
    moments: Mapped[bool] = mapped_column(Boolean)
    app_set_messages: Mapped[bool] = mapped_column(Boolean)
    avoid: Mapped[str | None] = mapped_column(String(16))


class MovedSession(Base):
    """A session of the person's plan moved to a later day of its week, or dropped
    (`moved_to` None): the stored plan stays as it is, and every instance plans the week
    with the move. Moves of earlier weeks change no plan and go with the next move."""

    __tablename__ = "moved_sessions"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    planned_on: Mapped[date] = mapped_column(Date, primary_key=True)
    moved_to: Mapped[date | None] = mapped_column(Date)


class TravelPeriod(Base):
    """The person trains with only `equipment` up to and including `until` (their local
    day): comma-separated `Equipment` values in sorted order, empty for bodyweight only."""

    __tablename__ = "travel_periods"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    equipment: Mapped[str] = mapped_column(String(255))
    until: Mapped[date] = mapped_column(Date)


class BotPrompt(Base):
    """A message the bot sent about an exercise, so that a reply to it logs that exercise."""

    __tablename__ = "bot_prompts"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    exercise_id: Mapped[str | None] = mapped_column(String(64))
    exercise_name: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadingAnswer(Base):
    """How a person answered a question about reading their logs, so that it is asked once:
    of one exercise ("@ 10": RPE or kg?), keyed by its id, or of a name the catalogue does
    not know ("which exercise is it?"), keyed by the name folded."""

    __tablename__ = "reading_answers"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    question: Mapped[str] = mapped_column(String(32), primary_key=True)
    answer: Mapped[str] = mapped_column(String(32))


class Reminder(Base):
    """One kind of reminder of one person, scheduled by its next fire instant.

    `kind` is a `ReminderKind` value, stored as text so a new kind needs no migration.
    `next_fire_at` is NULL when the reminder is off, or on with no slot ahead (no training
    days). `retry_slot_at` is set only while a failed send waits for its retry, which
    delivers that slot again; see `bot.storage.reminders` for the delivery contract.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        # The due query is an index range scan on it: enabled = true AND next_fire_at <= now,
        # already in next_fire_at order; the count of the hour ahead (send-ahead planning)
        # finds every column it reads in it, without a visit to the table per reminder. The
        # primary key serves per-person lookups and the cascade from users.
        Index(
            "ix_reminders_upcoming", "enabled", "next_fire_at", "kind", "user_id", "retry_slot_at"
        ),
    )

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Wall-clock time in the profile's timezone.
    local_time: Mapped[time] = mapped_column(Time)
    enabled: Mapped[bool] = mapped_column(Boolean)
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Failed sends of the slot being retried.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InboxUpdate(Base):
    """A Telegram update as it arrived, kept from before it is confirmed to Telegram until
    it is handled, and a while after to recognise a redelivery (see bot.storage.inbox).

    `applied_at` is set in the same transaction as the one data change of a command that is
    not idempotent by itself (/undo, skip, toggle), so that handling it again changes nothing.
    The payload, which holds what the person wrote, is dropped once the update is handled,
    and so is `user_id` (the sender, when there is one), which lets /delete_me remove what
    is left unhandled.
    """

    __tablename__ = "update_inbox"
    __table_args__ = (
        Index("ix_update_inbox_handled_at", "handled_at", "received_at"),
        Index("ix_update_inbox_user_id", "user_id"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BotInstance(Base):
    """An instance of the bot running on this database, as it last said so: Telegram's
    limit on messages a second is the bot's, so the instances share it (see
    bot.storage.instances)."""

    __tablename__ = "bot_instances"

    # A random id the instance takes at start.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
