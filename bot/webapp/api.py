"""The Mini App's JSON API (see /webapp/api/ in the README): today's session, its sets, the
programme, progress and history, over the same services as the chat.

Every request is authenticated by its `Authorization: tma <initData>` header (see
bot.webapp.init_data); the person is whoever Telegram signed it for, and every id a request
names is looked up among that person's own. A set done in the app is stored as a chat log of
it would be, so `/history`, `/progress`, the export and records see no difference, and the
chat gets the usual confirmation.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web
from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.core.assessment import Logged, told
from bot.core.catalogue import get_exercise, require_exercise
from bot.core.loading import load_sizes
from bot.core.logparse.reading import LoggedSet
from bot.core.planner import NotASubstitute, swap_options
from bot.core.prescription import DayPrescription, ExercisePrescription
from bot.core.profile import Units, Weekday
from bot.core.records import estimated_1rm
from bot.core.rest import rest_after
from bot.core.workout import load_unit
from bot.core.workout_log import StoredLog
from bot.services.logbook import GymFloor, SentPrompt, SetOutOfOrder
from bot.telegram import messages
from bot.telegram.context import CoachApplication, Services, services
from bot.telegram.handlers.wiring import Setup, as_today
from bot.telegram.handlers.workouts import log_buttons
from bot.telegram.i18n import locale_for, speaking, speaking_in, tr
from bot.telegram.update_processor import PerUserUpdateProcessor
from bot.webapp.init_data import InvalidInitData, WebAppUser, validate
from bot.webapp.rate_limit import RateLimiter
from bot.webapp.requests import (
    ApiError,
    Json,
    NewSet,
    SetChange,
    SwapRequest,
    message_id_for,
    read_body,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/webapp/api"
_HISTORY_PAGE = 30
# The labels the page shows, under "webapp." in the catalogues.
TEXT_KEYS = (
    "tab_today",
    "tab_programme",
    "tab_progress",
    "tab_history",
    "rest_left",
    "rest_done",
    "skip_rest",
    "finish",
    "swap",
    "done_set",
    "undo_set",
    "warmup",
    "work_set",
    "load",
    "reps",
    "rpe",
    "last_time",
    "no_workout",
    "error_retry",
    "offline",
    "edit",
    "delete",
    "save",
    "cancel",
    "record",
    "bodyweight",
    "choose_load",
    "retry",
    "nothing_yet",
    "load_more",
)
# The step a load goes up or down by when an exercise's sizes say nothing finer.
_DEFAULT_STEP = {Units.KG: 2.5, Units.LB: 5.0}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, as Telegram vouched, with their profile and today's plan."""

    user: WebAppUser
    setup: Setup
    services: Services

    @property
    def user_id(self) -> int:
        return self.user.id


Handler = Callable[[web.Request, Caller], Awaitable[Json]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class WebAppApi:
    """The API's routes, answering for `application`'s people with its services."""

    def __init__(
        self,
        application: CoachApplication,
        *,
        bot_token: str,
        max_age: timedelta,
        clock: Callable[[], datetime] = _utcnow,
        limiter: RateLimiter | None,
    ) -> None:
        self._application = application
        self._token = bot_token
        self._max_age = max_age
        # The wall clock, not the services': launch data is signed at real times.
        self._clock = clock
        # None: no limit.
        self._limiter = limiter
        # Each person's last message into the chat still to go (see _in_chat).
        self._sending: dict[int, asyncio.Task[None]] = {}

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{API_PREFIX}/today", self._endpoint(self._today)),
            web.post(f"{API_PREFIX}/sets", self._endpoint(self._add_set)),
            web.patch(f"{API_PREFIX}/sets/{{log_id}}", self._endpoint(self._change_set)),
            web.delete(f"{API_PREFIX}/sets/{{log_id}}", self._endpoint(self._delete_set)),
            web.post(f"{API_PREFIX}/swap", self._endpoint(self._swap)),
            web.post(f"{API_PREFIX}/finish", self._endpoint(self._finish)),
            web.get(f"{API_PREFIX}/programme", self._endpoint(self._programme)),
            web.get(f"{API_PREFIX}/progress", self._endpoint(self._progress)),
            web.get(f"{API_PREFIX}/history", self._endpoint(self._history)),
        ]

    def _endpoint(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def answer(request: web.Request) -> web.Response:
            try:
                user = self._authenticated(request)
                if self._limiter is not None and (wait := self._limiter.wait(user.id)) > 0:
                    retry = str(math.ceil(wait))
                    raise ApiError(429, "rate_limited", headers={"Retry-After": retry})
                found = services(self._application.bot_data)
                chosen = await found.languages.chosen(user.id)
                # Never at once with the person's chat updates, which could interleave
                # with it in their session (a set typed while one is tapped).
                async with self._turn(user.id):
                    with speaking_in(chosen or locale_for(user.language_code)):
                        caller = await _caller(found, user)
                        body = await handler(request, caller)
            except ApiError as refused:
                return web.json_response(
                    refused.body, status=refused.status, headers=refused.headers
                )
            except Exception:
                # Its frames and kind (the log format's rule), never the request.
                logger.exception("A Mini App request to %s failed", request.path)
                return web.json_response({"error": "internal"}, status=500)
            return web.json_response(body)

        return answer

    def _turn(self, user_id: int) -> AbstractAsyncContextManager[None]:
        processor = self._application.update_processor
        if isinstance(processor, PerUserUpdateProcessor):
            return processor.turn(user_id)
        return nullcontext()

    def _authenticated(self, request: web.Request) -> WebAppUser:
        scheme, _, init_data = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "tma":
            raise ApiError(401, "unauthorized")
        try:
            return validate(init_data, self._token, now=self._clock(), max_age=self._max_age)
        except InvalidInitData as exc:
            # Why, never the data: it would let anyone replay it from the log.
            logger.debug("Mini App request from %s refused: %s", request.remote, exc)
            raise ApiError(401, "unauthorized") from None

    async def _today(self, request: web.Request, caller: Caller) -> Json:
        return await _today_json(caller)

    async def _add_set(self, request: web.Request, caller: Caller) -> Json:
        new = await read_body(request, NewSet)
        exercise = get_exercise(new.exercise_id)
        if exercise is None:
            raise ApiError(400, "bad_request", "unknown exercise_id")
        profile, plan = caller.setup
        logged = await caller.services.logbook.log_set(
            caller.user_id,
            profile,
            plan,
            message_id=message_id_for(new.client_id),
            exercise=exercise,
            done=replace(new.done(), index=new.index),
        )
        if isinstance(logged, SetOutOfOrder):
            raise ApiError(409, "out_of_order", f"set {logged.done + 1} is still open")
        if not logged.duplicate and await self._confirms_each_set(caller):
            self._confirm_in_chat(caller, logged)
        return await _set_json(caller, logged)

    async def _change_set(self, request: web.Request, caller: Caller) -> Json:
        log_id = _log_id(request)
        change = await read_body(request, SetChange)
        sets = await _set_count(caller, log_id, change.position)
        if change.position is None and sets > 1:
            raise ApiError(400, "bad_request", "position: the log holds several sets")
        profile, plan = caller.setup
        logged = await caller.services.logbook.correct_set(
            caller.user_id,
            profile,
            plan,
            log_id=log_id,
            done=change.done(),
            position=change.position or 0,
        )
        if logged is None:
            raise ApiError(404, "not_found")
        return await _set_json(caller, logged)

    async def _delete_set(self, request: web.Request, caller: Caller) -> Json:
        """The log deleted, as Undo does; with `?position=`, only that set of a log that
        holds several."""
        log_id = _log_id(request)
        given = request.query.get("position")
        try:
            position = int(given) if given is not None else None
        except ValueError:
            raise ApiError(400, "bad_request", "position is not a number") from None
        sets = await _set_count(caller, log_id, position)
        logbook, (profile, plan) = caller.services.logbook, caller.setup
        if position is not None and sets > 1:
            kept = await logbook.correct_set(
                caller.user_id, profile, plan, log_id=log_id, done=None, position=position
            )
            exercise_id = kept.log.exercise_id if kept is not None else None
        else:
            removed = await logbook.undo(caller.user_id, plan, log_id)
            if not isinstance(removed, StoredLog):
                raise ApiError(404, "not_found")
            exercise_id = removed.exercise_id
        return {"deleted": True, "exercise": await _exercise_json(caller, exercise_id)}

    async def _swap(self, request: web.Request, caller: Caller) -> Json:
        swap = await read_body(request, SwapRequest)
        profile, plan = caller.setup
        today = caller.services.progress.today(profile)
        prescribed = await caller.services.logbook.prescription(
            caller.user_id, profile, plan, today
        )
        # A harder variant shown today stands in for the plan's exercise, as in /swap.
        shown = prescribed.of(swap.exercise_id)
        planned_id = (shown.replaces or swap.exercise_id) if shown else swap.exercise_id
        try:
            await caller.services.coach.swap(
                caller.user_id, Weekday(today.weekday()), planned_id, swap.to
            )
        except (NotASubstitute, LookupError, ValueError):
            raise ApiError(400, "bad_request", "not a swap for today") from None
        return await _today_json(await _caller(caller.services, caller.user))

    async def _finish(self, request: web.Request, caller: Caller) -> Json:
        profile, plan = caller.setup
        summary = await caller.services.logbook.finish(caller.user_id, profile, plan)
        if summary is None:
            return {"summary": tr("workouts.nothing_to_finish")}
        text = messages.format_summary(summary)
        self._in_chat(caller, text)
        return {"summary": text}

    async def _programme(self, request: web.Request, caller: Caller) -> Json:
        profile, plan = caller.setup
        today = caller.services.progress.today(profile)
        weeks = []
        for monday in (today, today + timedelta(days=7)):
            days = await caller.services.logbook.prescribed_week(
                caller.user_id, profile, plan, monday
            )
            week = days[0].week
            weeks.append(
                {
                    "starts": days[0].on.isoformat(),
                    "phase": week.phase.value,
                    "label": messages.format_week(week),
                    "days": [_programme_day(day) for day in days],
                }
            )
        return {"weeks": weeks}

    async def _progress(self, request: web.Request, caller: Caller) -> Json:
        logs = await caller.services.progress.history(caller.user_id)
        return {"exercises": _progress_points(logs, caller.setup.profile.units)}

    async def _history(self, request: web.Request, caller: Caller) -> Json:
        before = request.query.get("before")
        try:
            before_id = int(before) if before is not None else None
        except ValueError:
            raise ApiError(400, "bad_request", "before is not a log id") from None
        # One more than a page: whether there is more.
        logs = await caller.services.progress.history_page(
            caller.user_id, _HISTORY_PAGE + 1, before_id
        )
        if logs is None:
            raise ApiError(404, "not_found")
        return {
            "entries": [_history_entry(log) for log in logs[:_HISTORY_PAGE]],
            "more": len(logs) > _HISTORY_PAGE,
        }

    async def _confirms_each_set(self, caller: Caller) -> bool:
        """Whether the person wants each set done in the app confirmed in the chat, or only
        the summary at the end (/settings → Coaching)."""
        return (await caller.services.switches.get(caller.user_id)).app_set_messages

    def _confirm_in_chat(self, caller: Caller, logged: Logged) -> None:
        """The chat's confirmation of a set done in the app, with its Undo and Edit buttons;
        a reply to it logs that exercise, as a reply to any confirmation does."""
        log = logged.log
        today = caller.services.progress.today(caller.setup.profile)
        text = messages.format_logged(logged, caller.setup.profile.units, today)
        prompt = SentPrompt(0, log.exercise_id, log.exercise_name)
        self._in_chat(caller, text, log_buttons(log.id), prompt)

    def _in_chat(
        self,
        caller: Caller,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        prompt: SentPrompt | None = None,
    ) -> None:
        """Send `text` into the person's chat once the request is answered: Telegram's round
        trip is no part of a tap's wait. One person's go out in the order asked, each after
        the one before; the Application awaits what is still to send when it stops."""
        user_id = caller.user_id
        before = self._sending.get(user_id)

        async def send() -> None:
            if before is not None:
                # Its failure is its own (logged where it happened); this one goes all the same.
                await asyncio.wait([before])
            message_id = await self._send(user_id, text, markup)
            if message_id is not None and prompt is not None:
                sent = replace(prompt, message_id=message_id)
                await caller.services.logbook.remember_prompts(user_id, [sent])

        task = self._application.create_task(send(), name=f"webapp-chat-{user_id}")
        self._sending[user_id] = task
        task.add_done_callback(partial(self._sent, user_id))

    def _sent(self, user_id: int, task: asyncio.Task[None]) -> None:
        if self._sending.get(user_id) is task:
            del self._sending[user_id]

    async def _send(
        self, user_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> int | None:
        """Send `text` into the person's chat with the bot; the message's id, or None when
        Telegram refused or was out of reach (what was done in the app stands)."""
        try:
            sent = await self._application.bot.send_message(user_id, text, reply_markup=markup)
        except TelegramError as exc:
            logger.warning("Could not send a Mini App message into the chat: %s", exc)
            return None
        return sent.message_id


async def _caller(found: Services, user: WebAppUser) -> Caller:
    setup = await found.coach.setup(user.id)
    if setup is None:
        raise ApiError(409, "not_onboarded")
    return Caller(user, await as_today(found, user.id, *setup), found)


async def _set_count(caller: Caller, log_id: int, position: int | None) -> int:
    """How many sets the person's log `log_id` holds; 404 when they have no such log, or it
    has no set at `position`."""
    log = await caller.services.logbook.get_log(caller.user_id, log_id)
    if log is None or (position is not None and not 0 <= position < len(log.sets)):
        raise ApiError(404, "not_found")
    return len(log.sets)


def _log_id(request: web.Request) -> int:
    try:
        return int(request.match_info["log_id"])
    except ValueError:
        raise ApiError(404, "not_found") from None


async def _today_json(caller: Caller) -> Json:
    profile, plan = caller.setup
    floor = await caller.services.logbook.gym_floor(caller.user_id, profile, plan)
    day = floor.prescription.day
    title = tr("plans.today_title", weekday=messages.weekday_labels()[day.weekday])
    return {
        "date": floor.prescription.on.isoformat(),
        "is_workout": day.is_workout,
        "finished": floor.finished,
        "locale": speaking().locale,
        "units": profile.units.value,
        "day_title": title,
        "texts": webapp_texts(),
        "exercises": [
            _exercise_object(caller, floor.prescription, item, floor.logs)
            for item in floor.prescription.exercises
        ]
        if day.is_workout
        else [],
        "rest_day_text": None if day.is_workout else messages.format_day(day),
    }


async def _exercise_json(caller: Caller, exercise_id: str | None) -> Json | None:
    """The exercise as /today shows it now; None when today's plan does not have it."""
    profile, plan = caller.setup
    floor = await caller.services.logbook.gym_floor(caller.user_id, profile, plan)
    return _exercise_on(caller, floor, exercise_id)


def _exercise_on(caller: Caller, floor: GymFloor, exercise_id: str | None) -> Json | None:
    item = floor.prescription.of(exercise_id) if exercise_id is not None else None
    if item is None:
        return None
    return _exercise_object(caller, floor.prescription, item, floor.logs)


async def _set_json(caller: Caller, logged: Logged) -> Json:
    log = logged.log
    profile, plan = caller.setup
    logbook = caller.services.logbook
    # One read of today serves both the rest and the exercise as it now is.
    floor = await logbook.gym_floor(caller.user_id, profile, plan)
    last = floor.logs[-1] if floor.logs else None
    rest = None
    if last is not None and last.id == log.id and not floor.finished:
        rest = rest_after(log, floor.logs, floor.prescription)
    today = caller.services.progress.today(profile)
    return {
        "log_id": log.id,
        "record": bool(logged.records),
        "message": messages.format_logged(logged, profile.units, today),
        "rest_seconds": round(rest.left(logbook.clock()).total_seconds()) if rest else 0,
        "exercise": _exercise_on(caller, floor, log.exercise_id),
    }


def _exercise_object(
    caller: Caller,
    day: DayPrescription,
    item: ExercisePrescription,
    logs: Sequence[StoredLog],
) -> Json:
    profile, plan = caller.setup
    units = profile.units
    planned = item.planned
    exercise = planned.exercise
    done = [
        (log, position, s)
        for log in logs
        if log.exercise_id == exercise.id
        for position, s in enumerate(log.sets)
    ]
    sets: list[Json] = [
        {"kind": "warmup", "load": warmup.weight, "reps": warmup.reps, "done": False}
        for warmup in item.warmup
    ]
    for index in range(max(planned.sets, len(done))):
        if index < len(done):
            sets.append(_work_set(index, *done[index]))
        else:
            reps = item.reps[min(index, len(item.reps) - 1)]
            sets.append(
                {
                    "kind": "work",
                    "index": index,
                    "load": item.load,
                    "reps": reps,
                    "rpe": None,
                    "done": False,
                    "log_id": None,
                }
            )
    sizes = load_sizes(exercise, units, profile.equipment, loaded=item.load is not None)
    # No load and nothing to load it with: bodyweight work. A loaded exercise without a load
    # (a first session) has one for the person to choose.
    bodyweight = item.load is None and sizes is None
    step = sizes.then_every if sizes is not None and sizes.then_every else _DEFAULT_STEP[units]
    planned_id = item.replaces or exercise.id
    try:
        options = swap_options(plan, profile, Weekday(day.on.weekday()), planned_id)
    except ValueError:
        options = []
    if planned_id != exercise.id:
        # As in the chat's /swap: the way back down from a harder variant comes first.
        options = [require_exercise(planned_id), *(o for o in options if o.id != exercise.id)]
    last = told(item.last, units) if item.last is not None else None
    return {
        "exercise_id": exercise.id,
        "name": messages.exercise_name(exercise.id),
        "rest_seconds": planned.rest_seconds,
        "last_time": _result_text(last.sets, units) if last is not None else None,
        "load_step": step,
        "bodyweight": bodyweight,
        "sets": sets,
        "swap_options": [
            {"exercise_id": option.id, "name": messages.exercise_name(option.id)}
            for option in options
        ],
    }


def _work_set(index: int, log: StoredLog, position: int, done: LoggedSet) -> Json:
    """A set done: `position` is its place in its log (a chat log of "3x8" holds three),
    which a change or deletion of one set of such a log names."""
    return {
        "kind": "work",
        "index": index,
        "load": done.weight,
        "reps": done.reps,
        "rpe": log.rpe,
        "done": True,
        "log_id": log.id,
        "position": position,
    }


def _result_text(sets: Sequence[Any], units: Units) -> str:
    unit = load_unit(units)
    return messages.format_sets([LoggedSet(s.reps, s.weight, unit) for s in sets])


def _programme_day(day: DayPrescription) -> Json:
    return {
        "date": day.on.isoformat(),
        "title": messages.weekday_labels()[day.day.weekday],
        "is_workout": day.day.is_workout,
        "exercises": [messages.exercise_name(item.planned.exercise.id) for item in day.exercises],
    }


def _progress_points(logs: Sequence[StoredLog], units: Units) -> list[Json]:
    """Each exercise's best estimated one-rep max per session, oldest first."""
    best: dict[str, dict[int, tuple[float, date, StoredLog, LoggedSet]]] = {}
    for log in logs:
        if log.exercise_id is None or log.bodyweight:
            continue
        for done in log.sets:
            if done.weight is None:
                continue
            estimate = estimated_1rm(done.weight, done.reps)
            sessions = best.setdefault(log.exercise_id, {})
            kept = sessions.get(log.session_id)
            if kept is None or estimate > kept[0]:
                sessions[log.session_id] = (estimate, log.local_date, log, done)
    return [
        {
            "exercise_id": exercise_id,
            "name": messages.exercise_name(exercise_id),
            "points": [
                {
                    "date": on.isoformat(),
                    "e1rm": round(estimate, 1),
                    "best": messages.format_sets([done]),
                    "session_id": session_id,
                }
                for session_id, (estimate, on, _, done) in sorted(
                    sessions.items(), key=lambda item: item[1][1]
                )
            ],
        }
        for exercise_id, sessions in best.items()
    ]


def _history_entry(log: StoredLog) -> Json:
    loads = {s.weight for s in log.sets}
    return {
        "log_id": log.id,
        "date": log.local_date.isoformat(),
        "exercise_id": log.exercise_id,
        "name": messages.logged_name(log),
        "load": loads.pop() if len(loads) == 1 else None,
        "reps": [s.reps for s in log.sets],
        "rpe": log.rpe,
        "bodyweight": log.bodyweight,
        # Each set by its position in the log, which a change or deletion of one names.
        "sets": [{"load": s.weight, "reps": s.reps} for s in log.sets],
        "text": messages.format_log_line(log),
    }


def webapp_texts() -> Mapping[str, str]:
    """The page's labels in the language being spoken."""
    return {key: tr(f"webapp.{key}") for key in TEXT_KEYS}
