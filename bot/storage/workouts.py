"""Workout logs: a person's sessions, what they logged in each, and the bot's exercise prompts.

Like the other repositories, `WorkoutRepository` works inside the caller's session and never
commits. Writes that can race (two deliveries of one Telegram update, two handlers opening
today's session) use INSERT ... ON CONFLICT DO NOTHING, so a lost race neither raises nor
aborts the caller's transaction.

Reads ask for `populate_existing`: several writes here are Core statements that bypass the
session's identity map, and SQLite may reuse the id of a deleted row, so an object loaded
earlier in the session must never be handed back unrefreshed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal, cast, get_args
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot.core.catalogue import get_exercise
from bot.core.exercise_resolution import answer_key
from bot.core.logparse.reading import LoadUnit, LoggedSet
from bot.core.readiness import PainRegion, Readiness
from bot.core.records import E1RM_MAX_REPS
from bot.core.transfer.import_csv import ImportedExercise, ImportedWorkout
from bot.core.workout_log import LogContent, StoredLog, WorkoutSession, name_key
from bot.storage.database import insert_for, table_of, upsert
from bot.storage.models import (
    Base,
    BotPrompt,
    CoachingSwitchesRow,
    ExerciseLog,
    ExerciseSet,
    ReadinessAnswer,
    ReadingAnswer,
    Workout,
    utcnow,
)
from bot.storage.person_fingerprint import rows_fingerprint

# Nobody replies to a month-old prompt; older ones are deleted as new ones are remembered,
# which bounds the table by each person's last 30 days of prompts.
PROMPT_LIFETIME = timedelta(days=30)

# The length of `ExerciseLog.exercise_key`: long enough for any real exercise name, short
# enough for a PostgreSQL btree entry whatever the characters.
_NAME_KEY_CHARS = 255

# Bound parameters per IN list, well under SQLite's and asyncpg's limits.
_IN_CHUNK = 500
# Sessions per page of a history read a page at a time: a few hundred logs.
_DAYS_PER_PAGE = 100


# The statements every log runs, built once: building one took longer than running it.
# Core statements on the tables (see bot.storage.database.table_of).
_LOGS, _SESSIONS, _SETS = table_of(ExerciseLog), table_of(Workout), table_of(ExerciseSet)
_PROMPTS, _READINGS = table_of(BotPrompt), table_of(ReadingAnswer)
_READINESS, _SWITCHES = table_of(ReadinessAnswer), table_of(CoachingSwitchesRow)
_SESSION_FOR = select(*_SESSIONS.columns).where(
    _SESSIONS.c.user_id == bindparam("user_id"),
    _SESSIONS.c.local_date == bindparam("local_date"),
)
_SET_CURRENT = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("session_id"))
    .values(current_index=bindparam("index"))
)
_PROMPT_FOR = select(_PROMPTS.c.exercise_id, _PROMPTS.c.exercise_name).where(
    _PROMPTS.c.user_id == bindparam("user_id"), _PROMPTS.c.message_id == bindparam("message_id")
)
_READING_ANSWERS = select(_READINGS.c.exercise_key, _READINGS.c.question, _READINGS.c.answer).where(
    _READINGS.c.user_id == bindparam("user_id")
)
_READINESS_BETWEEN = select(*_READINESS.columns).where(
    _READINESS.c.user_id == bindparam("user_id"),
    _READINESS.c.local_date >= bindparam("first"),
    _READINESS.c.local_date <= bindparam("last"),
)
_AVOIDED = select(_SWITCHES.c.avoid).where(_SWITCHES.c.user_id == bindparam("user_id"))


_INSERT_SETS = insert(_SETS)


class WorkoutRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open_session(self, user_id: int, local_date: date, now: datetime) -> WorkoutSession:
        """The person's session of `local_date`, created if needed.

        A finished session is returned as it is; the caller decides whether to reopen it.
        """
        # Reading first spares the common case a write, which on SQLite locks the database.
        existing = await self.session_for(user_id, local_date)
        if existing is not None:
            return existing
        statement = (
            _insert(self._session, Workout)
            .values(user_id=user_id, local_date=local_date, started_at=now, current_index=0)
            .on_conflict_do_nothing(index_elements=["user_id", "local_date"])
        )
        await self._session.execute(statement)
        workout = await self.session_for(user_id, local_date)
        assert workout is not None, "the session was just inserted, or already existed"
        return workout

    async def session_for(self, user_id: int, local_date: date) -> WorkoutSession | None:
        params = {"user_id": user_id, "local_date": local_date}
        row = (await self._session.execute(_SESSION_FOR, params)).one_or_none()
        return None if row is None else _workout(row)

    async def session_with_logs(
        self, user_id: int, local_date: date
    ) -> tuple[WorkoutSession | None, list[StoredLog]]:
        """The person's session of `local_date` and its logs as `session_logs` reads them,
        in one query: a log adds itself to them rather than reading them again."""
        params = {"user_id": user_id, "local_date": local_date}
        rows = (await self._session.execute(_SESSION_WITH_LOGS, params)).all()
        if not rows:
            return None, []
        logged = (row[_SESSION_COLUMNS:] for row in rows if row[_SESSION_COLUMNS] is not None)
        logs = [_stored(list(of_log)) for _, of_log in groupby(logged, key=itemgetter(0))]
        return _session_at(rows[0]), logs

    async def set_current(self, session_id: int, index: int) -> None:
        await self._session.execute(_SET_CURRENT, {"session_id": session_id, "index": index})

    async def finish_session(self, session_id: int, now: datetime) -> None:
        await self._update_session(session_id, finished_at=now)

    async def reopen_session(self, session_id: int) -> None:
        await self._update_session(session_id, finished_at=None)

    async def add_log(
        self,
        workout: WorkoutSession,
        content: LogContent,
        *,
        source_message_id: int,
        logged_at: datetime,
    ) -> StoredLog | None:
        """Store a log and its sets; None, storing nothing, when this message is stored already.

        The log is `workout`'s person's. It is returned as built from the values written, equal
        to what `get_log` reads back, which spares logging, the hot path, a re-read.
        """
        # Before writing, so that a set `get_log` could not read back is never stored.
        work_sets = tuple(_as_read(s) for s in content.sets)
        values = {
            "user_id": workout.user_id,
            "session_id": workout.id,
            "source_message_id": source_message_id,
            "logged_at": logged_at,
            **_log_fields(content),
        }
        statement = _add_log_statement(self._session.get_bind().dialect.name)
        log_id = await self._session.scalar(statement, values)
        if log_id is None:
            return None
        await self._insert_sets(log_id, content.sets)
        # As `_stored` would build it from the rows: every set written is a work set, the
        # float columns hand back floats (an int passes for a float), and `UTCDateTime`
        # hands back the instant in UTC (the insert refused a naive one).
        return StoredLog(
            id=log_id,
            user_id=workout.user_id,
            session_id=workout.id,
            exercise_id=content.exercise_id,
            exercise_name=content.exercise_name,
            local_date=workout.local_date,
            logged_at=logged_at.astimezone(UTC),
            source_message_id=source_message_id,
            raw_text=content.raw_text,
            sets=work_sets,
            bodyweight=content.bodyweight,
            per_side=content.per_side,
            rpe=None if content.rpe is None else float(content.rpe),
            rir=content.rir,
        )

    async def log_by_message(self, user_id: int, source_message_id: int) -> StoredLog | None:
        return await self._one("oldest", user_id=user_id, source_message_id=source_message_id)

    async def get_log(self, user_id: int, log_id: int) -> StoredLog | None:
        return await self._one("oldest", user_id=user_id, log_id=log_id)

    async def replace_log(self, user_id: int, log_id: int, content: LogContent) -> StoredLog | None:
        """Overwrite a log with an edited reading; None when the person has no such log.

        Every set is replaced, warm-ups too; the session, message and time logged stay.
        """
        statement = (
            update(ExerciseLog)
            .where(ExerciseLog.user_id == user_id, ExerciseLog.id == log_id)
            .values(_log_fields(content))
            .returning(ExerciseLog.id)
        )
        if await self._session.scalar(statement) is None:
            return None
        await self._session.execute(delete(ExerciseSet).where(ExerciseSet.log_id == log_id))
        await self._insert_sets(log_id, content.sets)
        return await self.get_log(user_id, log_id)

    async def delete_log(self, user_id: int, log_id: int) -> StoredLog | None:
        """Delete a log (its sets go with it); what was deleted, or None when nothing was."""
        log = await self.get_log(user_id, log_id)
        if log is None:
            return None
        statement = delete(ExerciseLog).where(ExerciseLog.id == log_id).returning(ExerciseLog.id)
        # Two concurrent undos may both read the log; only the one that deleted it reports it.
        return log if await self._session.scalar(statement) is not None else None

    async def last_log(self, user_id: int) -> StoredLog | None:
        return await self._one("newest", user_id=user_id)

    async def exercise_history(
        self,
        user_id: int,
        *,
        exercise_id: str | None,
        exercise_name: str,
        limit: int = 10,
        before_session_id: int | None = None,
        on: date | None = None,
        before: date | None = None,
    ) -> list[StoredLog]:
        """The person's newest logs of one exercise, newest first.

        Matched by `exercise_id` when given, else by name, ignoring case. Logs of the session
        `before_session_id` are left out, so "last time" does not see today's sets; with
        `on`, only the logs of that day; with `before`, only those of days before it.
        """
        where = _same_exercise(exercise_id, exercise_name)
        if before_session_id is not None:
            where["not_session_id"] = before_session_id
        if on is not None:
            where["on_date"] = on
        if before is not None:
            where["before_date"] = before
        return await self._logs("newest", limit, user_id=user_id, **where)

    async def recent_logs_of(
        self, user_id: int, exercise_ids: Sequence[str], limit: int, *, before: date
    ) -> list[StoredLog]:
        """The person's newest logs of any of these exercises on days before `before`,
        newest first, in one query."""
        return await self._logs(
            "newest", limit, user_id=user_id, exercise_ids=exercise_ids, before_date=before
        )

    async def past_fingerprint(self, user_id: int, before: date) -> str:
        """What changes whenever a log of the person's days before `before` does, their
        answers or their switches (see PAST_FINGERPRINT). PostgreSQL only, the one backend
        instances share."""
        params = {"user_id": user_id, "past_before": before}
        return str(await self._session.scalar(text(f"SELECT {PAST_FINGERPRINT}"), params))

    async def estimable_sets(self, user_id: int, exercise_id: str) -> list[LoggedSet]:
        """The person's loaded work sets of an exercise that say something of a one-rep max:
        at most `E1RM_MAX_REPS` reps, not on bodyweight; in one query."""
        query = (
            select(ExerciseSet.reps, ExerciseSet.weight, ExerciseSet.unit)
            .join(ExerciseLog, ExerciseLog.id == ExerciseSet.log_id)
            .where(
                ExerciseLog.user_id == user_id,
                ExerciseLog.exercise_id == exercise_id,
                ExerciseLog.bodyweight.is_(False),
                ExerciseSet.warmup.is_(False),
                ExerciseSet.weight.is_not(None),
                ExerciseSet.reps <= E1RM_MAX_REPS,
            )
        )
        return [
            LoggedSet(reps, weight, _unit(unit))
            for reps, weight, unit in await self._session.execute(query)
        ]

    async def logs_page(
        self, user_id: int, limit: int, before_log_id: int | None = None
    ) -> list[StoredLog]:
        """The person's newest logs, newest first, at most `limit`; with `before_log_id`
        (one of theirs), those logged before it."""
        if before_log_id is None:
            return await self._logs("newest", limit, user_id=user_id)
        return await self._logs("newest", limit, user_id=user_id, before=before_log_id)

    async def all_logs(self, user_id: int) -> list[StoredLog]:
        """Every log of the person, oldest first: their whole history."""
        return await self._logs("oldest", user_id=user_id)

    async def not_imported(
        self, user_id: int, workouts: Sequence[ImportedWorkout]
    ) -> list[tuple[ImportedWorkout, ImportedExercise]]:
        """The imported exercises the person's history does not hold yet, in file order.

        Each imported exercise is keyed by its fingerprint, stored negated as the log's source
        message id (Telegram's ids are positive), so importing a file again adds nothing.
        """
        candidates = [(w, exercise) for w in workouts for exercise in w.exercises]
        known = await self._source_ids(user_id, [-e.fingerprint for _, e in candidates])
        fresh = []
        for workout, exercise in candidates:
            # Known also once taken: two workouts of a file that start together (titles
            # apart) with the same sets of an exercise are one.
            if -exercise.fingerprint not in known:
                known.add(-exercise.fingerprint)
                fresh.append((workout, exercise))
        return fresh

    async def set_count(self, user_id: int) -> int:
        """How many sets the person's history holds, warm-ups included."""
        query = (
            select(func.count())
            .select_from(ExerciseSet)
            .join(ExerciseLog, ExerciseLog.id == ExerciseSet.log_id)
            .where(ExerciseLog.user_id == user_id)
        )
        return int(await self._session.scalar(query) or 0)

    async def store_imported(
        self,
        user_id: int,
        exercises: Sequence[tuple[ImportedWorkout, ImportedExercise]],
        timezone: str,
        now: datetime,
    ) -> None:
        """Store imported exercises that `not_imported` returned, in a few statements: their
        sessions, then their logs, then their sets, each written many rows at once."""
        zone = ZoneInfo(timezone)
        days = {workout.started_at.date() for workout, _ in exercises}
        sessions = await self._sessions_of(user_id, days, now)
        logs = [
            {
                "user_id": user_id,
                "session_id": sessions[workout.started_at.date()],
                "source_message_id": -exercise.fingerprint,
                "logged_at": workout.started_at.replace(tzinfo=zone),
                **_imported_fields(exercise),
            }
            for workout, exercise in exercises
        ]
        inserted = await self._session.execute(
            insert(ExerciseLog).returning(ExerciseLog.source_message_id, ExerciseLog.id), logs
        )
        log_ids = dict(inserted.all())
        rows = [
            row
            for _, exercise in exercises
            for row in _imported_sets(log_ids[-exercise.fingerprint], exercise)
        ]
        if rows:
            await self._session.execute(insert(ExerciseSet), rows)

    async def history_pages(self, user_id: int) -> AsyncIterator[list[StoredLog]]:
        """Every log of the person, oldest day first and a day's logs in the order logged,
        a page of days at a time, so that a long history never has to be in memory whole."""
        days = select(Workout.id).where(Workout.user_id == user_id).order_by(Workout.local_date)
        session_ids = list(await self._session.scalars(days))
        for start in range(0, len(session_ids), _DAYS_PER_PAGE):
            page = session_ids[start : start + _DAYS_PER_PAGE]
            yield await self._logs("by_day", session_ids=page)

    async def session_logs(self, session_id: int) -> list[StoredLog]:
        """Every log of a session, in the order logged."""
        return await self._logs("oldest", session_id=session_id)

    async def recent_sessions(
        self,
        user_id: int,
        limit: int = 5,
        exercise_id: str | None = None,
        exercise_name: str | None = None,
    ) -> list[tuple[WorkoutSession, list[StoredLog]]]:
        """The newest sessions with logs, each with its logs in logging order.

        Given an exercise (by id, else by name ignoring case), only sessions where it was
        logged count, and only its logs are returned.
        """
        matching = _same_exercise(exercise_id, exercise_name)
        query = (
            select(Workout)
            .where(Workout.user_id == user_id, has_log(*_literal_conditions(matching)))
            .order_by(Workout.local_date.desc())
            .limit(limit)
        )
        workouts = [_workout(row) for row in await self._session.scalars(_fresh(query))]
        logs = await self._logs("oldest", session_ids=[w.id for w in workouts], **matching)
        by_session: dict[int, list[StoredLog]] = defaultdict(list)
        for log in logs:
            by_session[log.session_id].append(log)
        return [(workout, by_session[workout.id]) for workout in workouts]

    async def logged_dates(self, user_id: int, since: date) -> list[date]:
        """The local dates, from `since` on and oldest first, on which the person logged."""
        params = {"user_id": user_id, "since": since}
        return list(await self._session.scalars(_LOGGED_DATES, params))

    async def exercises_logged(
        self, user_id: int, since: date, before: date
    ) -> list[tuple[str | None, str]]:
        """The exercises the person logged on the days from `since` to before `before`: each
        catalogue exercise's id (and a name it was logged under), each other one's name."""
        params = {"user_id": user_id, "since": since, "before": before}
        rows = await self._session.execute(_EXERCISES_LOGGED, params)
        return [(exercise_id, name) for exercise_id, name in rows]

    async def remember_prompt(
        self,
        user_id: int,
        message_id: int,
        exercise_id: str | None,
        exercise_name: str,
        *,
        now: datetime | None = None,
    ) -> None:
        """Map a bot message to its exercise."""
        now = now or utcnow()
        values = {
            "user_id": user_id,
            "message_id": message_id,
            "exercise_id": exercise_id,
            "exercise_name": exercise_name,
            "created_at": now,
        }
        await upsert(self._session, BotPrompt, values)

    async def forget_expired_prompts(self, user_id: int, now: datetime) -> None:
        """Forget the person's prompts older than PROMPT_LIFETIME: a reply that late logs
        nothing by it."""
        await self._session.execute(
            delete(BotPrompt).where(
                BotPrompt.user_id == user_id, BotPrompt.created_at < now - PROMPT_LIFETIME
            )
        )

    async def prompt_for(self, user_id: int, message_id: int) -> tuple[str | None, str] | None:
        """The (exercise id, exercise name) a bot message was about, if it was remembered."""
        params = {"user_id": user_id, "message_id": message_id}
        row = (await self._session.execute(_PROMPT_FOR, params)).one_or_none()
        return None if row is None else (row.exercise_id, row.exercise_name)

    async def reading_answers(self, user_id: int) -> dict[str, str]:
        """The person's answers about reading their logs, by `answer_key`."""
        rows = await self._session.execute(_READING_ANSWERS, {"user_id": user_id})
        return {answer_key(row.exercise_key, row.question): row.answer for row in rows}

    async def remember_reading_answer(
        self, user_id: int, exercise_key: str, question: str, answer: str
    ) -> None:
        values = {
            "user_id": user_id,
            "exercise_key": exercise_key,
            "question": question,
            "answer": answer,
        }
        await upsert(self._session, ReadingAnswer, values)

    async def readiness(self, user_id: int, local_date: date) -> Readiness | None:
        """How the person said they were on `local_date`; None when they did not say."""
        query = select(ReadinessAnswer).where(
            ReadinessAnswer.user_id == user_id, ReadinessAnswer.local_date == local_date
        )
        row = await self._session.scalar(query)
        return None if row is None else _readiness(row)

    async def readiness_between(
        self, user_id: int, first: date, last: date
    ) -> dict[date, Readiness]:
        """How the person said they were on each day from `first` to `last` they said it."""
        params = {"user_id": user_id, "first": first, "last": last}
        rows = await self._session.execute(_READINESS_BETWEEN, params)
        return {row.local_date: _readiness(row) for row in rows}

    async def avoided_region(self, user_id: int) -> PainRegion | None:
        """The region the person asked their plan to leave out (`CoachingSwitches.avoid`)."""
        region = await self._session.scalar(_AVOIDED, {"user_id": user_id})
        return PainRegion(region) if region else None

    async def recent_readiness(self, user_id: int, limit: int) -> list[Readiness]:
        """The person's last `limit` days' answers, newest first."""
        query = (
            select(ReadinessAnswer)
            .where(ReadinessAnswer.user_id == user_id)
            .order_by(ReadinessAnswer.local_date.desc())
            .limit(limit)
        )
        return [_readiness(row) for row in await self._session.scalars(query)]

    async def record_readiness(self, user_id: int, local_date: date, answers: Readiness) -> None:
        """Keep the person's answers of `local_date`, replacing any given earlier that day."""
        values = {
            "user_id": user_id,
            "local_date": local_date,
            "sleep": answers.sleep,
            "soreness": answers.soreness,
            "pain": answers.pain.value if answers.pain is not None else None,
        }
        await upsert(self._session, ReadinessAnswer, values)

    async def readiness_answers(self, user_id: int) -> list[tuple[date, Readiness]]:
        """Every day's answers of the person, oldest first (one a day: a few thousand at most)."""
        query = (
            select(ReadinessAnswer)
            .where(ReadinessAnswer.user_id == user_id)
            .order_by(ReadinessAnswer.local_date)
        )
        return [(row.local_date, _readiness(row)) for row in await self._session.scalars(query)]

    async def _update_session(self, session_id: int, **values: Any) -> None:
        await self._session.execute(update(Workout).where(Workout.id == session_id).values(values))

    async def _sessions_of(self, user_id: int, days: set[date], now: datetime) -> dict[date, int]:
        """The person's session id of each day, sessions missing created."""
        rows = [
            {"user_id": user_id, "local_date": day, "started_at": now, "current_index": 0}
            for day in sorted(days)
        ]
        await self._session.execute(
            _insert(self._session, Workout).on_conflict_do_nothing(
                index_elements=["user_id", "local_date"]
            ),
            rows,
        )
        query = select(Workout.local_date, Workout.id).where(
            Workout.user_id == user_id, Workout.local_date.in_(days)
        )
        return dict((await self._session.execute(query)).all())

    async def _source_ids(self, user_id: int, candidates: Sequence[int]) -> set[int]:
        """Which of these source message ids the person's logs already have."""
        found: set[int] = set()
        for start in range(0, len(candidates), _IN_CHUNK):
            chunk = candidates[start : start + _IN_CHUNK]
            query = select(ExerciseLog.source_message_id).where(
                ExerciseLog.user_id == user_id, ExerciseLog.source_message_id.in_(chunk)
            )
            found.update(await self._session.scalars(query))
        return found

    async def _insert_sets(self, log_id: int, sets: Sequence[LoggedSet]) -> None:
        rows = [
            {
                "log_id": log_id,
                "position": position,
                "reps": s.reps,
                "weight": s.weight,
                "unit": s.unit,
            }
            for position, s in enumerate(sets, start=1)
        ]
        if rows:
            await self._session.execute(_INSERT_SETS, rows)

    async def _one(self, order: _OrderName, **where: Any) -> StoredLog | None:
        logs = await self._logs(order, 1, **where)
        return logs[0] if logs else None

    async def _logs(
        self, order: _OrderName, limit: int | None = None, **where: Any
    ) -> list[StoredLog]:
        """The logs that meet `where` (values by `_LOG_CONDITIONS` name), in `order`, at
        most `limit`, each with its work sets: one query."""
        statement = _logs_statement(frozenset(where), order, limited=limit is not None)
        rows = await self._session.execute(statement, {**where, "limit": limit})
        # By position: a log's rows are read by the thousand, and names cost more.
        return [_stored(list(of_log)) for _, of_log in groupby(rows, key=itemgetter(0))]


def _insert(session: AsyncSession, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT in the session's dialect, for its ON CONFLICT clause."""
    return insert_for(session.get_bind().dialect.name)(table_of(model))


@cache
def _add_log_statement(dialect: str) -> ReturningInsert[int]:
    """A log's insert, nothing when its message is stored already; its values are bound at
    execution, so it is built once per dialect."""
    return (
        insert_for(dialect)(table_of(ExerciseLog))
        .on_conflict_do_nothing(index_elements=["user_id", "source_message_id"])
        .returning(ExerciseLog.id)
    )


def _fresh(query: Select[Workout]) -> Select[Workout]:
    return query.execution_options(populate_existing=True)


# What changes whenever a log of the person's days before `:past_before` does, any of their
# answers (how they are, how to read their logs) or their switches (the region to avoid),
# as one SQL text value: every change rewrites the row, which gives it a new transaction id
# (xmin), and a deletion changes the count. Nothing is read without a day.
PAST_FINGERPRINT = (
    "CASE WHEN CAST(:past_before AS date) IS NULL THEN NULL ELSE "
    + " || '/' || ".join(
        (
            rows_fingerprint(
                "exercise_logs AS l JOIN workout_sessions AS w ON w.id = l.session_id",
                "l.user_id = :user_id AND w.local_date < :past_before",
                xmin="l.xmin",
            ),
            *(
                rows_fingerprint(table, "user_id = :user_id")
                for table in ("readiness_answers", "reading_answers", "coaching_switches")
            ),
        )
    )
    + " END"
)


def _logged_before(log_id: Any) -> ColumnElement[bool]:
    """Logged before the log `log_id`, in the "newest" order (time logged, then id)."""
    anchor = _LOGS.alias("anchor")
    anchor_at = select(anchor.c.logged_at).where(anchor.c.id == log_id).scalar_subquery()
    return or_(
        _LOGS.c.logged_at < anchor_at,
        and_(_LOGS.c.logged_at == anchor_at, _LOGS.c.id < log_id),
    )


# What logs are read by: each a condition on a bound parameter of the same name.
_LOG_CONDITIONS: dict[str, ColumnElement[bool]] = {
    "user_id": _LOGS.c.user_id == bindparam("user_id"),
    "log_id": _LOGS.c.id == bindparam("log_id"),
    "source_message_id": _LOGS.c.source_message_id == bindparam("source_message_id"),
    "exercise_id": _LOGS.c.exercise_id == bindparam("exercise_id"),
    "exercise_key": _LOGS.c.exercise_key == bindparam("exercise_key"),
    "exercise_ids": _LOGS.c.exercise_id.in_(bindparam("exercise_ids", expanding=True)),
    "session_id": _LOGS.c.session_id == bindparam("session_id"),
    "session_ids": _LOGS.c.session_id.in_(bindparam("session_ids", expanding=True)),
    "not_session_id": _LOGS.c.session_id != bindparam("not_session_id"),
    "on_date": _SESSIONS.c.local_date == bindparam("on_date"),
    "before_date": _SESSIONS.c.local_date < bindparam("before_date"),
    "before": _logged_before(bindparam("before")),
}
_OrderName = Literal["newest", "oldest", "by_day"]
# Each order as (column of the page of logs, descending), applied to the page and again to
# its rows joined with their sets.
_ORDERS: dict[_OrderName, tuple[tuple[str, bool], ...]] = {
    "newest": (("logged_at", True), ("id", True)),
    "oldest": (("logged_at", False), ("id", False)),
    "by_day": (("local_date", False), ("logged_at", False), ("id", False)),
}


# A log's columns as `_logs_statement` selects them, in `_stored`'s order; its sets follow.
_STORED_LOG = (
    "id",
    "user_id",
    "session_id",
    "exercise_id",
    "exercise_name",
    "local_date",
    "logged_at",
    "source_message_id",
    "raw_text",
    "bodyweight",
    "per_side",
    "rpe",
    "rir",
)
_REPS = len(_STORED_LOG)


def _stored_log_columns() -> list[ColumnElement[Any]]:
    """A log's columns, `_STORED_LOG`: its own, and its session's local date."""
    return [
        _SESSIONS.c.local_date if name == "local_date" else _LOGS.c[name] for name in _STORED_LOG
    ]


@cache
def _logs_statement(where: frozenset[str], order: _OrderName, *, limited: bool) -> Select[Any]:
    """Logs with their session's local date and their work sets, one row per set (one
    with no set for a log without any), in `order`: built once per shape, as building a
    statement costs more than running it. The sets are joined to the page of logs, so
    that `limit` counts logs."""
    columns = _stored_log_columns()
    by_name = {column.name: column for column in columns}
    page = (
        select(*columns)
        .join(_SESSIONS, _SESSIONS.c.id == _LOGS.c.session_id)
        .where(*(_LOG_CONDITIONS[name] for name in sorted(where)))
        .order_by(*_ordered(by_name, order))
        .limit(bindparam("limit") if limited else None)
        .subquery()
    )
    return (
        select(page, _SETS.c.reps, _SETS.c.weight, _SETS.c.unit)
        .outerjoin(_SETS, (_SETS.c.log_id == page.c.id) & _SETS.c.warmup.is_(False))
        .order_by(*_ordered(page.c, order), _SETS.c.position)
    )


# A session's columns as `_session_at` reads them, by position.
_SESSION_FIELDS = ("id", "user_id", "local_date", "started_at", "finished_at", "current_index")
_SESSION_COLUMNS = len(_SESSION_FIELDS)
# A day's session, then its logs as `_logs_statement` reads them in the "oldest" order (none
# for a session without logs: one row whose log columns are null).
_SESSION_WITH_LOGS = (
    select(
        *(_SESSIONS.c[name] for name in _SESSION_FIELDS),
        *_stored_log_columns(),
        _SETS.c.reps,
        _SETS.c.weight,
        _SETS.c.unit,
    )
    .select_from(_SESSIONS)
    .outerjoin(_LOGS, _LOGS.c.session_id == _SESSIONS.c.id)
    .outerjoin(_SETS, (_SETS.c.log_id == _LOGS.c.id) & _SETS.c.warmup.is_(False))
    .where(
        _SESSIONS.c.user_id == bindparam("user_id"),
        _SESSIONS.c.local_date == bindparam("local_date"),
    )
    .order_by(_LOGS.c.logged_at, _LOGS.c.id, _SETS.c.position)
)


def _ordered(columns: Any, order: _OrderName) -> list[ColumnElement[Any]]:
    """`order` on `columns` (a mapping of the page's columns by name)."""
    return [
        columns[name].desc() if descending else columns[name].asc()
        for name, descending in _ORDERS[order]
    ]


def has_log(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The session (of the enclosing query) has a log meeting `conditions`."""
    return select(_LOGS.c.id).where(_LOGS.c.session_id == _SESSIONS.c.id, *conditions).exists()


# Each catalogue exercise logged once, by id; each other one once per name, ignoring case.
_EXERCISES_LOGGED = (
    select(_LOGS.c.exercise_id, func.min(_LOGS.c.exercise_name))
    .join(_SESSIONS, _SESSIONS.c.id == _LOGS.c.session_id)
    .where(
        _LOGS.c.user_id == bindparam("user_id"),
        _SESSIONS.c.local_date >= bindparam("since"),
        _SESSIONS.c.local_date < bindparam("before"),
    )
    .group_by(_LOGS.c.exercise_id, case((_LOGS.c.exercise_id.is_(None), _LOGS.c.exercise_key)))
)

_LOGGED_DATES = (
    select(Workout.local_date)
    .where(
        Workout.user_id == bindparam("user_id"),
        Workout.local_date >= bindparam("since"),
        has_log(),
    )
    .order_by(Workout.local_date)
)


def _same_exercise(exercise_id: str | None, exercise_name: str | None) -> dict[str, Any]:
    """The exercise as `_LOG_CONDITIONS` match it: by id, else by name ignoring case."""
    if exercise_id is not None:
        return {"exercise_id": exercise_id}
    if exercise_name is not None:
        return {"exercise_key": _name_key(exercise_name)}
    return {}


def same_exercise(logs: Sequence[StoredLog], like: StoredLog) -> list[StoredLog]:
    """Those of `logs` that `exercise_history` finds for `like`'s exercise."""
    if like.exercise_id is not None:
        return [log for log in logs if log.exercise_id == like.exercise_id]
    key = _name_key(like.exercise_name)
    return [log for log in logs if _name_key(log.exercise_name) == key]


def _literal_conditions(where: dict[str, Any]) -> list[ColumnElement[bool]]:
    """`_LOG_CONDITIONS` with their values in place, for a query that is built each time."""
    columns = {"exercise_id": _LOGS.c.exercise_id, "exercise_key": _LOGS.c.exercise_key}
    return [columns[name] == value for name, value in where.items()]


def _name_key(name: str) -> str:
    return name_key(name)[:_NAME_KEY_CHARS]


def _imported_fields(exercise: ImportedExercise) -> dict[str, Any]:
    efforts = [s.rpe for s in exercise.sets if s.rpe is not None and not s.warmup]
    bodyweight = all(s.weight is None for s in exercise.sets)
    known = get_exercise(exercise.exercise_id) if exercise.exercise_id else None
    # A matched exercise shows under the catalogue's name, like the ones logged in the chat.
    name = known.name if known else exercise.name
    text = f"imported: {exercise.name}"
    effort = max(efforts, default=None)
    # Its sets are written apart, warm-ups included, so the content carries none.
    content = LogContent(exercise.exercise_id, name, text, (), bodyweight=bodyweight, rpe=effort)
    return _log_fields(content)


def _imported_sets(log_id: int, exercise: ImportedExercise) -> list[dict[str, Any]]:
    return [
        {
            "log_id": log_id,
            "position": position,
            "reps": s.reps,
            "weight": s.weight,
            "unit": s.unit if s.weight is not None else None,
            "warmup": s.warmup,
        }
        for position, s in enumerate(exercise.sets, start=1)
    ]


def _log_fields(content: LogContent) -> dict[str, Any]:
    """The columns of a log but its sets (written apart), for every way a log is stored."""
    return {
        "exercise_id": content.exercise_id,
        "exercise_name": content.exercise_name,
        "exercise_key": _name_key(content.exercise_name),
        "raw_text": content.raw_text,
        "bodyweight": content.bodyweight,
        "per_side": content.per_side,
        "rpe": content.rpe,
        "rir": content.rir,
    }


def _as_read(logged: LoggedSet) -> LoggedSet:
    """A set to be written as `_work_sets` reads it back."""
    weight = None if logged.weight is None else float(logged.weight)
    return LoggedSet(logged.reps, weight, _unit(logged.unit))


# Read for every set of every log read: typing.get_args each time cost more than the query.
_LOAD_UNITS = frozenset(get_args(LoadUnit))


def _unit(value: str | None) -> LoadUnit | None:
    if value is not None and value not in _LOAD_UNITS:
        raise ValueError(f"unknown load unit {value!r} in logged_sets")
    return cast("LoadUnit | None", value)


def _readiness(row: Any) -> Readiness:
    """Answers from a `ReadinessAnswer`, or a row of its columns."""
    pain = PainRegion(row.pain) if row.pain is not None else None
    return Readiness(row.sleep, row.soreness, pain)


def _workout(row: Any) -> WorkoutSession:
    """A session from a `Workout`, or a row of its columns."""
    return WorkoutSession(
        id=row.id,
        user_id=row.user_id,
        local_date=row.local_date,
        started_at=row.started_at,
        finished_at=row.finished_at,
        current_index=row.current_index,
    )


def _session_at(row: Any) -> WorkoutSession:
    """A session from a row that begins with its columns (`_SESSION_FIELDS`)."""
    return WorkoutSession(**dict(zip(_SESSION_FIELDS, row[:_SESSION_COLUMNS], strict=True)))


def _stored(rows: list[Any]) -> StoredLog:
    """A log from its rows of `_logs_statement`: its columns (`_STORED_LOG`), then one set
    each, or no set in a single row."""
    first = rows[0]
    sets = tuple(
        LoggedSet(row[_REPS], row[_REPS + 1], _unit(row[_REPS + 2]))
        for row in rows
        if row[_REPS] is not None
    )
    (log_id, user_id, session_id, exercise_id, exercise_name, local_date, logged_at) = first[:7]
    (source_message_id, raw_text, bodyweight, per_side, rpe, rir) = first[7:_REPS]
    return StoredLog(
        id=log_id,
        user_id=user_id,
        session_id=session_id,
        exercise_id=exercise_id,
        exercise_name=exercise_name,
        local_date=local_date,
        logged_at=logged_at,
        source_message_id=source_message_id,
        raw_text=raw_text,
        sets=sets,
        bodyweight=bodyweight,
        per_side=per_side,
        rpe=rpe,
        rir=rir,
    )
