"""The logging service: today's session, storing what a person did, and what to aim for next.

Each call is one unit of work: a handler hands over a person's message and gets back all it
leads to. A log is read with the pure log parser, placed against the exercise it belongs to,
stored, and, in the same transaction, the session moves on to the next exercise; the core
(`bot.core.assessment`) then works out the comparison with last time, records, the next
target and the next prompt. What a handler does afterwards, `remember_prompts`, only notes
which of the bot's messages were about which exercise, so replies to them log that one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.assessment import (
    Logged,
    MoveOn,
    NeedExercise,
    OfEstimate,
    Prompt,
    SessionComplete,
    SessionSummary,
    SetsToGo,
    TodaySession,
    assess,
    by_exercise,
    exercise_summary,
    past_sessions,
    prompt_at,
)
from bot.core.catalogue import Exercise, get_exercise
from bot.core.exercise_resolution import CANDIDATES, LogContext, closest_exercises
from bot.core.loading import estimates_1rm
from bot.core.logparse.in_context import (
    CUSTOM_ANSWER,
    NAME_QUESTION,
    ReadLog,
    lone_reps,
    name_subject,
    read_log,
)
from bot.core.logparse.parser import parse_log
from bot.core.logparse.reading import LoggedSet, LogReading, Rejection, RejectionReason
from bot.core.planner import DayPlan, WeekPlan
from bot.core.prescription import DayPrescription, ladder, prescribe_on
from bot.core.profile import TrainingProfile, Weekday
from bot.core.programme import Phase, monday_of
from bot.core.readiness import LASTING, PainRegion, Readiness, lasting_pain
from bot.core.records import SessionResult, best_estimate
from bot.core.reschedule import sore_week
from bot.core.rest import Rest, rest_after
from bot.core.schedule import local_date
from bot.core.workout import convert_load, load_unit, next_unlogged, planned_at, with_unit
from bot.core.workout_log import LogContent, StoredLog, WorkoutSession
from bot.services.past_history import PastHistories
from bot.storage.deferred_writes import write_with_update
from bot.storage.inbox import first_application
from bot.storage.workouts import WorkoutRepository, same_exercise

logger = logging.getLogger(__name__)

# Enough history for records over years of training, still one small query per log.
_HISTORY_LIMIT = 2000
# Enough to hold each exercise's last session even when it was logged set by set.
_RECENT_LOGS_PER_EXERCISE = 12
# Numbers alone with no session going on belong to the exercise logged last, this recently.
_STILL_GOING = timedelta(hours=2)
# Read ahead of a day's logs: the exercises logged within this many days, and at most this
# many exercises in all (the day's planned ones first): each is a query, and what it reads
# is kept for the day (`past`).
_LATELY = timedelta(days=14)
_READ_AHEAD_MOST = 8


class AlreadyApplied:
    """What a command handled again says: its change was made the first time, not now."""


ALREADY_APPLIED = AlreadyApplied()


@dataclass(frozen=True, slots=True)
class SentPrompt:
    """A bot message about one exercise: a reply to it logs that exercise."""

    message_id: int
    exercise_id: str | None
    exercise_name: str


@dataclass(frozen=True, slots=True)
class ChooseReading:
    """Two plausible readings of a message: nothing is stored until the person picks one
    (`kind` is the answer to pass back to `log`)."""

    exercise_name: str
    options: tuple[tuple[str, LogReading], ...]


@dataclass(frozen=True, slots=True)
class ChooseExercise:
    """A name the catalogue does not know: its closest exercises, or the person's own name
    (`CUSTOM_ANSWER`); nothing is stored until they pick."""

    typed: str
    candidates: tuple[Exercise, ...]


LogResult = Logged | Rejection | NeedExercise | ChooseReading | ChooseExercise


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
    # What today's prescriptions are worked out from, read once a day per person.
    past: PastHistories = field(default_factory=lambda: PastHistories(shared=False))

    async def open_today(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan
    ) -> TodaySession:
        """Today's prescription; on a training day the session is opened at the current
        exercise."""
        now = self.clock()
        today = local_date(profile.timezone, now)
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            # Where a session opens, rather than each time a prompt is remembered.
            await repo.forget_expired_prompts(user_id, now)
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
            if not prescribed.day.is_workout:
                return TodaySession(prescribed, None)
            workout = await _open(repo, user_id, today, now)
        return TodaySession(prescribed, prompt_at(prescribed, workout.current_index, profile.units))

    async def read_ahead(self, user_id: int, profile: TrainingProfile, plan: WeekPlan) -> None:
        """Read now what today's logs will likely be measured against: the logs before today
        of each planned exercise and of each logged lately, and their sessions, which are
        read once a day (`past`). Called once today's session is shown, so that the first
        log of each exercise does not wait for a read that grows with the person's history."""
        today = local_date(profile.timezone, self.clock())
        try:
            async with self.sessions() as session:
                repo = WorkoutRepository(session)
                prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
                planned = [(p.exercise.id, p.exercise.name) for p in prescribed.day.exercises]
                lately = await repo.exercises_logged(user_id, today - _LATELY, today)
                exercises = {
                    exercise.key: exercise
                    for exercise in (_ExerciseOn(user_id, today, *e) for e in planned + lately)
                }
                for exercise in list(exercises.values())[:_READ_AHEAD_MOST]:
                    await _earlier_sessions(repo, self.past, exercise, profile)
        except SQLAlchemyError:
            # Only a head start, after the person has their answer: each log reads what it
            # needs itself.
            logger.warning("Reading ahead of today's logs failed", exc_info=True)

    async def prescription(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, on: date
    ) -> DayPrescription:
        """The day `on` of the person's programme, as `/today` would show it."""
        async with self.sessions() as session:
            return await _prescribed(WorkoutRepository(session), user_id, profile, plan, on)

    async def readiness(self, user_id: int, profile: TrainingProfile) -> Readiness | None:
        """How the person said they are today; None when they have not said."""
        today = local_date(profile.timezone, self.clock())
        async with self.sessions() as session:
            return await WorkoutRepository(session).readiness(user_id, today)

    async def lasting_pain(self, user_id: int) -> PainRegion | None:
        """Where the person has said it hurts each time lately (`lasting_pain`)."""
        async with self.sessions() as session:
            answers = await WorkoutRepository(session).recent_readiness(user_id, LASTING)
        return lasting_pain(answers)

    async def feel(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        change: Callable[[Readiness | None], Readiness],
    ) -> DayPrescription:
        """Keep how the person is today, `change` of what they said before (None: nothing
        yet), and give back today as it now is."""
        today = local_date(profile.timezone, self.clock())
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            answers = change(await repo.readiness(user_id, today))
            await repo.record_readiness(user_id, today, answers)
            self.past.forget(user_id)
            return await _prescribed(repo, user_id, profile, plan, today, self.past)

    async def prescribed_week(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, on: date
    ) -> list[DayPrescription]:
        """Each day, Monday to Sunday, of the programme week `on` falls in."""
        monday = on - timedelta(days=on.weekday())
        async with self.sessions() as session:
            repo = WorkoutRepository(session)
            return [
                await _prescribed(repo, user_id, profile, plan, monday + timedelta(days=n))
                for n in range(7)
            ]

    async def log(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        message_id: int,
        text: str,
        reply_to: int | None,
        answer: str | None = None,
        earlier_day: date | None = None,
        first_delivery: bool = False,
    ) -> LogResult:
        """Store a workout message; a log that completes the planned sets of the current
        exercise moves the session on (`Logged.following`). A message stored before comes
        back as a duplicate. A message read two ways, or naming an unknown exercise, is
        stored only with the person's `answer` (`ChooseReading`, `ChooseExercise`).

        `first_delivery`: the message's update was just recorded new (never handled, see
        bot.telegram.intake), so without an `answer` nothing of it can be stored yet, and
        looking for it is skipped.

        With `earlier_day` (the person said they are logging a day before today), the log
        is of that day unless the message names another, and numbers alone go to the
        exercise logged last on it."""
        now = self.clock()
        today = local_date(profile.timezone, now)
        back_to = earlier_day if earlier_day is not None and earlier_day < today else None
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            prescribed = await _prescribed(
                repo, user_id, profile, plan, back_to or today, self.past
            )
            day = prescribed.day
            if not first_delivery or answer is not None:
                against = _Against(prescribed, profile, plan)
                again = await _answered(repo, self.past, user_id, message_id, against)
                if again is not None:
                    return again
            workout, todays_logs = await repo.session_with_logs(user_id, today)
            current = await _current(repo, user_id, reply_to, day, workout, now, back_to)
            # Numbers alone of an earlier day go to no planned exercise of it.
            todays = _exercise_ids(day) if back_to is None else []
            context = await _context(
                repo, user_id, profile, plan, todays, current, today, self.past
            )
            read, context = await _read(repo, user_id, text, context, profile)
            if isinstance(read, ReadLog) and read.doubtful_name and _names_exercise(answer):
                # Settled now: read again, as every later message with that name will be.
                subject = name_subject(read.doubtful_name)
                assert answer is not None
                await repo.remember_reading_answer(user_id, subject, NAME_QUESTION, answer)
                self.past.forget(user_id)
                context = replace(context, remembered=await repo.reading_answers(user_id))
                read, context = await _read(repo, user_id, text, context, profile)
                answer = None
            if isinstance(read, Rejection):
                alone = lone_reps(text) and not context.doing
                return NeedExercise() if alone else read
            chosen = await _chosen(repo, self.past, user_id, read, answer, context)
            if not isinstance(chosen, LogReading):
                return chosen
            target = _named(chosen) or (None if read.days_ago else current)
            if target is None:
                return NeedExercise()
            on = today - timedelta(days=read.days_ago) if read.days_ago else back_to or today
            if on != prescribed.on:
                prescribed = await _prescribed(repo, user_id, profile, plan, on, self.past)
            day = prescribed.day
            content = _content(target, text, chosen, profile)
            opened = workout if on == today else None
            log, duplicate, workout = await _store(
                repo, user_id, content, message_id, (on, now), profile, opened
            )
            if on < today:
                self.past.forget(user_id)
            against = _Against(prescribed, profile, plan)
            stored = _stored(log, duplicate, workout, (opened, todays_logs))
            recorded = await _recorded(repo, self.past, stored, against, moves_on=on == today)
            of_estimate = _of_estimate(chosen, context)
        logged = _assessed(log, recorded, against, duplicate=duplicate)
        return replace(logged, following=recorded.following, of_estimate=of_estimate)

    async def gym_floor(self, user_id: int, profile: TrainingProfile, plan: WeekPlan) -> GymFloor:
        """Today's prescription and today's logs so far: the Mini App's screen. On a training
        day the session is opened, as `/today` opens it."""
        now = self.clock()
        today = local_date(profile.timezone, now)
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
            workout, logs = await repo.session_with_logs(user_id, today)
            if workout is None and prescribed.day.is_workout:
                workout = await _open(repo, user_id, today, now)
                logs = await repo.session_logs(workout.id)
        finished = workout is not None and workout.finished_at is not None
        return GymFloor(prescribed, tuple(logs), finished)

    async def log_set(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        message_id: int,
        exercise: Exercise,
        done: SetDone,
    ) -> Logged | SetOutOfOrder:
        """Store one set done today, given as numbers rather than words (the Mini App's
        tap), exactly as a chat log of it would be stored: the session moves on, the answer
        says the same. `message_id` dedupes like a chat message's: the same one again
        stores nothing and comes back as a duplicate. A set whose `index` is past the next
        open one is not stored (`SetOutOfOrder`)."""
        now = self.clock()
        today = local_date(profile.timezone, now)
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
            again = await _answered(
                repo, self.past, user_id, message_id, _Against(prescribed, profile, plan)
            )
            if again is not None:
                return again
            read, logs = await repo.session_with_logs(user_id, today)
            if done.index is not None:
                sets = sum(len(log.sets) for log in logs if log.exercise_id == exercise.id)
                if done.index > sets:
                    return SetOutOfOrder(sets)
            content = _numbers_content(exercise, [_logged_set(done, profile)], done.rpe)
            log, duplicate, workout = await _store(
                repo, user_id, content, message_id, (today, now), profile, read
            )
            against = _Against(prescribed, profile, plan)
            stored = _stored(log, duplicate, workout, (read, logs))
            recorded = await _recorded(repo, self.past, stored, against, moves_on=True)
        logged = _assessed(log, recorded, against, duplicate=duplicate)
        return replace(logged, following=recorded.following)

    async def correct_set(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        log_id: int,
        done: SetDone | None,
        position: int = 0,
    ) -> Logged | None:
        """One set of a stored log (the one at `position`) changed to `done`, given as
        numbers, or, with `done` None, left out; the log's other sets and exercise stay.
        None when the person has no such log, or it has no set at `position`."""
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            old = await repo.get_log(user_id, log_id)
            if old is None or not 0 <= position < len(old.sets):
                return None
            # It may be a log of an earlier day, which the day's reads keep.
            self.past.forget(user_id)
            sets = list(old.sets)
            rpe = old.rpe
            if done is None:
                del sets[position]
            else:
                sets[position] = _logged_set(done, profile)
                # One set's effort is the log's, when it is the only one or is given.
                rpe = done.rpe if len(sets) == 1 or done.rpe is not None else old.rpe
            exercise = get_exercise(old.exercise_id) if old.exercise_id else None
            content = _numbers_content(exercise or old.exercise_name, sets, rpe)
            changed = await repo.replace_log(user_id, old.id, content)
            assert changed is not None, "the log was read in this transaction"
            history = await _history(repo, changed)
        day = plan.day(_weekday(old.local_date))
        return assess(changed, history, day, profile, duplicate=False, plan=plan)

    async def correct(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, *, log_id: int, text: str
    ) -> LogResult | None:
        """Replace a stored log with a corrected reading; None when the log is gone.

        The same text again (a redelivered edit) changes nothing and comes back as a duplicate.
        """
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            old = await repo.get_log(user_id, log_id)
            if old is None:
                return None
            self.past.forget(user_id)
            return await _correct(repo, old, text, plan, profile)

    async def correct_message(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        message_id: int,
        text: str,
    ) -> LogResult | None:
        """An edited message re-read: its log corrected, or None when it stored no log."""
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            old = await repo.log_by_message(user_id, message_id)
            if old is None:
                return None
            self.past.forget(user_id)
            return await _correct(repo, old, text, plan, profile)

    async def remember_prompts(self, user_id: int, prompts: Sequence[SentPrompt]) -> None:
        """Note the bot messages about an exercise, so a reply to one logs that exercise;
        with the update's last transaction (bot.storage.deferred_writes), as no reply to
        them can arrive before it ends."""
        now = self.clock()

        async def remember(session: AsyncSession) -> None:
            repo = WorkoutRepository(session)
            for prompt in prompts:
                await repo.remember_prompt(
                    user_id, prompt.message_id, prompt.exercise_id, prompt.exercise_name, now=now
                )

        await write_with_update(self.sessions, remember)

    async def logged_dates(self, user_id: int, since: date) -> list[date]:
        async with self.sessions() as session:
            return await WorkoutRepository(session).logged_dates(user_id, since=since)

    async def get_log(self, user_id: int, log_id: int) -> StoredLog | None:
        async with self.sessions() as session:
            return await WorkoutRepository(session).get_log(user_id, log_id)

    async def undo(
        self,
        user_id: int,
        plan: WeekPlan,
        log_id: int | None = None,
        *,
        update_id: int | None = None,
    ) -> StoredLog | AlreadyApplied | None:
        """Delete the given log, or the newest one; None when there is nothing to undo.

        Undoing the only log of a planned exercise makes it the current one again, so the
        next numbers-only reply goes where the person expects. "The newest" depends on
        when it is asked, so the update asking is remembered with the deletion: handled
        again (after a crash), it deletes nothing more and says so.
        """
        async with self.sessions.begin() as session:
            if not await first_application(session, update_id, self.clock()):
                return ALREADY_APPLIED
            repo = WorkoutRepository(session)
            if log_id is None:
                last = await repo.last_log(user_id)
                if last is None:
                    return None
                log_id = last.id
            removed = await repo.delete_log(user_id, log_id)
            if removed is not None:
                self.past.forget(user_id)
                await _rewind(repo, removed, plan.day(_weekday(removed.local_date)))
            return removed

    async def skip(
        self,
        user_id: int,
        profile: TrainingProfile,
        plan: WeekPlan,
        *,
        update_id: int | None = None,
    ) -> Prompt | None:
        """Move past the current exercise without logging it; the same update handled again
        (after a crash) shows the exercise it moved to instead of skipping another."""
        today = local_date(profile.timezone, self.clock())
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            workout = await repo.session_for(user_id, today)
            if workout is None or not plan.day(_weekday(today)).is_workout:
                return None
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
            first = await first_application(session, update_id, self.clock())
            index = workout.current_index + (1 if first else 0)
            if index >= len(prescribed.day.exercises):
                return None
            await repo.set_current(workout.id, index)
            return prompt_at(prescribed, index, profile.units)

    async def finish(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan
    ) -> SessionSummary | None:
        now = self.clock()
        today = local_date(profile.timezone, now)
        async with self.sessions.begin() as session:
            repo = WorkoutRepository(session)
            workout, logs = await repo.session_with_logs(user_id, today)
            if workout is None or not logs:
                return None
            await repo.finish_session(workout.id, now)
            exercises = [
                exercise_summary(group, await _earlier(repo, group[0]), profile)
                for group in by_exercise(logs)
            ]
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
        planned = tuple(p.exercise.id for p in prescribed.day.exercises)
        return SessionSummary(today, tuple(exercises), planned)

    async def rest_after(
        self, user_id: int, profile: TrainingProfile, plan: WeekPlan, log_id: int
    ) -> Rest | None:
        """The rest after the log `log_id` while it is still the person's last, in today's
        session, not finished, with planned sets of its exercise to do; else None."""
        today = local_date(profile.timezone, self.clock())
        async with self.sessions() as session:
            repo = WorkoutRepository(session)
            last = await repo.last_log(user_id)
            if last is None or last.id != log_id or last.local_date != today:
                return None
            workout, logs = await repo.session_with_logs(user_id, today)
            if workout is None or workout.id != last.session_id or workout.finished_at:
                return None
            prescribed = await _prescribed(repo, user_id, profile, plan, today, self.past)
        return rest_after(last, logs, prescribed)

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


@dataclass(frozen=True, slots=True)
class _Against:
    """What a log is measured against: its day's prescription, the person, their plan."""

    prescribed: DayPrescription
    profile: TrainingProfile
    plan: WeekPlan


@dataclass(frozen=True, slots=True)
class _Stored:
    """A log just stored (or found stored: `duplicate`), the session it is in and, when they
    are known without a read, the session's logs, it included (see `_stored`)."""

    log: StoredLog
    duplicate: bool
    workout: WorkoutSession
    day_logs: list[StoredLog] | None = None


def _stored(
    log: StoredLog,
    duplicate: bool,
    workout: WorkoutSession,
    read: tuple[WorkoutSession | None, list[StoredLog]],
) -> _Stored:
    """`log` stored in `workout`, with `read`: a session and its logs, read in the same
    transaction before the log was stored. They are the day's logs but for this one when
    the log went into that session as a new log; otherwise (another day's session, a new
    session, a log stored already) the day's logs are read again."""
    session, logs = read
    if duplicate or session is None or session.id != log.session_id:
        return _Stored(log, duplicate, workout)
    # The order `session_logs` reads them in; a log stored now is normally the last.
    day_logs = sorted([*logs, log], key=lambda each: (each.logged_at, each.id))
    return _Stored(log, duplicate, workout, day_logs)


async def _answered(
    repo: WorkoutRepository,
    past: PastHistories,
    user_id: int,
    message_id: int,
    against: _Against,
) -> Logged | None:
    """The answer to a message stored before, as a duplicate; None for a new message."""
    earlier = await repo.log_by_message(user_id, message_id)
    if earlier is None:
        return None
    history = await _history(repo, earlier, past)
    day, profile, plan = against.prescribed.as_planned, against.profile, against.plan
    return assess(earlier, history, day, profile, duplicate=True, plan=plan)


@dataclass(frozen=True, slots=True)
class _Recorded:
    """A stored log's exercise history (see `_history`), the sessions of it before the
    log's day (`past_sessions`), and where today's session goes next."""

    history: list[StoredLog]
    earlier: list[SessionResult]
    following: MoveOn


async def _recorded(
    repo: WorkoutRepository,
    past: PastHistories,
    stored: _Stored,
    against: _Against,
    *,
    moves_on: bool,
) -> _Recorded:
    """After a log is stored: its exercise's history and, `moves_on` (a log of today), where
    the session goes next. The day's logs serve both (the day has one session): those
    `stored` knows, else read once."""
    log = stored.log
    day_logs = stored.day_logs
    if day_logs is None:
        day_logs = await repo.session_logs(log.session_id)
    history = await _history(repo, log, past, day_logs)
    earlier = await _earlier_sessions(repo, past, _ExerciseOn.of(log), against.profile)
    if not moves_on or stored.duplicate:
        return _Recorded(history, earlier, None)
    following = await _move_on(
        repo, against.prescribed, against.profile, log, stored.workout, day_logs
    )
    return _Recorded(history, earlier, following)


def _assessed(log: StoredLog, recorded: _Recorded, against: _Against, *, duplicate: bool) -> Logged:
    week = against.prescribed.week
    lighter = week.starts if week.phase is Phase.DELOAD else None
    # "Next time" is a full session: the plan's sets, whatever took some off today.
    return assess(
        log,
        recorded.history,
        against.prescribed.as_planned,
        against.profile,
        duplicate=duplicate,
        plan=against.plan,
        lighter_since=lighter,
        past=recorded.earlier,
    )


async def _store(
    repo: WorkoutRepository,
    user_id: int,
    content: LogContent,
    message_id: int,
    when: tuple[date, datetime],
    profile: TrainingProfile,
    opened: WorkoutSession | None,
) -> tuple[StoredLog, bool, WorkoutSession]:
    """Store a new log in the session of the day `on` (`opened`, when it was read already),
    and say whether it was already there; the session it is in.

    Today's session is reopened if it was finished; an earlier day's stays as it was."""
    on, now = when
    workout = opened or await repo.open_session(user_id, on, now)
    if workout.finished_at is not None and on == local_date(profile.timezone, now):
        await repo.reopen_session(workout.id)
    stored = await repo.add_log(workout, content, source_message_id=message_id, logged_at=now)
    if stored is None:  # a concurrent delivery of the same message stored it first
        first = await repo.log_by_message(user_id, message_id)
        assert first is not None
        return first, True, workout
    return stored, False, workout


async def _current(
    repo: WorkoutRepository,
    user_id: int,
    reply_to: int | None,
    day: DayPlan,
    workout: WorkoutSession | None,
    now: datetime,
    earlier: date | None,
) -> _Target | None:
    """The exercise numbers alone go to: the one replied to, the session's current one, or,
    with no session going on, the one logged last if that was lately; logging an `earlier`
    day, the one logged last on it, lately."""
    if reply_to is not None and (prompt := await repo.prompt_for(user_id, reply_to)) is not None:
        return _Target(*prompt)
    current = planned_at(day, workout.current_index if workout else 0) if not earlier else None
    if current is not None:
        return _Target(current.exercise.id, current.exercise.name)
    last = await repo.last_log(user_id)
    if last is None or now - last.logged_at > _STILL_GOING:
        return None
    if earlier is not None and last.local_date != earlier:
        return None
    return _Target(last.exercise_id, last.exercise_name)


async def _context(
    repo: WorkoutRepository,
    user_id: int,
    profile: TrainingProfile,
    plan: WeekPlan,
    todays: Sequence[str],
    current: _Target | None,
    today: date,
    past: PastHistories | None = None,
) -> LogContext:
    """`todays`: the ids of the exercises planned for the day logged, in order. With
    `past` (`today` is the person's), their answers about reading logs are read once a
    day: only the logbook writes them, and drops the copy when it does."""
    first = [current.exercise_id] if current is not None and current.exercise_id else []
    own = current.name if current is not None and current.exercise_id is None else None
    return LogContext(
        equipment=profile.equipment,
        today=tuple(dict.fromkeys([*first, *todays])),
        doing_own=own,
        plan=tuple(dict.fromkeys(p.exercise.id for d in plan.days for p in d.exercises)),
        units=load_unit(profile.units),
        remembered=await _reading_answers(repo, user_id, today, past),
        on=today,
    )


async def _reading_answers(
    repo: WorkoutRepository, user_id: int, on: date, past: PastHistories | None
) -> dict[str, str]:
    read = partial(repo.reading_answers, user_id)
    return await (read() if past is None else past.read(repo, user_id, on, ("reading",), read))


async def _read(
    repo: WorkoutRepository, user_id: int, text: str, context: LogContext, profile: TrainingProfile
) -> tuple[ReadLog | Rejection, LogContext]:
    """The message read, and the context it was read in: sets at a percentage of a one-rep
    max ("RDL 5x5 @ 80%") are read again with the person's estimate for the exercise, looked
    up only then, so no other log pays for it."""
    read = read_log(text, context)
    if not isinstance(read, Rejection) or read.reason is not RejectionReason.NO_ESTIMATE:
        return read, context
    assert read.exercise_id is not None
    estimable = await repo.estimable_sets(user_id, read.exercise_id)
    lifts = [(s.reps, convert_load(s.weight, s.unit, profile.units)) for s in estimable if s.weight]
    estimate = best_estimate(lifts) if estimates_1rm(get_exercise(read.exercise_id)) else None
    if estimate is None:
        return read, context
    context = replace(context, estimates={read.exercise_id: estimate})
    return read_log(text, context), context


def _of_estimate(reading: LogReading, context: LogContext) -> OfEstimate | None:
    """The percentage and estimate a log at a share of a one-rep max was weighed from."""
    if reading.percent is None or reading.exercise_id is None:
        return None
    estimate = context.estimates.get(reading.exercise_id)
    return None if estimate is None else OfEstimate(reading.percent, estimate)


async def _chosen(
    repo: WorkoutRepository,
    past: PastHistories,
    user_id: int,
    read: ReadLog,
    answer: str | None,
    context: LogContext,
) -> LogReading | ChooseReading | ChooseExercise:
    """The reading to store, or the question to ask first; an answer to a reading question
    is remembered for the exercise."""
    reading = read.reading
    if read.doubtful_name is not None:
        return await _name_question(repo, past, user_id, read.doubtful_name, reading, context)
    if read.ambiguous and read.question is not None and read.exercise_key is not None:
        kinds = {candidate.kind for candidate in read.candidates}
        if answer not in kinds:
            exercise = get_exercise(read.exercise_key)
            name = exercise.name if exercise else read.exercise_key
            options = tuple((c.kind, c.reading) for c in read.candidates)
            return ChooseReading(name, options)
        assert answer is not None
        await repo.remember_reading_answer(user_id, read.exercise_key, read.question, answer)
        past.forget(user_id)
        return read.chosen(answer).reading
    return reading


def _names_exercise(answer: str | None) -> bool:
    return answer == CUSTOM_ANSWER or (answer is not None and get_exercise(answer) is not None)


async def _name_question(
    repo: WorkoutRepository,
    past: PastHistories,
    user_id: int,
    typed: str,
    reading: LogReading,
    context: LogContext,
) -> LogReading | ChooseExercise:
    """Which exercise a doubtful name is: asked, unless the person logged it as their own
    before (which settles it)."""
    if await repo.exercise_history(user_id, exercise_id=None, exercise_name=typed, limit=1):
        await repo.remember_reading_answer(
            user_id, name_subject(typed), NAME_QUESTION, CUSTOM_ANSWER
        )
        past.forget(user_id)
        return replace(reading, exercise_id=None)
    guessed = get_exercise(reading.exercise_id) if reading.exercise_id else None
    closest = [e for e in closest_exercises(typed, context) if e is not guessed]
    candidates = ([guessed] if guessed else []) + closest
    return ChooseExercise(typed, tuple(candidates[:CANDIDATES]))


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


@dataclass(frozen=True, slots=True)
class GymFloor:
    """Today as the Mini App shows it: the prescription, the logs so far in the order
    logged, and whether the session was finished."""

    prescription: DayPrescription
    logs: tuple[StoredLog, ...]
    finished: bool


@dataclass(frozen=True, slots=True)
class SetDone:
    """One set given as numbers: `load` in the person's unit (None: no load), and the
    effort, when they gave it."""

    reps: int
    load: float | None
    rpe: float | None = None
    # Which of the exercise's work sets it is, counting from 0, when the caller knows.
    index: int | None = None


@dataclass(frozen=True, slots=True)
class SetOutOfOrder:
    """A set past the next open one of its exercise, of which `done` sets are logged today."""

    done: int


def _logged_set(done: SetDone, profile: TrainingProfile) -> LoggedSet:
    unit = load_unit(profile.units) if done.load is not None else None
    return LoggedSet(done.reps, done.load, unit)


def _numbers_content(
    exercise: Exercise | str, sets: Sequence[LoggedSet], rpe: float | None
) -> LogContent:
    """What to store of sets of `exercise` (a catalogue one, or the person's own name) given
    as numbers, with the words a chat log of them would have, so that it reads back the same
    anywhere ("Romanian deadlift 1x8 @ 80kg", "... 80kg x 8, 90kg x 6")."""
    name = exercise.name if isinstance(exercise, Exercise) else exercise
    if len(sets) == 1:
        (only,) = sets
        weight = f" @ {only.weight:g}{only.unit}" if only.weight is not None else ""
        numbers = f"1x{only.reps}{weight}"
    else:
        numbers = ", ".join(
            f"{s.weight:g}{s.unit} x {s.reps}" if s.weight is not None else str(s.reps)
            for s in sets
        )
    effort = f" rpe {rpe:g}" if rpe is not None else ""
    return LogContent(
        exercise_id=exercise.id if isinstance(exercise, Exercise) else None,
        exercise_name=name,
        raw_text=f"{name} {numbers}{effort}",
        sets=tuple(sets),
        rpe=rpe,
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


async def _advance(
    repo: WorkoutRepository,
    workout: WorkoutSession,
    day: DayPlan,
    stored: StoredLog,
    logs: Sequence[StoredLog],
) -> int | SetsToGo | None:
    """After logging a planned exercise, the person is on it (numbers alone go to it): once
    its planned sets are all done, move to the next one not done. After another exercise,
    the chat shows again the one the person is on, which numbers alone still go to. Returns
    the position to show, the sets still to do, or None. `logs`: the session's."""
    done = _done(day, logs)
    index = next(
        (i for i, p in enumerate(day.exercises) if p.exercise.id == stored.exercise_id), None
    )
    if index is not None and stored.exercise_id not in done:
        if index != workout.current_index:
            await repo.set_current(workout.id, index)
        sets = sum(len(log.sets) for log in logs if log.exercise_id == stored.exercise_id)
        return SetsToGo(sets, day.exercises[index].sets)
    if index != workout.current_index:
        return None if planned_at(day, workout.current_index) is None else workout.current_index
    position = next_unlogged(day, done, index)
    await repo.set_current(workout.id, position)
    return position


def _done(day: DayPlan, logs: Sequence[StoredLog]) -> set[str]:
    """The planned exercises logged today with at least their planned number of sets."""
    counts: dict[str, int] = {}
    for log in logs:
        if log.exercise_id is not None:
            counts[log.exercise_id] = counts.get(log.exercise_id, 0) + len(log.sets)
    return {p.exercise.id for p in day.exercises if counts.get(p.exercise.id, 0) >= p.sets}


async def _rewind(repo: WorkoutRepository, removed: StoredLog, day: DayPlan) -> None:
    remaining = {log.exercise_id for log in await repo.session_logs(removed.session_id)}
    if removed.exercise_id in remaining:
        return
    for index, planned in enumerate(day.exercises):
        if planned.exercise.id == removed.exercise_id:
            await repo.set_current(removed.session_id, index)
            return


async def _history(
    repo: WorkoutRepository,
    stored: StoredLog,
    past: PastHistories | None = None,
    day_logs: Sequence[StoredLog] | None = None,
) -> list[StoredLog]:
    """Every log of the stored log's exercise up to its day, itself included: the day's
    (of `day_logs`, its day's, when given), then the earlier days' (those read once with
    `past`), each newest first."""
    past_logs = await _history_before(repo, _ExerciseOn.of(stored), past)
    if day_logs is None:
        return [*await _same_history(repo, stored)(on=stored.local_date), *past_logs]
    return [*reversed(same_exercise(day_logs, stored)), *past_logs]


def _same_history(
    repo: WorkoutRepository, of: StoredLog | _ExerciseOn
) -> Callable[..., Awaitable[list[StoredLog]]]:
    """The logs of a log's exercise (or an exercise's), by the person: `exercise_history`
    with the bound (`on`, `before`, `before_session_id`) to come."""
    return partial(
        repo.exercise_history,
        of.user_id,
        exercise_id=of.exercise_id,
        exercise_name=of.exercise_name,
        limit=_HISTORY_LIMIT,
    )


@dataclass(frozen=True, slots=True)
class _ExerciseOn:
    """A person's exercise on a day, whose logs before that day are read once (`past`)."""

    user_id: int
    on: date
    exercise_id: str | None
    exercise_name: str

    @classmethod
    def of(cls, log: StoredLog) -> _ExerciseOn:
        return cls(log.user_id, log.local_date, log.exercise_id, log.exercise_name)

    @property
    def key(self) -> tuple[str, str | None, str]:
        # Its history is read by id, else by name (`_same_history`).
        return ("exercise", self.exercise_id, "" if self.exercise_id else self.exercise_name)


async def _history_before(
    repo: WorkoutRepository, exercise: _ExerciseOn, past: PastHistories | None
) -> list[StoredLog]:
    """The logs of the exercise before its day, newest first (read once with `past`)."""
    earlier = partial(_same_history(repo, exercise), before=exercise.on)
    if past is None:
        return await earlier()
    return await past.read(repo, exercise.user_id, exercise.on, exercise.key, earlier)


async def _earlier_sessions(
    repo: WorkoutRepository, past: PastHistories, exercise: _ExerciseOn, profile: TrainingProfile
) -> list[SessionResult]:
    """`past_sessions` of the exercise before its day, worked out once."""

    async def worked_out() -> list[SessionResult]:
        return past_sessions(await _history_before(repo, exercise, past), profile)

    key = ("sessions", profile.units, *exercise.key)
    return await past.read(repo, exercise.user_id, exercise.on, key, worked_out)


async def _earlier(repo: WorkoutRepository, first: StoredLog) -> list[StoredLog]:
    """The logs of `first`'s exercise from sessions before `first`'s, newest first."""
    return await _same_history(repo, first)(before_session_id=first.session_id)


async def _prescribed(
    repo: WorkoutRepository,
    user_id: int,
    profile: TrainingProfile,
    plan: WeekPlan,
    on: date,
    past: PastHistories | None = None,
) -> DayPrescription:
    """The day `on` of the person's programme, from four queries: how the person said they
    were on the days of its week up to it (a very sore day moves heavy hamstring work), the
    region they want left out, the recent logs of the day's exercises and their harder
    variants, and the days they trained since it started. A day with stand-ins for work
    that hurts takes one more, for the stand-ins' own logs, so that they progress too.
    With `past` (`on` is the person's today), all are read once a day: the day's own logs
    change none of them (see `_trained_before`), and new answers or switches drop them; so
    is the prescription itself, worked out again only for another profile or plan."""
    if past is None:
        return await _prescribe(repo, user_id, profile, plan, on, None)
    prescribe = partial(_prescribe, repo, user_id, profile, plan, on, past)
    return await past.read(repo, user_id, on, ("prescription", profile, plan), prescribe)


async def _prescribe(
    repo: WorkoutRepository,
    user_id: int,
    profile: TrainingProfile,
    plan: WeekPlan,
    on: date,
    past: PastHistories | None,
) -> DayPrescription:
    start = profile.programme_start or on
    week = partial(repo.readiness_between, user_id, monday_of(on), on)
    trained = partial(_trained_before, repo, user_id, start, on)
    avoided = partial(repo.avoided_region, user_id)
    if past is None:
        answers, logged, avoid = await week(), await trained(), await avoided()
    else:
        answers = await past.read(repo, user_id, on, ("readiness",), week)
        logged = await past.read(repo, user_id, on, ("trained", start), trained)
        avoid = await past.read(repo, user_id, on, ("avoid",), avoided)

    async def reader(ids: list[str], exercises: int) -> dict[str, list[SessionResult]]:
        fresh = partial(recent_history, repo, user_id, profile, on, ids, exercises)
        if past is None:
            return await fresh()
        key = ("recent", profile.units, tuple(ids), exercises)
        return await past.read(repo, user_id, on, key, fresh)

    return await prescribe_with(reader, DayInputs(profile, plan, on, logged, answers, avoid))


HistoryReader = Callable[[list[str], int], Awaitable[dict[str, list[SessionResult]]]]


async def _trained_before(
    repo: WorkoutRepository, user_id: int, start: date, on: date
) -> list[date]:
    """The days the person trained from `start` to the day before `on`. Whether `on` itself
    was trained changes nothing of its programme week (bot.core.programme weighs a week's
    sessions only in deciding the weeks after it), so the day's logs leave this as it was."""
    return [day for day in await repo.logged_dates(user_id, since=start) if day < on]


@dataclass(frozen=True, slots=True)
class DayInputs:
    """What a day's prescription is worked out from, beside the exercises' history:
    `logged`, the days trained since the programme started; `answers`, how the person was
    on the days of the week up to `on`; `avoid`, the region to leave out."""

    profile: TrainingProfile
    plan: WeekPlan
    on: date
    logged: Sequence[date]
    answers: Mapping[date, Readiness]
    avoid: PainRegion | None


async def prescribe_with(read_history: HistoryReader, day: DayInputs) -> DayPrescription:
    """The day's prescription, reading the recent sessions of its exercises with
    `read_history(exercise ids, how many planned exercises they are the rungs of)`: the
    day's exercises first, then any stand-ins for work that hurts, so that they progress
    too. The logbook and the reminders' batch reads share it."""
    profile, plan, on = day.profile, day.plan, day.on
    start = profile.programme_start or on
    week, _ = sore_week(plan, on, day.answers)
    planned = week.day(_weekday(on)).exercises
    history = await read_history(
        [rung for p in planned for rung in ladder(p.exercise)], len(planned)
    )

    def prescribed() -> DayPrescription:
        return prescribe_on(
            plan, profile, start, on, history, day.logged, week_answers=day.answers, avoid=day.avoid
        )

    found = prescribed()
    stand_ins = [p.planned.exercise.id for p in found.exercises if p.instead_of is not None]
    if not stand_ins:
        return found
    history |= await read_history(stand_ins, len(stand_ins))
    return prescribed()


async def recent_history(
    repo: WorkoutRepository,
    user_id: int,
    profile: TrainingProfile,
    on: date,
    ids: list[str],
    exercises: int,
) -> dict[str, list[SessionResult]]:
    """The recent sessions before the day `on` of each of `ids` (the rungs of `exercises`
    exercises): enough for stalls and intensifiers, with a variant's sessions apart from
    its rung's. The day's own logs are left out, so that its prescription holds all day."""
    limit = _RECENT_LOGS_PER_EXERCISE * max(1, exercises)
    logs = await repo.recent_logs_of(user_id, ids, limit=limit, before=on)
    return {
        exercise_id: past_sessions([log for log in logs if log.exercise_id == exercise_id], profile)
        for exercise_id in ids
    }


async def _move_on(
    repo: WorkoutRepository,
    prescribed: DayPrescription,
    profile: TrainingProfile,
    log: StoredLog,
    workout: WorkoutSession,
    logs: Sequence[StoredLog],
) -> MoveOn:
    """After a log of the current exercise in `workout` (whose `logs` these are, it
    included), today's session: the next exercise's prompt, or the end."""
    day = prescribed.day
    if not day.is_workout or workout.id != log.session_id:
        return None
    position = await _advance(repo, workout, day, log, logs)
    if position is None or isinstance(position, SetsToGo):
        return position
    return prompt_at(prescribed, position, profile.units) or SessionComplete()


async def _correct(
    repo: WorkoutRepository,
    old: StoredLog,
    text: str,
    plan: WeekPlan,
    profile: TrainingProfile,
) -> Logged | Rejection:
    """The log re-read as corrected, for the same exercise unless it names another; of two
    readings the one the person chose before for the exercise, else the usual one."""
    day = plan.day(_weekday(old.local_date))
    if old.raw_text == text:
        return assess(old, await _history(repo, old), day, profile, duplicate=True, plan=plan)
    was = _Target(old.exercise_id, old.exercise_name)
    context = await _context(
        repo, old.user_id, profile, plan, _exercise_ids(day), was, old.local_date
    )
    read, context = await _read(repo, old.user_id, text, context, profile)
    if isinstance(read, Rejection):
        return read
    reading = read.reading
    target = _named(reading) or was
    changed = await repo.replace_log(old.user_id, old.id, _content(target, text, reading, profile))
    assert changed is not None, "the log was read in this transaction"
    return assess(changed, await _history(repo, changed), day, profile, duplicate=False, plan=plan)


def _exercise_ids(day: DayPlan) -> list[str]:
    return [planned.exercise.id for planned in day.exercises]


def _weekday(day: date) -> Weekday:
    return Weekday(day.weekday())
