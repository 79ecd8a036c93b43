"""What each reminder says, from the person's plan, history and bodyweight."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.core.coaching_switches import CoachingSwitches
from bot.core.logparse.backdating import MAX_DAYS_AGO
from bot.core.nutrition import protein_plan
from bot.core.plan_changes import PlanChanges
from bot.core.planner import WeekPlan
from bot.core.prescription import DayPrescription
from bot.core.profile import TrainingProfile, Units, Weekday
from bot.core.progression import missed_session
from bot.core.reminder_schedule import DueReminder, ReminderKind
from bot.services.coaching import CoachService
from bot.services.logbook import LogbookService
from bot.services.plan_changes import PlanChangesService, plan_on
from bot.services.progress import ProgressService
from bot.services.reminder_batch import Lately, TrainingDay, read_batch
from bot.services.switches import SwitchesService
from bot.telegram import messages
from bot.telegram.callbacks import (
    AddBodyweight,
    LogEarlierDay,
    MoveSession,
    Press,
    StartSession,
)
from bot.telegram.handlers.keyboards import button, start_workout
from bot.telegram.i18n import speaking, speaking_in, tr
from bot.telegram.reminder_dispatch import Content, Render

_DAY_KINDS = (ReminderKind.WORKOUT, ReminderKind.RECOVERY)


def _button(text: str, press: Press) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(text, press)]])


class _Person(NamedTuple):
    """What a reminder needs of a person beside their profile and plan."""

    changes: PlanChanges
    switches: CoachingSwitches


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A batch's people and training days (by user id and day), read at once; empty for a
    reminder rendered alone."""

    people: Mapping[int, _Person] = field(default_factory=dict)
    lately: Mapping[tuple[int, date], Lately] = field(default_factory=dict)
    days: Mapping[tuple[int, datetime], TrainingDay] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReminderRenderer:
    coach: CoachService
    # Its sessions read what people logged and how they said they were.
    logbook: LogbookService
    progress: ProgressService
    switches: SwitchesService
    # Sessions moved and travel change the day's plan, whichever instance made them.
    plan_changes: PlanChangesService
    # Where the Mini App opens (WEBAPP_URL): a workout reminder offers it.
    webapp_url: str | None = None

    async def prepare(self, batch: Sequence[DueReminder]) -> Render:
        """The batch's renderer: the whole batch's profiles, plans, plan changes, switches
        and recent training read at once, a few queries for the batch rather than a few per
        reminder (see ReminderDispatcher)."""
        user_ids = {due.user_id for due in batch}
        await self.coach.prefetch(user_ids)
        changes = await self.plan_changes.get_many(user_ids)
        switches = await self.switches.get_many(user_ids)
        people = {u: _Person(changes[u], switches[u]) for u in user_ids}
        days: dict[int, TrainingDay] = {}
        slots: dict[tuple[int, datetime], TrainingDay] = {}
        for due in batch:
            setup = await self.coach.setup(due.user_id)
            if setup is not None:
                training = _training_day(due, setup, people[due.user_id])
                slots[due.user_id, due.slot] = training
                if ReminderKind(due.kind) in _DAY_KINDS:
                    days[due.user_id] = training
        lately = await read_batch(self.logbook.sessions, days)
        prepared = _Prepared(people, {(u, days[u].day): lately[u] for u in lately}, slots)

        async def render(due: DueReminder) -> Content | None:
            return await self._render(due, prepared)

        return render

    async def __call__(self, due: DueReminder) -> Content | None:
        """The reminder's text and buttons, or None when there is nothing to say today."""
        return await self._render(due, _Prepared())

    async def _render(self, due: DueReminder, prepared: _Prepared) -> Content | None:
        setup = await self.coach.setup(due.user_id)
        if setup is None:
            return None
        profile, _ = setup
        person = prepared.people.get(due.user_id) or await self._person(due.user_id)
        training = prepared.days.get((due.user_id, due.slot)) or _training_day(due, setup, person)
        kind = ReminderKind(due.kind)
        if kind in _DAY_KINDS:
            lately = prepared.lately.get((due.user_id, training.day))
            if lately is None:
                lately = await self._lately(due.user_id, training)
            # A session moved this week: a training day's reminder goes with the session.
            if training.is_workout:
                return _workout(training, person, lately, self.webapp_url)
            return _recovery(training, lately)
        if kind is ReminderKind.WEEKLY_SUMMARY:
            summary = await self.progress.weekly_summary(
                due.user_id, profile, training.plan, training.day
            )
            return messages.format_weekly_summary(summary, profile.units), None
        return _nutrition(profile)

    async def _person(self, user_id: int) -> _Person:
        return _Person(await self.plan_changes.get(user_id), await self.switches.get(user_id))

    async def _lately(self, user_id: int, training: TrainingDay) -> Lately:
        return (await read_batch(self.logbook.sessions, {user_id: training}))[user_id]


def _training_day(
    due: DueReminder, setup: tuple[TrainingProfile, WeekPlan], person: _Person
) -> TrainingDay:
    profile, stored = setup
    day = due.slot.astimezone(ZoneInfo(due.timezone)).date()
    plan = plan_on(profile, stored, person.changes, day)
    return TrainingDay(profile, plan, day, person.switches.avoid)


def _recovery(training: TrainingDay, lately: Lately) -> Content | None:
    plan, day = training.plan, training.day
    today = plan.day(Weekday(day.weekday()))
    if today.recovery is None:
        return None
    yesterday = day - timedelta(days=1)
    planned = plan.day(Weekday(yesterday.weekday())).is_workout
    logged = yesterday in lately.logged
    ask_to_log = planned and not logged
    text = messages.format_recovery_reminder(
        today.recovery, ask_to_log=ask_to_log, trained_yesterday=logged
    )
    if not ask_to_log:
        return text, None
    return text, _button(tr("reminders.button_log_yesterday"), LogEarlierDay(yesterday))


def _workout(
    training: TrainingDay, person: _Person, lately: Lately, webapp_url: str | None
) -> Content | None:
    profile, day, prescribed = training.profile, training.day, lately.prescription
    if prescribed is None:
        return None
    logged = lately.logged_since(day - timedelta(days=MAX_DAYS_AGO))
    missed = missed_session(profile.weekdays, logged, day, person.changes.moves)
    skip = person.switches.skip_button
    return _workout_content(speaking().locale, prescribed, profile.units, skip, missed, webapp_url)


# Many people in a crowded minute are told the same day (see reminder_batch): its text and
# buttons are built once for them all. A Telegram object is frozen once built.
@lru_cache(maxsize=4096)
def _workout_content(
    locale: str,
    prescribed: DayPrescription,
    units: Units,
    skip_button: bool,
    missed: date | None,
    webapp_url: str | None,
) -> Content:
    with speaking_in(locale):
        text = messages.format_workout_reminder(prescribed, units)
        first_row = [button(tr("reminders.button_start"), StartSession())]
        if skip_button:
            first_row.append(button(tr("away.button_cant_train"), MoveSession()))
        rows = [first_row]
        if webapp_url is not None:
            rows.append([start_workout(webapp_url)])
        if missed is not None:
            # Trained but not logged, it can still be logged on its day.
            label = messages.format_short_date(missed)
            text += "\n\n" + tr("reminders.workout_reminder_missed", date=label)
            log_missed = tr("reminders.button_log_missed", date=label)
            rows.append([button(log_missed, LogEarlierDay(missed))])
    return text, InlineKeyboardMarkup(rows)


def _nutrition(profile: TrainingProfile) -> Content:
    if profile.bodyweight_kg is None:
        return tr("reminders.nutrition_general"), _button(
            tr("reminders.button_add_bodyweight"), AddBodyweight()
        )
    return messages.format_protein(protein_plan(profile.bodyweight_kg, profile.goal)), None
