"""The rest timer: after a logged work set with sets to go, the rest left and the next set
(after an exercise's last set, the next exercise's first), then one ping when the rest is
over. Off until the person turns it on with a button, or in words ("rest timer on", read by
`bot.core.coaching_moments`).

Each running timer is one JobQueue job, named after its person, run once the rest left
by the services' clock has passed. The job lives in this instance's memory only: a
restart drops it, while the setting (a coaching switch) stays. This instance removes the job
on the next log, Next, `/done` or Timer off; and before pinging, the job asks the logbook
whether the rest still stands (the set still the person's last, of today's unfinished
session), so an undo, or a log or `/done` handled by another instance, ends it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import Forbidden
from telegram.ext import BaseHandler, Job, JobQueue

from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.core.rest import Rest
from bot.services.logbook import SentPrompt
from bot.telegram import messages
from bot.telegram.callbacks import RestTimerOff, StartRest
from bot.telegram.context import Context, identity
from bot.telegram.handlers.keyboards import button
from bot.telegram.handlers.wiring import Setup, on_button, on_press, with_setup
from bot.telegram.i18n import tr

# A ping late because the loop was busy is still worth sending; APScheduler's default
# grace of one second would drop it.
_JOB_OPTIONS = {"misfire_grace_time": 60}


@dataclass(frozen=True, slots=True)
class RestPing:
    """What a timer's job carries: whom to ping, about which rest."""

    user_id: int
    chat_id: int
    rest: Rest


async def is_on(context: Context, user_id: int) -> bool:
    return (await context.services.switches.get(user_id)).rest_timer


def cancel(context: Context, user_id: int) -> None:
    """Drop the person's pending ping, if any."""
    for job in _jobs(context, user_id):
        job.schedule_removal()


async def start(
    update: Update,
    context: Context,
    profile: TrainingProfile,
    plan: WeekPlan,
    log_id: int,
    toward: str | None = None,
) -> bool:
    """Send the rest after the log `log_id` and schedule its ping; False when it has no rest
    still to come, or (with `toward`) when it leads to another exercise than that one, the
    one the chat has just shown."""
    user_id = identity(update).user_id
    rest = await context.services.logbook.rest_after(user_id, profile, plan, log_id)
    left = rest.left(context.services.logbook.clock()) if rest else timedelta(0)
    if rest is None or not left:
        return False
    if toward is not None and rest.prescription.planned.exercise.id != toward:
        return False
    cancel(context, user_id)
    chat = update.effective_chat
    assert chat is not None
    sent = await chat.send_message(
        messages.format_rest(rest, left, profile.units),
        reply_markup=InlineKeyboardMarkup(
            [[button(tr("workouts.button_rest_timer_off"), RestTimerOff())]]
        ),
    )
    queue = _queue(context)
    queue.run_once(
        _ping,
        when=left,
        data=RestPing(user_id, chat.id, rest),
        name=_name(user_id),
        # Its id is its name, so that the person's timer is found without a scan of them all.
        job_kwargs={**_JOB_OPTIONS, "id": _name(user_id), "replace_existing": True},
    )
    await _remember(context, user_id, sent.message_id, rest)
    return True


@with_setup
async def on_start(update: Update, context: Context, setup: Setup, press: StartRest) -> None:
    """⏱ Rest timer: on from now, and the rest after the pressed log if it still stands."""
    query = update.callback_query
    assert query is not None
    user_id = identity(update).user_id
    if any(_timed(job) == press.log_id for job in _jobs(context, user_id)):
        await query.answer(tr("workouts.rest_already_running"), show_alert=True)
        return
    await _turn(context, user_id, on=True)
    if not await start(update, context, setup.profile, setup.plan, press.log_id):
        await query.answer(tr("workouts.rest_timer_on_no_rest"), show_alert=True)
        return
    await query.answer()


@with_setup
async def on_off(update: Update, context: Context, setup: Setup) -> None:
    """🔕 Timer off: no ping for the rest under way, and none after the next sets."""
    query = update.callback_query
    assert query is not None
    user_id = identity(update).user_id
    await _turn(context, user_id, on=False)
    cancel(context, user_id)
    await query.answer()
    await query.edit_message_text(tr("workouts.rest_timer_off"))


async def switch(context: Context, user_id: int, *, on: bool) -> str:
    """The timer switched as said in words ("timer off"), like its buttons: off ends the rest
    under way too. What to tell: what changed, and how to undo it."""
    was_on = await is_on(context, user_id)
    if was_on != on:
        await _turn(context, user_id, on=on)
    if not on:
        cancel(context, user_id)
    if on:
        return tr("workouts.rest_timer_already_on") if was_on else tr("workouts.rest_timer_said_on")
    return tr("workouts.rest_timer_said_off") if was_on else tr("workouts.rest_timer_already_off")


async def _turn(context: Context, user_id: int, *, on: bool) -> None:
    await context.services.switches.change(
        user_id, lambda switches: replace(switches, rest_timer=on)
    )


async def _ping(context: Context) -> None:
    """The rest is over: say so, unless the set no longer leads to the next one."""
    assert context.job is not None
    ping = context.job.data
    assert isinstance(ping, RestPing)
    found = await context.services.coach.setup(ping.user_id)
    if found is None:  # the person deleted their data while resting
        return
    profile, plan = found
    rest = await context.services.logbook.rest_after(ping.user_id, profile, plan, ping.rest.log_id)
    if rest is None:
        return
    try:
        sent = await context.bot.send_message(
            ping.chat_id, messages.format_rest_over(rest, profile.units)
        )
    except Forbidden:  # blocked mid-rest: the ping is simply not wanted
        return
    await _remember(context, ping.user_id, sent.message_id, rest)


async def _remember(context: Context, user_id: int, message_id: int, rest: Rest) -> None:
    """A reply to the rest or its ping logs the exercise, like a reply to its prompt."""
    exercise = rest.prescription.planned.exercise
    await context.services.logbook.remember_prompts(
        user_id, [SentPrompt(message_id, exercise.id, exercise.name)]
    )


def _queue(context: Context) -> JobQueue[Any]:
    queue = context.job_queue
    assert queue is not None, "the application is built with a job queue"
    return queue


def _jobs(context: Context, user_id: int) -> list[Job[Any]]:
    """The person's pending timer, found by its id: JobQueue's lookup by name builds a Job
    of every job there is, a scan per log with thousands of timers running."""
    found = _queue(context).scheduler.get_job(_name(user_id))
    job: Job[Any] | None = None if found is None else Job.from_aps_job(found)
    return [] if job is None or job.removed else [job]


def _timed(job: Job[Any]) -> int:
    """The log whose rest the job times."""
    assert isinstance(job.data, RestPing)
    return job.data.rest.log_id


def _name(user_id: int) -> str:
    return f"rest:{user_id}"


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [on_press(StartRest, on_start), on_button(RestTimerOff, on_off)]
