"""The logging service: today's session, storing what a person did, and what to aim for next.

Handlers call this module with a person's message; it reads it with the pure log parser,
decides which exercise it belongs to, stores it (committed before any reply is sent) and
works out the comparison with last time, personal records and the next target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.catalogue import Exercise, get_exercise
from bot.core.logparse.parser import parse_log
from bot.core.logparse.reading import LogReading, Rejection
from bot.core.planner import DayPlan, PlannedExercise, WeekPlan
from bot.core.profile import TrainingProfile, Weekday
from bot.core.progression import Deload, Target, deload_due, next_target
from bot.core.records import Comparison, Record, SessionResult, compare, find_records
from bot.core.schedule import local_date
from bot.core.workout import next_unlogged, planned_at, session_result, with_unit
from bot.core.workout_log import LogContent, StoredLog, WorkoutSession
from bot.storage.workouts import WorkoutRepository

# Enough history for records over years of training, still one small query per log.
_HISTORY_LIMIT = 2000
_DEFAULT_SETS = 3
# Enough to hold each exercise's last session even when it was logged set by set.
_RECENT_LOGS_PER_EXERCISE = 12
_DELOAD_LOOKBACK_DAYS = 28


@dataclass(frozen=True, slots=True)
class Prompt:
    """The planned exercise the person is on, with last time's numbers and today's target."""

    position: int
    total: int
    planned: PlannedExercise
    last: SessionResult | None
    target: Target


@dataclass(frozen=True, slots=True)
class TodaySession:
    day: DayPlan
    prompt: Prompt | None
    deload: Deload | None


@dataclass(frozen=True, slots=True)
class NeedExercise:
    """Numbers without an exercise, and nothing to attach them to."""


@dataclass(frozen=True, slots=True)
class Logged:
    log: StoredLog
    duplicate: bool
    comparison: Comparison | None
    records: tuple[Record, ...]
    target: Target | None


@dataclass(frozen=True, slots=True)
class ExerciseSummary:
    name: str
    logs: tuple[StoredLog, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class SessionSummary:
    local_date: date
    exercises: tuple[ExerciseSummary, ...]
    planned: int


@dataclass(frozen=True, slots=True)
class SessionComplete:
    """The log finished the last planned exercise of the day."""


LogResult = Logged | Rejection | NeedExercise
MoveOn = Prompt | SessionComplete | None


@dataclass(frozen=True, slots=True)
class _Target:
    exercise_id: str | None
    name: str


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class LogbookService:
    sessions: async_sessionmaker[AsyncSession]
    # Injected so tests can move between training days; "today" is always the person's.
    clock: Callable[[], datetime] = _utcnow

    async def open_today(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan
    ) -> TodaySession:
        """Today's plan; on a training day the session is opened at the current exercise."""
        now = self.clock()
        today = local_date(profile.timezone, now)
        day = plan.day(_weekday(today))
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            logged = await _recent_dates(repo, user_id, today)
            deload = deload_due(profile.weekdays, logged, today)
            if not day.is_workout:
                return TodaySession(day, None, deload)
            workout = await _open(repo, user_id, today, now)
            prompt = await _prompt(repo, workout, day, workout.current_index, profile, deload)
        return TodaySession(day, prompt, deload)

    async def log(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        message_id: int,
        text: str,
        reply_to: int | None,
    ) -> LogResult:
        reading = parse_log(text)
        if isinstance(reading, Rejection):
            return reading
        now = self.clock()
        today = local_date(profile.timezone, now)
        day = plan.day(_weekday(today))
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            stored = await _store(
                repo, user_id, reading, message_id, text, reply_to, day, profile, now
            )
            if stored is None:
                return NeedExercise()
            log, duplicate = stored
            history = await _history(repo, log)
        # Committed before anything is worked out: a failure from here on never loses the log.
        return _assess(log, history, day, profile, duplicate=duplicate)

    async def correct(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, *, log_id: int, text: str
    ) -> LogResult | None:
        """Replace a stored log with a corrected reading; None when the log is gone.

        The same text again (a redelivered edit) changes nothing and comes back as a duplicate.
        """
        reading = parse_log(text)
        if isinstance(reading, Rejection):
            return reading
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            old = await repo.get_log(user_id, log_id)
            if old is None:
                return None
            if old.raw_text == text:
                history = await _history(repo, old)
                day = plan.day(_weekday(old.local_date))
                return _assess(old, history, day, profile, duplicate=True)
            target = _named(reading) or _Target(old.exercise_id, old.exercise_name)
            content = _content(target, text, reading, profile)
            changed = await repo.replace_log(user_id, log_id, content)
            assert changed is not None
            history = await _history(repo, changed)
        day = plan.day(_weekday(changed.local_date))
        return _assess(changed, history, day, profile, duplicate=False)

    async def move_on(self, profile: TrainingProfile, plan: WeekPlan, log: StoredLog) -> MoveOn:
        """After a log of the current exercise: the next exercise's prompt, or the end.

        Run after the confirmation is sent, so the reply the person waits for is not delayed.
        """
        day = plan.day(_weekday(log.local_date))
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            workout = await repo.session_for(log.user_id, log.local_date)
            if workout is None or workout.id != log.session_id or not day.is_workout:
                return None
            position = await _advance(repo, workout, day, log)
            if position is None:
                return None
            prompt = await _prompt(repo, workout, day, position, profile, None)
        return prompt or SessionComplete()

    async def targets(
        self, user_id: int, profile: TrainingProfile, day: DayPlan
    ) -> dict[str, Target]:
        """Next targets for a day's exercises that have a history, from one query."""
        ids = [planned.exercise.id for planned in day.exercises]
        async with self.sessions() as session:
            logs = await WorkoutRepository(session).recent_logs_of(
                user_id, ids, limit=_RECENT_LOGS_PER_EXERCISE * len(ids)
            )
        targets = {}
        for planned in day.exercises:
            mine = [log for log in logs if log.exercise_id == planned.exercise.id]
            past = _sessions(mine, profile)
            if past:
                targets[planned.exercise.id] = _target_for(
                    planned.exercise, planned, past[0], profile, deload=False
                )
        return targets

    async def logged_dates(self, user_id: int, since: date) -> list[date]:
        async with self.sessions() as session:
            return await WorkoutRepository(session).logged_dates(user_id, since=since)

    async def get_log(self, user_id: int, log_id: int) -> StoredLog | None:
        async with self.sessions() as session:
            return await WorkoutRepository(session).get_log(user_id, log_id)

    async def log_for_message(self, user_id: int, message_id: int) -> StoredLog | None:
        async with self.sessions() as session:
            return await WorkoutRepository(session).log_by_message(user_id, message_id)

    async def undo(
        self, user_id: int, plan: WeekPlan, log_id: int | None = None
    ) -> StoredLog | None:
        """Delete the given log, or the newest one; None when there is nothing to undo.

        Undoing the only log of a planned exercise makes it the current one again, so the
        next numbers-only reply goes where the person expects.
        """
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            if log_id is None:
                last = await repo.last_log(user_id)
                if last is None:
                    return None
                log_id = last.id
            removed = await repo.delete_log(user_id, log_id)
            if removed is not None:
                await _rewind(repo, removed, plan.day(_weekday(removed.local_date)))
            return removed

    async def skip(self, user_id: int, profile: TrainingProfile, plan: WeekPlan) -> Prompt | None:
        """Move past the current exercise without logging it."""
        today = local_date(profile.timezone, self.clock())
        day = plan.day(_weekday(today))
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            workout = await repo.session_for(user_id, today)
            if workout is None or not day.is_workout:
                return None
            index = workout.current_index + 1
            if index >= len(day.exercises):
                return None
            await repo.set_current(workout.id, index)
            return await _prompt(repo, workout, day, index, profile, None)

    async def finish(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan
    ) -> SessionSummary | None:
        now = self.clock()
        today = local_date(profile.timezone, now)
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            workout = await repo.session_for(user_id, today)
            if workout is None:
                return None
            logs = await repo.session_logs(workout.id)
            if not logs:
                return None
            await repo.finish_session(workout.id, now)
            exercises = [
                ExerciseSummary(
                    group[0].exercise_name, tuple(group), await _records(repo, group, profile)
                )
                for group in _by_exercise(logs)
            ]
        planned = len(plan.day(_weekday(today)).exercises)
        return SessionSummary(today, tuple(exercises), planned)

    async def history(
        self, user_id: int, exercise_text: str | None
    ) -> list[tuple[WorkoutSession, list[StoredLog]]]:
        exercise_id = exercise_name = None
        if exercise_text:
            named = _named_text(exercise_text)
            exercise_id, exercise_name = named.exercise_id, named.name
        async with self.sessions() as session:
            return await WorkoutRepository(session).recent_sessions(
                user_id, limit=5, exercise_id=exercise_id, exercise_name=exercise_name
            )

    async def remember_prompt(
        self, user_id: int, message_id: int, exercise_id: str | None, name: str
    ) -> None:
        async with self.sessions.begin() as session:
            await WorkoutRepository(session).remember_prompt(user_id, message_id, exercise_id, name)


async def _store(
    repo: WorkoutRepository,
    user_id: int,
    reading: LogReading,
    message_id: int,
    text: str,
    reply_to: int | None,
    day: DayPlan,
    profile: TrainingProfile,
    now: datetime,
) -> tuple[StoredLog, bool] | None:
    """Store a new log, and whether it was already there; None without an exercise for it."""
    today = local_date(profile.timezone, now)
    workout = await repo.session_for(user_id, today)
    target = await _resolve(repo, user_id, reading, reply_to, day, workout)
    if target is None:
        # A redelivered message may have lost the prompt that placed it; it is still stored.
        earlier = await repo.log_by_message(user_id, message_id)
        return None if earlier is None else (earlier, True)
    workout = workout or await _open(repo, user_id, today, now)
    content = _content(target, text, reading, profile)
    stored = await repo.add_log(workout, content, source_message_id=message_id, logged_at=now)
    if stored is None:  # a concurrent delivery of the same message stored it first
        first = await repo.log_by_message(user_id, message_id)
        assert first is not None
        return first, True
    return stored, False


def _content(
    target: _Target, text: str, reading: LogReading, profile: TrainingProfile
) -> LogContent:
    """What to store of a message read as `reading`, logged against `target`."""
    return LogContent(
        exercise_id=target.exercise_id,
        exercise_name=target.name,
        raw_text=text,
        sets=with_unit(reading.sets, profile.units),
        bodyweight=reading.bodyweight,
        per_side=reading.per_side,
        rpe=reading.rpe,
        rir=reading.rir,
    )


async def _open(
    repo: WorkoutRepository, user_id: int, today: date, now: datetime
) -> WorkoutSession:
    workout = await repo.open_session(user_id, today, now)
    if workout.finished_at is not None:
        await repo.reopen_session(workout.id)
    return workout


def _named(reading: LogReading) -> _Target | None:
    if reading.exercise_id is not None:
        exercise = get_exercise(reading.exercise_id)
        assert exercise is not None
        return _Target(exercise.id, exercise.name)
    if reading.exercise_text:
        return _Target(None, reading.exercise_text)
    return None


def _named_text(text: str) -> _Target:
    reading = parse_log(f"{text} 1x1")
    if isinstance(reading, LogReading) and (named := _named(reading)) is not None:
        return named
    return _Target(None, text.strip())


async def _resolve(
    repo: WorkoutRepository,
    user_id: int,
    reading: LogReading,
    reply_to: int | None,
    day: DayPlan,
    workout: WorkoutSession | None,
) -> _Target | None:
    """The exercise a log belongs to: named, replied to, or the one the person is on."""
    named = _named(reading)
    if named is not None:
        return named
    if reply_to is not None and (prompt := await repo.prompt_for(user_id, reply_to)) is not None:
        return _Target(*prompt)
    current = planned_at(day, workout.current_index if workout else 0)
    if current is None:
        return None
    return _Target(current.exercise.id, current.exercise.name)


async def _advance(
    repo: WorkoutRepository, workout: WorkoutSession, day: DayPlan, stored: StoredLog
) -> int | None:
    """After logging the exercise the person is on, move to the next one not yet logged.

    Returns the new position, or None when the log was of another exercise.
    """
    current = planned_at(day, workout.current_index)
    if current is None or current.exercise.id != stored.exercise_id:
        return None
    logged = {log.exercise_id for log in await repo.session_logs(workout.id) if log.exercise_id}
    position = next_unlogged(day, logged, workout.current_index)
    await repo.set_current(workout.id, position)
    return position


async def _rewind(repo: WorkoutRepository, removed: StoredLog, day: DayPlan) -> None:
    remaining = {log.exercise_id for log in await repo.session_logs(removed.session_id)}
    if removed.exercise_id in remaining:
        return
    for index, planned in enumerate(day.exercises):
        if planned.exercise.id == removed.exercise_id:
            await repo.set_current(removed.session_id, index)
            return


async def _history(repo: WorkoutRepository, stored: StoredLog) -> list[StoredLog]:
    """Every log of the stored log's exercise, itself included, newest first."""
    return await repo.exercise_history(
        stored.user_id,
        exercise_id=stored.exercise_id,
        exercise_name=stored.exercise_name,
        limit=_HISTORY_LIMIT,
    )


def _assess(
    stored: StoredLog,
    history: Sequence[StoredLog],
    day: DayPlan,
    profile: TrainingProfile,
    *,
    duplicate: bool,
) -> Logged:
    """Comparison with last time, records and next target for a stored log."""
    earlier = [log for log in history if log.session_id != stored.session_id]
    same_day = [log for log in history if log.session_id == stored.session_id]
    before_this = [log for log in same_day if log.id < stored.id]
    past = _sessions(earlier, profile)
    this_log = session_result(stored.local_date, [stored], profile.units)
    assert this_log is not None
    today_so_far = session_result(stored.local_date, [*before_this, stored], profile.units)
    assert today_so_far is not None
    earlier_today = session_result(stored.local_date, before_this, profile.units)
    records = find_records([*past, *([earlier_today] if earlier_today else [])], this_log)
    last = past[0] if past else None
    return Logged(
        log=stored,
        duplicate=duplicate,
        comparison=compare(last, today_so_far) if last else None,
        records=tuple(records),
        target=_next_time(stored, day, today_so_far, profile),
    )


def _sessions(logs: Sequence[StoredLog], profile: TrainingProfile) -> list[SessionResult]:
    """One result per earlier session, newest first."""
    grouped: dict[int, list[StoredLog]] = defaultdict(list)
    for log in logs:
        grouped[log.session_id].append(log)
    results = []
    for entries in grouped.values():
        result = session_result(entries[0].local_date, entries, profile.units)
        if result is not None:
            results.append(result)
    return sorted(results, key=lambda result: result.performed_on, reverse=True)


def _next_time(
    stored: StoredLog, day: DayPlan, today: SessionResult, profile: TrainingProfile
) -> Target | None:
    exercise = get_exercise(stored.exercise_id) if stored.exercise_id else None
    if exercise is None:
        return None
    planned = next((p for p in day.exercises if p.exercise.id == exercise.id), None)
    return _target_for(exercise, planned, today, profile, deload=False)


def _target_for(
    exercise: Exercise,
    planned: PlannedExercise | None,
    last: SessionResult | None,
    profile: TrainingProfile,
    *,
    deload: bool,
) -> Target:
    rep_range = planned.reps if planned else exercise.rep_range
    sets = planned.sets if planned else _DEFAULT_SETS
    return next_target(
        exercise, rep_range, last, profile.units, sets, deload=deload, equipment=profile.equipment
    )


async def _prompt(
    repo: WorkoutRepository,
    workout: WorkoutSession,
    day: DayPlan,
    index: int | None,
    profile: TrainingProfile,
    deload: Deload | None,
) -> Prompt | None:
    """The exercise at `index` (default: the session's current one), or None when done."""
    current = await repo.session_for(workout.user_id, workout.local_date)
    position = index if index is not None else (current.current_index if current else 0)
    planned = planned_at(day, position)
    if planned is None:
        return None
    history = await repo.exercise_history(
        workout.user_id,
        exercise_id=planned.exercise.id,
        exercise_name=planned.exercise.name,
        limit=_HISTORY_LIMIT,
        before_session_id=workout.id,
    )
    past = _sessions(history, profile)
    if deload is not None:
        # A lighter week scales from the last session before the missed ones, so the load is
        # not cut again at every session of that week.
        past = [result for result in past if result.performed_on < deload.missed[0]]
    last = past[0] if past else None
    target = _target_for(planned.exercise, planned, last, profile, deload=deload is not None)
    return Prompt(position + 1, len(day.exercises), planned, last, target)


async def _records(
    repo: WorkoutRepository, logs: Sequence[StoredLog], profile: TrainingProfile
) -> tuple[Record, ...]:
    first = logs[0]
    history = await repo.exercise_history(
        first.user_id,
        exercise_id=first.exercise_id,
        exercise_name=first.exercise_name,
        limit=_HISTORY_LIMIT,
        before_session_id=first.session_id,
    )
    today = session_result(first.local_date, logs, profile.units)
    assert today is not None
    return tuple(find_records(_sessions(history, profile), today))


def _by_exercise(logs: Sequence[StoredLog]) -> list[list[StoredLog]]:
    grouped: dict[tuple[str | None, str], list[StoredLog]] = {}
    for log in logs:
        key = (log.exercise_id, log.exercise_name if log.exercise_id is None else "")
        grouped.setdefault(key, []).append(log)
    return list(grouped.values())


async def _recent_dates(repo: WorkoutRepository, user_id: int, today: date) -> list[date]:
    return await repo.logged_dates(user_id, since=today - timedelta(days=_DELOAD_LOOKBACK_DAYS))


def _weekday(day: date) -> Weekday:
    return Weekday(day.weekday())
